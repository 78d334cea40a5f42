import DatoCMS
import DatoCMSSimulator

/// An `Article` with a link field, for the references contracts.
private struct LinkingArticle: Codable, Sendable {
    var title: String
    var slug: String
    var related: String?
}

extension Harness {
    /// A model with `title`/`slug` and a `related` link field to itself, and a record of it.
    fileprivate func makeLinkedRecord() async throws -> (model: ItemType, target: Item<Article>) {
        let model = try await makeModel()
        _ = try await client.fields.create(model.id, label: "Related", fieldType: .link, apiKey: "related",
                                           validators: ["item_item_type": ["item_types": .array([.string(model.id)])]])
        return (model, try await makeRecords(1, model: model)[0])
    }

    /// The ID of the job the last job-running call polled.
    fileprivate func lastJobID() -> String? {
        serverRequests().last { $0.path.hasPrefix("/job-results/") }.map { String($0.path.dropFirst("/job-results/".count)) }
    }
}

extension Contracts {
    /// items, itemVersions, scheduledPublication, scheduledUnpublishing, jobResults.
    static let records: [Contract] = items + itemVersions + scheduling + [
        Contract("jobResults.find") { harness in
            let record = try await harness.makeRecord()
            let copy = try await harness.client.items.duplicate(record.id, as: Article.self)
            guard let jobID = harness.lastJobID() else { throw ContractViolation(description: "no job was polled") }
            let result = try await harness.client.jobResults.find(jobID)
            try expectEqual(result.attributes.status, 201, "job status")
            try expectEqual(result.attributes.payload?["data"]?["id"]?.stringValue, copy.id, "payload record ID")
        },
    ]

    private static let items: [Contract] = [
        Contract("items.list") { harness in
            let model = try await harness.makeModel()
            let records = try await harness.makeRecords(2, model: model)
            _ = try await harness.makeRecords(1, model: try await harness.makeModel())
            let listed = try await harness.client.items.list(filterType: model.id, as: Article.self)
            try expectEqual(listed.map(\.id), records.map(\.id), "listed IDs")
            try expectEqual(listed.map(\.attributes.title), ["Post 0", "Post 1"], "titles")
        },
        Contract("items.validateExisting") { harness in
            let model = try await harness.makeModel()
            let record = try await harness.makeRecords(1, model: model)[0]
            try await harness.client.items.validateExisting(record.id, attributes: Article(title: "Checked", slug: "checked"), itemType: model.id)
            try expectEqual(harness.simulator.receivedRequests().last?.jsonBody?["data"]?["id"]?.stringValue, record.id, "sent record ID")
            try expectEqual(harness.simulator.record(id: record.id)?[attribute: "title"], "Post 0", "stored title (validation saves nothing)")
        },
        Contract("items.validateNew") { harness in
            let model = try await harness.makeModel()
            try await harness.client.items.validateNew(attributes: Article(title: "Checked", slug: "checked"), itemType: model.id)
            try expectEqual(harness.simulator.receivedRequests().last?.jsonBody?["data"]?["attributes"]?["title"], "Checked", "sent title")
            try expect(harness.simulator.records().isEmpty, "validation created a record")
        },
        Contract("items.create") { harness in
            let model = try await harness.makeModel()
            let record = try await harness.client.items.create(attributes: Article(title: "Hello", slug: "hello"), itemType: model.id)
            try expectEqual(record.attributes, Article(title: "Hello", slug: "hello"), "attributes")
            try expectEqual(record.relationships.itemType?.id, model.id, "model")
            try expectEqual(harness.simulator.record(id: record.id)?[attribute: "slug"], "hello", "stored slug")
        },
        Contract("items.duplicate") { harness in
            let record = try await harness.makeRecord()
            let copy = try await harness.client.items.duplicate(record.id, as: Article.self)
            try expect(copy.id != record.id, "the copy has the original's ID")
            try expectEqual(copy.attributes, record.attributes, "copied attributes")
            try expectEqual(harness.simulator.records().count, 2, "stored records")
        },
        Contract("items.update") { harness in
            let record = try await harness.makeRecord()
            let updated = try await harness.client.items.update(record.id, attributes: Article(title: "Edited", slug: "post-0"),
                                                                currentVersion: record.meta.currentVersion)
            try expectEqual(updated.attributes.title, "Edited", "title")
            try expect(updated.meta.currentVersion != record.meta.currentVersion, "the version did not change")
            try expectEqual(harness.simulator.record(id: record.id)?[attribute: "title"], "Edited", "stored title")
        },
        Contract("items.references") { harness in
            let (model, target) = try await harness.makeLinkedRecord()
            let linking = try await harness.client.items.create(
                attributes: LinkingArticle(title: "Linking", slug: "linking", related: target.id), itemType: model.id)
            _ = try await harness.client.items.create(attributes: LinkingArticle(title: "Other", slug: "other"), itemType: model.id)
            let references = try await harness.client.items.references(target.id, as: LinkingArticle.self)
            try expectEqual(references.map(\.id), [linking.id], "referencing records")
        },
        Contract("items.find") { harness in
            let record = try await harness.makeRecord()
            let found = try await harness.client.items.find(record.id, as: Article.self)
            try expectEqual(found.attributes, Article(title: "Post 0", slug: "post-0"), "attributes")
            try expectEqual(found.meta.currentVersion, record.meta.currentVersion, "version")
        },
        Contract("items.currentVsPublishedState") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.items.publish(record.id)
            _ = try await harness.client.items.update(record.id, attributes: Article(title: "Edited", slug: "post-0"))
            let state = try await harness.client.items.currentVsPublishedState(record.id).data
            try expectEqual(state.id, record.id, "state ID")
            try expectEqual(state.attributes?.nonLocalizedFieldsChanged, true, "non-localized fields changed since publishing")
            try expectEqual(state.relationships?.publishedVersion?.id, record.meta.currentVersion, "published version")
        },
        Contract("items.destroy") { harness in
            let record = try await harness.makeRecord()
            let destroyed = try await harness.client.items.destroy(record.id, as: Article.self)
            try expectEqual(destroyed?.id, record.id, "destroyed ID")
            try expect(harness.simulator.record(id: record.id) == nil, "the record is still stored")
        },
        Contract("items.batchDestroy") { harness in
            let records = try await harness.makeRecords(2, model: try await harness.makeModel())
            let result = try await harness.client.items.batchDestroy(filterIds: records.map(\.id))
            try expectEqual(result.successful, 2, "successful")
            try expect(harness.simulator.records().isEmpty, "records are still stored")
        },
        Contract("items.batchPublish") { harness in
            let records = try await harness.makeRecords(2, model: try await harness.makeModel())
            let result = try await harness.client.items.batchPublish(filterIds: records.map(\.id))
            try expectEqual(result.successful, 2, "successful")
            try expectEqual(harness.simulator.records().map(\.status), ["published", "published"], "statuses")
        },
        Contract("items.batchUnpublish") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.items.publish(record.id)
            let result = try await harness.client.items.batchUnpublish(filterIds: [record.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.record(id: record.id)?.status, "draft", "status")
        },
        Contract("items.publish") { harness in
            let record = try await harness.makeRecord()
            let published = try await harness.client.items.publish(record.id, as: Article.self)
            try expectEqual(published.meta.status, .published, "status")
            try expectEqual(harness.simulator.record(id: record.id)?.status, "published", "stored status")
        },
        Contract("items.unpublish") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.items.publish(record.id)
            let unpublished = try await harness.client.items.unpublish(record.id, as: Article.self)
            try expectEqual(unpublished.meta.status, .draft, "status")
            try expectEqual(harness.simulator.record(id: record.id)?.status, "draft", "stored status")
        },
        Contract("items.bulkPublish") { harness in
            let record = try await harness.makeRecord()
            let result = try await harness.client.items.bulkPublish(items: [record.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.record(id: record.id)?.status, "published", "status")
        },
        Contract("items.bulkUnpublish") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.items.publish(record.id)
            let result = try await harness.client.items.bulkUnpublish(items: [record.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.record(id: record.id)?.status, "draft", "status")
        },
        Contract("items.bulkDestroy") { harness in
            let records = try await harness.makeRecords(2, model: try await harness.makeModel())
            let result = try await harness.client.items.bulkDestroy(items: [records[0].id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.records().map(\.id), [records[1].id], "remaining records")
        },
        Contract("items.bulkMoveToStage") { harness in
            let record = try await harness.makeRecord()
            let result = try await harness.client.items.bulkMoveToStage(stage: "review", items: [record.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.record(id: record.id)?.meta["stage"], "review", "stored stage")
        },
    ]

    private static let itemVersions: [Contract] = [
        Contract("itemVersions.list") { harness in
            let record = try await harness.makeRecord()
            let updated = try await harness.client.items.update(record.id, attributes: Article(title: "Edited", slug: "post-0"))
            let versions = try await harness.client.itemVersions.list(record.id, as: Article.self)
            try expectEqual(Set(versions.map(\.id)), Set([record.meta.currentVersion, updated.meta.currentVersion].compactMap { $0 }), "version IDs")
            try expectEqual(Set(versions.map(\.attributes.title)), ["Post 0", "Edited"], "version titles")
        },
        Contract("itemVersions.find") { harness in
            let record = try await harness.makeRecord()
            let versionID = record.meta.currentVersion ?? ""
            let version = try await harness.client.itemVersions.find(versionID, as: Article.self)
            try expectEqual(version.attributes, Article(title: "Post 0", slug: "post-0"), "attributes")
            try expectEqual(version.relationships.item?.id, record.id, "record")
        },
        Contract("itemVersions.restore") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.items.update(record.id, attributes: Article(title: "Edited", slug: "post-0"))
            let result = try await harness.client.itemVersions.restore(record.meta.currentVersion ?? "")
            try expectEqual(result.data.first?["id"]?.stringValue, record.id, "restored record")
            try expectEqual(harness.simulator.record(id: record.id)?[attribute: "title"], "Post 0", "stored title")
        },
    ]

    private static let scheduling: [Contract] = [
        Contract("scheduledPublication.create") { harness in
            let record = try await harness.makeRecord()
            let scheduled = try await harness.client.scheduledPublication.create(record.id, publicationScheduledAt: "2030-01-01T10:00:00Z")
            try expectEqual(scheduled.attributes.publicationScheduledAt, "2030-01-01T10:00:00Z", "scheduled at")
            try expectEqual(scheduled.relationships.item?.id, record.id, "record")
            try expectEqual(harness.simulator.record(id: record.id)?.meta["publication_scheduled_at"], "2030-01-01T10:00:00Z", "record's meta")
        },
        Contract("scheduledPublication.destroy") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.scheduledPublication.create(record.id, publicationScheduledAt: "2030-01-01T10:00:00Z")
            let unscheduled = try await harness.client.scheduledPublication.destroy(record.id, as: Article.self)
            try expectEqual(unscheduled?.id, record.id, "record")
            try expect(harness.simulator.resources(ofType: "scheduled_publication").isEmpty, "the schedule is still stored")
            try expectEqual(harness.simulator.record(id: record.id)?.meta["publication_scheduled_at"], .null, "record's meta")
        },
        Contract("scheduledUnpublishing.create") { harness in
            let record = try await harness.makeRecord()
            let scheduled = try await harness.client.scheduledUnpublishing.create(record.id, unpublishingScheduledAt: "2030-06-01T08:00:00Z")
            try expectEqual(scheduled.attributes.unpublishingScheduledAt, "2030-06-01T08:00:00Z", "scheduled at")
            try expectEqual(scheduled.relationships.item?.id, record.id, "record")
            try expectEqual(harness.simulator.record(id: record.id)?.meta["unpublishing_scheduled_at"], "2030-06-01T08:00:00Z", "record's meta")
        },
        Contract("scheduledUnpublishing.destroy") { harness in
            let record = try await harness.makeRecord()
            _ = try await harness.client.scheduledUnpublishing.create(record.id, unpublishingScheduledAt: "2030-06-01T08:00:00Z")
            let unscheduled = try await harness.client.scheduledUnpublishing.destroy(record.id, as: Article.self)
            try expectEqual(unscheduled?.id, record.id, "record")
            try expect(harness.simulator.resources(ofType: "scheduled_unpublishing").isEmpty, "the schedule is still stored")
            try expectEqual(harness.simulator.record(id: record.id)?.meta["unpublishing_scheduled_at"], .null, "record's meta")
        },
    ]
}
