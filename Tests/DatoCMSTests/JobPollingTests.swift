import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Asynchronous jobs: 202 + job ID, then polling `GET /job-results/:id` (404 while running).
final class JobPollingTests: XCTestCase {
    func testSeveral404PollsThenTheTypedPayload() async throws {
        let harness = try Harness(jobDuration: .milliseconds(250))
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(3, model: model).map(\.id)
        _ = harness.takeRequests()

        let result = try await harness.client.items.bulkPublish(items: ids)

        XCTAssertEqual(result.successful, 3)
        XCTAssertEqual(result.failed, 0)
        let polls = harness.takeRequests(includingPolls: true).filter { $0.path.hasPrefix("/job-results/") }
        XCTAssertGreaterThanOrEqual(polls.count, 3, "with a 250 ms job and 10–50 ms polls, several polls must have answered 404")
        for id in ids { XCTAssertEqual(harness.simulator.record(id: id)?.status, "published") }
    }

    func testJobResultsCanBeReadDirectly() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(1, model: model).map(\.id)
        let accepted = try await harness.client.core.send(
            APIRequest(method: "PUT", pathSegments: ["items", "publish"], query: ItemBatchPublishQuery(filterIds: [ids[0]])),
            decoding: JobAccepted.self)

        var result: JobResult?
        for _ in 0..<100 where result == nil {
            do {
                result = try await harness.client.jobResults.find(accepted.data.id)
            } catch let error as ApiError where error.status == 404 {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let finished = try XCTUnwrap(result)
        XCTAssertEqual(finished.id, accepted.data.id)
        XCTAssertEqual(finished.attributes.status, 200)
        XCTAssertEqual(finished.attributes.payload?["meta"]?["successful"]?.intValue, 1)
    }

    func testTimeoutCarriesTheJobIDAndTheJobCanBeAwaitedAgain() async throws {
        // Jobs on unknown IDs still run (and count them as failed), so no setup jobs are needed.
        let harness = try Harness(
            jobDuration: .milliseconds(700),
            polling: JobPollingPolicy(initialDelay: .milliseconds(20), multiplier: 1, maximumDelay: .milliseconds(20), timeout: .milliseconds(150)))
        defer { harness.stop() }

        var jobID: String?
        do {
            _ = try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ["unknown-1", "unknown-2"]))
            XCTFail("expected a time-out")
        } catch let error as DatoCMSError {
            guard case .jobTimedOut(let id, let waited) = error else { return XCTFail("unexpected \(error)") }
            jobID = id
            XCTAssertEqual(error.jobID, id)
            XCTAssertLessThanOrEqual(waited, .milliseconds(300))
            XCTAssertTrue(error.description.contains(id))
        }
        let id = try XCTUnwrap(jobID)

        let result = try await harness.client.jobs.wait(for: id, as: ItemBulkPublishJobResult.self, policy: fastPolling)
        XCTAssertEqual(result.meta.successful, 0)
        XCTAssertEqual(result.meta.failed, 2)
    }

    func testCancellationStopsPollingPromptly() async throws {
        let harness = try Harness(
            jobDuration: .seconds(30),
            polling: JobPollingPolicy(initialDelay: .milliseconds(50), multiplier: 2, maximumDelay: .seconds(10), timeout: .seconds(60)))
        defer { harness.stop() }

        let task = Task { try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ["unknown"])) }
        try await Task.sleep(for: .milliseconds(400))
        let start = ContinuousClock.now
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected cancellation")
        } catch is CancellationError {
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(1), "cancellation must not wait for the next poll")
        }
        let polls = { harness.simulator.receivedRequests().filter { $0.path.hasPrefix("/job-results/") }.count }
        let pollsBefore = polls()
        XCTAssertGreaterThanOrEqual(pollsBefore, 1, "the job was being polled when cancelled")
        try await Task.sleep(for: .milliseconds(500))
        XCTAssertEqual(polls(), pollsBefore, "no polling after cancellation")
    }

    func testAFailedJobThrowsItsErrorStatus() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let field = try await harness.client.fields.list(model.id)[0]
        _ = try await harness.client.fields.destroy(field.id)

        do {
            _ = try await harness.client.fields.destroy(field.id)
            XCTFail("deleting a deleted field must fail")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 404)
            XCTAssertEqual(error.code, "NOT_FOUND")
            XCTAssertNotNil(error.jobID, "the API accepts the deletion as a job, which then fails")
            XCTAssertEqual(error.request.method, "DELETE", "the error names the request that started the job")
            XCTAssertTrue(error.request.url.hasSuffix("/fields/\(field.id)"))
            XCTAssertNotNil(error.requestID, "the job-result answer's headers are kept")
            XCTAssertEqual(error.responseHeader("X-Api-Version"), "3")
        }
    }
}

/// The `202 Accepted` body, read by hand in one test.
struct JobAccepted: Decodable {
    var data: JobReference
}
