import DatoCMSSimulator
import Foundation
import XCTest

/// Records: creation, update, whole and selective (un)publishing.
final class RecordPublishingTests: XCTestCase {
    /// `2021-05-12T10:49:41.092+00:00`: milliseconds and an explicit offset.
    private func assertTimestamp(_ value: JSON?, file: StaticString = #filePath, line: UInt = #line) {
        let text = value?.stringValue ?? ""
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$"#
        XCTAssertNotNil(text.range(of: pattern, options: .regularExpression), "bad timestamp \(text)", file: file, line: line)
    }

    func testCreateThenPublishTheWholeRecordWithoutABody() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel()
        _ = try await client.createField(in: modelID, apiKey: "title")

        let created = try await client.send("POST", "/items", json: [
            "data": ["type": "item", "attributes": ["title": "Cats"],
                     "relationships": ["item_type": ["data": ["type": "item_type", "id": .string(modelID)]]]],
        ])
        XCTAssertEqual(created.status, 201)
        let record = try XCTUnwrap(created.json?["data"])
        let recordID = try XCTUnwrap(record["id"]?.stringValue)
        XCTAssertEqual(record["type"], "item")
        XCTAssertEqual(record["attributes"]?["title"], "Cats")
        assertTimestamp(record["attributes"]?["created_at"])
        XCTAssertEqual(record["relationships"]?["item_type"], ["data": ["type": "item_type", "id": .string(modelID)]])
        XCTAssertEqual(record["relationships"]?["creator"]?["data"]?["type"], "access_token")
        XCTAssertEqual(record["meta"]?["status"], "draft")
        XCTAssertEqual(record["meta"]?["published_at"], .null)
        XCTAssertEqual(record["meta"]?["is_valid"], true)
        XCTAssertEqual(created.json?["included"]?[0]?["id"]?.stringValue, modelID)

        let published = try await client.send("PUT", "/items/\(recordID)/publish")
        XCTAssertEqual(published.status, 200)
        let meta = try XCTUnwrap(published.json?["data"]?["meta"])
        XCTAssertEqual(meta["status"], "published")
        assertTimestamp(meta["published_at"])
        XCTAssertEqual(meta["first_published_at"], meta["published_at"])
        XCTAssertEqual(published.json?["included"]?[0]?["type"], "item_type")
        XCTAssertEqual(simulator.record(id: recordID)?.status, "published")
        XCTAssertNil(simulator.receivedRequests().last?.body)

        let missing = try await client.send("PUT", "/items/nope/publish")
        XCTAssertEqual(missing.status, 404)
    }

    func testSelectivePublishingTracksLocales() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel()
        _ = try await client.createField(in: modelID, apiKey: "title", localized: true)
        _ = try await client.createField(in: modelID, apiKey: "slug")
        let record = try await client.createRecord(model: modelID, attributes: [
            "title": ["en": "My first blog post!", "it": "Il mio primo post!"], "slug": "my-first-blog-post",
        ])
        let id = try XCTUnwrap(record["id"]?.stringValue)

        func selective(_ operation: String, _ attributes: JSON) async throws -> APIResponse {
            let type = operation == "publish" ? "selective_publish_operation" : "selective_unpublish_operation"
            return try await client.send("PUT", "/items/\(id)/\(operation)", json: ["data": ["type": .string(type), "attributes": attributes]])
        }

        let english = try await selective("publish", ["content_in_locales": ["en"], "non_localized_content": false])
        XCTAssertEqual(english.status, 200)
        XCTAssertEqual(english.json?["data"]?["meta"]?["status"], "updated", "partially published")
        XCTAssertNotEqual(english.json?["data"]?["meta"]?["published_at"], .null)

        let rest = try await selective("publish", ["content_in_locales": ["it"], "non_localized_content": true])
        XCTAssertEqual(rest.json?["data"]?["meta"]?["status"], "published")

        let withoutItalian = try await selective("unpublish", ["content_in_locales": ["it"]])
        XCTAssertEqual(withoutItalian.status, 200)
        XCTAssertEqual(withoutItalian.json?["data"]?["meta"]?["status"], "updated")

        let unpublished = try await client.send("PUT", "/items/\(id)/unpublish")
        XCTAssertEqual(unpublished.json?["data"]?["meta"]?["status"], "draft")
        XCTAssertEqual(unpublished.json?["data"]?["meta"]?["published_at"], .null)
        XCTAssertNotEqual(unpublished.json?["data"]?["meta"]?["first_published_at"], .null, "first_published_at stays")

        let unknownLocale = try await selective("publish", ["content_in_locales": ["de"], "non_localized_content": true])
        XCTAssertEqual(unknownLocale.status, 422)
        XCTAssertEqual(simulator.record(id: id)?[attribute: "title"]?["it"], "Il mio primo post!")
    }

    func testPublishRejectsBodiesThatAreNotSelectiveOperations() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel()
        _ = try await client.createField(in: modelID, apiKey: "title")
        let id = try await client.createRecordID(model: modelID, attributes: ["title": "x"])

        let empty = try await client.send("PUT", "/items/\(id)/publish", json: [:])
        XCTAssertEqual(empty.status, 422)
        XCTAssertEqual(empty.errorCode, "INVALID_FORMAT")
        XCTAssertEqual(empty.json?["data"]?[0]?["attributes"]?["details"]?["field"], "data")

        let wrongType = try await client.send("PUT", "/items/\(id)/publish", json: ["data": ["type": "item"]])
        XCTAssertEqual(wrongType.status, 422)
        XCTAssertEqual(wrongType.json?["data"]?[0]?["attributes"]?["details"]?["field"], "data.type")

        let missingFlag = try await client.send("PUT", "/items/\(id)/publish", json: [
            "data": ["type": "selective_publish_operation", "attributes": ["content_in_locales": ["en"]]],
        ])
        XCTAssertEqual(missingFlag.status, 422)

        let recursive = try await client.send("PUT", "/items/\(id)/publish?recursive=true")
        XCTAssertEqual(recursive.status, 200)
        XCTAssertEqual(simulator.record(id: id)?.status, "published")
    }

    func testUpdatesMergeBumpTheVersionAndHonourOptimisticLocking() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel()
        _ = try await client.createField(in: modelID, apiKey: "title")
        _ = try await client.createField(in: modelID, apiKey: "slug")
        let record = try await client.createRecord(model: modelID, attributes: ["title": "Cats", "slug": "cats"])
        let id = try XCTUnwrap(record["id"]?.stringValue)
        let version = try XCTUnwrap(record["meta"]?["current_version"]?.stringValue)
        _ = try await client.send("PUT", "/items/\(id)/publish")

        let updated = try await client.send("PUT", "/items/\(id)", json: [
            "data": ["type": "item", "id": .string(id), "attributes": ["title": "Dogs"], "meta": ["current_version": .string(version)]],
        ])
        XCTAssertEqual(updated.status, 200)
        let data = try XCTUnwrap(updated.json?["data"])
        XCTAssertEqual(data["attributes"]?["title"], "Dogs")
        XCTAssertEqual(data["attributes"]?["slug"], "cats")
        XCTAssertEqual(data["meta"]?["status"], "updated")
        XCTAssertNotEqual(data["meta"]?["current_version"]?.stringValue, version)

        let stale = try await client.send("PUT", "/items/\(id)", json: [
            "data": ["type": "item", "attributes": ["title": "Birds"], "meta": ["current_version": .string(version)]],
        ])
        XCTAssertEqual(stale.status, 422)
        XCTAssertEqual(stale.errorCode, "STALE_ITEM_VERSION")

        let badModel = try await client.send("POST", "/items", json: [
            "data": ["type": "item", "relationships": ["item_type": ["data": ["type": "item_type", "id": "missing"]]]],
        ])
        XCTAssertEqual(badModel.status, 422)
        let noModel = try await client.send("POST", "/items", json: ["data": ["type": "item", "attributes": [:]]])
        XCTAssertEqual(noModel.status, 422)
        XCTAssertEqual(noModel.json?["data"]?[0]?["attributes"]?["details"]?["field"], "data.relationships.item_type")
    }

    func testRecordsOfModelsWithoutDraftModeArePublishedOnSave() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel(apiKey: "page", draftMode: false)
        _ = try await client.createField(in: modelID, apiKey: "title")
        let record = try await client.createRecord(model: modelID, attributes: ["title": "Home"])
        XCTAssertEqual(record["meta"]?["status"], "published")
        XCTAssertEqual(simulator.records(ofType: "page").count, 1)
    }

    func testListingFiltersAndPaginates() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let articles = try await client.createModel(apiKey: "article")
        let tags = try await client.createModel(apiKey: "tag")
        _ = try await client.createField(in: articles, apiKey: "title")
        _ = try await client.createField(in: tags, apiKey: "name")
        var articleIDs: [String] = []
        for index in 0..<3 {
            articleIDs.append(try await client.createRecordID(model: articles, attributes: ["title": .string("A\(index)")]))
        }
        _ = try await client.createRecord(model: tags, attributes: ["name": "t"])

        let byAPIKey = try await client.send("GET", "/items?filter%5Btype%5D=article&page%5Blimit%5D=2&page%5Boffset%5D=1")
        XCTAssertEqual(byAPIKey.json?["meta"]?["total_count"], 3)
        XCTAssertEqual(byAPIKey.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, Array(articleIDs[1...]))

        let byIDs = try await client.send("GET", "/items?filter%5Bids%5D=\(articleIDs[0])%2C\(articleIDs[2])&filter%5Btype%5D=\(articles)")
        XCTAssertEqual(byIDs.json?["meta"]?["total_count"], 2)

        let tooBig = try await client.send("GET", "/items?page%5Blimit%5D=501")
        XCTAssertEqual(tooBig.status, 422)
    }
}
