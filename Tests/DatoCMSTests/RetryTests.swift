import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Retries and pacing against a loopback server that answers from a script: which failures are
/// retried for which methods, how long the client waits, when it gives up, and that cancellation
/// stops a wait at once.
final class RetryTests: XCTestCase {
    /// A server answering request number n (0-based) with `script(n, request)`.
    final class ScriptedServer: @unchecked Sendable {
        private let lock = NSLock()
        private var received: [ReceivedRequest] = []
        private var server: LoopbackHTTPServer?
        var baseURL: URL { server!.baseURL }

        init(_ script: @escaping @Sendable (Int, ReceivedRequest) -> LoopbackHTTPServer.Response) throws {
            server = try LoopbackHTTPServer { [unowned self] request in
                let index = self.record(request)
                return script(index, request)
            }
        }

        private func record(_ request: ReceivedRequest) -> Int {
            lock.lock()
            defer { lock.unlock() }
            received.append(request)
            return received.count - 1
        }

        var requests: [ReceivedRequest] {
            lock.lock()
            defer { lock.unlock() }
            return received
        }

        func stop() { server?.stop() }
    }

    static let emptyList = LoopbackHTTPServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":[]}"#.utf8))

    static func apiError(_ status: Int, code: String, transient: Bool = false, headers: [(name: String, value: String)] = []) -> LoopbackHTTPServer.Response {
        let body = #"{"data":[{"id":"e1","type":"api_error","attributes":{"code":"\#(code)","details":{},"transient":\#(transient)}}]}"#
        return .init(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(body.utf8))
    }

    private func client(_ server: ScriptedServer, retry: RetryPolicy = fastRetry) -> DatoCMSClient {
        DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: retry))
    }

    // MARK: 429

    func testRateLimitedRequestsWaitForTheResetThenSucceed() async throws {
        let server = try ScriptedServer { index, _ in
            index == 0 ? Self.apiError(429, code: "RATE_LIMIT_EXCEEDED", headers: [("X-RateLimit-Reset", "0.3")]) : Self.emptyList
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        let models = try await client(server).itemTypes.list()
        XCTAssertEqual(models.count, 0)
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(300), "retried before X-RateLimit-Reset")
    }

    func testRateLimitedPostsAreRetriedBecauseTheyWereNotProcessed() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let created = try await harness.rawDocument("/item-types/\(model.id)")
        let server = try ScriptedServer { index, _ in
            index == 0 ? Self.apiError(429, code: "RATE_LIMIT_EXCEEDED") : .init(status: 201, headers: [("Content-Type", "application/json")], body: created)
        }
        defer { server.stop() }
        let result = try await client(server).itemTypes.create(name: "Article", apiKey: "article")
        XCTAssertEqual(result.id, model.id)
        XCTAssertEqual(server.requests.map(\.method), ["POST", "POST"])
    }

    func testAResetLongerThanTheTotalWaitFailsAtOnce() async throws {
        let server = try ScriptedServer { _, _ in Self.apiError(429, code: "RATE_LIMIT_EXCEEDED", headers: [("X-RateLimit-Reset", "60")]) }
        defer { server.stop() }
        do {
            _ = try await client(server).itemTypes.list()
            XCTFail("expected the 429")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 429)
            XCTAssertEqual(error.code, "RATE_LIMIT_EXCEEDED")
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    // MARK: 5xx and transient errors

    func testIdempotentRequestsAreRetriedAfterServerErrors() async throws {
        let server = try ScriptedServer { index, _ in
            switch index {
            case 0: return Self.apiError(503, code: "SERVICE_UNAVAILABLE", transient: true)
            case 1: return .init(status: 502, headers: [("Content-Type", "text/html")], body: Data("<html><body>Bad gateway</body></html>".utf8))
            default: return Self.emptyList
            }
        }
        defer { server.stop() }
        _ = try await client(server).itemTypes.list()
        XCTAssertEqual(server.requests.count, 3)
    }

    func testErrorsMarkedTransientAreRetriedForPuts() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        _ = try await harness.client.items.publish(record.id)
        let published = try await harness.rawDocument("/items/\(record.id)")
        let server = try ScriptedServer { index, _ in
            index == 0 ? Self.apiError(422, code: "BATCH_DATA_VALIDATION_IN_PROGRESS", transient: true)
                : .init(status: 200, headers: [("Content-Type", "application/json")], body: published)
        }
        defer { server.stop() }
        let result = try await client(server).items.publish(record.id, as: Article.self)
        XCTAssertEqual(result.meta.status?.rawValue, "published")
        XCTAssertEqual(server.requests.map(\.method), ["PUT", "PUT"])
    }

    func testAPostThatMayHaveBeenProcessedIsNotReplayed() async throws {
        let server = try ScriptedServer { _, _ in Self.apiError(503, code: "SERVICE_UNAVAILABLE", transient: true) }
        defer { server.stop() }
        do {
            _ = try await client(server).itemTypes.create(name: "Article", apiKey: "article")
            XCTFail("expected the 503")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 503)
            XCTAssertTrue(error.isTransient)
        }
        XCTAssertEqual(server.requests.count, 1, "a POST was replayed without the caller opting in")
    }

    func testPostsAreReplayedWhenTheCallerOptsIn() async throws {
        let server = try ScriptedServer { _, _ in Self.apiError(500, code: "INTERNAL_SERVER_ERROR") }
        defer { server.stop() }
        var policy = fastRetry
        policy.retryNonIdempotentRequests = true
        policy.maximumAttempts = 3
        do {
            _ = try await client(server, retry: policy).itemTypes.create(name: "Article", apiKey: "article")
            XCTFail("expected the 500")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 500)
        }
        XCTAssertEqual(server.requests.count, 3)
    }

    func testRetriesStopAfterMaximumAttemptsWithTheLastAnswer() async throws {
        let server = try ScriptedServer { _, _ in
            .init(status: 502, headers: [("Content-Type", "text/html")], body: Data("<html>Bad gateway</html>".utf8))
        }
        defer { server.stop() }
        do {
            _ = try await client(server).itemTypes.list()
            XCTFail("expected the 502")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 502)
            XCTAssertTrue(error.entities.isEmpty)
            XCTAssertTrue(error.responseBody.contains("Bad gateway"))
        }
        XCTAssertEqual(server.requests.count, fastRetry.maximumAttempts)
    }

    func testClientErrorsAreNeverRetried() async throws {
        let server = try ScriptedServer { _, _ in Self.apiError(422, code: "INVALID_FIELD") }
        defer { server.stop() }
        do {
            _ = try await client(server).itemTypes.list()
            XCTFail("expected the 422")
        } catch let error as ApiError {
            XCTAssertEqual(error.code, "INVALID_FIELD")
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    func testConnectionRefusedIsRetriedThenATransportError() async throws {
        let server = try ScriptedServer { _, _ in Self.emptyList }
        let url = server.baseURL
        server.stop()
        let logged = LockedLines()
        let configuration = ClientConfiguration(apiToken: testToken, baseURL: url, retry: fastRetry,
                                                logging: RequestLogging(level: .basic) { logged.append($0) })
        do {
            _ = try await DatoCMSClient(configuration: configuration).itemTypes.create(name: "A", apiKey: "a")
            XCTFail("expected a transport error")
        } catch DatoCMSError.transport(let request, _) {
            XCTAssertEqual(request.method, "POST")
        }
        // Refused connections carried nothing, so even a POST is retried.
        XCTAssertEqual(logged.lines.filter { $0.hasPrefix("↻") }.count, fastRetry.maximumAttempts - 1, logged.lines.joined(separator: "\n"))
    }

    // MARK: Backoff and cancellation

    func testBackoffGrowsAndIsCapped() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(100), multiplier: 2, maximumBackoff: .milliseconds(500))
        XCTAssertEqual((1...5).map { policy.backoff(beforeRetry: $0) },
                       [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        XCTAssertEqual(RetryPolicy.default.maximumAttempts, 5)
        XCTAssertFalse(RetryPolicy.default.retryNonIdempotentRequests)
        XCTAssertTrue(RetryPolicy.isIdempotent("PUT") && RetryPolicy.isIdempotent("DELETE") && !RetryPolicy.isIdempotent("POST"))
    }

    func testCancellationStopsARetryWaitAtOnce() async throws {
        let server = try ScriptedServer { _, _ in Self.apiError(429, code: "RATE_LIMIT_EXCEEDED", headers: [("X-RateLimit-Reset", "30")]) }
        defer { server.stop() }
        var policy = fastRetry
        policy.maximumTotalWait = .seconds(60)
        let client = client(server, retry: policy)
        let task = Task { try await client.itemTypes.list() }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected cancellation")
        } catch is CancellationError {}
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        XCTAssertEqual(server.requests.count, 1)
    }

    // MARK: Pacing

    /// A server enforcing `limit` requests per `window`, reporting the API's headers.
    private func rateLimitedServer(limit: Int, window: Duration) throws -> (ScriptedServer, refusals: LockedCounter) {
        let refusals = LockedCounter()
        let state = LockedWindow()
        let server = try ScriptedServer { _, _ in
            let remaining = state.consume(limit: limit, window: window)
            guard remaining >= 0 else {
                refusals.increment()
                return Self.apiError(429, code: "RATE_LIMIT_EXCEEDED", headers: [
                    ("X-RateLimit-Limit", "\(limit)"), ("X-RateLimit-Remaining", "0"),
                ])
            }
            var response = Self.emptyList
            response.headers += [("X-RateLimit-Limit", "\(limit)"), ("X-RateLimit-Remaining", "\(remaining)")]
            return response
        }
        return (server, refusals)
    }

    func testPacingKeepsALongRunUnderTheLimit() async throws {
        let (server, refusals) = try rateLimitedServer(limit: 20, window: .milliseconds(500))
        defer { server.stop() }
        let client = client(server, retry: fastRetry)
        for _ in 0..<80 { _ = try await client.itemTypes.list() }
        XCTAssertEqual(server.requests.count - refusals.value, 80)
        XCTAssertLessThanOrEqual(refusals.value, 2, "pacing should avoid almost every 429")
    }

    func testWithoutPacingTheSameRunIsRefused() async throws {
        let (server, refusals) = try rateLimitedServer(limit: 20, window: .milliseconds(500))
        defer { server.stop() }
        var policy = fastRetry
        policy.paceRequests = false
        policy.maximumAttempts = 20
        // Enough backoff to outlast a whole window whatever the timing: with fastRetry's 40 ms cap
        // and jitter, 19 retries add up to about one window, and a loaded machine failed the run.
        policy.maximumBackoff = .milliseconds(100)
        policy.jitter = 0
        let client = client(server, retry: policy)
        for _ in 0..<80 { _ = try await client.itemTypes.list() }
        XCTAssertGreaterThan(refusals.value, 2, "the control run should hit the limit, or the pacing test proves nothing")
    }
}

/// Thread-safe helpers for scripted servers, log sinks and `@Sendable` callbacks.
final class LockedArray<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Element] = []
    func append(_ value: Element) { lock.lock(); storage.append(value); lock.unlock() }
    var values: [Element] { lock.lock(); defer { lock.unlock() }; return storage }
}

typealias LockedLines = LockedArray<String>

extension LockedArray<String> {
    var lines: [String] { values }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// A fixed rate-limit window, as the API keeps one per token.
final class LockedWindow: @unchecked Sendable {
    private let lock = NSLock()
    private var start = ContinuousClock.now
    private var used = 0

    /// Counts a request; returns the requests left, or -1 when this one is over the limit.
    func consume(limit: Int, window: Duration) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if now - start >= window {
            start = now
            used = 0
        }
        guard used < limit else { return -1 }
        used += 1
        return limit - used
    }
}
