import Foundation

/// The `data` resource object of a JSON:API request body, checked against an endpoint's schema.
struct ResourceInput: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    var id: String?
    var type: String
    var attributes: [String: JSON]
    var relationships: [String: JSON]
    var meta: [String: JSON]

    /// Which attributes an endpoint accepts.
    enum AllowedAttributes {
        /// Records: attributes are the model's fields, free-form here.
        case any
        case only(Set<String>)
    }

    /// Parses `body` as `{"data": {"type": <type>, …}}`, rejecting anything the real API's
    /// schema would refuse with 422 `INVALID_FORMAT`.
    static func parse(
        _ body: Data?,
        type expectedType: String,
        attributes allowedAttributes: AllowedAttributes,
        relationships allowedRelationships: Set<String>
    ) throws -> ResourceInput {
        guard let document = try RequestBody.json(body) else {
            throw APIError.invalidFormat(field: "data", "is required (the request has no body)")
        }
        guard case .object(let top) = document else {
            throw APIError.invalidFormat(field: "(root)", "the body must be a JSON object")
        }
        guard let data = top["data"] else { throw APIError.invalidFormat(field: "data", "is required") }
        guard case .object(let resource) = data else { throw APIError.invalidFormat(field: "data", "must be an object") }

        guard let type = resource["type"] else { throw APIError.invalidFormat(field: "data.type", "is required") }
        guard type == .string(expectedType) else {
            throw APIError.invalidFormat(field: "data.type", "must be exactly \"\(expectedType)\"")
        }
        var id: String?
        if let rawID = resource["id"] {
            guard let string = rawID.stringValue else { throw APIError.invalidFormat(field: "data.id", "must be a string") }
            id = string
        }
        for key in resource.keys where !["id", "type", "attributes", "relationships", "meta"].contains(key) {
            throw APIError.invalidFormat(field: "data.\(key)", "is not allowed in a resource object")
        }

        let attributes = try object(resource["attributes"], field: "data.attributes")
        if case .only(let allowed) = allowedAttributes {
            if let unknown = attributes.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw APIError.invalidFormat(field: "data.attributes.\(unknown)", "is not an attribute this endpoint accepts")
            }
        }

        let relationships = try object(resource["relationships"], field: "data.relationships")
        for (name, relationship) in relationships.sorted(by: { $0.key < $1.key }) {
            let field = "data.relationships.\(name)"
            guard allowedRelationships.contains(name) else {
                throw APIError.invalidFormat(field: field, "is not a relationship this endpoint accepts")
            }
            guard case .object(let members) = relationship, let linkage = members["data"] else {
                throw APIError.invalidFormat(field: field, "must be an object with a \"data\" member")
            }
            try validateLinkage(linkage, field: "\(field).data")
        }

        let meta = try object(resource["meta"], field: "data.meta")
        return ResourceInput(id: id, type: type.stringValue ?? expectedType, attributes: attributes,
                             relationships: relationships, meta: meta)
    }

    private static func object(_ value: JSON?, field: String) throws -> [String: JSON] {
        guard let value else { return [:] }
        guard case .object(let members) = value else { throw APIError.invalidFormat(field: field, "must be an object") }
        return members
    }

    /// A linkage is `null`, `{"type": String, "id": String}`, or an array of the latter.
    private static func validateLinkage(_ linkage: JSON, field: String) throws {
        switch linkage {
        case .null:
            return
        case .array(let elements):
            for (index, element) in elements.enumerated() { try validateIdentifier(element, field: "\(field)[\(index)]") }
        default:
            try validateIdentifier(linkage, field: field)
        }
    }

    private static func validateIdentifier(_ value: JSON, field: String) throws {
        guard value["type"]?.stringValue != nil, value["id"]?.stringValue != nil else {
            throw APIError.invalidFormat(field: field, "must be {\"type\": string, \"id\": string}")
        }
    }

    // MARK: Typed access

    /// A required, non-empty string attribute.
    func requiredString(_ name: String) throws -> String {
        guard let value = attributes[name] else { throw APIError.invalidFormat(field: "data.attributes.\(name)", "is required") }
        guard let string = value.stringValue, !string.isEmpty else {
            throw APIError.invalidFormat(field: "data.attributes.\(name)", "must be a non-empty string")
        }
        return string
    }

    /// Checks that each present attribute in `names` has the JSON kind `kind` (or is null when `nullable`).
    func checkAttributes(_ names: [String], are kind: JSONKind, nullable: Bool = false) throws {
        for name in names {
            guard let value = attributes[name] else { continue }
            if nullable && value == .null { continue }
            guard kind.matches(value) else {
                throw APIError.invalidFormat(field: "data.attributes.\(name)", "must be \(kind.description)\(nullable ? " or null" : "")")
            }
        }
    }

    /// The ID in relationship `name`, which must link to a resource of `type`; `nil` when the
    /// relationship is absent or null.
    func linkedID(_ name: String, type: String) throws -> String? {
        guard let linkage = relationships[name]?["data"], linkage != .null else { return nil }
        guard linkage["type"]?.stringValue == type, let id = linkage["id"]?.stringValue else {
            throw APIError.invalidFormat(field: "data.relationships.\(name).data", "must link to a resource of type \"\(type)\"")
        }
        return id
    }

    /// The IDs of a to-many relationship whose elements must all be of `type`, at most `limit` of them.
    func linkedIDs(_ name: String, type: String, limit: Int) throws -> [String] {
        let field = "data.relationships.\(name).data"
        guard let linkage = relationships[name]?["data"] else { throw APIError.invalidFormat(field: field, "is required") }
        guard case .array(let elements) = linkage else { throw APIError.invalidFormat(field: field, "must be an array") }
        guard elements.count <= limit else {
            throw APIError.invalidFormat(field: field, "a maximum of \(limit) IDs are allowed per request")
        }
        return try elements.map { element in
            guard element["type"]?.stringValue == type, let id = element["id"]?.stringValue else {
                throw APIError.invalidFormat(field: field, "every element must be {\"type\": \"\(type)\", \"id\": string}")
            }
            return id
        }
    }
}

/// JSON value kinds, for attribute type checks.
enum JSONKind: CustomStringConvertible {
    case string, bool, number, integer, array, object, stringArray

    func matches(_ value: DatoCMSSimulator.JSON) -> Bool {
        switch self {
        case .string: value.stringValue != nil
        case .bool: value.boolValue != nil
        case .number: value.doubleValue != nil
        case .integer: value.intValue != nil
        case .array: value.arrayValue != nil
        case .object: value.objectValue != nil
        case .stringArray: value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false
        }
    }

    var description: String {
        switch self {
        case .string: "a string"
        case .bool: "a boolean"
        case .number: "a number"
        case .integer: "an integer"
        case .array: "an array"
        case .object: "an object"
        case .stringArray: "an array of strings"
        }
    }
}

/// Request body helpers shared by every endpoint.
enum RequestBody {
    /// The body as JSON; `nil` when there is no body (or an empty one).
    /// Throws 422 `INVALID_FORMAT` when the body is not valid JSON.
    static func json(_ body: Data?) throws -> DatoCMSSimulator.JSON? {
        guard let body, !body.isEmpty else { return nil }
        do {
            return try DatoCMSSimulator.JSON(parsing: body)
        } catch {
            throw APIError(status: 422, code: "INVALID_FORMAT",
                           details: ["field": "(root)", "message": .string("the body is not valid JSON: \(error)")])
        }
    }
}
