import Foundation

/// Record versions (`item_version`).
///
/// Every save of a record (create, update, duplicate, restore) stores a snapshot of its field
/// values in the generic store, under the record and with the ID its `meta.current_version`
/// names. `GET /items/:id/versions` and `GET /versions/:id` are then served by the generic
/// endpoints; `POST /versions/:id/restore` is here. Versions stay findable by ID after their
/// record is deleted.
extension SimulatorState {
    mutating func storeVersion(of record: RecordEntity, now: Date) {
        if let previous = currentVersionIDs[record.id], previous != record.currentVersion {
            resources["item_version", previous]?.meta["is_current"] = false
        }
        currentVersionIDs[record.id] = record.currentVersion
        var attributes = render(record)["attributes"]?.objectValue ?? [:]
        attributes["created_at"] = nil
        attributes["updated_at"] = nil
        resources["item_version", record.currentVersion] = StoredResource(
            id: record.currentVersion, type: "item_version", attributes: attributes,
            relationships: [
                "item": Document.relationship("item", record.id),
                "item_type": Document.relationship("item_type", record.itemTypeID),
                "editor": Document.relationship("access_token", configuration.creatorID),
            ],
            meta: [
                "created_at": .string(Timestamp.withOffset(now)), "is_valid": true,
                "is_published": .bool(record.publishedVersion == record.currentVersion),
                "published_from": nil, "published_until": nil, "is_current": true,
            ],
            parents: ["item": record.id])
    }

    /// Job: the record takes the version's field values (a new version of its own); payload
    /// `{"data": [record, restored version]}`.
    mutating func restoreVersion(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        guard resources["item_version", id] != nil else { throw APIError.notFound }
        return startJob { state, now in
            guard let version = state.resources["item_version", id], let recordID = version.parents["item"],
                  var record = state.records[recordID] else { return .failure(.notFound) }
            record.attributes = version.attributes
            record.touch(now: now)
            if state.itemTypes[record.itemTypeID]?.draftModeActive == false {
                record.publish(locales: state.locales, nonLocalized: true, now: now)
            }
            state.records[recordID] = record
            state.storeVersion(of: record, now: now)
            let restored = state.resources["item_version", id] ?? version
            let versionJSON: JSON = [
                "id": .string(restored.id), "type": "item_version", "attributes": .object(restored.attributes),
                "relationships": .object(restored.relationships), "meta": .object(restored.meta),
            ]
            return JobOutcome(status: 200, payload: ["data": [state.render(record), versionJSON]])
        }
    }
}
