import DatoCMSSimulator
import Foundation
import XCTest

/// Models (`/item-types`) and fields.
final class SchemaTests: XCTestCase {
    func testModelLifecycle() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let created = try await client.send("POST", "/item-types", json: [
            "data": ["type": "item_type", "attributes": ["name": "Article", "api_key": "article", "all_locales_required": true],
                     "relationships": ["ordering_field": ["data": nil], "title_field": ["data": nil]]],
        ])
        XCTAssertEqual(created.status, 201)
        let model = try XCTUnwrap(created.json?["data"])
        let modelID = try XCTUnwrap(model["id"]?.stringValue)
        XCTAssertEqual(modelID.count, 22)
        XCTAssertEqual(model["attributes"]?["collection_appeareance"], "compact")
        XCTAssertEqual(model["attributes"]?["has_singleton_item"], false)
        XCTAssertEqual(model["attributes"]?["all_locales_required"], true)
        XCTAssertEqual(model["relationships"]?["fields"], ["data": []])
        XCTAssertEqual(model["relationships"]?["singleton_item"], ["data": nil])

        let duplicateKey = try await client.send("POST", "/item-types", json: [
            "data": ["type": "item_type", "attributes": ["name": "Again", "api_key": "article"]],
        ])
        XCTAssertEqual(duplicateKey.status, 422)
        XCTAssertEqual(duplicateKey.errorCode, "INVALID_FIELD")
        let missingName = try await client.send("POST", "/item-types", json: ["data": ["type": "item_type", "attributes": ["api_key": "x"]]])
        XCTAssertEqual(missingName.json?["data"]?[0]?["attributes"]?["details"]?["field"], "data.attributes.name")
        let unknownAttribute = try await client.send("POST", "/item-types", json: [
            "data": ["type": "item_type", "attributes": ["name": "X", "api_key": "x", "apiKey": "x"]],
        ])
        XCTAssertEqual(unknownAttribute.status, 422)

        let updated = try await client.send("PUT", "/item-types/\(modelID)", json: [
            "data": ["type": "item_type", "id": .string(modelID), "attributes": ["name": "Post", "api_key": "post"]],
        ])
        XCTAssertEqual(updated.status, 200)
        XCTAssertEqual(updated.json?["data"]?["attributes"]?["name"], "Post")

        let copy = try await client.send("POST", "/item-types/\(modelID)/duplicate", json: [:])
        XCTAssertEqual(copy.status, 201)
        XCTAssertEqual(copy.json?["data"]?["attributes"]?["name"], "Post (copy #1)")
        XCTAssertEqual(copy.json?["data"]?["attributes"]?["api_key"], "post_copy1")
        let secondCopy = try await client.send("POST", "/item-types/\(modelID)/duplicate")
        XCTAssertEqual(secondCopy.json?["data"]?["attributes"]?["api_key"], "post_copy2")

        _ = try await client.createField(in: modelID, apiKey: "title")
        _ = try await client.createRecord(model: modelID, attributes: ["title": "x"])
        let deletion = try await client.send("DELETE", "/item-types/\(modelID)")
        XCTAssertEqual(deletion.status, 202)
        XCTAssertEqual(simulator.itemTypes().count, 3, "still there while the job runs")
        let result = try await client.awaitJob(try XCTUnwrap(deletion.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(result["attributes"]?["status"], 200)
        XCTAssertEqual(result["attributes"]?["payload"]?["data"]?["attributes"]?["api_key"], "post")
        XCTAssertEqual(simulator.itemTypes().compactMap { $0[attribute: "api_key"]?.stringValue }, ["post_copy1", "post_copy2"])
        XCTAssertTrue(simulator.records().isEmpty, "a model's records go with it")
        let gone = try await client.send("GET", "/item-types/\(modelID)")
        XCTAssertEqual(gone.status, 404)
    }

    func testFieldLifecycle() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let modelID = try await client.createModel()

        let started = try await client.send("POST", "/item-types/\(modelID)/fields", json: [
            "data": ["type": "field", "attributes": ["label": "Title", "field_type": "string", "api_key": "title",
                                                     "validators": ["required": [:]]]],
        ])
        XCTAssertEqual(started.status, 202)
        let created = try await client.awaitJob(try XCTUnwrap(started.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(created["attributes"]?["status"], 201)
        XCTAssertEqual(created["attributes"]?["statusText"], "Created")
        let payload = try XCTUnwrap(created["attributes"]?["payload"])
        let fieldID = try XCTUnwrap(payload["data"]?["id"]?.stringValue)
        XCTAssertEqual(payload["data"]?["attributes"]?["position"], 1)
        XCTAssertEqual(payload["data"]?["attributes"]?["appearance"]?["editor"], "single_line")
        XCTAssertEqual(payload["data"]?["relationships"]?["item_type"]?["data"]?["id"]?.stringValue, modelID)
        XCTAssertEqual(payload["included"]?[0]?["relationships"]?["title_field"]?["data"]?["id"]?.stringValue, fieldID)

        let duplicate = try await client.send("POST", "/item-types/\(modelID)/fields", json: [
            "data": ["type": "field", "attributes": ["label": "Again", "field_type": "string", "api_key": "title"]],
        ])
        let failed = try await client.awaitJob(try XCTUnwrap(duplicate.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(failed["attributes"]?["status"], 422)
        XCTAssertEqual(failed["attributes"]?["payload"]?["data"]?[0]?["attributes"]?["code"], "INVALID_FIELD")

        let listed = try await client.send("GET", "/item-types/\(modelID)/fields")
        XCTAssertEqual(listed.json?["data"]?.arrayValue?.count, 1)
        let shown = try await client.send("GET", "/fields/\(fieldID)")
        XCTAssertEqual(shown.json?["data"]?["attributes"]?["label"], "Title")

        let update = try await client.send("PUT", "/fields/\(fieldID)", json: [
            "data": ["type": "field", "id": .string(fieldID), "attributes": ["label": "Headline"]],
        ])
        _ = try await client.awaitJob(try XCTUnwrap(update.json?["data"]?["id"]?.stringValue))
        XCTAssertEqual(simulator.field(id: fieldID)?[attribute: "label"], "Headline")

        let deletion = try await client.send("DELETE", "/fields/\(fieldID)")
        _ = try await client.awaitJob(try XCTUnwrap(deletion.json?["data"]?["id"]?.stringValue))
        XCTAssertNil(simulator.field(id: fieldID))
        XCTAssertNil(simulator.itemType(id: modelID)?.relatedID("title_field"))

        let invalid = try await client.send("POST", "/item-types/\(modelID)/fields", json: ["data": ["type": "field", "attributes": ["label": "X"]]])
        XCTAssertEqual(invalid.status, 422, "schema errors are reported synchronously")
    }
}
