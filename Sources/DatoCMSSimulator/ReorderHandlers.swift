import Foundation

/// The reordering jobs: `POST /item-types/:id/reorder-fields-and-fieldsets`, and
/// `POST /menu-items/reorder`, `POST /schema-menu-items/reorder`, `POST /upload-collections/reorder`.
///
/// Each element of the body's `data` gives a resource's new `position` (and fieldset or parent);
/// positions are stored as given, not renumbered. Every named resource must exist when the job
/// runs, or the job fails with 404 and nothing moves. The payload lists the moved resources.
extension SimulatorState {
    /// One element of a reorder body.
    struct Placement: Sendable {
        var type: String
        var id: String
        var position: Int
        /// The `data` of the element's relationship (fieldset or parent), when sent.
        var linkage: DatoCMSSimulator.JSON?
    }

    mutating func reorderFieldsAndFieldsets(_ request: APIRequest) throws -> Reply {
        let itemTypeID = try existingItemType(request.parameter).id
        let placements = try Self.placements(request.body, types: ["field", "fieldset"], relationship: "fieldset", required: false)
        return startJob { state, now in .catching {
            for placement in placements {
                let owner = placement.type == "field" ? state.fields[placement.id]?.itemTypeID
                    : state.resources["fieldset", placement.id]?.parents["item_type"]
                guard owner == itemTypeID else { throw APIError.notFound }
            }
            for placement in placements {
                let position = JSON.number(Double(placement.position))
                if placement.type == "field" {
                    state.fields[placement.id]?.attributes["position"] = position
                    if let linkage = placement.linkage { state.fields[placement.id]?.fieldset = linkage }
                } else {
                    state.resources["fieldset", placement.id]?.attributes["position"] = position
                }
            }
            if let fieldIDs = state.itemTypes[itemTypeID]?.fieldIDs {
                let positions = fieldIDs.map { state.fields[$0]?.position ?? 0 }
                state.itemTypes[itemTypeID]?.fieldIDs = fieldIDs.indices
                    .sorted { (positions[$0], $0) < (positions[$1], $1) }.map { fieldIDs[$0] }
            }
            let moved = placements.compactMap { placement in
                placement.type == "field" ? state.fields[placement.id]?.resource
                    : state.resources["fieldset", placement.id].map { state.renderStored($0, now: now) }
            }
            return JobOutcome(status: 200, payload: ["data": .array(moved)])
        } }
    }

    /// The `reorder` link of a tree of resources in the generic store (`menu_item`,
    /// `schema_menu_item`, `upload_collection`): sets `position` and `parent`.
    mutating func reorderTree(_ request: APIRequest, type: String) throws -> Reply {
        let placements = try Self.placements(request.body, types: [type], relationship: "parent", required: true)
        return startJob { state, now in .catching {
            for placement in placements where state.resources[type, placement.id] == nil { throw APIError.notFound }
            for placement in placements {
                state.resources[type, placement.id]?.attributes["position"] = .number(Double(placement.position))
                state.resources[type, placement.id]?.relationships["parent"] = ["data": placement.linkage ?? .null]
            }
            let moved = placements.compactMap { state.resources[type, $0.id] }.map { state.renderStored($0, now: now) }
            return JobOutcome(status: 200, payload: ["data": .array(moved)])
        } }
    }

    /// A resource of the generic store rendered through the schema it serves, for hand-written handlers.
    func renderStored(_ resource: StoredResource, now: Date) -> JSON {
        guard let schema = configuration.apiSchema else {
            return ["id": .string(resource.id), "type": .string(resource.type),
                    "attributes": .object(resource.attributes), "relationships": .object(resource.relationships)]
        }
        return render(resource, schema: schema, now: now)
    }

    private static func placements(_ body: Data?, types: Set<String>, relationship: String, required: Bool) throws -> [Placement] {
        guard let data = try RequestBody.json(body)?["data"] else { throw APIError.invalidFormat(field: "data", "is required") }
        guard let elements = data.arrayValue else { throw APIError.invalidFormat(field: "data", "must be an array") }
        return try elements.enumerated().map { index, element in
            let field = "data[\(index)]"
            guard let type = element["type"]?.stringValue, types.contains(type) else {
                throw APIError.invalidFormat(field: "\(field).type", "must be one of \(types.sorted().joined(separator: ", "))")
            }
            guard let id = element["id"]?.stringValue else { throw APIError.invalidFormat(field: "\(field).id", "must be a string") }
            guard let position = element["attributes"]?["position"]?.intValue else {
                throw APIError.invalidFormat(field: "\(field).attributes.position", "must be an integer")
            }
            var linkage: JSON?
            if let related = element["relationships"]?[relationship] {
                guard let target = related["data"], target == .null || (target["type"]?.stringValue != nil && target["id"]?.stringValue != nil) else {
                    throw APIError.invalidFormat(field: "\(field).relationships.\(relationship).data", "must be null or {\"type\": string, \"id\": string}")
                }
                linkage = target
            } else if required {
                throw APIError.invalidFormat(field: "\(field).relationships.\(relationship)", "is required")
            }
            return Placement(type: type, id: id, position: position, linkage: linkage)
        }
    }
}
