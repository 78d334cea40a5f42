import DatoCMSGenerator
import Foundation

/// Serves one schema link that has no hand-written handler, from what its `rel`, path and
/// schemas say:
///
/// - `instances` lists the stored resources (of the path's parent, when the path names one),
///   with `filter[ids]` and, where the link takes them, `page[offset]`/`page[limit]`;
/// - `create` stores the body's resource (201), `self` finds, `update` merges the body's
///   attributes, relationships and meta, `destroy` removes, `duplicate` copies; an
///   `update_<something>` link with a body (`PUT /site/assets-cdn-default-settings`) is an update;
/// - any other `rel` answers with the resource in its path (or the type's singleton, for paths
///   without an ID) where its response names that type, and with the plainest valid value
///   (``SchemaSampler``) otherwise. Two kinds of `rel` also change that resource first:
///   `activate_<flag>` switches its Boolean attribute or meta member `<flag>` on (or the one
///   member whose words all occur in `<flag>`: `activate_draft_mode_as_default` →
///   `draft_mode_default`), and `generate_<secret>`/`regenerate_<secret>` gives its string
///   attribute `<secret>` a new random value (or, where it has none of that name, the
///   `…_<secret>` attributes its response lists: `generate_token` → `scim_api_token`). A
///   response whose `data` is not the resource but is drawn from it (its `id` is the resource's
///   ID) gets the members the two share.
///
/// Bodies are checked against the link's schema first (422 `INVALID_FORMAT`); an ID in the
/// path must exist (404). Links with a `jobSchema` answer 202 and apply their effect when the
/// job completes, as the hand-written ones do.
struct GenericEndpoint: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    let endpoint: APISchema.Endpoint
    let schema: APISchema

    private enum Operation { case list, create, find, update, destroy, duplicate, action }

    /// What an operation produced, before it is fitted to the response schema.
    private enum Outcome {
        case one(JSON)
        /// The resource, for a response whose `data` is its own shape drawn from the resource's.
        case projected(JSON)
        case many([JSON], totalCount: Int)
        case nothing
    }

    var route: Route {
        Route(endpoint.method, endpoint.pattern) { state, request in try serve(&state, request) }
    }

    func serve(_ state: inout SimulatorState, _ request: APIRequest) throws -> Reply {
        var ownID: String?
        var parents: [String: String] = [:]
        for (type, id) in zip(endpoint.identifierTypes, request.parameters) {
            if type == endpoint.resourceType { ownID = id } else { parents[type] = id }
        }
        for (type, id) in parents where !state.exists(type: type, id: id) { throw APIError.notFound }

        var input: [String: JSON] = [:]
        if let body = endpoint.body {
            let document = try RequestBody.json(request.body) ?? .object([:])
            try SchemaValidator(schema: schema).validate(document, against: body)
            input = document["data"]?.objectValue ?? [:]
        }
        if let ownID, let sent = input["id"]?.stringValue, endpoint.rel != "create", sent != ownID {
            throw APIError.invalidFormat(field: "data.id", "must match the ID in the URL (\(ownID))")
        }

        let operation = Self.operation(endpoint.rel, hasBody: endpoint.body != nil)
        if let job = endpoint.job {
            let (endpoint, ownID, parents, input) = (self, ownID, parents, input)
            return state.startJob { state, now in
                JobOutcome.catching {
                    let outcome = try endpoint.perform(operation, on: &state, request: request, ownID: ownID, parents: parents, input: input, now: now)
                    return JobOutcome(status: 200, payload: endpoint.fit(outcome, to: job, state: state, now: now))
                }
            }
        }
        let outcome = try perform(operation, on: &state, request: request, ownID: ownID, parents: parents, input: input, now: request.now)
        guard let target = endpoint.target else { return Reply(status: 204, body: .none) }
        return .json(operation == .create ? 201 : 200, fit(outcome, to: target, state: state, now: request.now))
    }

    private static func operation(_ rel: String, hasBody: Bool) -> Operation {
        switch rel {
        case "instances": .list
        case "create": .create
        case "self": .find
        case "update": .update
        case "destroy": .destroy
        case "duplicate": .duplicate
        case _ where hasBody && rel.hasPrefix("update_"): .update
        default: .action
        }
    }

    // MARK: Operations

    private func perform(_ operation: Operation, on state: inout SimulatorState, request: APIRequest, ownID: String?,
                         parents: [String: String], input: [String: JSON], now: Date) throws -> Outcome {
        let outcome = try performOnOwnType(operation, on: &state, request: request, ownID: ownID, parents: parents, input: input, now: now)
        // A link that answers with another type (deleting a record's scheduled publication
        // answers with the record) names it in its path, or the answer is sampled.
        guard case .one = outcome, let outputType, outputType != endpoint.resourceType else { return outcome }
        guard let parentID = parents[outputType] else { return .nothing }
        if let resource = state.handWrittenResource(type: outputType, id: parentID) { return .one(resource) }
        return state.resources[outputType, parentID].map { .one(state.render($0, schema: schema, now: now)) } ?? .nothing
    }

    private func performOnOwnType(_ operation: Operation, on state: inout SimulatorState, request: APIRequest, ownID: String?,
                                  parents: [String: String], input: [String: JSON], now: Date) throws -> Outcome {
        let type = endpoint.resourceType
        switch operation {
        case .list:
            var found = state.resources.all(ofType: outputType ?? type).filter { resource in
                parents.allSatisfy { resource.parents[$0.key] == $0.value }
            }
            if let ids = try request.idsFilter(required: false, limit: state.maxIDs) {
                found = ids.compactMap { id in found.first { $0.id == id } }
            }
            var rendered = found.map { state.render($0, schema: schema, now: now) }
            let total = rendered.count
            if endpoint.paginated {
                let (offset, limit) = try request.pagination()
                rendered = Array(rendered.dropFirst(offset).prefix(limit))
            }
            return .many(rendered, totalCount: total)

        case .create:
            let id = input["id"]?.stringValue ?? Identifiers.resource()
            if state.resources[type, id] != nil {
                throw APIError.invalidField("id", code: "VALIDATION_UNIQUENESS", "a \(type) with ID \(id) already exists")
            }
            if !parents.isEmpty, !schema.typesAddressedByID.contains(type) {
                // Only ever reached through its parent (like a record's scheduled publication): one
                // per parent, so a new one replaces the old.
                for old in state.resources.all(ofType: type) where old.parents == parents { state.resources[type, old.id] = nil }
            }
            var relationships = written("relationships", in: input)
            // The parent in the path is the resource's relationship of that name (a fieldset's `item_type`).
            let relationshipNames = Set(schema.shapes[type]?.relationships.map { schema.resolve($0).properties.map(\.name) } ?? [])
            for (parentType, parentID) in parents where relationshipNames.contains(parentType) && relationships[parentType] == nil {
                relationships[parentType] = Document.relationship(parentType, parentID)
            }
            let created = StoredResource(id: id, type: type, attributes: written("attributes", in: input),
                                         relationships: relationships, meta: written("meta", in: input), parents: parents)
            state.resources[type, id] = created
            return .one(state.render(created, schema: schema, now: now))

        case .find:
            return .one(try resolve(ownID, parents: parents, in: &state, now: now))

        case .update:
            var resource = try stored(ownID, parents: parents, in: &state, now: now)
            resource.attributes.merge(written("attributes", in: input)) { $1 }
            resource.relationships.merge(written("relationships", in: input)) { $1 }
            resource.meta.merge(written("meta", in: input)) { $1 }
            state.resources[type, resource.id] = resource
            return .one(state.render(resource, schema: schema, now: now))

        case .destroy:
            let resource = try stored(ownID, parents: parents, in: &state, now: now)
            state.resources[type, resource.id] = nil
            return .one(state.render(resource, schema: schema, now: now))

        case .duplicate:
            guard !state.isHandWritten(type) else { return .one(try resolve(ownID, parents: parents, in: &state, now: now)) }
            var copy = try stored(ownID, parents: parents, in: &state, now: now)
            copy.id = Identifiers.resource()
            if let name = copy.attributes["name"]?.stringValue { copy.attributes["name"] = .string("\(name) (copy)") }
            state.resources[type, copy.id] = copy
            return .one(state.render(copy, schema: schema, now: now))

        case .action:
            if let outputType, outputIsList {
                let found = state.resources.all(ofType: outputType).map { state.render($0, schema: schema, now: now) }
                if ownID != nil { _ = try resolve(ownID, parents: parents, in: &state, now: now) }
                return .many(found, totalCount: found.count)
            }
            guard outputType == nil || outputType == type else { return .nothing }
            // The resource the path names (or the singleton), after what the rel does to it.
            var named: JSON?
            if ownID != nil || (parents.isEmpty && !state.isHandWritten(type)) {
                if state.isHandWritten(type) {
                    named = try resolve(ownID, parents: parents, in: &state, now: now)
                } else {
                    var resource = try stored(ownID, parents: parents, in: &state, now: now)
                    if applyEffect(to: &resource) { state.resources[type, resource.id] = resource }
                    named = state.render(resource, schema: schema, now: now)
                }
            }
            guard outputType != nil else {
                guard let named, !outputIsList, let id = outputData?.property("id")?.ref, id.tokens.starts(with: ["definitions", type]) else {
                    return .nothing
                }
                return .projected(named)
            }
            return .one(try named ?? resolve(ownID, parents: parents, in: &state, now: now))
        }
    }

    /// The body's `attributes`, `relationships` or `meta`, where the resource has that part: a
    /// session has no attributes, so the password it was created with is neither kept nor echoed.
    private func written(_ part: String, in input: [String: JSON]) -> [String: JSON] {
        if let shape = schema.shapes[endpoint.resourceType] {
            let declared = switch part {
            case "attributes": shape.attributes
            case "relationships": shape.relationships
            default: shape.meta
            }
            guard declared != nil else { return [:] }
        }
        return input[part]?.objectValue ?? [:]
    }

    /// Applies what an action's `rel` says it does to `resource` (see the type's comment);
    /// whether it changed anything.
    private func applyEffect(to resource: inout StoredResource) -> Bool {
        guard let separator = endpoint.rel.firstIndex(of: "_") else { return false }
        let verb = endpoint.rel[..<separator]
        let subject = String(endpoint.rel[endpoint.rel.index(after: separator)...])
        let shape = schema.shapes[resource.type]
        func members(_ node: Schema?, ofType jsonType: String) -> [String] {
            guard let node else { return [] }
            return schema.resolve(node).properties.filter { schema.resolve($0.schema).nonNullTypes == [jsonType] }.map(\.name)
        }
        switch verb {
        case "activate":
            let words = Set(subject.split(separator: "_"))
            let flags = members(shape?.attributes, ofType: "boolean").map { (\StoredResource.attributes, $0) }
                + members(shape?.meta, ofType: "boolean").map { (\StoredResource.meta, $0) }
            let exact = flags.filter { $0.1 == subject }
            let loose = flags.filter { Set($0.1.split(separator: "_")).isSubset(of: words) }
            guard let (members, flag) = exact.first ?? (loose.count == 1 ? loose.first : nil) else { return false }
            resource[keyPath: members][flag] = true
            return true
        case "generate", "regenerate":
            let secrets = members(shape?.attributes, ofType: "string")
            var chosen = secrets.filter { $0 == subject }
            if chosen.isEmpty, let listed = outputData?.property("attributes").map(schema.resolve)?.properties.map(\.name) {
                chosen = secrets.filter { $0.hasSuffix("_\(subject)") && listed.contains($0) }
            }
            for secret in chosen { resource.attributes[secret] = .string(Identifiers.resource() + Identifiers.resource()) }
            return !chosen.isEmpty
        default:
            return false
        }
    }

    /// The rendered resource the path names: by ID, by parent, or the type's singleton.
    private func resolve(_ ownID: String?, parents: [String: String], in state: inout SimulatorState, now: Date) throws -> JSON {
        let type = endpoint.resourceType
        if let ownID, state.isHandWritten(type) {
            guard let resource = state.handWrittenResource(type: type, id: ownID) else { throw APIError.notFound }
            return resource
        }
        return state.render(try stored(ownID, parents: parents, in: &state, now: now), schema: schema, now: now)
    }

    private func stored(_ ownID: String?, parents: [String: String], in state: inout SimulatorState, now: Date) throws -> StoredResource {
        let type = endpoint.resourceType
        if let ownID {
            guard let resource = state.resources[type, ownID] else { throw APIError.notFound }
            return resource
        }
        if !parents.isEmpty {
            guard let resource = state.resources.all(ofType: type).first(where: { $0.parents == parents }) else { throw APIError.notFound }
            return resource
        }
        return state.resources.singleton(ofType: type) { StoredResource(id: $0, type: type, attributes: [:], relationships: [:]) }
    }

    // MARK: Responses

    /// The `data` member's schema of the response (or of the job's payload).
    private var outputData: Schema? {
        guard let output = endpoint.job ?? endpoint.target else { return nil }
        return schema.resolve(output).property("data").map(schema.resolve)
    }

    private var outputIsList: Bool { outputData?.nonNullTypes == ["array"] }

    /// The resource type the response's `data` holds, if it holds resources.
    private var outputType: String? {
        guard let data = outputData else { return nil }
        return schema.resourceType(of: outputIsList ? (data.items ?? data) : data)
    }

    /// Fits an outcome to the response schema: `data` as one resource or a list, `meta` with
    /// `total_count` for lists, and every other required member sampled.
    private func fit(_ outcome: Outcome, to output: Schema, state: SimulatorState, now: Date) -> JSON {
        let sampler = SchemaSampler(schema: schema, placeholderID: state.configuration.creatorID, now: now)
        let resolved = schema.resolve(output)
        guard let dataSchema = resolved.property("data") else { return sampler.sample(output) }
        var document: [String: JSON] = [:]
        for (name, property) in resolved.properties where resolved.required.contains(name) || name == "meta" {
            document[name] = sampler.sample(property)
        }
        switch (outcome, outputIsList) {
        case (.many(let resources, _), true): document["data"] = .array(resources)
        case (.one(let resource), true): document["data"] = [resource]
        case (.nothing, true): document["data"] = []
        case (.one(let resource), false): document["data"] = resource
        case (.projected(let resource), false): document["data"] = project(resource, onto: sampler.sample(dataSchema))
        case (.projected, true): document["data"] = []
        case (.many(let resources, _), false): document["data"] = resources.first ?? sampler.sample(dataSchema)
        case (.nothing, false): document["data"] = sampler.sample(dataSchema)
        }
        if case .many(_, let total) = outcome, let meta = resolved.property("meta"), schema.resolve(meta).property("total_count") != nil {
            var members = document["meta"]?.objectValue ?? [:]
            members["total_count"] = .number(Double(total))
            document["meta"] = .object(members)
        }
        if document["meta"] == .object([:]) && !resolved.required.contains("meta") { document["meta"] = nil }
        return .object(document)
    }

    /// A sampled `data` object with its ID and the attributes, relationships and meta members it
    /// shares with `resource` taken from `resource`.
    private func project(_ resource: JSON, onto sample: JSON) -> JSON {
        guard var object = sample.objectValue else { return sample }
        object["id"] = resource["id"] ?? object["id"]
        for part in ["attributes", "relationships", "meta"] {
            guard var members = object[part]?.objectValue, let source = resource[part]?.objectValue else { continue }
            for name in members.keys { members[name] = source[name] ?? members[name] }
            object[part] = .object(members)
        }
        return .object(object)
    }
}

extension SimulatorState {
    /// Types whose endpoints have hand-written semantics and tables of their own.
    func isHandWritten(_ type: String) -> Bool { ["item", "item_type", "field", "upload"].contains(type) }

    func handWrittenResource(type: String, id: String) -> DatoCMSSimulator.JSON? {
        switch type {
        case "item": records[id].map(render)
        case "item_type": itemTypes[id]?.resource
        case "field": fields[id]?.resource
        case "upload": uploads[id]?.resource
        default: nil
        }
    }

    /// Whether a resource of `type` with `id` exists, in the hand-written tables or the generic store.
    func exists(type: String, id: String) -> Bool {
        isHandWritten(type) ? handWrittenResource(type: type, id: id) != nil : resources[type, id] != nil
    }

    /// A stored resource as the API renders it: every member the schema's resource definition
    /// has, sampled where nothing was written.
    func render(_ resource: StoredResource, schema: APISchema, now: Date) -> DatoCMSSimulator.JSON {
        typealias JSON = DatoCMSSimulator.JSON
        let sampler = SchemaSampler(schema: schema, placeholderID: configuration.creatorID, now: now)
        var object: [String: JSON] = ["id": .string(resource.id), "type": .string(resource.type)]
        let shape = schema.shapes[resource.type]
        func members(_ node: Schema?, written: [String: JSON]) -> JSON? {
            guard let node else { return written.isEmpty ? nil : .object(written) }
            var members: [String: JSON] = [:]
            for (name, property) in schema.resolve(node).properties { members[name] = sampler.sample(property) }
            members.merge(written) { $1 }
            return .object(members)
        }
        object["attributes"] = members(shape?.attributes, written: resource.attributes)
        object["relationships"] = members(shape?.relationships, written: resource.relationships)
        object["meta"] = members(shape?.meta, written: resource.meta)
        return .object(object)
    }
}
