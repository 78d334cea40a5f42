import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The client's rate-limit pacing against a simulator that enforces a small limit: what matters is
/// how many requests the API refused, so the tests count `429`s, never time.
final class PacingTests: XCTestCase {
    /// A short window keeps the tests fast; client and simulator agree on it, as they do with the real API.
    private static let window = Duration.milliseconds(400)

    private func pacedHarness(limit: Int, window: Duration = PacingTests.window, paced: Bool = true) throws -> Harness {
        let retry = RetryPolicy(maximumAttempts: paced ? 5 : 30, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(40), maximumTotalWait: .seconds(20),
                                paceRequests: paced, rateLimitWindow: window)
        return try Harness(retry: retry) { options in
            options.rateLimit = limit
            options.rateLimitWindow = window
            options.enforceRateLimit = true
        }
    }

    /// `tasks` tasks, each creating `each` records one after another, all on one client.
    private func createConcurrently(_ client: DatoCMSClient, model: ItemType, tasks: Int, each: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<each {
                        _ = try await client.items.create(attributes: Article(title: "T\(task)", slug: "t\(task)-\(index)"), itemType: model.id)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Concurrent tasks share one count: each answer's `X-RateLimit-Remaining` must not reset what
    /// the other tasks' requests in flight have already spent.
    func testConcurrentTasksGetNoRefusalUnderAnEnforcedLimit() async throws {
        let harness = try pacedHarness(limit: 10)
        defer { harness.stop() }
        let model = try await harness.makeModel()   // the first answers tell the client the limit
        let client = harness.client

        try await createConcurrently(client, model: model, tasks: 12, each: 4)

        XCTAssertEqual(harness.simulator.rateLimitRefusalCount, 0, "the client overran the limit")
        XCTAssertEqual(harness.simulator.records().count, 48)
        XCTAssertEqual(harness.simulator.receivedRequests().filter { $0.method == "POST" && $0.path == "/items" }.count, 48,
                       "every create sent once: none refused and retried")
    }

    /// Without pacing, the same run is refused: the test above proves something.
    func testWithoutPacingTheSameConcurrentRunIsRefused() async throws {
        let harness = try pacedHarness(limit: 10, paced: false)
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let client = harness.client
        try await createConcurrently(client, model: model, tasks: 12, each: 4)
        XCTAssertGreaterThan(harness.simulator.rateLimitRefusalCount, 0)
    }

    /// Requests the client did not make (another process with the same token) show only in
    /// `X-RateLimit-Remaining`; the client must count them too.
    func testRequestsByOthersReportedByTheServerAreRespected() async throws {
        let window = Duration.seconds(1)
        let harness = try pacedHarness(limit: 10, window: window)
        defer { harness.stop() }
        // Another client, not pacing, spends 8 of the 10 requests of the window.
        let other = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: harness.simulator.baseURL!, retry: RetryPolicy(maximumAttempts: 1, paceRequests: false)))
        for _ in 0..<8 { _ = try await other.itemTypes.list() }

        for _ in 0..<6 { _ = try await harness.client.itemTypes.list() }

        XCTAssertEqual(harness.simulator.rateLimitRefusalCount, 0, "the client ignored what the server said was left")
        XCTAssertEqual(harness.simulator.receivedRequests().filter { $0.path == "/item-types" }.count, 14)
    }

    /// A request whose answer never comes still stops counting: lost connections must not use up
    /// the budget for good and stall the client.
    func testRequestsWithoutAnAnswerDoNotExhaustTheBudget() async throws {
        let harness = try pacedHarness(limit: 3, window: .milliseconds(200))
        defer { harness.stop() }
        _ = try await harness.client.itemTypes.list()   // learns the limit
        // A body cut short: the transport fails, the pacer sees no answer. (A dropped connection would do
        // too, but the transport may resend a GET on its own, which no client-side count can see.)
        harness.simulator.injectFault(.truncatedBody, matching: .method("GET"), times: 4)

        for _ in 0..<6 { _ = try await harness.client.itemTypes.list() }

        XCTAssertEqual(harness.simulator.appliedFaults().count, 4)
        XCTAssertEqual(harness.simulator.rateLimitRefusalCount, 0)
    }
}
