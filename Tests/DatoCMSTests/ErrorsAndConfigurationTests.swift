import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// `ApiError`'s answer headers and request ID, `findError`, extra headers and the per-call
/// timeout, over loopback to the simulator or to servers scripted for the case.
final class ErrorsAndConfigurationTests: XCTestCase {
    // MARK: Request IDs and answer headers

    func testA404ExposesTheRequestIDOfItsAnswer() async throws {
        let harness = try Harness()
        defer { harness.stop() }

        var ids: [String] = []
        for _ in 0..<2 {
            do {
                _ = try await harness.client.itemTypes.find("44")
                XCTFail("expected NOT_FOUND")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 404)
                let id = try XCTUnwrap(error.requestID, "the simulator names every answer, as DatoCMS does")
                XCTAssertFalse(id.isEmpty)
                XCTAssertEqual(error.responseHeader("x-request-id"), id, "header names are case-insensitive")
                XCTAssertEqual(error.responseHeader("X-REQUEST-ID"), id)
                XCTAssertEqual(error.responseHeader("x-api-version"), "3", "all the answer's headers are kept")
                XCTAssertTrue(error.description.contains(id), error.description)
                XCTAssertFalse(error.description.contains(testToken))
                ids.append(id)
            }
        }
        XCTAssertEqual(Set(ids).count, 2, "each answer carries a fresh ID: \(ids)")
    }

    func testA422ExposesItsRequestIDAndFindErrorPicksTheEntity() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        _ = try await harness.client.itemTypes.create(name: "Post", apiKey: "post")

        let thrown: any Error
        do {
            _ = try await harness.client.itemTypes.create(name: "Post again", apiKey: "post")
            return XCTFail("a duplicate api_key must be refused")
        } catch {
            thrown = error  // as a user's `catch` sees it: `any Error`
        }
        let error = try XCTUnwrap(thrown as? ApiError, "\(thrown)")
        XCTAssertEqual(error.status, 422)
        XCTAssertNotNil(error.requestID)

        // By code and details, as the official clients' findError.
        let byField = try XCTUnwrap(error.findError("INVALID_FIELD", details: ["field": "api_key"]))
        XCTAssertEqual(byField.code, "INVALID_FIELD")
        XCTAssertEqual(byField.details["code"], "VALIDATION_UNIQUENESS")
        XCTAssertEqual(error.findError(["NOT_FOUND", "INVALID_FIELD"], details: ["field": "api_key", "code": "VALIDATION_UNIQUENESS"]), byField)
        XCTAssertEqual(error.findError("INVALID_FIELD"), byField, "no details: the code alone")
        XCTAssertEqual(error.findError("INVALID_FIELD") { $0["message"]?.stringValue?.contains("post") == true }, byField)

        // No match: another field, another validation, a key the details lack, another code, no code.
        XCTAssertNil(error.findError("INVALID_FIELD", details: ["field": "title"]))
        XCTAssertNil(error.findError("INVALID_FIELD", details: ["field": "api_key", "code": "VALIDATION_REQUIRED"]))
        XCTAssertNil(error.findError("INVALID_FIELD", details: ["record_type": "ItemType"]))
        XCTAssertNil(error.findError("NOT_FOUND"))
        XCTAssertNil(error.findError(["NOT_FOUND", "ITEM_LOCKED"]))
        XCTAssertNil(error.findError([String]()))
        XCTAssertNil(error.findError("INVALID_FIELD") { _ in false })

        // Straight from `any Error`.
        XCTAssertEqual(ApiError.findError(in: thrown, "INVALID_FIELD", details: ["field": "api_key"]), byField)
        XCTAssertEqual(ApiError.findError(in: thrown, ["STALE_ITEM_VERSION", "INVALID_FIELD"]), byField)
        XCTAssertNil(ApiError.findError(in: thrown, "INVALID_FIELD", details: ["field": "name"]))
        XCTAssertNil(ApiError.findError(in: CancellationError(), "INVALID_FIELD"))
    }

    func testFindErrorTellsEntitiesOfOneCodeApartByTheirDetails() async throws {
        // Two entities of one code, told apart only by details; numbers compare by value.
        let body = #"""
        {"data":[
          {"id":"e1","type":"api_error","attributes":{"code":"INVALID_FIELD","details":{"field":"title","code":"VALIDATION_LENGTH","max":200}}},
          {"id":"e2","type":"api_error","attributes":{"code":"INVALID_FIELD","details":{"field":"slug","code":"VALIDATION_REQUIRED"}}}
        ]}
        """#
        let server = try LoopbackHTTPServer { _ in
            .init(status: 422, headers: [("Content-Type", "application/json"), ("x-request-id", "req-lowercase-1"),
                                         ("Set-Cookie", "session=abc"), ("X-Echo", "Bearer \(testToken)")], body: Data(body.utf8))
        }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, retry: .never))

        do {
            _ = try await client.itemTypes.list()
            XCTFail("expected 422")
        } catch let error as ApiError {
            XCTAssertEqual(error.requestID, "req-lowercase-1", "found whatever the case the server wrote it in")
            XCTAssertEqual(error.findError("INVALID_FIELD", details: ["field": "slug"])?.id, "e2")
            XCTAssertEqual(error.findError("INVALID_FIELD", details: ["code": "VALIDATION_LENGTH"])?.id, "e1")
            XCTAssertEqual(error.findError("INVALID_FIELD", details: ["max": 200.0])?.id, "e1")
            XCTAssertEqual(error.findError("INVALID_FIELD", details: ["max": 200])?.id, "e1")
            XCTAssertNil(error.findError("INVALID_FIELD", details: ["max": "200"]), "a string is not a number")
            XCTAssertNil(error.findError("INVALID_FIELD", details: ["field": "slug", "code": "VALIDATION_LENGTH"]), "all details must match one entity")
            // Headers are kept redacted like everything else in an error.
            XCTAssertEqual(error.responseHeader("set-cookie"), "<redacted>")
            let echoed = try XCTUnwrap(error.responseHeader("X-Echo"))
            XCTAssertFalse(echoed.contains(testToken), echoed)
            for text in [error.description, String(reflecting: error), "\(error.responseHeaders)"] {
                XCTAssertFalse(text.contains(testToken), text)
                XCTAssertFalse(text.contains("session=abc"), text)
            }
        }
    }

    func testAFailedJobsHeadersAreThoseOfTheAnswerThatReportedIt() async throws {
        let polls = LockedLines()
        let server = try LoopbackHTTPServer { request in
            let json = [("Content-Type", "application/json")]
            if request.path.hasPrefix("/job-results/") {
                polls.append(request.path)
                let body = #"{"data":{"id":"job-7","type":"job_result","attributes":{"status":422,"payload":{"data":[{"id":"e","type":"api_error","attributes":{"code":"INVALID_FIELD","details":{"field":"title"}}}]}}}}"#
                return .init(status: 200, headers: json + [("X-Request-Id", "poll-answer")], body: Data(body.utf8))
            }
            return .init(status: 202, headers: json + [("X-Request-Id", "accepting-answer")], body: Data(#"{"data":{"id":"job-7","type":"job"}}"#.utf8))
        }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: .never))

        do {
            _ = try await client.items.raw.bulkPublish(ItemBulkPublishBody(items: ["a"]))
            XCTFail("the job failed")
        } catch let error as ApiError {
            XCTAssertEqual(error.jobID, "job-7")
            XCTAssertEqual(error.status, 422)
            XCTAssertEqual(error.requestID, "poll-answer", "the failure was reported by the job-result answer")
            XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": "title"]))
        }
        XCTAssertEqual(polls.lines, ["/job-results/job-7"])
    }

    // MARK: Extra headers

    func testExtraHeadersGoWithEveryAPIRequestButNotToStorage() async throws {
        let simulator = DatoCMSSimulator(options: .init(apiToken: testToken, jobDuration: .milliseconds(20)))
        let url = try simulator.start()
        defer { simulator.stop() }
        let configuration = ClientConfiguration(
            apiToken: testToken, baseURL: url, extraHeaders: ["X-Trace-Id": "trace-42", "x-tenant": "acme\tteam b"],
            jobPolling: fastPolling, retry: fastRetry)
        let client = DatoCMSClient(configuration: configuration)

        let upload = try await client.uploads.upload(data: Data("hello".utf8), filename: "hello.txt")
        _ = try await client.itemTypes.list()
        XCTAssertFalse(upload.id.isEmpty)

        let received = simulator.receivedRequests()
        let storage = received.filter { $0.path.hasPrefix("/_storage/") }
        let api = received.filter { !$0.path.hasPrefix("/_storage/") }
        XCTAssertEqual(storage.count, 1, received.map { "\($0.method) \($0.path)" }.joined(separator: "\n"))
        XCTAssertTrue(api.contains { $0.path.hasPrefix("/job-results/") }, "job polls are API requests too")
        XCTAssertGreaterThanOrEqual(api.count, 4)
        for request in api {
            XCTAssertEqual(request.header("X-Trace-Id"), "trace-42", "\(request.method) \(request.path)")
            XCTAssertEqual(request.header("X-Tenant"), "acme\tteam b")
            XCTAssertEqual(request.header("Authorization"), "Bearer \(testToken)", "the SDK's own headers stay")
            XCTAssertEqual(request.header("X-Api-Version"), "3")
        }
        for request in storage {
            XCTAssertNil(request.header("X-Trace-Id"), "extra headers are for the API host only")
            XCTAssertNil(request.header("X-Tenant"))
        }

        // The configuration shows header names only: a value may be a gateway's key.
        var dumped = ""
        dump(configuration, to: &dumped)
        XCTAssertTrue(dumped.contains("X-Trace-Id"), dumped)
        XCTAssertFalse(dumped.contains("trace-42"), dumped)
    }

    func testExtraHeadersCannotReplaceWhatTheSDKSends() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let url = try XCTUnwrap(harness.simulator.baseURL)
        let owned = ["Authorization", "authorization", "AUTHORIZATION", "X-Api-Version", "x-environment", "Content-Type",
                     "Accept", "User-Agent", "Accept-Encoding", "Host", "Content-Length", "Transfer-Encoding", "Connection"]
        for name in owned {
            let client = DatoCMSClient(configuration: ClientConfiguration(
                apiToken: testToken, baseURL: url, extraHeaders: [name: "Bearer stolen-\(name)"], retry: fastRetry))
            do {
                _ = try await client.itemTypes.list()
                XCTFail("\(name) was accepted")
            } catch let error as ConfigurationError {
                XCTAssertEqual(error, .reservedHeader(name))
                XCTAssertFalse(error.description.contains("stolen"), error.description)
            }
            do {
                _ = try await client.itemTypes.create(name: "Post", apiKey: "post")
                XCTFail("\(name) was accepted")
            } catch is ConfigurationError {}
        }
        XCTAssertTrue(harness.simulator.receivedRequests().isEmpty, "nothing may be sent")
    }

    func testInvalidExtraHeadersAreATypedErrorWithNothingSent() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let url = try XCTUnwrap(harness.simulator.baseURL)
        func attempt(_ headers: [String: String]) async -> (any Error)? {
            let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: url, extraHeaders: headers, retry: fastRetry))
            do {
                _ = try await client.itemTypes.list()
                return nil
            } catch {
                return error
            }
        }

        for name in ["", "X Trace", "X-Trace:", "X-Trace\r\nX-Injected", "X-Trace\n", "Tràce", "X-(Trace)", "X-Trace\u{0}"] {
            let error = await attempt([name: "1"])
            XCTAssertEqual(error as? ConfigurationError, .invalidHeaderName(name), "\(name.debugDescription): \(String(describing: error))")
        }
        for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u{0}b", "a\u{7F}b", "ça va", "a\u{85}b"] {
            let error = await attempt(["X-Trace": value])
            XCTAssertEqual(error as? ConfigurationError, .invalidHeaderValue(name: "X-Trace"), "\(value.debugDescription): \(String(describing: error))")
            XCTAssertFalse("\(String(describing: error))".contains(value), "the value may be a secret: it is not repeated")
        }
        XCTAssertTrue(harness.simulator.receivedRequests().isEmpty, "nothing may be sent")

        // The same client works once the headers are valid.
        let valid = await attempt(["X-Trace": "ok", "X-Empty": ""])
        XCTAssertNil(valid)
        XCTAssertEqual(harness.simulator.receivedRequests().count, 1)
    }

    // MARK: Timeout

    func testTheCallTimeoutIsAOneLinerInTheInitializer() async throws {
        let received = LockedLines()
        let server = try HostileServers.silent(for: 30) { received.append("\($0.method) \($0.path)") }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: server.baseURL, timeouts: RequestTimeouts(call: .seconds(1))))

        let start = ContinuousClock.now
        let outcome = await finishes(within: 40) { try await client.itemTypes.list() }
        let elapsed = ContinuousClock.now - start
        guard case .failure(DatoCMSError.timedOut(let request, let limit, _))? = outcome else {
            return XCTFail("expected a time-out, got \(String(describing: outcome))")
        }
        XCTAssertEqual(limit, "RequestTimeouts.call")
        XCTAssertTrue(request.url.hasSuffix("/item-types"), request.url)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(900), "the deadline cannot pass early")
        // The defaults (60 s per attempt) would still be waiting: the server is silent for 30 s.
        XCTAssertLessThan(elapsed, .seconds(20), "the one-second call deadline did not apply")
        XCTAssertGreaterThanOrEqual(received.lines.count, 1)
    }
}
