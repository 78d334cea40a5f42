import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The SDK against a simulator that injects faults: for every kind of failure the client either
/// recovers as its retry policy promises or throws a typed error, never replays a POST that may
/// have been processed, and never crashes or hangs. The simulator's state is the witness of what
/// really happened on the server side.
final class FaultInjectionTests: XCTestCase {
    /// Runs `body`, which must throw; returns the error (failing the test when nothing is thrown).
    private func failure<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> (any Error)? {
        do {
            let value = try await body()
            XCTFail("expected an error, got \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func records(withSlug slug: String, in harness: Harness) -> [SimulatedResource] {
        harness.simulator.records().filter { $0[attribute: "slug"]?.stringValue == slug }
    }

    private func requests(_ method: String, _ path: String, in harness: Harness) -> Int {
        harness.simulator.receivedRequests().filter { $0.method == method && $0.path == path }.count
    }

    // MARK: Dropped connections

    func testAConnectionDroppedBeforeProcessingAGetIsRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        harness.simulator.injectFault(.dropConnectionBeforeProcessing, matching: .method("GET"))

        let found = try await harness.client.items.find(record.id, as: Article.self)

        XCTAssertEqual(found.attributes, Article(title: "Post 0", slug: "post-0"))
        XCTAssertEqual(harness.simulator.appliedFaults().map(\.fault), [.dropConnectionBeforeProcessing])
        XCTAssertEqual(requests("GET", "/items/\(record.id)", in: harness), 2, "one dropped attempt, one retry")
    }

    func testAConnectionDroppedBeforeProcessingAPutIsRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        harness.simulator.injectFault(.dropConnectionBeforeProcessing, matching: .method("PUT"))

        let start = ContinuousClock.now
        let updated = try await harness.client.items.update(record.id, attributes: Article(title: "Renamed", slug: "post-0"))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10), "a dropped connection must surface at once, not stall until the request times out")

        XCTAssertEqual(updated.attributes.title, "Renamed")
        XCTAssertEqual(harness.simulator.record(id: record.id)?[attribute: "title"], "Renamed")
        XCTAssertEqual(requests("PUT", "/items/\(record.id)", in: harness), 2)
    }

    func testAPostWhoseConnectionDropsBeforeProcessingIsNotReplayed() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.dropConnectionBeforeProcessing, matching: .method("POST").path(prefix: "/items"))

        let start = ContinuousClock.now
        let error = await failure {
            try await harness.client.items.create(attributes: Article(title: "Once", slug: "once"), itemType: model.id)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10), "a dropped connection must surface at once, not stall until the request times out")

        guard case DatoCMSError.transport(let request, _)? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.transport, got \(String(describing: error))")
        }
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(requests("POST", "/items", in: harness), 1, "a POST that may have been processed must not be replayed")
        XCTAssertEqual(records(withSlug: "once", in: harness).count, 0, "dropped before processing: nothing was created")

        // The caller decides: here, trying again creates exactly one record.
        _ = try await harness.client.items.create(attributes: Article(title: "Once", slug: "once"), itemType: model.id)
        XCTAssertEqual(records(withSlug: "once", in: harness).count, 1)
    }

    func testAPostWhoseConnectionDropsAfterProcessingFailsAndExistsOnce() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        _ = try await harness.client.itemTypes.list()  // leaves a keep-alive connection to reuse
        let connectionsBefore = harness.simulator.acceptedConnectionCount
        harness.simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST").path(prefix: "/items"))

        let start = ContinuousClock.now
        let error = await failure {
            try await harness.client.items.create(attributes: Article(title: "Ghost", slug: "ghost"), itemType: model.id)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10), "a dropped connection must surface at once, not stall until the request times out")
        #if canImport(FoundationNetworking)
        XCTAssertEqual(harness.simulator.acceptedConnectionCount, connectionsBefore, "the POST went out on a reused connection: the case libcurl would replay")
        #endif

        guard case DatoCMSError.transport? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.transport, got \(String(describing: error))")
        }
        XCTAssertEqual(requests("POST", "/items", in: harness), 1)
        XCTAssertEqual(records(withSlug: "ghost", in: harness).count, 1, "the write happened exactly once; the client could not know")
    }

    func testWritesWithABodyReuseConnectionsOverPlainHTTP() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let before = harness.simulator.acceptedConnectionCount

        for index in 0..<20 {
            _ = try await harness.client.items.create(attributes: Article(title: "Post \(index)", slug: "post-\(index)"), itemType: model.id)
        }

        XCTAssertEqual(harness.simulator.records().count, 20)
        XCTAssertLessThanOrEqual(harness.simulator.acceptedConnectionCount - before, 2, "20 sequential creates must not each open a connection")
        let creates = harness.simulator.receivedRequests().filter { $0.method == "POST" && $0.path == "/items" }
        #if canImport(FoundationNetworking)
        XCTAssertTrue(creates.allSatisfy { $0.header("Expect") == "100-continue" }, "the body waits for the server's go-ahead")
        #endif
    }

    func testAWriteOnAConnectionTheServerClosedWhileIdleIsSentOnceOnANewOne() async throws {
        // The server closes idle connections after 200 ms; the second create finds its pooled
        // connection dead (or racing the close) and must still create exactly one record.
        let harness = try Harness(simulatorOptions: { $0.idleConnectionTimeout = .milliseconds(200) })
        defer { harness.stop() }
        let model = try await harness.makeModel()
        _ = try await harness.client.items.create(attributes: Article(title: "First", slug: "first"), itemType: model.id)
        for round in 0..<3 {
            try await Task.sleep(for: .milliseconds(300))
            _ = try await harness.client.items.create(attributes: Article(title: "Again \(round)", slug: "again-\(round)"), itemType: model.id)
            XCTAssertEqual(records(withSlug: "again-\(round)", in: harness).count, 1)
        }
        XCTAssertEqual(harness.simulator.records().count, 4)
    }

    func testABodilessPostWhoseConnectionDropsAfterProcessingIsNotReplayed() async throws {
        // POST /items/:id/duplicate has no body: the case where libcurl (Linux) would silently
        // resend the request on a fresh connection if it went out on a reused one.
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        _ = try await harness.client.itemTypes.list()  // leaves a keep-alive connection to reuse
        harness.simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST").path(prefix: "/items/\(record.id)/duplicate"))

        let start = ContinuousClock.now
        let error = await failure { try await harness.client.items.duplicate(record.id) }

        guard case DatoCMSError.transport? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.transport, got \(String(describing: error))")
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10), "the failure must surface, not stall until the request times out")
        XCTAssertEqual(requests("POST", "/items/\(record.id)/duplicate", in: harness), 1)
        try await Task.sleep(for: .milliseconds(100))  // the duplication job runs for 20 ms
        XCTAssertEqual(harness.simulator.records().count, 2, "the original and exactly one copy")
    }

    func testAPutWhoseConnectionDropsAfterProcessingIsRetriedHarmlessly() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        harness.simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("PUT"))

        let published = try await harness.client.items.publish(record.id)

        XCTAssertEqual(published.meta.status?.rawValue, "published")
        XCTAssertEqual(harness.simulator.record(id: record.id)?.status, "published")
        XCTAssertEqual(requests("PUT", "/items/\(record.id)/publish", in: harness), 2)
    }

    // MARK: Corrupt answers

    func testATruncatedBodyOnAPostIsATransportErrorAndTheRecordExistsOnce() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.truncatedBody, matching: .method("POST").path(prefix: "/items"))

        let error = await failure {
            try await harness.client.items.create(attributes: Article(title: "Cut", slug: "cut"), itemType: model.id)
        }

        guard case DatoCMSError.transport? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.transport, got \(String(describing: error))")
        }
        XCTAssertEqual(requests("POST", "/items", in: harness), 1)
        XCTAssertEqual(records(withSlug: "cut", in: harness).count, 1)
    }

    func testATruncatedBodyOnAGetIsRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.truncatedBody, matching: .method("GET").path(prefix: "/item-types"))

        let found = try await harness.client.itemTypes.find(model.id)

        XCTAssertEqual(found.id, model.id)
        XCTAssertEqual(requests("GET", "/item-types/\(model.id)", in: harness), 2)
    }

    func testAGarbageBodyIsAnUnexpectedResponseAndIsNotRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.garbageBody, matching: .method("GET"))

        let error = await failure { try await harness.client.itemTypes.find(model.id) }

        guard case DatoCMSError.unexpectedResponse(_, let status, let reason, _)? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.unexpectedResponse, got \(String(describing: error))")
        }
        XCTAssertEqual(status, 200)
        XCTAssertTrue(reason.contains("not valid JSON"), reason)
        XCTAssertEqual(requests("GET", "/item-types/\(model.id)", in: harness), 1, "a 2xx answer is final: nothing to retry")
    }

    func testAnEmpty200IsAnUnexpectedResponse() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.emptyBody, matching: .method("GET"))

        let error = await failure { try await harness.client.itemTypes.find(model.id) }

        guard case DatoCMSError.unexpectedResponse(_, 200, let reason, _)? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.unexpectedResponse with status 200, got \(String(describing: error))")
        }
        XCTAssertTrue(reason.contains("empty body"), reason)
    }

    func testAnEmptyAnswerToAJobStartIsAnUnexpectedResponse() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(2, model: model).map(\.id)
        harness.simulator.injectFault(.emptyBody, matching: .path(prefix: "/items/bulk/publish"))

        let error = await failure { try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ids)) }

        guard case DatoCMSError.unexpectedResponse(_, 202, _, _)? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.unexpectedResponse with status 202, got \(String(describing: error))")
        }
    }

    func testAnHTMLErrorPageOnAPostIsAnApiErrorWithTheBody() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.htmlErrorPage(status: 502), matching: .method("POST").path(prefix: "/items"))

        let error = await failure {
            try await harness.client.items.create(attributes: Article(title: "Proxy", slug: "proxy"), itemType: model.id)
        }

        let apiError = try XCTUnwrap(error as? ApiError, "expected ApiError, got \(String(describing: error))")
        XCTAssertEqual(apiError.status, 502)
        XCTAssertTrue(apiError.entities.isEmpty)
        XCTAssertTrue(apiError.responseBody.contains("502 Bad Gateway"), apiError.responseBody)
        XCTAssertEqual(requests("POST", "/items", in: harness), 1, "a 5xx POST is not replayed by default")
        XCTAssertEqual(records(withSlug: "proxy", in: harness).count, 0)
    }

    func testAnHTMLErrorPageOnAGetIsRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.htmlErrorPage(status: 503), matching: .method("GET"), times: 2)

        let found = try await harness.client.itemTypes.find(model.id)

        XCTAssertEqual(found.id, model.id)
        XCTAssertEqual(requests("GET", "/item-types/\(model.id)", in: harness), 3)
    }

    // MARK: Transient errors and rate limits

    func testTransient5xxOnAGetIsRetried() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.transientError(status: 503), matching: .method("GET"), times: 3)

        let found = try await harness.client.itemTypes.find(model.id)

        XCTAssertEqual(found.id, model.id)
        XCTAssertEqual(requests("GET", "/item-types/\(model.id)", in: harness), 4)
        XCTAssertEqual(harness.simulator.pendingFaultCount, 0)
    }

    func testTransient5xxOnAPostIsATransientApiErrorAndNothingWasCreated() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.transientError(status: 503), matching: .method("POST").path(prefix: "/items"))

        let error = await failure {
            try await harness.client.items.create(attributes: Article(title: "Busy", slug: "busy"), itemType: model.id)
        }

        let apiError = try XCTUnwrap(error as? ApiError, "expected ApiError, got \(String(describing: error))")
        XCTAssertEqual(apiError.status, 503)
        XCTAssertTrue(apiError.isTransient)
        XCTAssertEqual(apiError.code, "SERVICE_UNAVAILABLE")
        XCTAssertEqual(requests("POST", "/items", in: harness), 1)
        XCTAssertEqual(records(withSlug: "busy", in: harness).count, 0)
    }

    func testARateLimitedPostWaitsForTheResetThenSucceedsOnce() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        harness.simulator.injectFault(.rateLimited(resetAfterSeconds: 1), matching: .method("POST").path(prefix: "/items"))

        let start = ContinuousClock.now
        _ = try await harness.client.items.create(attributes: Article(title: "Later", slug: "later"), itemType: model.id)

        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .seconds(1), "retried before X-RateLimit-Reset")
        XCTAssertEqual(requests("POST", "/items", in: harness), 2, "a 429 was not processed, so even a POST is retried")
        XCTAssertEqual(records(withSlug: "later", in: harness).count, 1)
    }

    func testAfterA429TheClientWaitsForTheResetNotAlsoAWholeWindow() async throws {
        // A long pacing window, so that waiting for it on top of the reset is plain to see.
        let longWindow = RetryPolicy(initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(40), maximumTotalWait: .seconds(10),
                                     rateLimitWindow: .seconds(3))
        let harness = try Harness(retry: longWindow)
        defer { harness.stop() }
        harness.simulator.injectFault(.rateLimited(resetAfterSeconds: 1), matching: .method("GET"))

        let start = ContinuousClock.now
        _ = try await harness.client.itemTypes.list()
        _ = try await harness.client.itemTypes.list()

        let elapsed = ContinuousClock.now - start
        XCTAssertGreaterThanOrEqual(elapsed, .seconds(1))
        XCTAssertLessThan(elapsed, .milliseconds(2500), "waited for X-RateLimit-Reset and then for a whole window too")
    }

    func testAnEnforcedRateLimitRefusesABurstThatIgnoresIt() async throws {
        // Without pacing the client only learns of the limit from 429s; every request still
        // succeeds after waiting for the reset.
        let noPacing = RetryPolicy(initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(40), maximumTotalWait: .seconds(5),
                                   paceRequests: false, rateLimitWindow: .milliseconds(400))
        let harness = try Harness(retry: noPacing) { options in
            options.rateLimit = 10
            options.rateLimitWindow = .milliseconds(400)
            options.enforceRateLimit = true
        }
        defer { harness.stop() }

        for _ in 0..<30 { _ = try await harness.client.itemTypes.list() }

        XCTAssertGreaterThan(harness.simulator.rateLimitRefusalCount, 0)
    }

    func testPacingKeepsABurstUnderAnEnforcedRateLimit() async throws {
        let paced = RetryPolicy(initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(40), maximumTotalWait: .seconds(5),
                                rateLimitWindow: .milliseconds(400))
        let harness = try Harness(retry: paced) { options in
            options.rateLimit = 10
            options.rateLimitWindow = .milliseconds(400)
            options.enforceRateLimit = true
        }
        defer { harness.stop() }

        for _ in 0..<30 { _ = try await harness.client.itemTypes.list() }

        XCTAssertLessThanOrEqual(harness.simulator.rateLimitRefusalCount, 1, "the client should slow down before the API says no")
        XCTAssertEqual(requests("GET", "/item-types", in: harness), 30 + harness.simulator.rateLimitRefusalCount)
    }

    func testADelayedAnswerStillArrives() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        harness.simulator.injectFault(.delay(.milliseconds(300)), matching: .method("GET"))

        let start = ContinuousClock.now
        let models = try await harness.client.itemTypes.list()

        XCTAssertEqual(models.count, 0)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(300))
    }

    // MARK: Jobs

    func testFaultsOnJobResultPollsAreRetriedAndTheJobCompletes() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let ids = try await harness.makeRecords(2, model: model).map(\.id)
        harness.simulator.injectFault(.transientError(status: 503), matching: .jobResultPolls, times: 2)
        harness.simulator.injectFault(.dropConnectionBeforeProcessing, matching: .jobResultPolls, times: 1)

        let result = try await harness.client.items.bulkPublish(items: ids)

        XCTAssertEqual(result.successful, 2)
        XCTAssertEqual(harness.simulator.appliedFaults().count, 3)
        XCTAssertTrue(harness.simulator.appliedFaults().allSatisfy { $0.path.hasPrefix("/job-results/") })
    }

    func testAJobThatNeverFinishesTimesOutWithItsID() async throws {
        let harness = try Harness(
            jobDuration: .seconds(60),
            polling: JobPollingPolicy(initialDelay: .milliseconds(20), multiplier: 1, maximumDelay: .milliseconds(20), timeout: .milliseconds(200)))
        defer { harness.stop() }

        // A bulk job on unknown IDs still runs (counting them as failed), so no setup is needed.
        let error = await failure { try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ["missing"])) }

        guard case DatoCMSError.jobTimedOut(let jobID, let waited)? = error as? DatoCMSError else {
            return XCTFail("expected DatoCMSError.jobTimedOut, got \(String(describing: error))")
        }
        let polled = Set(harness.simulator.receivedRequests().filter { $0.path.hasPrefix("/job-results/") }.map(\.path))
        XCTAssertEqual(polled, ["/job-results/\(jobID)"], "the error names the job that was polled")
        XCTAssertLessThan(waited, .seconds(1))
    }

    func testAJobThatFinishesWithAnErrorStatusIsAnApiErrorNamingTheJob() async throws {
        let harness = try Harness()
        defer { harness.stop() }

        let error = await failure { try await harness.client.items.destroy("no-such-record") }

        let apiError = try XCTUnwrap(error as? ApiError, "expected ApiError, got \(String(describing: error))")
        XCTAssertEqual(apiError.status, 404)
        XCTAssertEqual(apiError.code, "NOT_FOUND")
        let jobID = try XCTUnwrap(apiError.jobID)
        XCTAssertTrue(harness.simulator.receivedRequests().contains { $0.path == "/job-results/\(jobID)" })
    }

    // MARK: Robustness

    func testTheSimulatorSurvivesEveryFaultAndKeepsServing() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        for fault in DatoCMSSimulator.Fault.allKinds {
            harness.simulator.injectFault(fault, matching: .method("POST").path(prefix: "/items"))
            _ = try? await harness.client.items.create(attributes: Article(title: "\(fault)", slug: "x"), itemType: model.id)
        }
        XCTAssertEqual(harness.simulator.pendingFaultCount, 0)
        XCTAssertEqual(harness.simulator.appliedFaults().count, DatoCMSSimulator.Fault.allKinds.count)
        // Every fault left the server answering, and each processed request created one record.
        let processed = DatoCMSSimulator.Fault.allKinds.filter(\.processesRequest).count
        let retriedRateLimit = 1  // the 429'd POST was retried (not processed the first time) and created its record
        XCTAssertEqual(harness.simulator.records().count, processed + retriedRateLimit)
        let models = try await harness.client.itemTypes.list()
        XCTAssertEqual(models.map(\.id), [model.id])
    }
}
