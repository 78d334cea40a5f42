import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The API grows: responses gain keys the schema does not list and enums gain values. Decoding must
/// keep working through that, and fail — naming the key path — only when a required key is missing
/// or has the wrong type. Each test takes a real answer from the simulator, alters it, and serves the
/// altered document to the SDK from a loopback server.
final class ForwardCompatibilityTests: XCTestCase {
    /// A model, a field and a record as the simulator returns them, as JSON objects.
    private struct Originals {
        var itemType: [String: Any]
        var field: [String: Any]
        var record: [String: Any]
        var itemTypeID: String
        var fieldID: String
        var recordID: String
    }

    private func originals() async throws -> Originals {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let field = try await harness.client.fields.list(model.id).first { $0.apiKey == "title" }
        let record = try await harness.makeRecords(1, model: model)[0]
        let fieldID = try XCTUnwrap(field?.id)
        return Originals(
            itemType: try await rawJSON(harness, "/item-types/\(model.id)"),
            field: try await rawJSON(harness, "/fields/\(fieldID)"),
            record: try await rawJSON(harness, "/items/\(record.id)"),
            itemTypeID: model.id, fieldID: fieldID, recordID: record.id)
    }

    private func rawJSON(_ harness: Harness, _ path: String) async throws -> [String: Any] {
        let data = try await harness.rawDocument(path)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Serves `document` for every request and returns a client pointed at it.
    private func serving(_ document: [String: Any], status: Int = 200) throws -> (LoopbackHTTPServer, DatoCMSClient) {
        let body = try JSONSerialization.data(withJSONObject: document)
        let server = try LoopbackHTTPServer { _ in
            .init(status: status, headers: [("Content-Type", "application/json")], body: body)
        }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling))
        return (server, client)
    }

    /// Sets `value` at a dotted path of a JSON object (`nil` removes the key).
    private func setting(_ path: String, to value: Any?, in document: [String: Any]) -> [String: Any] {
        var keys = path.split(separator: ".").map(String.init)
        let last = keys.removeLast()
        func update(_ object: [String: Any], _ remaining: ArraySlice<String>) -> [String: Any] {
            var object = object
            if let key = remaining.first {
                object[key] = update(object[key] as? [String: Any] ?? [:], remaining.dropFirst())
            } else {
                object[last] = value
            }
            return object
        }
        return update(document, keys[...])
    }

    /// The decoding error the SDK throws for `operation`.
    private func decodingFailure(_ operation: () async throws -> Void) async -> (path: String, description: String)? {
        do {
            try await operation()
            return nil
        } catch let error as DatoCMSError {
            if case .decoding(_, _, let path, _) = error { return (path, error.description) }
            XCTFail("expected a decoding error, got \(error)")
            return nil
        } catch {
            XCTFail("expected DatoCMSError.decoding, got \(error)")
            return nil
        }
    }

    func testUnknownKeysAtEveryLevelAreIgnored() async throws {
        let originals = try await originals()
        var document = originals.itemType
        document["jsonapi"] = ["version": "1.1"]
        document = setting("data.future_member", to: ["anything": [1, 2, 3]], in: document)
        document = setting("data.attributes.ai_assistant_settings", to: ["enabled": true], in: document)
        document = setting("data.relationships.future_relationship", to: ["data": NSNull()], in: document)
        document = setting("data.meta.future_meta", to: 42, in: document)
        let (server, client) = try serving(document)
        defer { server.stop() }

        let model = try await client.itemTypes.find(originals.itemTypeID)
        XCTAssertEqual(model.id, originals.itemTypeID)
        XCTAssertEqual(model.name, "Article")
        XCTAssertEqual(model.draftModeActive, true)
    }

    func testRecordsKeepAttributesTheirModelDoesNotDeclare() async throws {
        let originals = try await originals()
        let document = setting("data.attributes.subtitle", to: "added to the model later", in: originals.record)
        let (server, client) = try serving(document)
        defer { server.stop() }

        let typed = try await client.items.find(originals.recordID, as: Article.self)
        XCTAssertEqual(typed.title, "Post 0")
        let untyped = try await client.items.find(originals.recordID)
        XCTAssertEqual(untyped.attributes["subtitle"], .string("added to the model later"))
    }

    func testUnknownEnumValuesAreKeptRaw() async throws {
        let originals = try await originals()
        let field = setting("data.attributes.field_type", to: "geo_shape", in: originals.field)
        let (fieldServer, fieldClient) = try serving(field)
        defer { fieldServer.stop() }
        let decodedField = try await fieldClient.fields.find(originals.fieldID)
        XCTAssertEqual(decodedField.fieldType.rawValue, "geo_shape")
        XCTAssertFalse(FieldAttributesFieldType.knownValues.contains(decodedField.fieldType))

        let record = setting("data.meta.status", to: "scheduled", in: originals.record)
        let (recordServer, recordClient) = try serving(record)
        defer { recordServer.stop() }
        let decodedRecord = try await recordClient.items.find(originals.recordID, as: Article.self)
        XCTAssertEqual(decodedRecord.meta.status?.rawValue, "scheduled")
    }

    func testJobResultsWithExtraKeysDecode() async throws {
        let server = try LoopbackHTTPServer { request in
            let body: String
            let status: Int
            if request.path.hasPrefix("/job-results/") {
                status = 200
                body = #"{"data":{"id":"job-1","type":"job_result","attributes":{"status":200,"statusText":"OK","retries":0,"payload":{"data":[],"meta":{"successful":2,"failed":0,"skipped":0}}}}}"#
            } else {
                status = 202
                body = #"{"data":{"id":"job-1","type":"job"}}"#
            }
            return .init(status: status, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
        }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling))
        let result = try await client.items.batchPublish(filterIds: ["a", "b"])
        XCTAssertEqual(result.successful, 2)
        XCTAssertEqual(result.failed, 0)
    }

    func testAMissingRequiredKeyFailsNamingItsPath() async throws {
        let originals = try await originals()
        let document = setting("data.attributes.api_key", to: nil, in: originals.itemType)
        let (server, client) = try serving(document)
        defer { server.stop() }

        let failure = await decodingFailure { _ = try await client.itemTypes.find(originals.itemTypeID) }
        XCTAssertEqual(failure?.path, "data.attributes.api_key")
        XCTAssertTrue(failure?.description.contains("required key 'api_key' is missing") == true, failure?.description ?? "")
    }

    func testAWrongTypeFailsNamingItsPath() async throws {
        let originals = try await originals()
        let document = setting("data.attributes.singleton", to: "yes", in: originals.itemType)
        let (server, client) = try serving(document)
        defer { server.stop() }

        let failure = await decodingFailure { _ = try await client.itemTypes.find(originals.itemTypeID) }
        XCTAssertEqual(failure?.path, "data.attributes.singleton")
        XCTAssertTrue(failure?.description.contains("Bool") == true, failure?.description ?? "")
    }

    func testAUserModelThatDoesNotMatchNamesTheAttribute() async throws {
        let originals = try await originals()
        let document = setting("data.attributes.slug", to: nil, in: originals.record)
        let (server, client) = try serving(document)
        defer { server.stop() }

        let failure = await decodingFailure { _ = try await client.items.find(originals.recordID, as: Article.self) }
        XCTAssertEqual(failure?.path, "data.attributes.slug")
        // The untyped record still decodes.
        let untyped = try await client.items.find(originals.recordID)
        XCTAssertEqual(untyped.attributes["title"], .string("Post 0"))
    }

    /// The decoding policy: relationships and meta decode leniently (the API omits some the schema
    /// requires, e.g. `creator` on block records); attributes stay strict, naming the key path.
    func testRelationshipsAndMetaTheAPIOmitsDoNotFailARecordOrItsPage() async throws {
        let originals = try await originals()
        var record = setting("data.relationships.creator", to: nil, in: originals.record)
        record = setting("data.relationships.item_type", to: nil, in: record)
        record = setting("data.meta.status", to: nil, in: record)
        let record2 = try XCTUnwrap(record["data"])
        let page: [String: Any] = ["data": [record2, record2], "meta": ["total_count": 2]]
        let (server, client) = try serving(page)
        defer { server.stop() }

        let records = try await client.items.list(as: Article.self)
        XCTAssertEqual(records.count, 2)
        XCTAssertNil(records[0].relationships.creator)
        XCTAssertNil(records[0].relationships.itemType)
        XCTAssertNil(records[0].meta.status)
        XCTAssertEqual(records[0].attributes.title, "Post 0")
    }
}
