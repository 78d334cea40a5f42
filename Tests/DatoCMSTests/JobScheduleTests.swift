import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The job-polling schedule: its delays as a pure function, the number of polls a job of known
/// length takes in the simulator, and a payload decoded straight from the answer.
final class JobScheduleTests: XCTestCase {
    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The instants of the first `count` polls, in seconds after the job started.
    private func pollTimes(_ policy: JobPollingPolicy, count: Int) -> [Double] {
        var elapsed = 0.0
        return (0..<count).map { attempt in
            elapsed += seconds(policy.delay(beforeAttempt: attempt))
            return (elapsed * 1000).rounded() / 1000
        }
    }

    func testTheDefaultPollsAtHalfASecondThenAtIntervalsOneSecondLongerUpToSix() {
        let policy = JobPollingPolicy.default
        XCTAssertEqual((0..<9).map { seconds(policy.delay(beforeAttempt: $0)) }, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6, 6, 6])
        XCTAssertEqual(pollTimes(policy, count: 8), [0.5, 2, 4.5, 8, 12.5, 18, 24, 30])
        XCTAssertEqual(policy.timeout, .seconds(300))
        XCTAssertEqual(JobPollingPolicy(), policy)
    }

    /// Over the job lengths of issue 13, the default polls no more than the TypeScript client
    /// (at 1, 3, 6, 10, 15, 21… s: each interval a second longer) and notices the end sooner.
    func testTheDefaultBeatsTheTypeScriptRuleOnPollsAndOvershoot() {
        let lengths = [0.3, 1.5, 3.5, 7, 12, 30]
        let ours = pollTimes(.default, count: 60)
        let typeScript = (1...60).map { Double($0 * ($0 + 1) / 2) }
        func totals(_ times: [Double]) -> (polls: Int, overshoot: Double) {
            lengths.reduce((0, 0)) { total, length in
                let index = times.firstIndex { $0 >= length }!
                return (total.polls + index + 1, total.overshoot + times[index] - length)
            }
        }
        let (ourPolls, ourOvershoot) = totals(ours)
        let (theirPolls, theirOvershoot) = totals(typeScript)
        XCTAssertEqual(theirPolls, 23)
        XCTAssertEqual(theirOvershoot, 16.7, accuracy: 0.001)
        XCTAssertLessThanOrEqual(ourPolls, theirPolls)
        XCTAssertLessThanOrEqual(ourOvershoot, theirOvershoot / 4)
    }

    func testAGeometricPolicyKeepsItsMeaning() {
        let policy = JobPollingPolicy(initialDelay: .milliseconds(250), multiplier: 1.5, maximumDelay: .seconds(5))
        XCTAssertEqual((0..<4).map { seconds(policy.delay(beforeAttempt: $0)) }, [0.25, 0.375, 0.5625, 0.84375])
        XCTAssertEqual(policy.delay(beforeAttempt: 50), .seconds(5))
    }

    func testIncrementAndMultiplierCombine() {
        // d(n+1) = d(n) × 2 + 0.1 s: 0.1, 0.3, 0.7, 1.5, then the 2 s cap.
        let policy = JobPollingPolicy(initialDelay: .milliseconds(100), multiplier: 2, increment: .milliseconds(100), maximumDelay: .seconds(2))
        XCTAssertEqual((0..<5).map { (seconds(policy.delay(beforeAttempt: $0)) * 1000).rounded() }, [100, 300, 700, 1500, 2000])
    }

    func testExtremeParametersNeitherTrapNorWaitForever() {
        let huge = JobPollingPolicy(initialDelay: .seconds(1), multiplier: .infinity, increment: .seconds(1_000_000), maximumDelay: .seconds(7))
        XCTAssertEqual(huge.delay(beforeAttempt: Int.max), .seconds(7))
        XCTAssertEqual(JobPollingPolicy.default.delay(beforeAttempt: Int.max), .seconds(6))
        XCTAssertEqual(JobPollingPolicy(increment: .seconds(-3)).delay(beforeAttempt: 3), .milliseconds(500), "a negative increment counts as none")
    }

    /// A 1.2 s job, awaited with the default schedule: one poll finds it running (at 0.5 s), the
    /// next (at 2 s) finds it done. The old default (250 ms × 1.5) polled four times.
    func testAJobOfKnownLengthIsPolledTwiceWithTheDefaultSchedule() async throws {
        let harness = try Harness(jobDuration: .milliseconds(1200), polling: .default)
        defer { harness.stop() }

        // IDs that do not exist: the job still runs its full length, and counts them as failed.
        let result = try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ["a", "b"]))

        XCTAssertEqual(result.meta.failed, 2)
        let requests = harness.simulator.receivedRequests().map { "\($0.method) \($0.path.hasPrefix("/job-results/") ? "/job-results" : $0.path)" }
        XCTAssertEqual(requests, ["POST /items/bulk/publish", "GET /job-results", "GET /job-results"])
    }

    /// The payload is decoded from the answer itself, as the caller's type: a number no `Double`
    /// holds exactly survives, as it would not through an intermediate `JSONValue`.
    func testAJobPayloadIsDecodedOnceStraightFromTheAnswer() async throws {
        struct Counts: Decodable, Equatable { var processed: UInt64 }
        let server = try LoopbackHTTPServer { _ in
            LoopbackHTTPServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"""
                {"data":{"id":"job-1","type":"job_result","attributes":{"status":200,"payload":{"processed":18446744073709551615}}}}
                """#.utf8))
        }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))

        let counts = try await client.jobs.wait(for: "job-1", as: Counts.self)

        XCTAssertEqual(counts, Counts(processed: .max))
    }

    /// A payload that is not the expected type names the key inside the payload.
    func testAnUndecodablePayloadNamesTheKeyInsideIt() async throws {
        struct Counts: Decodable { var processed: Int }
        let server = try LoopbackHTTPServer { _ in
            LoopbackHTTPServer.Response(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"""
                {"data":{"id":"job-1","type":"job_result","attributes":{"status":200,"payload":{"processed":"many"}}}}
                """#.utf8))
        }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))

        do {
            _ = try await client.jobs.wait(for: "job-1", as: Counts.self)
            XCTFail("expected a decoding error")
        } catch DatoCMSError.decoding(_, let type, let path, _) {
            XCTAssertTrue(type.contains("Counts"), type)
            XCTAssertEqual(path, "processed")
        }
    }
}
