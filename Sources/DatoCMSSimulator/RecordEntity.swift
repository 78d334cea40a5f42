import Foundation

/// A record (`item`) and its publication state.
///
/// Publication is tracked per part of the content, like the API's selective publishing: each
/// locale of the localized fields, plus the non-localized fields. The status rule:
/// - `draft`: no published version exists (never published, or fully unpublished);
/// - `published`: a published version exists and every locale and the non-localized content
///   are published as they currently are;
/// - `updated`: a published version exists but some part is unpublished or changed since.
/// Any update marks every part changed, so a published record becomes `updated`.
struct RecordEntity: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    let id: String
    let itemTypeID: String
    var creatorID: String
    /// Field values as sent by clients (localized fields hold `{locale: value}` objects).
    var attributes: [String: JSON]
    var createdAt: Date
    var updatedAt: Date
    var currentVersion: String
    var publishedAt: Date?
    var firstPublishedAt: Date?
    /// Locales whose content is published as it currently is.
    var publishedLocales: Set<String> = []
    var nonLocalizedPublished = false
    /// The version (`item_version` ID) last published, while a published version exists.
    var publishedVersion: String?
    /// The workflow stage (`meta.stage`), once a client set one.
    var stage: String?
    /// For a block record, the record or block whose field holds it; `nil` for records.
    var parentID: String?

    init(id: String, itemTypeID: String, creatorID: String, attributes: [String: JSON], now: Date) {
        self.id = id
        self.itemTypeID = itemTypeID
        self.creatorID = creatorID
        self.attributes = attributes
        createdAt = now
        updatedAt = now
        currentVersion = Identifiers.resource()
    }

    func status(locales: [String]) -> String {
        guard publishedAt != nil else { return "draft" }
        return nonLocalizedPublished && Set(locales).isSubset(of: publishedLocales) ? "published" : "updated"
    }

    mutating func publish(locales: [String], nonLocalized: Bool, now: Date) {
        publishedLocales.formUnion(locales)
        if nonLocalized { nonLocalizedPublished = true }
        publishedAt = now
        publishedVersion = currentVersion
        if firstPublishedAt == nil { firstPublishedAt = now }
    }

    /// Unpublishes `locales`; when no locale remains published the whole record goes back to draft.
    mutating func unpublish(locales: [String]) {
        publishedLocales.subtract(locales)
        if publishedLocales.isEmpty {
            publishedAt = nil
            publishedVersion = nil
            nonLocalizedPublished = false
        }
    }

    mutating func unpublishEntirely() {
        publishedLocales = []
        nonLocalizedPublished = false
        publishedAt = nil
        publishedVersion = nil
    }

    /// Records a content change: a new version, and nothing is published as it now is.
    mutating func touch(now: Date) {
        updatedAt = now
        currentVersion = Identifiers.resource()
        publishedLocales = []
        nonLocalizedPublished = false
    }
}

extension SimulatorState {
    /// The record's resource object. Fields of its model missing from its values render as
    /// `null`, or `[]` for lists (per locale for localized fields), as the API renders them.
    /// Blocks are IDs unless `nested`, then block records, recursively (`?nested=true`).
    func render(_ record: RecordEntity) -> DatoCMSSimulator.JSON {
        render(record, nested: false, depth: 0)
    }

    /// The record's resource object, blocks rendered in full when `nested` (`depth` counts the
    /// blocks above, while rendering one inside another).
    func render(_ record: RecordEntity, nested: Bool, depth: Int) -> DatoCMSSimulator.JSON {
        typealias JSON = DatoCMSSimulator.JSON
        var attributes: [String: JSON] = [:]
        for fieldID in itemTypes[record.itemTypeID]?.fieldIDs ?? [] {
            guard let field = fields[fieldID] else { continue }
            let empty = field.knownType?.emptyValue ?? .null
            attributes[field.apiKey] = field.localized
                ? .object(Dictionary(uniqueKeysWithValues: locales.map { ($0, empty) }))
                : empty
        }
        attributes.merge(nested ? nestedAttributes(record.attributes, of: record.itemTypeID, depth: depth) : record.attributes) { _, value in value }
        let createdAt = JSON.string(Timestamp.withOffset(record.createdAt))
        let updatedAt = JSON.string(Timestamp.withOffset(record.updatedAt))
        // The recorded sessions (API version 3) repeat the timestamps among the attributes.
        attributes["created_at"] = createdAt
        attributes["updated_at"] = updatedAt
        var meta: [String: JSON] = [
            "created_at": createdAt,
            "updated_at": updatedAt,
            "published_at": .string(orNull: record.publishedAt.map(Timestamp.withOffset)),
            // Set by `POST /items/:id/scheduled-publication` and `…/scheduled-unpublishing` (SchedulingHandlers.swift).
            "publication_scheduled_at": schedule(.publication, of: record.id)?.attributes["publication_scheduled_at"] ?? .null,
            "unpublishing_scheduled_at": schedule(.unpublishing, of: record.id)?.attributes["unpublishing_scheduled_at"] ?? .null,
            "first_published_at": .string(orNull: record.firstPublishedAt.map(Timestamp.withOffset)),
            "is_valid": true,
            "status": .string(record.status(locales: locales)),
            "current_version": .string(record.currentVersion),
        ]
        // Only once set (`POST /items/bulk/move-to-stage`, `PUT /items/:id` with `meta.stage`), so
        // records outside workflows render as in the recorded sessions.
        if let stage = record.stage { meta["stage"] = .string(stage) }
        return [
            "id": .string(record.id),
            "type": "item",
            "attributes": .object(attributes),
            "relationships": [
                "item_type": Document.relationship("item_type", record.itemTypeID),
                "creator": Document.relationship("access_token", record.creatorID),
            ],
            "meta": .object(meta),
        ]
    }

    /// The record's model as an `included` entry.
    func includedItemType(of record: RecordEntity) -> [DatoCMSSimulator.JSON] {
        itemTypes[record.itemTypeID].map { [$0.resource] } ?? []
    }
}
