import Foundation

/// `/items/:id/scheduled-publication`, `/items/:id/scheduled-unpublishing` and
/// `GET /items/:id/current-vs-published-state`.
///
/// A record has at most one schedule of each kind; creating one replaces the previous. Schedules
/// live in the generic store (types `scheduled_publication` / `scheduled_unpublishing`, parent
/// `item`), so ``DatoCMSSimulator/resources(ofType:)`` shows them, and the record's
/// `meta.publication_scheduled_at` / `meta.unpublishing_scheduled_at` render from them. Nothing
/// fires at the scheduled time: the simulator has no clock-driven work.
extension SimulatorState {
    enum ScheduleKind: Sendable {
        case publication, unpublishing

        var type: String { self == .publication ? "scheduled_publication" : "scheduled_unpublishing" }
        var timeAttribute: String { self == .publication ? "publication_scheduled_at" : "unpublishing_scheduled_at" }
        /// The optional attribute besides the time, rendered `null` when not sent.
        var optionAttribute: String { self == .publication ? "selective_publication" : "content_in_locales" }
    }

    func schedule(_ kind: ScheduleKind, of recordID: String) -> StoredResource? {
        resources.all(ofType: kind.type).first { $0.parents["item"] == recordID }
    }

    /// 201 with the schedule and the record in `included`.
    mutating func createSchedule(_ request: APIRequest, _ kind: ScheduleKind) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: kind.type, attributes: .only([kind.timeAttribute, kind.optionAttribute]),
                                            relationships: [])
        _ = try input.requiredString(kind.timeAttribute)
        try input.checkAttributes([kind.optionAttribute], are: kind == .publication ? .object : .stringArray, nullable: true)
        let record = try existingRecord(request.parameter)
        if let old = schedule(kind, of: record.id) { resources[kind.type, old.id] = nil }
        let created = StoredResource(
            id: Identifiers.resource(), type: kind.type,
            attributes: [kind.timeAttribute: input.attributes[kind.timeAttribute] ?? .null,
                         kind.optionAttribute: input.attributes[kind.optionAttribute] ?? .null],
            relationships: ["item": Document.relationship("item", record.id)], parents: ["item": record.id])
        resources[kind.type, created.id] = created
        return .resource(201, ["id": .string(created.id), "type": .string(kind.type),
                               "attributes": .object(created.attributes), "relationships": .object(created.relationships)],
                         included: [render(record)])
    }

    /// 200 with the record, its schedule gone; 404 when it has none.
    mutating func destroySchedule(_ request: APIRequest, _ kind: ScheduleKind) throws -> Reply {
        let record = try existingRecord(request.parameter)
        guard let existing = schedule(kind, of: record.id) else { throw APIError.notFound }
        resources[kind.type, existing.id] = nil
        return .resource(200, render(record))
    }

    /// What differs between the record's latest and published versions, as far as the
    /// simulator tracks it: per locale and for the non-localized fields, whether the content is
    /// published as it now is. Every project locale counts as filled in.
    func showCurrentVsPublishedState(_ request: APIRequest) throws -> Reply {
        let record = try existingRecord(request.parameter)
        let published = record.publishedAt != nil
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        func linkage(_ type: String, _ id: String?) -> JSON { Document.relationship(type, id) }
        return .json(200, ["data": [
            "id": .string(record.id),
            "type": "item_current_vs_published_state",
            "attributes": [
                "current_version_locales": strings(locales),
                "published_version_locales": strings(published ? locales : []),
                "changed_locales": strings(published ? locales.filter { !record.publishedLocales.contains($0) } : []),
                "added_locales": strings(published ? [] : locales),
                "removed_locales": [],
                "non_localized_fields_changed": .bool(published && !record.nonLocalizedPublished),
                "current_version_invalid_locales": [],
                "current_version_non_localized_fields_invalid": false,
            ],
            "relationships": [
                "published_version": linkage("item_version", record.publishedVersion),
                "scheduled_publication": linkage(ScheduleKind.publication.type, schedule(.publication, of: record.id)?.id),
                "scheduled_unpublishing": linkage(ScheduleKind.unpublishing.type, schedule(.unpublishing, of: record.id)?.id),
            ],
        ]])
    }
}
