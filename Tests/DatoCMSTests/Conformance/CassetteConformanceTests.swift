import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The SDK against real DatoCMS traffic: each recorded session of `../shared/datocms/cassettes` is
/// replayed while the generated client performs the same operations, so every request must match
/// what the real API was sent and every recorded answer must decode.
final class CassetteConformanceTests: XCTestCase {
    /// A record of the recordings' `Tag` model.
    private struct Tag: Codable, Sendable, Equatable {
        var title: String
    }

    /// Serves `name` and runs `session` with a client pointed at it, then fails for every request
    /// that did not match and every recorded interaction left over.
    private func replay(
        _ name: String, file: StaticString = #filePath, line: UInt = #line,
        _ session: (DatoCMSClient) async throws -> Void
    ) async throws {
        let server = try CassetteReplayServer(Cassette.load(name))
        defer { server.stop() }
        do {
            try await session(server.makeClient())
        } catch {
            XCTFail("\(name) stopped early: \(error)", file: file, line: line)
        }
        server.assertFullyReplayed(file: file, line: line)
    }

    // MARK: The recorded sessions

    func testItemTypesFetchCreateUpdateAndDestroy() async throws {
        try await replay("site-client-item-types-fetch-create-update-and-destroy") { client in
            // The Ruby client sent every setting explicitly; a user passing the same gets the same body.
            let created = try await client.itemTypes.create(
                name: "Article", apiKey: "article", singleton: false, allLocalesRequired: true, sortable: false,
                modularBlock: false, draftModeActive: false, tree: false)
            XCTAssertEqual(created.id, "542391")
            XCTAssertEqual(created.apiKey, "article")

            let listed = try await client.itemTypes.list()
            XCTAssertEqual(listed.map(\.id), ["542391"])

            // The recording predates update-as-a-job: the API answered 200 at once, which the SDK accepts.
            let updated = try await client.itemTypes.update(
                created.id, name: "Post", apiKey: "post", collectionAppeareance: .compact, collectionAppearance: .compact,
                singleton: false, allLocalesRequired: true, sortable: false, modularBlock: false, draftModeActive: false,
                tree: false, hasSingletonItem: false)
            XCTAssertEqual(updated.name, "Post")
            let found = try await client.itemTypes.find(created.id)
            XCTAssertEqual(found.apiKey, "post")

            let copy = try await client.itemTypes.duplicate(created.id)
            XCTAssertEqual(copy.id, "542392")
            XCTAssertEqual(copy.apiKey, "post_copy1")
            let foundCopy = try await client.itemTypes.find(copy.id)
            XCTAssertEqual(foundCopy.name, "Post (copy #1)")

            let destroyed = try await client.itemTypes.destroy(created.id)  // 202, then the job's result
            XCTAssertEqual(destroyed?.id, "542391")
            let remaining = try await client.itemTypes.list()
            XCTAssertEqual(remaining.map(\.id), ["542392"])
        }
    }

    func testItemsBatchActions() async throws {
        try await replay("site-client-items-batch-actions-works") { client in
            let (model, cats, dogs) = try await makeTagsModel(client, modelID: "542395", fieldID: "2482528", recordIDs: ("19486291", "19486292"))

            let published = try await client.items.batchPublish(filterIds: [cats.id])
            XCTAssertEqual([published.successful, published.failed], [1, 0])
            let publishedCats = try await client.items.find(cats.id, as: Tag.self)
            let draftDogs = try await client.items.find(dogs.id, as: Tag.self)
            XCTAssertEqual([publishedCats.meta.status, draftDogs.meta.status], [.published, .draft])

            let destroyed = try await client.items.batchDestroy(filterIds: [cats.id, dogs.id])
            XCTAssertEqual([destroyed.successful, destroyed.failed], [2, 0])
            let remaining = try await client.items.list(filterType: model.id)
            XCTAssertEqual(remaining.count, 0)
        }
    }

    func testItemsBulkActions() async throws {
        try await replay("site-client-items-bulk-actions-works") { client in
            let (model, cats, dogs) = try await makeTagsModel(client, modelID: "792982", fieldID: "3714858", recordIDs: ("38777097", "38777098"))
            let ids = [cats.id, dogs.id]

            let published = try await client.items.bulkPublish(items: ids)
            XCTAssertEqual([published.successful, published.failed], [2, 0])
            let publishedCats = try await client.items.find(cats.id, as: Tag.self)
            XCTAssertEqual(publishedCats.meta.status, .published)
            XCTAssertNotNil(publishedCats.meta.publishedAt?.date)

            let unpublished = try await client.items.bulkUnpublish(items: ids)
            XCTAssertEqual([unpublished.successful, unpublished.failed], [2, 0])
            let unpublishedDogs = try await client.items.find(dogs.id, as: Tag.self)
            XCTAssertEqual(unpublishedDogs.meta.status, .draft)

            let destroyed = try await client.items.bulkDestroy(items: ids)
            XCTAssertEqual([destroyed.successful, destroyed.failed], [2, 0])
            let remaining = try await client.items.list(filterType: model.id)
            XCTAssertTrue(remaining.isEmpty)
        }
    }

    func testNotFoundRaisesApiError() async throws {
        try await replay("site-client-not-found-raises-dato-apierror") { client in
            do {
                _ = try await client.itemTypes.find("44")
                XCTFail("expected a 404")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 404)
                XCTAssertEqual(error.code, "NOT_FOUND")
                XCTAssertTrue(error.hasCode("NOT_FOUND"))
            }
        }
    }

    func testUploadFileWithALocalPNG() async throws {
        let cassette = "upload-file-with-a-local-file-png-image-uploads-the-file"
        // The bytes the Ruby client PUT to storage are the file to upload.
        // Loaded outside `XCTUnwrap`, which would turn the skip (no ../shared) into a failure.
        let recording = try Cassette.load(cassette)
        let png = try XCTUnwrap(recording.interactions.lazy.compactMap(\.request.bytes).first)
        try await replay(cassette) { client in
            // upload request → PUT to storage (no token) → create upload → poll its job (a 404, then the result)
            let upload = try await client.uploads.upload(data: png, filename: "image.png")
            XCTAssertEqual(upload.id, "7504754")
            XCTAssertEqual(upload.attributes.width, 900)
            XCTAssertEqual(upload.attributes.height, 807)
            XCTAssertEqual(upload.attributes.format, "png")
            XCTAssertEqual(upload.attributes.filename, "image.png")

            let found = try await client.uploads.find(upload.id)
            XCTAssertEqual(found.attributes.size, 100_778)
            XCTAssertEqual(found.attributes.path, "/42468/1612788919-image.png")

            // Not in the recording: polling a finished job again gets its result, consuming nothing,
            // so the SDK's poll count beyond the recorded ones cannot break a replay.
            let again = try await client.jobResults.find("d826c0021c9e087fc56bd62a")
            XCTAssertEqual(again.attributes.status, 201)
        }
    }

    /// The `Tag` model with a required `title`, and the records "Cats" and "Dogs", as both item specs begin.
    private func makeTagsModel(
        _ client: DatoCMSClient, modelID: String, fieldID: String, recordIDs: (String, String)
    ) async throws -> (ItemType, Item<Tag>, Item<Tag>) {
        let model = try await client.itemTypes.create(
            name: "Tag", apiKey: "article", singleton: false, allLocalesRequired: true, sortable: false,
            modularBlock: false, draftModeActive: true, tree: false)
        XCTAssertEqual(model.id, modelID)
        // 202 with a job in the recording: the SDK awaits it and returns the field.
        let field = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title", validators: ["required": [:]])
        XCTAssertEqual(field.id, fieldID)
        XCTAssertEqual(field.relationships.itemType?.id, modelID)
        let cats = try await client.items.create(attributes: Tag(title: "Cats"), itemType: model.id)
        let dogs = try await client.items.create(attributes: Tag(title: "Dogs"), itemType: model.id)
        XCTAssertEqual([cats.id, dogs.id], [recordIDs.0, recordIDs.1])
        XCTAssertEqual([cats.title, dogs.title], ["Cats", "Dogs"])
        XCTAssertEqual(cats.meta.status, .draft)
        return (model, cats, dogs)
    }

    // MARK: Every recorded answer decodes

    /// The `data` of a `202 Accepted` answer.
    private struct JobDocument: Decodable {
        var data: Job
    }

    /// The generated type each recorded endpoint answers with (for `202`s: what its job's result
    /// decodes as), by method and path with IDs replaced by `:id`.
    private static var responseTypes: [String: any Decodable.Type] {
        [
            "POST /item-types": ItemTypeCreateResponse.self,
            "GET /item-types": ItemTypeListResponse.self,
            "GET /item-types/:id": ItemTypeFindResponse.self,
            "PUT /item-types/:id": ItemTypeUpdateJobResult.self,
            "POST /item-types/:id/duplicate": ItemTypeDuplicateResponse.self,
            "DELETE /item-types/:id": ItemTypeDestroyJobResult.self,
            "POST /item-types/:id/fields": FieldCreateJobResult.self,
            "POST /items": ItemCreateResponse<JSONValue>.self,
            "GET /items": ItemListResponse<JSONValue>.self,
            "GET /items/:id": ItemFindResponse<JSONValue>.self,
            "PUT /items/publish": ItemBatchPublishJobResult.self,
            "DELETE /items": ItemBatchDestroyJobResult.self,
            "POST /items/bulk/publish": ItemBulkPublishJobResult.self,
            "POST /items/bulk/unpublish": ItemBulkUnpublishJobResult.self,
            "POST /items/bulk/destroy": ItemBulkDestroyJobResult.self,
            "POST /upload-requests": UploadRequestCreateResponse.self,
            "POST /uploads": UploadCreateJobResult.self,
            "GET /uploads/:id": UploadFindResponse.self,
            "GET /job-results/:id": JobResultFindResponse.self,
        ]
    }

    private static func route(_ request: Cassette.Request) -> String {
        let segments = request.path.split(separator: "/").map { $0.contains(where: \.isNumber) ? ":id" : String($0) }
        return "\(request.method) /" + segments.joined(separator: "/")
    }

    func testEveryRecordedResponseDecodesIntoTheGeneratedTypes() throws {
        let cassettes = try Cassette.all()
        XCTAssertFalse(cassettes.isEmpty, "no cassettes in \(Cassette.directory.path)")
        for cassette in cassettes {
            var jobOrigins: [String: String] = [:]  // job ID → route that started it
            for (index, interaction) in cassette.interactions.enumerated() where interaction.request.isAPI {
                let request = interaction.request, response = interaction.response
                let route = Self.route(request)
                let context = "\(cassette.name) #\(index) \(route) → \(response.status)"
                do {
                    let body = try JSONEncoder().encode(try XCTUnwrap(response.body, "no body"))
                    if response.status >= 400 {
                        let error = ApiError(status: response.status, body: body, request: RequestSummary(HTTPRequest(method: request.method, url: Cassette.directory)))
                        XCTAssertFalse(error.entities.isEmpty, "\(context): no api_error entities")
                        XCTAssertNotNil(error.code, context)
                    } else if response.status == 202 {
                        jobOrigins[try JSONDecoder().decode(JobDocument.self, from: body).data.id] = route
                    } else {
                        let type = try XCTUnwrap(Self.responseTypes[route], "no generated type mapped for \(route)")
                        _ = try JSONDecoder().decode(type, from: body)
                        if route == "GET /job-results/:id" {
                            // The job's payload is what the endpoint that started it returns.
                            let result = try JSONDecoder().decode(JobResultFindResponse.self, from: body).data
                            let origin = try XCTUnwrap(jobOrigins[result.id], "no 202 started job \(result.id)")
                            let payloadType = try XCTUnwrap(Self.responseTypes[origin], "no generated type mapped for \(origin)")
                            _ = try XCTUnwrap(result.attributes.payload, "no payload").decode(as: payloadType)
                        }
                    }
                } catch {
                    XCTFail("\(context): \(error)")
                }
            }
        }
    }

    // MARK: Deviations are caught

    func testADeviatingBodyIsReportedWithADiffNamingTheKey() async throws {
        let server = try CassetteReplayServer(Cassette.load("site-client-item-types-fetch-create-update-and-destroy"))
        defer { server.stop() }
        let client = server.makeClient()

        do {
            // The recording created "Article" with draft mode off.
            _ = try await client.itemTypes.create(name: "Articles", apiKey: "article", singleton: false, allLocalesRequired: true, sortable: false, modularBlock: false, draftModeActive: true, tree: false)
            XCTFail("a deviating request must not be answered with the recording")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 599)
            XCTAssertTrue(error.responseBody.contains("body data.attributes.name: expected \"Article\", sent \"Articles\""), error.responseBody)
        }

        let problems = server.problems
        XCTAssertEqual(problems.count, 1 + 9, "the mismatch, then the 9 interactions never requested")
        let diff = try XCTUnwrap(problems.first)
        XCTAssertTrue(diff.contains("interaction #0"), diff)
        XCTAssertTrue(diff.contains("data.attributes.name"), diff)
        XCTAssertTrue(diff.contains("data.attributes.draft_mode_active: expected false, sent true"), diff)
        XCTAssertFalse(diff.contains("api_key"), "matching keys are not reported: \(diff)")
    }

    func testADeviatingPathTokenOrQueryIsReported() async throws {
        let server = try CassetteReplayServer(Cassette.load("site-client-not-found-raises-dato-apierror"))
        defer { server.stop() }
        let client = server.makeClient()
        do {
            _ = try await client.itemTypes.find("45")
            XCTFail("a deviating request must not be answered with the recording")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 599)
        }
        XCTAssertTrue(server.problems.first?.contains("path: expected /item-types/44, sent /item-types/45") == true, server.problems.joined())

        // The matcher on its own. The storage host must never get the token (parameter order is free).
        let upload = try Cassette.load("upload-file-with-a-local-file-png-image-uploads-the-file")
        let storagePut = try XCTUnwrap(upload.interactions.first { !$0.request.isAPI }?.request)
        let path = CassetteReplayServer.storagePrefix + storagePut.path
        let leaking = ReceivedRequest(
            method: "PUT", target: path, path: path, query: Array(storagePut.query.reversed()),
            headers: [("Content-Type", "image/png"), ("Authorization", "Bearer \(testToken)")], body: storagePut.bytes)
        XCTAssertEqual(CassetteReplayServer.differences(expected: storagePut, sent: leaking),
                       ["header Authorization: the storage host must never get the API token, but it was sent"])

        // `filter[ids]` keeps its order.
        let batch = try Cassette.load("site-client-items-batch-actions-works")
        let destroy = try XCTUnwrap(batch.interactions.first { $0.request.method == "DELETE" }?.request)
        let swapped = ReceivedRequest(
            method: "DELETE", target: "/items?filter%5Bids%5D=19486292%2C19486291", path: "/items", query: [("filter[ids]", "19486292,19486291")],
            headers: [("Accept", "application/json"), ("X-Api-Version", "3"), ("Authorization", "Bearer \(testToken)")])
        XCTAssertEqual(CassetteReplayServer.differences(expected: destroy, sent: swapped),
                       [#"query filter[ids]: expected ["19486291,19486292"], sent ["19486292,19486291"]"#])
    }
}
