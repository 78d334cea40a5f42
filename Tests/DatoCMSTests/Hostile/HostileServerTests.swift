import DatoCMS
import DatoCMSSimulator
import DatoCMSSoak
import Foundation
import XCTest

/// The client against servers that misbehave the way real networks and proxies do. Whatever they
/// send, the token stays on the API's origin, and the call ends in a typed error, in bounded time
/// and memory.
final class HostileServerTests: XCTestCase {
    let secret = "dato-hostile-token-7d2e9b4c1a6f3e8d0b5c"

    private func client(_ server: LoopbackHTTPServer, token: String? = nil, retry: RetryPolicy = fastRetry,
                        timeouts: RequestTimeouts = .default, polling: JobPollingPolicy = fastPolling,
                        maximumResponseSize: Int = 64 << 20) -> DatoCMSClient {
        DatoCMSClient(configuration: ClientConfiguration(
            apiToken: token ?? secret, baseURL: server.baseURL, jobPolling: polling, retry: retry, timeouts: timeouts,
            maximumResponseSize: maximumResponseSize))
    }

    // MARK: 1. Redirects never carry the token anywhere

    func testRedirectsAreNeverFollowedAndTheTokenStaysHome() async throws {
        let stolen = LockedLines()
        let thief = try LoopbackHTTPServer { request in
            stolen.append("\(request.method) \(request.target) auth=\(request.header("Authorization") ?? "none")")
            return .init(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":[]}"#.utf8))
        }
        defer { thief.stop() }
        let thiefPort = try XCTUnwrap(thief.baseURL.port)
        for target in [thief.baseURL.absoluteString, "http://localhost:\(thiefPort)"] {
            for status in [301, 302, 303, 307, 308] {
                let origin = try LoopbackHTTPServer { _ in
                    .init(status: status, headers: [("Location", "\(target)/stolen?from=\(status)")], body: Data("moved".utf8))
                }
                defer { origin.stop() }
                let core = client(origin).core
                for method in ["GET", "POST", "PUT"] {
                    let request = APIRequest(method: method, pathSegments: ["item-types"], body: method == "GET" ? nil : Data("{}".utf8))
                    do {
                        try await core.send(request)
                        XCTFail("\(status) \(method) succeeded")
                    } catch DatoCMSError.redirected(let summary, let answered, let location) {
                        XCTAssertEqual(answered, status)
                        XCTAssertEqual(location, "\(target)/stolen?from=\(status)")
                        XCTAssertEqual(summary.url, "\(origin.baseURL.absoluteString)/item-types")
                        let text = "\(DatoCMSError.redirected(request: summary, status: answered, location: location))"
                        XCTAssertTrue(text.contains(origin.baseURL.absoluteString) && text.contains(target), text)
                    } catch {
                        XCTFail("\(status) \(method): expected DatoCMSError.redirected, got \(error)")
                    }
                }
            }
        }
        XCTAssertEqual(stolen.lines, [], "a redirect was followed")
    }

    func testStorageUploadsDoNotFollowRedirectsEither() async throws {
        let stolen = LockedLines()
        let thief = try LoopbackHTTPServer { request in
            stolen.append("\(request.method) \(request.target)")
            return .init(status: 200)
        }
        defer { thief.stop() }
        let storage = try LoopbackHTTPServer { _ in .init(status: 307, headers: [("Location", thief.baseURL.absoluteString + "/bucket")]) }
        defer { storage.stop() }
        do {
            _ = try await client(storage).core.sendWithoutCredentials(HTTPRequest(method: "PUT", url: storage.baseURL.appendingPathComponent("file"), body: Data("bytes".utf8)))
            XCTFail("the redirect was followed")
        } catch DatoCMSError.redirected(_, let status, let location) {
            XCTAssertEqual(status, 307)
            XCTAssertEqual(location, thief.baseURL.absoluteString + "/bucket")
        }
        XCTAssertEqual(stolen.lines, [])
    }

    // MARK: 2. Rate-limit headers cannot trap or stall

    func testAbsurdRateLimitResetsNeitherTrapNorStall() async throws {
        let farFuture = String(Int(Date().timeIntervalSince1970) + 3 * 86_400)
        for reset in ["1e20", "inf", "-inf", "nan", "-5", "abc", "", "99999999999999999999999", farFuture] {
            let answers = LockedCounter()
            let server = try LoopbackHTTPServer { _ in
                answers.increment()
                return .init(status: 429, headers: [
                    ("Content-Type", "application/json"), ("X-RateLimit-Reset", reset),
                    ("X-RateLimit-Limit", "99999999999999999999999"), ("X-RateLimit-Remaining", "-3"),
                ], body: Data(#"{"data":[{"id":"1","type":"api_error","attributes":{"code":"RATE_LIMIT_EXCEEDED","details":{}}}]}"#.utf8))
            }
            defer { server.stop() }
            // Short windows and few attempts: what is tested is that each call ends, not how it waits.
            let retry = RetryPolicy(maximumAttempts: 2, initialBackoff: .milliseconds(5), maximumTotalWait: .seconds(5), rateLimitWindow: .milliseconds(50))
            let core = client(server, retry: retry).core
            // Twice: the second call meets whatever pause the first left behind.
            for call in 1...2 {
                let outcome = await finishes(within: 30) { try await core.send(APIRequest(method: "GET", pathSegments: ["items"], query: nil)) }
                guard case .failure(let error)? = outcome else {
                    XCTFail("reset \(reset.debugDescription), call \(call): \(String(describing: outcome))")
                    continue
                }
                XCTAssertEqual((error as? ApiError)?.status, 429, "reset \(reset.debugDescription), call \(call): \(error)")
            }
            XCTAssertGreaterThan(answers.value, 0)
        }
    }

    func testAResetGivenAsAUnixTimeIsHonoured() async throws {
        let answers = LockedCounter()
        let server = try LoopbackHTTPServer { _ in
            answers.increment()
            if answers.value == 1 {
                let reopens = String(Int(Date().timeIntervalSince1970.rounded(.up)) + 1)
                return .init(status: 429, headers: [("X-RateLimit-Reset", reopens)])
            }
            return .init(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":[]}"#.utf8))
        }
        defer { server.stop() }
        // A Unix time read as seconds would be ~56 years: far past the budget, so the call would fail.
        let client = client(server)
        let result = await finishes(within: 30) { try await client.itemTypes.list() }
        guard case .success(let list)? = result else { return XCTFail("\(String(describing: result))") }
        XCTAssertEqual(list.count, 0)
        XCTAssertEqual(answers.value, 2)
    }

    func testAbsurdStatusLinesAndHeadersEndInTypedErrors() async throws {
        let heads = [
            "HTTP/1.1 200 OK\r\nX-Padding: \(String(repeating: "a", count: 300_000))\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 99999999999999999999 Huge\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}",
            "HTTP/1.1 429 Too Many\r\nX-RateLimit-Reset: \(String(repeating: "9", count: 5000))\r\nContent-Length: 0\r\n\r\n",
            "NOT HTTP AT ALL\r\n\r\n",
            "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Many: 1\r\n", count: 20_000) + "Content-Length: 2\r\n\r\n{}",
        ]
        for head in heads {
            let server = try LoopbackHTTPServer { _, connection in connection.write(head) }
            defer { server.stop() }
            let core = client(server, retry: .never).core
            let outcome = await finishes(within: 30) { try await core.send(APIRequest(method: "GET", pathSegments: ["items"], query: nil), decoding: JSONValue.self) }
            let label = String(head.prefix(60)).debugDescription
            switch outcome {
            case .success?:
                continue  // libcurl may accept some of these; what matters is that nothing traps or hangs
            case .failure(let error)?:
                XCTAssertTrue(error is ApiError || error is DatoCMSError, "\(label): untyped \(type(of: error)): \(error)")
            case nil:
                XCTFail("\(label) hung")
            }
        }
    }

    // MARK: 3. Size limits hold while reading

    private func assertRefusedForSize(_ server: LoopbackHTTPServer, _ label: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let limit = 1 << 20
        let core = client(server, maximumResponseSize: limit).core
        let sampler = MemorySampler()
        let outcome = await finishes(within: 60, file: file, line: line) {
            try await core.send(APIRequest(method: "GET", pathSegments: ["item-types"], query: nil), decoding: JSONValue.self)
        }
        let grown = sampler.stop()
        guard case .failure(let error)? = outcome else { return XCTFail("\(label): \(String(describing: outcome))", file: file, line: line) }
        guard case DatoCMSError.unexpectedResponse(_, _, let reason, _) = error else {
            return XCTFail("\(label): expected unexpectedResponse, got \(error)", file: file, line: line)
        }
        XCTAssertTrue(reason.contains("over the limit of \(limit) bytes"), "\(label): \(reason)", file: file, line: line)
        if MemorySampler.isAvailable {
            // The server offers 256 MiB; reading it all is what this guards against.
            XCTAssertLessThan(grown, 48 << 20, "\(label): resident memory grew by \(grown >> 20) MiB", file: file, line: line)
        }
    }

    func testAnEndlessChunkedBodyStopsAtTheLimit() async throws {
        let server = try HostileServers.endlessChunked()
        defer { server.stop() }
        try await assertRefusedForSize(server, "endless chunked")
    }

    func testAHugeContentLengthIsRefusedBeforeReading() async throws {
        let server = try HostileServers.hugeContentLength()
        defer { server.stop() }
        try await assertRefusedForSize(server, "2 GB Content-Length")
    }

    func testAGzipBombStopsAtTheLimitOfInflatedBytes() async throws {
        let server = try HostileServers.gzipBomb()
        defer { server.stop() }
        try await assertRefusedForSize(server, "gzip bomb")
    }

    func testAnHonestGzipAnswerStillDecodes() async throws {
        let json = Data(#"{"data":[{"id":"7","type":"item_type","attributes":{"name":"Zipped"}}]}"#.utf8)
        let body = Gzip.stored(json)
        let server = try LoopbackHTTPServer { _ in
            .init(status: 200, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")], body: body)
        }
        defer { server.stop() }
        let value = try await client(server).core.send(APIRequest(method: "GET", pathSegments: ["item-types"], query: nil), decoding: JSONValue.self)
        XCTAssertEqual(value["data"]?[0]?["id"], "7")
    }

    // MARK: 4. Deadlines

    func testATrickleIsCutOffByTheAttemptTimeout() async throws {
        let server = try HostileServers.trickle()
        defer { server.stop() }
        let core = client(server, retry: .never, timeouts: RequestTimeouts(attempt: .milliseconds(500), call: .seconds(5))).core
        let outcome = await finishes(within: 30) { try await core.send(APIRequest(method: "GET", pathSegments: ["items"], query: nil), decoding: JSONValue.self) }
        guard case .failure(DatoCMSError.timedOut(_, let limit, _))? = outcome else { return XCTFail("\(String(describing: outcome))") }
        XCTAssertEqual(limit, "RequestTimeouts.attempt")
    }

    func testABlackHoledCallEndsAtItsDeadlineWithRetriesInside() async throws {
        let received = LockedLines()
        let server = try HostileServers.silent(for: 20) { received.append("\($0.method) \($0.target)") }
        defer { server.stop() }
        let timeouts = RequestTimeouts(attempt: .milliseconds(300), call: .seconds(2))
        let core = client(server, timeouts: timeouts).core
        let outcome = await finishes(within: 30) { try await core.send(APIRequest(method: "GET", pathSegments: ["items"], query: nil), decoding: JSONValue.self) }
        guard case .failure(DatoCMSError.timedOut)? = outcome else { return XCTFail("\(String(describing: outcome))") }
        // Timed-out GETs are retried (as lost connections), within the call's deadline.
        XCTAssertGreaterThan(received.lines.count, 1, received.lines.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(received.lines.count, fastRetry.maximumAttempts)
    }

    func testATimedOutPostIsNotResent() async throws {
        let received = LockedLines()
        let server = try HostileServers.silent(for: 20) { received.append("\($0.method) \($0.target)") }
        defer { server.stop() }
        let core = client(server, timeouts: RequestTimeouts(attempt: .milliseconds(300), call: .seconds(5))).core
        let outcome = await finishes(within: 30) { try await core.send(APIRequest(method: "POST", pathSegments: ["items"], body: Data("{}".utf8))) }
        guard case .failure(DatoCMSError.timedOut)? = outcome else { return XCTFail("\(String(describing: outcome))") }
        XCTAssertEqual(received.lines, ["POST /items"], "a POST that may have been processed was sent again")
    }

    func testAHangingJobPollIsBoundedByTheJobTimeout() async throws {
        let server = try LoopbackHTTPServer { request, connection in
            if request.path.hasPrefix("/job-results/") {
                connection.waitUntilClosed(timeout: 20)  // never answers in time
                return
            }
            let body = #"{"data":{"id":"job-1","type":"job"}}"#
            connection.write("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        defer { server.stop() }
        let polling = JobPollingPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50), timeout: .seconds(1))
        let core = client(server, polling: polling).core
        let outcome = await finishes(within: 30) {
            try await core.sendJob(APIRequest(method: "PUT", pathSegments: ["items", "1", "publish"], query: nil), decoding: JSONValue.self)
        }
        guard case .failure(DatoCMSError.jobTimedOut(let jobID, _))? = outcome else { return XCTFail("\(String(describing: outcome))") }
        XCTAssertEqual(jobID, "job-1")
    }

    // MARK: 5. Errors and requests are redacted like logs

    func testErrorPagesThatEchoTheRequestCannotLeakTheToken() async throws {
        for token in [secret, "abc12"] {
            let pages: [(Int, String, String)] = [
                (400, "text/html", "<html><body><h1>Bad Request</h1><pre>GET /items HTTP/1.1\nAuthorization: Bearer \(token)\nX-Api-Version: 3</pre></body></html>"),
                (502, "application/json", #"{"error":"bad gateway","request":{"headers":{"authorization":"Bearer \#(token)","accept":"application/json"}}}"#),
                (502, "text/html", "<table><tr><td>Authorization</td><td>Bearer \(token)</td></tr></table>"),
                (422, "application/json", #"{"data":[{"id":"e1","type":"api_error","attributes":{"code":"INVALID","details":{"echo":"Bearer \#(token)","authorization":"\#(token)"}}}]}"#),
            ]
            for (status, type, page) in pages {
                let server = try LoopbackHTTPServer { _ in .init(status: status, headers: [("Content-Type", type)], body: Data(page.utf8)) }
                defer { server.stop() }
                do {
                    try await client(server, token: token, retry: .never).core.send(APIRequest(method: "POST", pathSegments: ["items"], body: Data("{}".utf8)))
                    XCTFail("expected an error")
                } catch {
                    var dumped = ""
                    dump(error, to: &dumped)
                    for text in [String(describing: error), String(reflecting: error), dumped, (error as? ApiError)?.responseBody ?? ""] {
                        XCTAssertFalse(text.contains("Bearer \(token)") || (token.count >= 8 && text.contains(token)), "token \(token) leaked: \(text.prefix(600))")
                    }
                    XCTAssertTrue(dumped.contains("<redacted>"), dumped)
                }
            }
        }
    }

    func testRequestsDescribeAndDumpWithoutCredentials() throws {
        for token in [secret, "abc12"] {
            let request = HTTPRequest(
                method: "POST", url: URL(string: "https://site-api.datocms.com/items")!,
                headers: [("Authorization", "Bearer \(token)"), ("Cookie", "session=\(token)"), ("X-Api-Version", "3")],
                body: Data(#"{"note":"Authorization: Bearer \#(token)"}"#.utf8))
            var dumped = ""
            dump(request, to: &dumped)
            let response = HTTPResponse(status: 400, headers: [("Set-Cookie", "session=\(token)")], body: Data("echo: Bearer \(token)".utf8))
            var dumpedResponse = ""
            dump(response, to: &dumpedResponse)
            for text in [String(describing: request), String(reflecting: request), dumped, "\(RequestSummary(request).headers)",
                         RequestSummary(request).body ?? "", String(reflecting: response), dumpedResponse] {
                XCTAssertFalse(text.contains(token), "token \(token) leaked: \(text)")
            }
            XCTAssertTrue(String(reflecting: request).contains("X-Api-Version: 3"))
        }
    }

    // MARK: 6. Where the write already happened

    func testARetriedDeleteThatFindsNothingSucceeds() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let record = try await harness.makeRecords(1, model: model)[0]
        // Processed, then the answer breaks off: the client cannot tell whether the record went.
        harness.simulator.injectFault(.truncatedBody, matching: .method("DELETE").path(prefix: "/items/"))
        let deleted = try await harness.client.items.destroy(record.id)
        XCTAssertNil(deleted, "the record's last state was in the lost answer")
        XCTAssertNil(harness.simulator.record(id: record.id))
        let deletes = harness.takeRequests().filter { $0.method == "DELETE" }
        XCTAssertEqual(deletes.count, 2, "the DELETE was retried once")

        // Without a retry, a 404 is still an error.
        do {
            _ = try await harness.client.items.destroy(record.id)
            XCTFail("deleting a missing record succeeded")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 404)
        }
    }

    func testARetriedDeleteAnswered404DirectlySucceedsButAFirst404DoesNot() async throws {
        let deletes = LockedCounter()
        let server = try LoopbackHTTPServer { request in
            deletes.increment()
            // The first attempt fails in a way that may have deleted it (a gateway error), then it is gone.
            return deletes.value == 1
                ? .init(status: 502, body: Data("<html>Bad Gateway</html>".utf8))
                : .init(status: 404, headers: [("Content-Type", "application/json")],
                        body: Data(#"{"data":[{"id":"e","type":"api_error","attributes":{"code":"NOT_FOUND","details":{}}}]}"#.utf8))
        }
        defer { server.stop() }
        let core = client(server).core
        let request = APIRequest(method: "DELETE", pathSegments: ["item-types", "42"], query: nil)
        let deleted = try await core.sendDeletion(request, decoding: JSONValue.self)
        XCTAssertNil(deleted)
        XCTAssertEqual(deletes.value, 2)
        do {
            _ = try await core.sendDeletion(request, decoding: JSONValue.self)
            XCTFail("a first-attempt 404 succeeded")
        } catch let error as ApiError {
            XCTAssertEqual(error.code, "NOT_FOUND")
        }
    }

    func testAJobResultWithAnInformationalStatusIsPolledAgain() async throws {
        let polls = LockedCounter()
        let server = try LoopbackHTTPServer { request in
            let json = [("Content-Type", "application/json")]
            if request.path.hasPrefix("/job-results/") {
                polls.increment()
                let status = polls.value < 3 ? 102 : 200
                return .init(status: 200, headers: json, body: Data(#"{"data":{"id":"job-9","type":"job_result","attributes":{"status":\#(status),"payload":{"done":\#(status == 200)}}}}"#.utf8))
            }
            return .init(status: 202, headers: json, body: Data(#"{"data":{"id":"job-9","type":"job"}}"#.utf8))
        }
        defer { server.stop() }
        let payload = try await client(server).core.sendJob(APIRequest(method: "PUT", pathSegments: ["items", "1", "publish"], query: nil), decoding: JSONValue.self)
        XCTAssertEqual(payload["done"], true)
        XCTAssertEqual(polls.value, 3)
    }
}
