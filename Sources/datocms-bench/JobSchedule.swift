import DatoCMS
import DatoCMSSimulator
import Foundation

// datocms-bench jobs [--repeats N]
//
// Awaits jobs of 0.3, 1.5, 3.5, 7, 12 and 30 s (the simulator's `jobDuration`) with the SDK's
// default polling policy and prints, per job length, the polls it sent and its overshoot (from the
// job's end to the answer that reported it), beside the official TypeScript client's, computed from
// its rule (polls at 1, 3, 6, 10, 15, 21… s: each interval a second longer than the one before).
// Targets (issue 13): in total, no more polls than the TypeScript client and at most a quarter of
// its overshoot. The lengths run side by side, one simulator each, so a repeat takes about 30 s.

private let jobLengths: [Double] = [0.3, 1.5, 3.5, 7, 12, 30]

/// The TypeScript client's polls for a job of `length` seconds, and by how long the last one came
/// after the job's end.
private func typeScriptSchedule(for length: Double) -> (polls: Int, overshoot: Double) {
    var elapsed = 0.0
    var polls = 0
    while elapsed < length {
        polls += 1
        elapsed += Double(polls)
    }
    return (polls, elapsed - length)
}

/// One job awaited through the SDK: its polls and overshoot.
private func measureJob(length: Double) async throws -> (polls: Int, overshoot: Double) {
    let simulator = DatoCMSSimulator(options: .init(apiToken: "bench-token", jobDuration: .milliseconds(Int64(length * 1000))))
    let url = try simulator.start()
    defer { simulator.stop() }
    let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
    let model = try await client.itemTypes.create(name: "Article", apiKey: "article")
    // No fields: creating one is itself a job of `length`; the bulk publish needs only a record.
    let record = try await client.items.create(attributes: JSONValue.object([:]), itemType: model.id)
    simulator.clearReceivedRequests()
    // The job starts when the simulator answers the request, a little after `start`: the overshoot
    // measured here includes that request's time, so it errs on the long side.
    let clock = ContinuousClock()
    let start = clock.now
    _ = try await client.items.raw.bulkPublish(ItemBulkPublishBody(items: [record.id]))
    let elapsed = seconds(start.duration(to: clock.now))
    let polls = simulator.receivedRequests().filter { $0.path.hasPrefix("/job-results/") }.count
    return (polls, max(0, elapsed - length))
}


/// `datocms-bench jobs …`: both clients' polls and overshoot per job length, and the totals.
func runJobSchedule(_ arguments: [String]) async {
    let repeats = integerOptions(arguments, allowed: ["--repeats"], usage: "usage: datocms-bench jobs [--repeats N]")["--repeats"] ?? 3
    let policy = JobPollingPolicy.default
    print("SDK default: first poll after \(format(policy.initialDelay)), each interval \(format(policy.increment)) longer, at most \(format(policy.maximumDelay)); \(repeats) repeats")
    print("TypeScript client: polls at 1, 3, 6, 10, 15, 21… s (computed from its rule)")

    // Every repeat runs all lengths at once; results[length index] collects the repeats.
    var results = Array(repeating: [(polls: Int, overshoot: Double)](), count: jobLengths.count)
    for _ in 0..<repeats {
        do {
            let run = try await withThrowingTaskGroup(of: (Int, (polls: Int, overshoot: Double)).self) { group in
                for (index, length) in jobLengths.enumerated() {
                    group.addTask { (index, try await measureJob(length: length)) }
                }
                var run: [(Int, (polls: Int, overshoot: Double))] = []
                for try await result in group { run.append(result) }
                return run
            }
            for (index, result) in run { results[index].append(result) }
        } catch {
            fail("jobs: \(error)")
        }
    }

    print("job length   SDK polls (min/median)   SDK overshoot (min/median)   TS polls   TS overshoot")
    var totals = (sdkPolls: [Double](repeating: 0, count: repeats), sdkOvershoot: [Double](repeating: 0, count: repeats), tsPolls: 0, tsOvershoot: 0.0)
    for (index, length) in jobLengths.enumerated() {
        let polls = results[index].map { Double($0.polls) }
        let overshoots = results[index].map(\.overshoot)
        for repeatIndex in 0..<repeats {
            totals.sdkPolls[repeatIndex] += polls[repeatIndex]
            totals.sdkOvershoot[repeatIndex] += overshoots[repeatIndex]
        }
        let typeScript = typeScriptSchedule(for: length)
        totals.tsPolls += typeScript.polls
        totals.tsOvershoot += typeScript.overshoot
        print(String(format: "%5.1f s", length).padding(toLength: 13, withPad: " ", startingAt: 0)
            + String(format: "%.0f / %.0f", polls.min() ?? .nan, median(polls)).padding(toLength: 25, withPad: " ", startingAt: 0)
            + String(format: "%.2f / %.2f s", overshoots.min() ?? .nan, median(overshoots)).padding(toLength: 29, withPad: " ", startingAt: 0)
            + String(typeScript.polls).padding(toLength: 11, withPad: " ", startingAt: 0)
            + String(format: "%.2f s", typeScript.overshoot))
    }
    print("total        "
        + String(format: "%.0f / %.0f", totals.sdkPolls.min() ?? .nan, median(totals.sdkPolls)).padding(toLength: 25, withPad: " ", startingAt: 0)
        + String(format: "%.2f / %.2f s", totals.sdkOvershoot.min() ?? .nan, median(totals.sdkOvershoot)).padding(toLength: 29, withPad: " ", startingAt: 0)
        + String(totals.tsPolls).padding(toLength: 11, withPad: " ", startingAt: 0)
        + String(format: "%.2f s", totals.tsOvershoot))
    print(String(format: "target: SDK polls ≤ %d, SDK overshoot ≤ %.2f s (a quarter of the TypeScript client's)", totals.tsPolls, totals.tsOvershoot / 4))
    exit(0)
}
