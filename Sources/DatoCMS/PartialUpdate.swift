import DatoCMSRuntime
import Foundation

extension DatoCMSClient.ItemsEndpoints {
    /// Changes only the fields named (by API key); every other field keeps its value. For a
    /// one-field change, no second attributes struct:
    ///
    /// ```swift
    /// try await client.items.update(id, changing: ["title": "New title", "views": 3], as: Article.self)
    /// try await client.items.update(id, changing: ["subtitle": nil])    // null: clears the field
    /// ```
    ///
    /// `PUT /items/:id` with only those attributes.
    /// - Parameters:
    ///   - itemId: The record's ID.
    ///   - changes: API key → new value; `nil` (JSON `null`) clears a field.
    ///   - attributesType: Your model for the record the API answers with.
    /// - Returns: The record after the change.
    /// - Throws: `ApiError` for an error answer (e.g. `422` for an invalid value), `DatoCMSError`
    ///   for transport and decoding failures.
    @discardableResult
    public func update<Attributes: Codable & Sendable>(
        _ itemId: String, changing changes: [String: JSONValue], as attributesType: Attributes.Type
    ) async throws -> Item<Attributes> {
        try await sendChanges(changes, to: itemId, ifAtVersion: nil, as: attributesType)
    }

    /// Changes only the fields named (by API key), answering with free-form attributes.
    ///
    /// `PUT /items/:id` with only those attributes; see ``update(_:changing:as:)``.
    /// - Parameters:
    ///   - itemId: The record's ID.
    ///   - changes: API key → new value; `nil` (JSON `null`) clears a field.
    /// - Returns: The record after the change, its attributes as `JSONValue`.
    /// - Throws: `ApiError` for an error answer, `DatoCMSError` for transport and decoding failures.
    @discardableResult
    public func update(_ itemId: String, changing changes: [String: JSONValue]) async throws -> Item<JSONValue> {
        try await sendChanges(changes, to: itemId, ifAtVersion: nil, as: JSONValue.self)
    }

    /// Reads the record, lets you edit its attributes in place, and sends only the fields whose
    /// value changed, guarded by the version it read: if someone else changed the record in
    /// between, DatoCMS refuses (`422` `STALE_ITEM_VERSION`) rather than overwriting their edit.
    ///
    /// ```swift
    /// let article = try await client.items.update(id, as: Article.self) { article in
    ///     article.title["it"] = "Ciao"
    ///     article.views += 1
    /// }
    /// ```
    ///
    /// A field your edit leaves out of the encoding (an optional set to `nil` that your type skips)
    /// is sent as `null`. Nothing is sent when nothing changed.
    ///
    /// `GET /items/:id`, then `PUT /items/:id` with the changed attributes and `meta.current_version`.
    /// - Parameters:
    ///   - itemId: The record's ID.
    ///   - attributesType: Your model for the record's attributes.
    ///   - edit: Changes the attributes; throwing from it sends nothing.
    /// - Returns: The record after the change (the one read, when nothing changed).
    /// - Throws: `ApiError` (`STALE_ITEM_VERSION` when the record changed meanwhile: read and edit
    ///   again), `DatoCMSError` for transport and decoding failures, or what `edit` throws.
    @discardableResult
    public func update<Attributes: Codable & Sendable>(
        _ itemId: String, as attributesType: Attributes.Type, editing edit: (inout Attributes) async throws -> Void
    ) async throws -> Item<Attributes> {
        let current = try await find(itemId, version: .current, as: attributesType)
        var edited = current.attributes
        try await edit(&edited)
        let changes = try Self.changedMembers(from: current.attributes, to: edited)
        if changes.isEmpty { return current }
        return try await sendChanges(changes, to: itemId, ifAtVersion: current.meta.currentVersion, as: attributesType)
    }

    /// The top-level members whose encoding differs between `old` and `new`; a member `new` no
    /// longer encodes becomes `null`.
    static func changedMembers<Value: Encodable>(from old: Value, to new: Value) throws -> [String: JSONValue] {
        guard case .object(let before) = try JSONValue(encoding: old), case .object(let after) = try JSONValue(encoding: new) else {
            throw DatoCMSError.invalidRequest("record attributes must encode as a JSON object, field by field")
        }
        var changes: [String: JSONValue] = [:]
        for (key, value) in after where before[key] != value { changes[key] = value }
        for (key, value) in before where after[key] == nil && value != .null { changes[key] = .null }
        return changes
    }

    private func sendChanges<Attributes: Codable & Sendable>(
        _ changes: [String: JSONValue], to itemId: String, ifAtVersion version: String?, as attributesType: Attributes.Type
    ) async throws -> Item<Attributes> {
        let body = ItemUpdateBody<JSONValue>(id: itemId, attributes: .object(changes), currentVersion: version)
        let request = try APIRequest(method: "PUT", pathSegments: ["items", itemId], query: nil, body: body)
        return try await core.send(request, decoding: ItemUpdateResponse<Attributes>.self).data
    }
}
