import DatoCMS
import DatoCMSSimulator
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A record with an asset in a `file` field, for `uploads.references`.
private struct Cover: Codable, Sendable {
    struct File: Codable, Sendable {
        var uploadID: String
        enum CodingKeys: String, CodingKey { case uploadID = "upload_id" }
    }
    var title: String
    var cover: File?
}

extension Harness {
    /// An asset made through the SDK's upload helper (upload request, storage PUT, create).
    fileprivate func makeUpload(_ filename: String = "notes.txt") async throws -> Upload {
        try await client.uploads.upload(data: Data("hello".utf8), filename: filename)
    }

    fileprivate func makeCollection(_ label: String = "Photos") async throws -> UploadCollection {
        try await client.uploadCollections.create(label: label)
    }
}

extension Contracts {
    /// uploads, uploadRequests, uploadTracks, uploadCollections, uploadTags, uploadSmartTags, uploadFilters.
    static let uploads: [Contract] = assets + tracks + collections + tagsAndFilters

    private static let assets: [Contract] = [
        Contract("uploads.create") { harness in
            let request = try await harness.client.uploadRequests.create(filename: "notes.txt")
            var put = URLRequest(url: URL(string: request.attributes.url)!)
            put.httpMethod = "PUT"
            _ = try await URLSession.shared.upload(for: put, from: Data("hello".utf8))
            let upload = try await harness.client.uploads.create(path: request.id, author: "Ada", tags: ["notes"])
            try expectEqual(upload.attributes.filename, "notes.txt", "filename")
            try expectEqual(upload.attributes.size, 5, "size")
            try expectEqual(harness.simulator.upload(id: upload.id)?[attribute: "author"], "Ada", "stored author")
        },
        Contract("uploads.list") { harness in
            let uploads = [try await harness.makeUpload("a.txt"), try await harness.makeUpload("b.txt")]
            try expectEqual(try await harness.client.uploads.list().map(\.id), uploads.map(\.id), "listed IDs")
        },
        Contract("uploads.find") { harness in
            let upload = try await harness.makeUpload()
            let found = try await harness.client.uploads.find(upload.id)
            try expectEqual(found.attributes.path, upload.attributes.path, "path")
            try expectEqual(found.attributes.md5, upload.attributes.md5, "MD5")
        },
        Contract("uploads.destroy") { harness in
            let upload = try await harness.makeUpload()
            try expectEqual(try await harness.client.uploads.destroy(upload.id)?.id, upload.id, "destroyed ID")
            try expect(harness.simulator.upload(id: upload.id) == nil, "the upload is still stored")
        },
        Contract("uploads.update") { harness in
            let upload = try await harness.makeUpload()
            let updated = try await harness.client.uploads.update(upload.id, copyright: "CC-BY", tags: ["kept"])
            try expectEqual(updated.attributes.copyright, "CC-BY", "copyright")
            try expectEqual(harness.simulator.upload(id: upload.id)?[attribute: "tags"], ["kept"], "stored tags")
        },
        Contract("uploads.references") { harness in
            let upload = try await harness.makeUpload()
            let model = try await harness.client.itemTypes.create(name: "Album", apiKey: "album")
            _ = try await harness.client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
            _ = try await harness.client.fields.create(model.id, label: "Cover", fieldType: .file, apiKey: "cover")
            let using = try await harness.client.items.create(attributes: Cover(title: "With", cover: .init(uploadID: upload.id)), itemType: model.id)
            _ = try await harness.client.items.create(attributes: Cover(title: "Without"), itemType: model.id)
            try expectEqual(try await harness.client.uploads.references(upload.id).map(\.id), [using.id], "referencing records")
        },
        Contract("uploads.bulkTag") { harness in
            let upload = try await harness.client.uploads.upload(data: Data("x".utf8), filename: "x.txt", tags: ["old"])
            let result = try await harness.client.uploads.bulkTag(tags: ["new"], uploads: [upload.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.upload(id: upload.id)?[attribute: "tags"], ["old", "new"], "stored tags")
        },
        Contract("uploads.bulkSetUploadCollection") { harness in
            let upload = try await harness.makeUpload()
            let collection = try await harness.makeCollection()
            let result = try await harness.client.uploads.bulkSetUploadCollection(uploadCollection: collection.id, uploads: [upload.id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.upload(id: upload.id)?.relatedID("upload_collection"), collection.id, "stored collection")
        },
        Contract("uploads.bulkDestroy") { harness in
            let uploads = [try await harness.makeUpload("a.txt"), try await harness.makeUpload("b.txt")]
            let result = try await harness.client.uploads.bulkDestroy(uploads: [uploads[0].id])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(harness.simulator.uploads().map(\.id), [uploads[1].id], "remaining uploads")
        },
        Contract("uploads.batchDestroy") { harness in
            let upload = try await harness.makeUpload()
            let result = try await harness.client.uploads.batchDestroy(filterIds: [upload.id, "missing"])
            try expectEqual(result.successful, 1, "successful")
            try expectEqual(result.failed, 1, "failed")
            try expect(harness.simulator.uploads().isEmpty, "the upload is still stored")
        },
        Contract("uploadRequests.create") { harness in
            let request = try await harness.client.uploadRequests.create(filename: "photo.png")
            try expect(request.id.hasSuffix("-photo.png"), "path \(request.id) does not end with the file name")
            try expect(request.attributes.url.contains("/_storage\(request.id)"), "storage URL \(request.attributes.url) is not for the path")
        },
    ]

    private static let tracks: [Contract] = [
        Contract("uploadTracks.create") { harness in
            let upload = try await harness.makeUpload("clip.mp4")
            let track = try await harness.client.uploadTracks.create(upload.id, urlOrUploadRequestId: "https://example.com/en.vtt",
                                                                    type: .subtitles, name: "English", languageCode: "en")
            try expectEqual(track.attributes.languageCode, "en", "language")
            try expectEqual(track.relationships.upload?.id, upload.id, "asset")
            try expectEqual(harness.simulator.resources(ofType: "upload_track").map(\.id), [track.id], "stored tracks")
        },
        Contract("uploadTracks.list") { harness in
            let upload = try await harness.makeUpload("clip.mp4")
            let other = try await harness.makeUpload("other.mp4")
            let track = harness.seed("upload_track", ["name": "English"], parent: ("upload", upload.id))
            _ = harness.seed("upload_track", ["name": "Other"], parent: ("upload", other.id))
            try expectEqual(try await harness.client.uploadTracks.list(upload.id).map(\.id), [track], "the asset's tracks")
        },
        Contract("uploadTracks.destroy") { harness in
            let upload = try await harness.makeUpload("clip.mp4")
            let track = harness.seed("upload_track", ["name": "English"], parent: ("upload", upload.id))
            try expectEqual(try await harness.client.uploadTracks.destroy(upload.id, track)?.id, track, "destroyed ID")
            try expect(harness.simulator.resource(type: "upload_track", id: track) == nil, "the track is still stored")
        },
        Contract("uploadTracks.generateSubtitles") { harness in
            let upload = try await harness.makeUpload("clip.mp4")
            let track = try await harness.client.uploadTracks.generateSubtitles(upload.id, name: "Italiano", languageCode: "it")
            try expectEqual(track.attributes.type, .subtitles, "track type")
            try expectEqual(track.attributes.languageCode, "it", "language")
            try expectEqual(track.relationships.upload?.id, upload.id, "asset")
            try expectEqual(harness.simulator.resources(ofType: "upload_track").map(\.id), [track.id], "stored tracks")
        },
    ]

    private static let collections: [Contract] = [
        Contract("uploadCollections.create") { harness in
            let parent = try await harness.makeCollection("Media")
            let collection = try await harness.client.uploadCollections.create(label: "Photos", parent: parent.id)
            try expectEqual(collection.attributes.label, "Photos", "label")
            try expectEqual(harness.simulator.resource(type: "upload_collection", id: collection.id)?.relatedID("parent"), parent.id, "stored parent")
        },
        Contract("uploadCollections.update") { harness in
            let collection = try await harness.makeCollection()
            let updated = try await harness.client.uploadCollections.update(collection.id, label: "Pictures")
            try expectEqual(updated.attributes.label, "Pictures", "label")
            try expectEqual(harness.simulator.resource(type: "upload_collection", id: collection.id)?[attribute: "label"], "Pictures", "stored label")
        },
        Contract("uploadCollections.list") { harness in
            let ids = [harness.seed("upload_collection", ["label": "A"]), harness.seed("upload_collection", ["label": "B"])]
            try expectEqual(try await harness.client.uploadCollections.list(filterIds: [ids[1]]).map(\.id), [ids[1]], "filtered IDs")
        },
        Contract("uploadCollections.find") { harness in
            let id = harness.seed("upload_collection", ["label": "Photos", "position": 4])
            try expectEqual(try await harness.client.uploadCollections.find(id).attributes.position, 4, "position")
        },
        Contract("uploadCollections.destroy") { harness in
            let id = harness.seed("upload_collection", ["label": "Photos"])
            try expectEqual(try await harness.client.uploadCollections.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "upload_collection", id: id) == nil, "the collection is still stored")
        },
        Contract("uploadCollections.reorder") { harness in
            let parent = try await harness.makeCollection("Media")
            let child = try await harness.makeCollection("Photos")
            let moved = try await harness.client.uploadCollections.reorder(UploadCollectionReorderBody(data: [
                .init(id: child.id, type: "upload_collection", attributes: .init(position: 1),
                      relationships: .init(parent: ToOneRelationship(data: ResourceIdentifier(type: "upload_collection", id: parent.id)))),
            ]))
            try expectEqual(moved.first { $0.id == child.id }?.relationships.parent?.id, parent.id, "answered parent")
            try expectEqual(harness.simulator.resource(type: "upload_collection", id: child.id)?.relatedID("parent"), parent.id, "stored parent")
        },
    ]

    private static let tagsAndFilters: [Contract] = [
        Contract("uploadTags.list") { harness in
            let ids = [harness.seed("upload_tag", ["name": "cats"]), harness.seed("upload_tag", ["name": "dogs"])]
            try expectEqual(try await harness.client.uploadTags.list().map(\.id), ids, "listed IDs")
        },
        Contract("uploadTags.create") { harness in
            let tag = try await harness.client.uploadTags.create(name: "cats")
            try expectEqual(tag.attributes.name, "cats", "name")
            try expectEqual(harness.simulator.resource(type: "upload_tag", id: tag.id)?[attribute: "name"], "cats", "stored name")
        },
        Contract("uploadSmartTags.list") { harness in
            let ids = [harness.seed("upload_smart_tag", ["name": "dog"]), harness.seed("upload_smart_tag", ["name": "sky"])]
            let tags = try await harness.client.uploadSmartTags.list()
            try expectEqual(tags.map(\.id), ids, "listed IDs")
            try expectEqual(tags.map(\.attributes.name), ["dog", "sky"], "names")
        },
        Contract("uploadFilters.create") { harness in
            let filter = try await harness.client.uploadFilters.create(name: "Large", filter: ["size": ["gt": 1_000_000]], shared: true)
            try expectEqual(filter.attributes.filter, ["size": ["gt": 1_000_000]], "filter")
            try expectEqual(harness.simulator.resource(type: "upload_filter", id: filter.id)?[attribute: "shared"], true, "stored shared")
        },
        Contract("uploadFilters.update") { harness in
            let id = harness.seed("upload_filter", ["name": "Large", "shared": false])
            let updated = try await harness.client.uploadFilters.update(id, name: "Huge", filter: ["size": ["gt": 9_000_000]])
            try expectEqual(updated.attributes.name, "Huge", "name")
            try expectEqual(harness.simulator.resource(type: "upload_filter", id: id)?[attribute: "name"], "Huge", "stored name")
        },
        Contract("uploadFilters.list") { harness in
            let ids = [harness.seed("upload_filter", ["name": "A"]), harness.seed("upload_filter", ["name": "B"])]
            try expectEqual(try await harness.client.uploadFilters.list().map(\.id), ids, "listed IDs")
        },
        Contract("uploadFilters.find") { harness in
            let id = harness.seed("upload_filter", ["name": "Large", "shared": true])
            try expectEqual(try await harness.client.uploadFilters.find(id).attributes.shared, true, "shared")
        },
        Contract("uploadFilters.destroy") { harness in
            let id = harness.seed("upload_filter", ["name": "Large"])
            try expectEqual(try await harness.client.uploadFilters.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "upload_filter", id: id) == nil, "the filter is still stored")
        },
    ]
}
