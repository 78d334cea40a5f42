import DatoCMSSimulator
import Foundation
import XCTest

/// Jobs, batch operations by `filter[ids]`, and bulk operations.
final class BatchAndBulkTests: XCTestCase {
    private func makeRecords(_ client: APIClient, count: Int) async throws -> [String] {
        let modelID = try await client.createModel()
        _ = try await client.createField(in: modelID, apiKey: "title")
        var ids: [String] = []
        for index in 0..<count {
            ids.append(try await client.createRecordID(model: modelID, attributes: ["title": .string("R\(index)")]))
        }
        return ids
    }

    func testBatchPublishByFilterIsAJobThatReports404UntilDone() async throws {
        let (simulator, client) = try startSimulator(.init(jobDuration: .milliseconds(200)))
        defer { simulator.stop() }
        let ids = try await makeRecords(client, count: 2)

        let started = try await client.send("PUT", "/items/publish?filter%5Bids%5D=\(ids[0])%2C\(ids[1])%2Cunknown")
        XCTAssertEqual(started.status, 202)
        XCTAssertEqual(started.json?["data"]?["type"], "job")
        let jobID = try XCTUnwrap(started.json?["data"]?["id"]?.stringValue)
        XCTAssertTrue(jobID.count == 24 && jobID.allSatisfy(\.isHexDigit))

        XCTAssertEqual(simulator.record(id: ids[0])?.status, "draft", "no effect while the job runs")
        let (result, notFoundPolls) = try await client.awaitJob(jobID)
        XCTAssertGreaterThanOrEqual(notFoundPolls, 1)
        XCTAssertEqual(result["type"], "job_result")
        XCTAssertEqual(result["id"]?.stringValue, jobID)
        XCTAssertEqual(result["attributes"]?["status"], 200)
        XCTAssertEqual(result["attributes"]?["statusText"], "OK")
        XCTAssertEqual(result["attributes"]?["payload"], ["data": [], "meta": ["successful": 2, "failed": 1]])
        XCTAssertEqual(simulator.records().map(\.status), ["published", "published"])
    }

    func testBatchEndpointsAcceptRawBracketsAndUnpublishAndDestroy() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let ids = try await makeRecords(client, count: 3)
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        let raw = try RawHTTP.exchange(port: port, "PUT /items/publish?filter[ids]=\(ids.joined(separator: ",")) HTTP/1.1\r\n"
            + "Authorization: Bearer sim-token\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(raw.hasPrefix("HTTP/1.1 202 "), raw)
        let jobID = try XCTUnwrap(raw.components(separatedBy: "\r\n\r\n").last.flatMap { try? JSON(parsing: Data($0.utf8)) }?["data"]?["id"]?.stringValue)
        _ = try await client.awaitJob(jobID)
        XCTAssertEqual(simulator.records().map(\.status), ["published", "published", "published"])

        let unpublish = try await client.send("PUT", "/items/unpublish?filter%5Bids%5D=\(ids[0])", json: [:])
        XCTAssertEqual(unpublish.status, 202)
        _ = try await client.awaitJob(try XCTUnwrap(unpublish.json?["data"]?["id"]?.stringValue))
        XCTAssertEqual(simulator.record(id: ids[0])?.status, "draft")

        let destroy = try await client.send("DELETE", "/items?filter%5Bids%5D=\(ids[1]),\(ids[2])")
        XCTAssertEqual(destroy.status, 202)
        let result = try await client.awaitJob(try XCTUnwrap(destroy.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(result["attributes"]?["payload"]?["meta"], ["successful": 2, "failed": 0])
        XCTAssertEqual(simulator.records().map(\.id), [ids[0]])

        let missingFilter = try await client.send("PUT", "/items/publish")
        XCTAssertEqual(missingFilter.status, 422)
    }

    func testBulkPublishUnpublishAndDestroy() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let ids = try await makeRecords(client, count: 2)
        let items: JSON = ["data": .array(ids.map { ["type": "item", "id": .string($0)] })]

        func bulk(_ operation: String, _ relationships: JSON) async throws -> JSON {
            let response = try await client.send("POST", "/items/bulk/\(operation)", json: [
                "data": ["type": .string("item_bulk_\(operation)_operation"), "relationships": ["items": relationships]],
            ])
            XCTAssertEqual(response.status, 202)
            return try await client.awaitJob(try XCTUnwrap(response.json?["data"]?["id"]?.stringValue)).result
        }

        let published = try await bulk("publish", items)
        XCTAssertEqual(published["attributes"]?["payload"], ["data": [], "meta": ["successful": 2, "failed": 0]])
        XCTAssertEqual(simulator.records().map(\.status), ["published", "published"])

        _ = try await bulk("unpublish", items)
        XCTAssertEqual(simulator.records().map(\.status), ["draft", "draft"])
        XCTAssertNotEqual(simulator.record(id: ids[0])?.meta["first_published_at"], .null)

        let destroyed = try await bulk("destroy", ["data": [["type": "item", "id": .string(ids[0])], ["type": "item", "id": "gone"]]])
        XCTAssertEqual(destroyed["attributes"]?["payload"]?["meta"], ["successful": 1, "failed": 1])
        XCTAssertEqual(simulator.records().map(\.id), [ids[1]])

        let wrongType = try await client.send("POST", "/items/bulk/publish", json: [
            "data": ["type": "item_bulk_unpublish_operation", "relationships": ["items": items]],
        ])
        XCTAssertEqual(wrongType.status, 422)
        XCTAssertEqual(wrongType.json?["data"]?[0]?["attributes"]?["details"]?["field"], "data.type")
    }

    func testMoreThanTheIDLimitIs422() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let ids = (0...200).map { "id\($0)" }

        let batch = try await client.send("PUT", "/items/publish?filter%5Bids%5D=\(ids.joined(separator: "%2C"))")
        XCTAssertEqual(batch.status, 422)
        XCTAssertEqual(batch.errorCode, "INVALID_FORMAT")
        XCTAssertTrue(batch.json?["data"]?[0]?["attributes"]?["details"]?["message"]?.stringValue?.contains("200") == true)

        let bulk = try await client.send("POST", "/items/bulk/destroy", json: [
            "data": ["type": "item_bulk_destroy_operation",
                     "relationships": ["items": ["data": .array(ids.map { ["type": "item", "id": .string($0)] })]]],
        ])
        XCTAssertEqual(bulk.status, 422)
        XCTAssertTrue(bulk.json?["data"]?[0]?["attributes"]?["details"]?["message"]?.stringValue?.contains("200") == true)

        let exactlyTheLimit = try await client.send("PUT", "/items/publish?filter%5Bids%5D=\(ids.dropLast().joined(separator: ","))")
        XCTAssertEqual(exactlyTheLimit.status, 202)
    }

    func testFailedJobsReportTheErrorDocument() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let started = try await client.send("DELETE", "/item-types/missing")
        XCTAssertEqual(started.status, 202)
        let result = try await client.awaitJob(try XCTUnwrap(started.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(result["attributes"]?["status"], 404)
        XCTAssertEqual(result["attributes"]?["statusText"], "Not Found")
        XCTAssertEqual(result["attributes"]?["payload"]?["data"]?[0]?["attributes"]?["code"], "NOT_FOUND")

        let unknownJob = try await client.send("GET", "/job-results/000000000000000000000000")
        XCTAssertEqual(unknownJob.status, 404)
    }
}
