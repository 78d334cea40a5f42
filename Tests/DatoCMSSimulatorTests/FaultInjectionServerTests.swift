import DatoCMSSimulator
import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fault injection as seen on the wire: each fault is applied exactly to the requests declared
/// (how many, which method and path, polls or not), with the declared effect on the project's
/// state; random faults repeat for a seed; the rate limit can be enforced; and no fault stops the
/// server from serving the next request or leaves sockets open.
final class FaultInjectionServerTests: XCTestCase {
    private typealias Fault = DatoCMSSimulator.Fault
    private typealias FaultMatcher = DatoCMSSimulator.FaultMatcher

    private static let createModel = #"{"data":{"type":"item_type","attributes":{"name":"Tag","api_key":"tag"}}}"#

    /// A raw `POST /item-types` (creating the model `tag`), for faults URLSession would hide.
    private static func rawCreateModel(port: UInt16, apiKey: String = "tag") throws -> String {
        let body = createModel.replacingOccurrences(of: "\"tag\"", with: "\"\(apiKey)\"")
        return try RawHTTP.exchange(port: port, "POST /item-types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n"
            + "Content-Type: application/vnd.api+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
    }

    private static func rawGet(port: UInt16, _ path: String) throws -> String {
        try RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n\r\n")
    }

    private func port(_ client: APIClient) throws -> UInt16 {
        try XCTUnwrap(client.baseURL.port.map(UInt16.init))
    }

    // MARK: Which requests

    func testAScriptedFaultHitsExactlyTheNextNMatchingRequests() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.injectFault(.transientError(status: 503), matching: .method("POST"), times: 2)
        XCTAssertEqual(simulator.pendingFaultCount, 2)

        let unmatched = try await client.send("GET", "/item-types")
        let first = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))
        let second = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))
        let third = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))

        XCTAssertEqual([unmatched.status, first.status, second.status, third.status], [200, 503, 503, 201])
        XCTAssertEqual(first.errorCode, "SERVICE_UNAVAILABLE")
        XCTAssertEqual(first.json?["data"]?[0]?["attributes"]?["transient"], .bool(true))
        XCTAssertEqual(simulator.itemTypes().count, 1, "the refused POSTs were not processed")
        XCTAssertEqual(simulator.pendingFaultCount, 0)
        let applied = simulator.appliedFaults()
        XCTAssertEqual(applied.map(\.fault), [.transientError(status: 503), .transientError(status: 503)])
        XCTAssertEqual(applied.map(\.method), ["POST", "POST"])
        XCTAssertEqual(applied.map(\.requestNumber), [2, 3])
        XCTAssertEqual(applied.map(\.origin), [.scripted, .scripted])
    }

    func testMatchersSelectByMethodPathAndLeavePollsAloneUnlessAsked() {
        func request(_ method: String, _ path: String) -> ReceivedRequest { ReceivedRequest(method: method, target: path, path: path) }
        let poll = request("GET", "/job-results/42")

        XCTAssertTrue(FaultMatcher.any.matches(request("DELETE", "/items/1")))
        XCTAssertFalse(FaultMatcher.any.matches(poll))
        XCTAssertFalse(FaultMatcher.method("GET").matches(poll))
        XCTAssertTrue(FaultMatcher.everything.matches(poll))
        XCTAssertTrue(FaultMatcher.jobResultPolls.matches(poll))
        XCTAssertFalse(FaultMatcher.jobResultPolls.matches(request("GET", "/items")))
        XCTAssertTrue(FaultMatcher.method("GET").includingJobResultPolls.matches(poll))
        XCTAssertTrue(FaultMatcher.method("post").matches(request("POST", "/items")))
        XCTAssertFalse(FaultMatcher.method("POST").matches(request("PUT", "/items/1")))
        let bulk = FaultMatcher.method("POST").path(prefix: "/items/bulk")
        XCTAssertTrue(bulk.matches(request("POST", "/items/bulk/publish")))
        XCTAssertFalse(bulk.matches(request("POST", "/items")))
        XCTAssertFalse(bulk.matches(request("GET", "/items/bulk/publish")))
    }

    func testScriptedFaultsAreUsedInDeclarationOrderAndSkipUnmatchedRequests() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.injectFault(.htmlErrorPage(status: 502), matching: .path(prefix: "/items"))
        simulator.injectFault(.transientError(status: 500), matching: .any)
        simulator.injectFault(.transientError(status: 504), matching: .any)

        let models = try await client.send("GET", "/item-types")     // the first matching rule is the second
        let records = try await client.send("GET", "/items")         // the first rule now matches
        let again = try await client.send("GET", "/items")           // the third
        let clean = try await client.send("GET", "/items")

        XCTAssertEqual([models.status, records.status, again.status, clean.status], [500, 502, 504, 200])
        XCTAssertEqual(records.header("Content-Type"), "text/html")
        XCTAssertTrue(String(decoding: records.body, as: UTF8.self).contains("502 Bad Gateway"))
        XCTAssertNil(records.header("X-Api-Version"), "a proxy's page carries none of the API's headers")
    }

    func testRandomFaultsRepeatForASeedAndDifferForAnother() async throws {
        // Faults that all answer, so one client can send the same sequence to every simulator.
        let kinds: [Fault] = [.transientError(status: 500), .transientError(status: 503), .htmlErrorPage(status: 502), .garbageBody, .emptyBody]
        func run(seed: UInt64) async throws -> [DatoCMSSimulator.AppliedFault] {
            let (simulator, client) = try startSimulator()
            defer { simulator.stop() }
            simulator.setRandomFaults(rate: 0.3, kinds: kinds, seed: seed)
            for index in 0..<60 { _ = try await client.send("GET", index.isMultiple(of: 2) ? "/item-types" : "/items") }
            return simulator.appliedFaults()
        }
        let first = try await run(seed: 7)
        let repeated = try await run(seed: 7)
        let other = try await run(seed: 8)

        XCTAssertEqual(first, repeated)
        XCTAssertNotEqual(first.map(\.requestNumber), other.map(\.requestNumber))
        XCTAssertTrue((6...30).contains(first.count), "about 30% of 60 requests, got \(first.count)")
        XCTAssertTrue(first.allSatisfy { $0.origin == .random && kinds.contains($0.fault) })
        XCTAssertGreaterThan(Set(first.map(\.fault)).count, 2, "kinds are drawn, not fixed")
    }

    func testRandomFaultsOnlyHitMatchingRequestsAndCanBeTurnedOff() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.setRandomFaults(rate: 1, kinds: [.transientError(status: 503)], seed: 1, matching: .method("POST"))

        let get = try await client.send("GET", "/item-types")
        let post = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))
        simulator.clearFaults()
        let postAfter = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))

        XCTAssertEqual([get.status, post.status, postAfter.status], [200, 503, 201])
        XCTAssertEqual(simulator.appliedFaults().count, 1)
        simulator.clearAppliedFaults()
        XCTAssertTrue(simulator.appliedFaults().isEmpty)
    }

    // MARK: What each fault does

    func testDroppingBeforeProcessingLeavesTheStateAloneAndAfterProcessingChangesIt() throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try port(client)

        simulator.injectFault(.dropConnectionBeforeProcessing, matching: .method("POST"))
        XCTAssertEqual(try Self.rawCreateModel(port: port, apiKey: "before"), "", "no answer at all")
        XCTAssertTrue(simulator.itemTypes().isEmpty)

        simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST"))
        XCTAssertEqual(try Self.rawCreateModel(port: port, apiKey: "after"), "", "no answer at all")
        XCTAssertEqual(simulator.itemTypes().map { $0[attribute: "api_key"] }, ["after"], "the write happened")

        XCTAssertEqual(simulator.receivedRequests().count, 2, "dropped requests are still recorded")
    }

    func testATruncatedAnswerAnnouncesMoreBytesThanItSendsThenCloses() throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try port(client)
        simulator.injectFault(.truncatedBody, matching: .method("POST"))

        let output = try Self.rawCreateModel(port: port)

        XCTAssertTrue(output.hasPrefix("HTTP/1.1 201 Created\r\n"), output)
        let parts = output.components(separatedBy: "\r\n\r\n")
        let announced = try XCTUnwrap(parts[0].components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) })
        let sent = parts.dropFirst().joined(separator: "\r\n\r\n").utf8.count
        XCTAssertGreaterThan(announced, sent)
        XCTAssertGreaterThan(sent, 0)
        XCTAssertEqual(simulator.itemTypes().count, 1, "processed before the answer was cut")
    }

    func testGarbageAndEmptyBodiesKeepTheRealStatusAfterProcessing() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.injectFault(.garbageBody, matching: .method("POST"))
        simulator.injectFault(.emptyBody, matching: .method("POST"))

        let garbage = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))
        let empty = try await client.send("POST", "/item-types", body: Data(Self.createModel.replacingOccurrences(of: "\"tag\"", with: "\"tag2\"").utf8))

        XCTAssertEqual(garbage.status, 201)
        XCTAssertNil(garbage.json, "not JSON")
        XCTAssertFalse(garbage.body.isEmpty)
        XCTAssertEqual(empty.status, 201)
        XCTAssertTrue(empty.body.isEmpty)
        XCTAssertEqual(empty.header("Content-Length"), "0")
        XCTAssertEqual(simulator.itemTypes().count, 2, "both were processed")
    }

    func testAnInjected429CarriesTheResetAndIsNotProcessed() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.injectFault(.rateLimited(resetAfterSeconds: 7), matching: .method("POST"))

        let refused = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))

        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.errorCode, "RATE_LIMIT_EXCEEDED")
        XCTAssertEqual(refused.header("X-RateLimit-Reset"), "7")
        XCTAssertEqual(refused.header("X-RateLimit-Remaining"), "0")
        XCTAssertTrue(simulator.itemTypes().isEmpty)
        XCTAssertEqual(simulator.rateLimitRefusalCount, 0, "an injected 429 is not the enforced limit")
    }

    func testADelayHoldsTheAnswerThenProcesses() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        simulator.injectFault(.delay(.milliseconds(250)), matching: .method("POST"))

        let start = ContinuousClock.now
        let created = try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8))

        XCTAssertEqual(created.status, 201)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(250))
        XCTAssertEqual(simulator.itemTypes().count, 1)
    }

    func testStoppingCutsALongDelayShort() throws {
        let (simulator, client) = try startSimulator()
        let port = try port(client)
        simulator.injectFault(.delay(.seconds(30)), matching: .any)

        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { simulator.stop() }
        let output = try Self.rawCreateModel(port: port)

        XCTAssertEqual(output, "", "the connection was shut down, not answered")
        // The delayed request was woken by stop() (not left sleeping for 30 s on its thread), and
        // went on to be processed as a delayed request is.
        let deadline = Date().addingTimeInterval(3)
        while simulator.itemTypes().isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertEqual(simulator.itemTypes().count, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    // MARK: Enforced rate limit

    func testAnEnforcedRateLimitRefusesRequestsBeyondTheWindowUntilItReopens() async throws {
        let (simulator, client) = try startSimulator(.init(rateLimit: 3, rateLimitWindow: .milliseconds(600), enforceRateLimit: true))
        defer { simulator.stop() }

        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(try await client.send("POST", "/item-types", body: Data(Self.createModel.utf8)).status) }
        let refused = try await client.send("GET", "/item-types")

        XCTAssertEqual(statuses, [201, 422, 422], "served (the repeats fail on the taken api_key)")
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.errorCode, "RATE_LIMIT_EXCEEDED")
        XCTAssertEqual(refused.header("X-RateLimit-Remaining"), "0")
        let reset = try XCTUnwrap(refused.header("X-RateLimit-Reset").flatMap(Double.init))
        XCTAssertTrue(reset > 0 && reset <= 0.6, "\(reset)")
        XCTAssertEqual(simulator.rateLimitRefusalCount, 1)

        try await Task.sleep(for: .milliseconds(Int(reset * 1000) + 20))
        let reopened = try await client.send("GET", "/item-types")
        XCTAssertEqual(reopened.status, 200)
        XCTAssertEqual(reopened.header("X-RateLimit-Remaining"), "2")
    }

    func testARefusedRequestDoesNotUseUpAScriptedFault() async throws {
        let (simulator, client) = try startSimulator(.init(rateLimit: 1, rateLimitWindow: .seconds(5), enforceRateLimit: true))
        defer { simulator.stop() }
        _ = try await client.send("GET", "/item-types")
        simulator.injectFault(.transientError(status: 503))

        let refused = try await client.send("GET", "/item-types")

        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(simulator.pendingFaultCount, 1)
        XCTAssertTrue(simulator.appliedFaults().isEmpty)
    }

    // MARK: Robustness

    func testEveryFaultLeavesTheServerServingAndClosesItsSockets() throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try port(client)
        let baseline = openDescriptorCount()

        for round in 0..<5 {
            for (index, fault) in Fault.allKinds.enumerated() where fault != .delay(.milliseconds(50)) || round == 0 {
                simulator.injectFault(fault)
                _ = try Self.rawCreateModel(port: port, apiKey: "m\(round)_\(index)")
            }
        }
        XCTAssertEqual(simulator.pendingFaultCount, 0)
        XCTAssertTrue(try Self.rawGet(port: port, "/item-types").hasPrefix("HTTP/1.1 200 OK"))

        guard let baseline else { return }  // no /proc/self/fd on this platform
        // Connection threads close their socket once the client has gone; give them a moment.
        let deadline = Date().addingTimeInterval(3)
        while let count = openDescriptorCount(), count > baseline, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertLessThanOrEqual(openDescriptorCount() ?? 0, baseline, "sockets left open after faults")
    }

    /// Open file descriptors of this process, where the platform lists them.
    private func openDescriptorCount() -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
    }
}
