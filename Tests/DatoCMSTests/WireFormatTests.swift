import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// What goes on the wire for every operation of the seeds, observed by the simulator over loopback HTTP.
final class WireFormatTests: XCTestCase {
    private var harness: Harness!

    override func setUp() async throws {
        harness = try Harness()
    }

    override func tearDown() async throws {
        harness.stop()
    }

    private func assertAPIHeaders(_ request: ReceivedRequest, contentType: Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(request.header("Authorization"), "Bearer \(testToken)", file: file, line: line)
        XCTAssertEqual(request.header("Accept"), "application/json", file: file, line: line)
        XCTAssertEqual(request.header("X-Api-Version"), "3", file: file, line: line)
        XCTAssertEqual(request.header("Content-Type"), contentType ? "application/vnd.api+json" : nil, file: file, line: line)
    }

    func testPublishWholeRecordSendsNoBodyAtAll() async throws {
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        _ = harness.takeRequests()

        let published = try await harness.client.items.publish(record.id, as: Article.self)

        let requests = harness.takeRequests()
        XCTAssertEqual(requests.count, 1)
        let request = try XCTUnwrap(requests.first)
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.target, "/items/\(record.id)/publish")
        XCTAssertNil(request.body, "a whole-record publish must send no body, not even {}")
        assertAPIHeaders(request, contentType: true)
        XCTAssertEqual(published.meta.status, .published)
        XCTAssertNotNil(published.meta.publishedAt?.date)
        XCTAssertEqual(published.title, "Post 0")
    }

    func testSelectivePublishSendsTheLocalesBody() async throws {
        let model = try await harness.makeModel(localizedTitle: true)
        let record = try await harness.client.items.create(
            attributes: LocalizedArticle(title: ["en": "Hello", "it": "Ciao"], slug: "hello"), itemType: model.id)
        _ = harness.takeRequests()

        let published = try await harness.client.items.publish(
            record.id, ItemPublishBody(contentInLocales: ["en"], nonLocalizedContent: false), as: LocalizedArticle.self)

        let request = try XCTUnwrap(harness.takeRequests().first)
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.target, "/items/\(record.id)/publish")
        XCTAssertEqual(json(request.body), json("""
            {"data":{"type":"selective_publish_operation","attributes":{"content_in_locales":["en"],"non_localized_content":false}}}
            """))
        assertAPIHeaders(request, contentType: true)
        XCTAssertEqual(published.title["it"], "Ciao")
        XCTAssertNotEqual(published.meta.status, .draft)
    }

    func testRecursivePublishAndUnpublishQuery() async throws {
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        _ = harness.takeRequests()

        _ = try await harness.client.items.publish(record.id, recursive: true)
        let unpublished = try await harness.client.items.unpublish(record.id, recursive: true)

        let requests = harness.takeRequests()
        XCTAssertEqual(requests.map(\.target), ["/items/\(record.id)/publish?recursive=true", "/items/\(record.id)/unpublish?recursive=true"])
        XCTAssertEqual(requests.map(\.body), [nil, nil])
        XCTAssertEqual(unpublished.meta.status, .draft)
    }

    func testSelectiveUnpublishBody() async throws {
        let model = try await harness.makeModel(localizedTitle: true)
        let record = try await harness.client.items.create(
            attributes: LocalizedArticle(title: ["en": "Hello", "it": "Ciao"], slug: "hello"), itemType: model.id)
        _ = try await harness.client.items.publish(record.id)
        _ = harness.takeRequests()

        _ = try await harness.client.items.unpublish(record.id, ItemUnpublishBody(contentInLocales: ["it"]))

        let request = try XCTUnwrap(harness.takeRequests().first)
        XCTAssertEqual(request.target, "/items/\(record.id)/unpublish")
        XCTAssertEqual(json(request.body), json("""
            {"data":{"type":"selective_unpublish_operation","attributes":{"content_in_locales":["it"]}}}
            """))
    }

    func testBulkPublishUnpublishAndDestroyBodies() async throws {
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(2, model: model).map(\.id)
        _ = harness.takeRequests()

        let published = try await harness.client.items.bulkPublish(items: ids)
        let unpublished = try await harness.client.items.bulkUnpublish(items: ids)
        let destroyed = try await harness.client.items.bulkDestroy(items: ids)

        let requests = harness.takeRequests()
        XCTAssertEqual(requests.map(\.method), ["POST", "POST", "POST"])
        XCTAssertEqual(requests.map(\.target), ["/items/bulk/publish", "/items/bulk/unpublish", "/items/bulk/destroy"])
        for (request, operation) in zip(requests, ["publish", "unpublish", "destroy"]) {
            assertAPIHeaders(request, contentType: true)
            let expected = """
                {"data":{"type":"item_bulk_\(operation)_operation","relationships":{"items":{"data":[{"type":"item","id":"\(ids[0])"},{"type":"item","id":"\(ids[1])"}]}}}}
                """
            XCTAssertEqual(json(request.body), json(expected))
        }
        XCTAssertEqual([published.successful, published.failed], [2, 0])
        XCTAssertEqual([unpublished.successful, unpublished.failed], [2, 0])
        XCTAssertEqual([destroyed.successful, destroyed.failed], [2, 0])
        XCTAssertTrue(harness.simulator.records(ofType: model.id).isEmpty)
    }

    func testBatchPublishByFilterIDs() async throws {
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(2, model: model).map(\.id)
        _ = harness.takeRequests()

        let result = try await harness.client.items.batchPublish(filterIds: ids + ["missing-id"])

        let request = try XCTUnwrap(harness.takeRequests().first)
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.target, "/items/publish?filter%5Bids%5D=\(ids[0])%2C\(ids[1])%2Cmissing-id")
        XCTAssertEqual(request.queryValue("filter[ids]"), "\(ids[0]),\(ids[1]),missing-id")
        XCTAssertNil(request.body)
        assertAPIHeaders(request, contentType: false)
        XCTAssertEqual(result.successful, 2)
        XCTAssertEqual(result.failed, 1)
        XCTAssertEqual(harness.simulator.record(id: ids[1])?.status, "published")
    }

    func testBatchUnpublishAndDestroyByFilterIDs() async throws {
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(2, model: model).map(\.id)
        _ = try await harness.client.items.batchPublish(filterIds: ids)
        _ = harness.takeRequests()

        let unpublished = try await harness.client.items.batchUnpublish(filterIds: ids)
        let destroyed = try await harness.client.items.batchDestroy(filterIds: ids)

        let requests = harness.takeRequests()
        XCTAssertEqual(requests.map(\.method), ["PUT", "DELETE"])
        XCTAssertEqual(requests.map(\.path), ["/items/unpublish", "/items"])
        XCTAssertEqual(requests.map { $0.queryValue("filter[ids]") }, [ids.joined(separator: ","), ids.joined(separator: ",")])
        XCTAssertEqual(requests.map(\.body), [nil, nil])
        XCTAssertEqual(unpublished.successful, 2)
        XCTAssertEqual(destroyed.successful, 2)
        XCTAssertNil(harness.simulator.record(id: ids[0]))
    }

    func testJobIsPolledAtJobResults() async throws {
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(1, model: model).map(\.id)
        _ = harness.takeRequests()

        _ = try await harness.client.items.bulkPublish(items: ids)

        let requests = harness.takeRequests(includingPolls: true)
        XCTAssertGreaterThanOrEqual(requests.count, 2)
        let polls = requests.dropFirst()
        XCTAssertTrue(polls.allSatisfy { $0.method == "GET" && $0.path.hasPrefix("/job-results/") && $0.body == nil })
        XCTAssertEqual(Set(polls.map(\.path)).count, 1, "every poll asks for the same job")
        polls.forEach { assertAPIHeaders($0, contentType: false) }
    }

    func testUploadsBatchDestroyAndUploadFlow() async throws {
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAAAAAC3VnxVAAAADklEQVR4AWNoaGBgYGAABQAB8pmn4wAAAABJRU5ErkJggg==")!
        let first = try await harness.client.uploads.upload(data: png, filename: "a.png", author: "Ada")
        let second = try await harness.client.uploads.upload(data: png, filename: "b.png")
        let uploadRequests = harness.takeRequests()

        // upload request → PUT to storage without the token → create upload, twice.
        XCTAssertEqual(uploadRequests.map(\.method), ["POST", "PUT", "POST", "POST", "PUT", "POST"])
        let storagePut = uploadRequests[1]
        XCTAssertNil(storagePut.header("Authorization"), "the API token must never reach the storage host")
        XCTAssertEqual(storagePut.header("Content-Type"), "image/png")
        XCTAssertEqual(storagePut.body, png)
        XCTAssertEqual(json(uploadRequests[0].body), json(#"{"data":{"type":"upload_request","attributes":{"filename":"a.png"}}}"#))
        XCTAssertEqual(first.attributes.width, 3)
        XCTAssertEqual(first.attributes.height, 2)
        XCTAssertEqual(first.attributes.author, "Ada")

        let result = try await harness.client.uploads.batchDestroy(filterIds: [first.id, second.id])

        let request = try XCTUnwrap(harness.takeRequests().first)
        XCTAssertEqual(request.method, "DELETE")
        XCTAssertEqual(request.target, "/uploads/batch-destroy?filter%5Bids%5D=\(first.id)%2C\(second.id)")
        XCTAssertNil(request.body)
        XCTAssertEqual(result.successful, 2)
        XCTAssertTrue(harness.simulator.uploads().isEmpty)
    }

    func testEnvironmentHeaderAndEncodedPathIDs() async throws {
        let staging = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: try XCTUnwrap(harness.simulator.baseURL), environment: "staging", jobPolling: fastPolling))

        do {
            _ = try await staging.items.find("a/b?c=1#d")
            XCTFail("expected NOT_FOUND")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 404)
            XCTAssertEqual(error.code, "NOT_FOUND")
        }

        let request = try XCTUnwrap(harness.takeRequests().first)
        XCTAssertEqual(request.target, "/items/a%2Fb%3Fc%3D1%23d", "an ID must stay inside its path segment")
        XCTAssertEqual(request.path, "/items/a/b?c=1#d")
        XCTAssertEqual(request.header("X-Environment"), "staging")
    }

    /// Today's query parameters: `filter[fields]` as nested brackets, item type creation options,
    /// and the upload replacement strategy.
    func testNestedFiltersAndTodaysQueryOptionsOnTheWire() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.client.itemTypes.create(name: "Tag", apiKey: "tag", skipMenuItemCreation: true, menuItemId: "34")
        let create = try XCTUnwrap(harness.takeRequests().last { $0.method == "POST" })
        XCTAssertEqual(create.queryValue("skip_menu_item_creation"), "true")
        XCTAssertEqual(create.queryValue("menu_item_id"), "34")

        _ = try await harness.client.items.list(filterType: model.id, filterFields: ["title": ["matches": ["pattern": "cake"]], "_status": ["eq": "draft"]])
        let list = try XCTUnwrap(harness.takeRequests().last)
        XCTAssertEqual(list.queryValue("filter[fields][title][matches][pattern]"), "cake", list.target)
        XCTAssertEqual(list.queryValue("filter[fields][_status][eq]"), "draft", list.target)
        XCTAssertNil(list.queryValue("filter[fields]"), "not a JSON string")

        let upload = try await harness.client.uploads.upload(data: Data("x".utf8), filename: "x.txt")
        _ = harness.takeRequests()
        _ = try await harness.client.uploads.update(upload.id, author: "Ada", replaceStrategy: .keepUrl)
        let update = try XCTUnwrap(harness.takeRequests().first { $0.method == "PUT" })
        XCTAssertEqual(update.queryValue("replace_strategy"), "keep_url")
    }
}
