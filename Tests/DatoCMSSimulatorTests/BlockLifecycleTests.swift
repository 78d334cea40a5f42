import DatoCMSSimulator
import Foundation
import XCTest

/// What happens to block records around their record: duplicated with it, deleted with the
/// field that holds them, and `nested` refused when it is neither true nor false. Raw HTTP, for
/// requests the SDK would not send.
final class BlockLifecycleTests: XCTestCase {
    private func makeProject(_ client: APIClient) async throws -> (model: String, block: String, field: String) {
        let block = try await client.createModel(apiKey: "quote")
        _ = try await client.send("PUT", "/item-types/\(block)", json: [
            "data": ["type": "item_type", "id": .string(block), "attributes": ["modular_block": true, "draft_mode_active": false]],
        ])
        _ = try await client.createField(in: block, apiKey: "text", type: "text")
        let model = try await client.createModel(apiKey: "page")
        let field = try await client.createField(in: model, apiKey: "content", type: "rich_text")
        return (model, block, field)
    }

    private func newQuote(_ block: String, _ text: String) -> JSON {
        ["type": "item", "attributes": ["text": .string(text)], "relationships": ["item_type": ["data": ["type": "item_type", "id": .string(block)]]]]
    }

    func testADuplicatedRecordGetsCopiesOfItsBlocks() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let project = try await makeProject(client)
        let original = try await client.createRecord(model: project.model, attributes: ["content": [newQuote(project.block, "One")]])
        let originalRecordID = try XCTUnwrap(original["id"]?.stringValue)
        let originalBlock = try XCTUnwrap(original["attributes"]?["content"]?[0]?.stringValue)

        let response = try await client.send("POST", "/items/\(originalRecordID)/duplicate")
        let job = try await client.awaitJob(try XCTUnwrap(response.json?["data"]?["id"]?.stringValue))
        let copy = try XCTUnwrap(job.result["attributes"]?["payload"]?["data"])
        let copiedBlock = try XCTUnwrap(copy["attributes"]?["content"]?[0]?.stringValue)
        XCTAssertNotEqual(copiedBlock, originalBlock, "the copy shares the original's block")
        XCTAssertEqual(simulator.record(id: copiedBlock)?[attribute: "text"], "One")

        // Deleting the original leaves the copy's block alone.
        let destroy = try await client.send("DELETE", "/items/\(originalRecordID)")
        _ = try await client.awaitJob(try XCTUnwrap(destroy.json?["data"]?["id"]?.stringValue))
        XCTAssertNil(simulator.record(id: originalBlock))
        XCTAssertNotNil(simulator.record(id: copiedBlock))
    }

    func testDeletingABlockFieldDeletesTheBlocksItHeld() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let project = try await makeProject(client)
        let record = try await client.createRecord(model: project.model, attributes: ["content": [newQuote(project.block, "One"), newQuote(project.block, "Two")]])
        let blockIDs = try XCTUnwrap(record["attributes"]?["content"]?.arrayValue?.compactMap(\.stringValue))
        XCTAssertEqual(blockIDs.count, 2)

        let response = try await client.send("DELETE", "/fields/\(project.field)")
        _ = try await client.awaitJob(try XCTUnwrap(response.json?["data"]?["id"]?.stringValue))
        for id in blockIDs { XCTAssertNil(simulator.record(id: id), "block \(id) outlived its field") }
    }

    func testNestedMustBeTrueOrFalse() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let project = try await makeProject(client)
        let recordID = try await client.createRecordID(model: project.model, attributes: ["content": [newQuote(project.block, "One")]])
        let nested = try await client.send("GET", "/items/\(recordID)?nested=true")
        XCTAssertEqual(nested.json?["data"]?["attributes"]?["content"]?[0]?["attributes"]?["text"], "One")
        let refused = try await client.send("GET", "/items/\(recordID)?nested=yes")
        XCTAssertEqual(refused.status, 422)
        XCTAssertEqual(refused.json?["data"]?[0]?["attributes"]?["details"]?["field"], "nested")
    }

    func testBlockModelsCannotHaveRecordsOfTheirOwn() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let project = try await makeProject(client)
        let response = try await client.send("POST", "/items", json: [
            "data": ["type": "item", "attributes": ["text": "Alone"],
                     "relationships": ["item_type": ["data": ["type": "item_type", "id": .string(project.block)]]]],
        ])
        XCTAssertEqual(response.status, 422)
        XCTAssertEqual(response.json?["data"]?[0]?["attributes"]?["details"]?["field"], "item_type")
        XCTAssertTrue(simulator.records().isEmpty)
    }
}
