import DatoCMSGenerator
import Foundation

/// The endpoints and resource shapes of a hyper-schema, as the generic store serves them.
///
/// Read with the generator's own parser, so the simulator and the generated client cannot
/// disagree about what the schema says.
struct APISchema: Sendable {
    /// One link of the schema, ready to route.
    struct Endpoint: Sendable {
        /// A path segment: literal text, or a placeholder for the ID of a resource type.
        enum Segment: Sendable, Equatable {
            case literal(String)
            case identifier(type: String)
        }

        let method: String
        let segments: [Segment]
        let rel: String
        /// The `definitions` key the link belongs to (its JSON:API type).
        let resourceType: String
        /// The request body schema (POST, PUT, PATCH).
        let body: Schema?
        /// The response schema.
        let target: Schema?
        /// The payload schema of the job the link starts, if it answers 202.
        let job: Schema?
        /// Whether the link takes `page[offset]` and `page[limit]`.
        let paginated: Bool

        /// `/webhooks/:id`-style pattern for ``Route``.
        var pattern: String {
            "/" + segments.map { segment in
                switch segment {
                case .literal(let text): text
                case .identifier: ":id"
                }
            }.joined(separator: "/")
        }

        /// The resource types of the path's placeholders, in order.
        var identifierTypes: [String] {
            segments.compactMap { if case .identifier(let type) = $0 { type } else { nil } }
        }
    }

    /// The members a resource object of one type has.
    struct ResourceShape: Sendable {
        let attributes: Schema?
        let relationships: Schema?
        let meta: Schema?
    }

    let endpoints: [Endpoint]
    let shapes: [String: ResourceShape]
    /// Types some link addresses by their own ID (`/fieldsets/:id`); the others are reached only
    /// through a parent (`/items/:id/scheduled-publication`), one per parent.
    let typesAddressedByID: Set<String>
    private let schemasByPointer: [JSONPointer: Schema]

    /// Reads a hyper-schema; `nil` when the generator's parser refuses it.
    init?(data: Data) {
        guard let document = try? SchemaParser.parse(Array(data), file: "hyper-schema") else { return nil }
        schemasByPointer = document.schemasByPointer
        var shapes: [String: ResourceShape] = [:]
        var endpoints: [Endpoint] = []
        for resource in document.resources {
            let root = resource.schema
            func member(_ name: String) -> Schema? {
                root.property(name) ?? root.definitions.first { $0.name == name }?.schema
            }
            shapes[resource.name] = ResourceShape(attributes: member("attributes"), relationships: member("relationships"), meta: member("meta"))
            for link in resource.links {
                guard let segments = Self.segments(link.path) else { continue }
                let hasBody = ["POST", "PUT", "PATCH"].contains(link.method)
                let query = link.hrefSchema ?? (hasBody ? nil : link.schema)
                endpoints.append(Endpoint(method: link.method, segments: segments, rel: link.rel, resourceType: resource.name,
                                          body: hasBody ? link.schema : nil, target: link.targetSchema, job: link.jobSchema,
                                          paginated: query?.property("page[limit]") != nil))
            }
        }
        self.shapes = shapes
        typesAddressedByID = Set(endpoints.filter { $0.identifierTypes.contains($0.resourceType) }.map(\.resourceType))
        // Literal segments before placeholders at the same position, so `/users/me` is not taken for `/users/:id`.
        self.endpoints = endpoints.enumerated().sorted { lhs, rhs in
            let left = lhs.element.segments.map { if case .literal = $0 { 0 } else { 1 } }
            let right = rhs.element.segments.map { if case .literal = $0 { 0 } else { 1 } }
            return left == right ? lhs.offset < rhs.offset : left.lexicographicallyPrecedes(right)
        }.map(\.element)
    }

    /// Placeholders that stand alone in their segment and name a resource's identity; links
    /// with other templates are left to a 404.
    private static func segments(_ path: [HyperSchema.PathSegment]) -> [Endpoint.Segment]? {
        var result: [Endpoint.Segment] = []
        for segment in path {
            switch segment {
            case .literal(let text):
                result.append(.literal(text))
            case .template(let parts):
                guard parts.count == 1, case .placeholder(let pointer) = parts[0],
                      pointer.tokens.count >= 2, pointer.tokens[0] == "definitions" else { return nil }
                result.append(.identifier(type: pointer.tokens[1]))
            }
        }
        return result
    }

    /// Follows `$ref`s (a bounded number of hops, as the parser has already refused loops).
    func resolve(_ schema: Schema) -> Schema {
        var current = schema
        for _ in 0..<32 {
            guard let ref = current.ref, let target = schemasByPointer[ref] else { return current }
            current = target
        }
        return current
    }

    /// The resource type a schema stands for when it is (a `$ref` to) a resource definition.
    func resourceType(of schema: Schema) -> String? {
        var current = schema
        for _ in 0..<32 {
            let tokens = current.pointer.tokens
            if tokens.count == 2, tokens[0] == "definitions", shapes[tokens[1]] != nil { return tokens[1] }
            guard let ref = current.ref, let target = schemasByPointer[ref] else { return nil }
            current = target
        }
        return nil
    }

    /// The schema the bundled client was generated from (`Schema/` of this package), parsed once.
    static let bundled: APISchema? = APISchema(data: Data(bundledHyperSchema.utf8))
}
