import Foundation

/// A resource of a type without hand-written semantics (webhooks, roles, build triggers, …),
/// kept as its members were written and rendered through the schema.
struct StoredResource: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    var id: String
    var type: String
    var attributes: [String: JSON]
    var relationships: [String: JSON]
    var meta: [String: JSON] = [:]
    /// The resources named earlier in the path it was created under (e.g. the record of
    /// `/items/:id/versions`), by type.
    var parents: [String: String] = [:]
}

/// The generic store: one table per resource type, plus the ID of each singleton (`/site`).
struct ResourceStore: Sendable {
    private(set) var tables: [String: Table<StoredResource>] = [:]
    private var singletonIDs: [String: String] = [:]

    subscript(type: String, id: String) -> StoredResource? {
        get { tables[type]?[id] }
        set { tables[type, default: Table()][id] = newValue }
    }

    func all(ofType type: String) -> [StoredResource] { tables[type]?.all ?? [] }

    /// The one resource of `type` that has no ID in its paths (`/site`), created on first use.
    /// One already stored (put in with `DatoCMSSimulator.insertResource`, or created by a
    /// `POST /sessions` before `DELETE /session`) is that resource, rather than a second one.
    mutating func singleton(ofType type: String, create: (String) -> StoredResource) -> StoredResource {
        if let id = singletonIDs[type], let existing = self[type, id] { return existing }
        if let existing = all(ofType: type).first {
            singletonIDs[type] = existing.id
            return existing
        }
        let id = Identifiers.resource()
        singletonIDs[type] = id
        let created = create(id)
        self[type, id] = created
        return created
    }
}
