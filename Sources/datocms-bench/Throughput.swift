import DatoCMS
import DatoCMSSimulator
import Foundation

// datocms-bench throughput [--creates N] [--concurrent-creates N] [--repeats N]
//
// Creates records through the SDK, with its default settings, against a simulator enforcing
// DatoCMS's real rate limit (60 requests per 3 s), and prints the time as a ratio of the bound the
// limit sets — N requests fill ⌈N / 60⌉ windows, the last of which cannot open before
// (⌈N / 60⌉ − 1) × 3 s — and as requests per second (of 20), with the 429s the simulator sent: one task
// creating `--creates` records in a row, then 4 and 16 tasks sharing `--concurrent-creates`.
// Targets (issue 13): ≤ 1.05 × the bound, and no 429. The simulator runs in this process: it does
// little per request at 20 requests a second, and the client spends nearly all its time waiting
// for the limit, so the figures are the pacing's.

/// One measured run: how long the creates took, against the bound, and what the API refused.
private struct ThroughputRun {
    var elapsed: Duration
    var bound: Duration
    var refusals: Int
    var creates: Int
    var ratio: Double { seconds(bound) > 0 ? seconds(elapsed) / seconds(bound) : .nan }
    var rate: Double { Double(creates) / seconds(elapsed) }
}

/// The rate limit the simulator enforces: the real API's.
private let benchLimit = 60
private let benchWindow = Duration.seconds(3)

/// Creates `creates` records with `tasks` tasks sharing the work, through a fresh client (so that
/// nothing is paced by what the setup spent), and measures the run.
private func measureCreates(_ creates: Int, tasks: Int) async throws -> ThroughputRun {
    let simulator = DatoCMSSimulator(options: .init(apiToken: "bench-token", rateLimit: benchLimit, rateLimitWindow: benchWindow, enforceRateLimit: true))
    let url = try simulator.start()
    defer { simulator.stop() }
    let setup = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
    let model = try await setup.itemTypes.create(name: "Article", apiKey: "article")
    _ = try await setup.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
    // Let the setup's window end, so the run starts with the whole budget, as a new process would.
    try await Task.sleep(for: benchWindow + .milliseconds(100))
    let refusalsBefore = simulator.rateLimitRefusalCount

    let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
    let next = Counter()
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                while let index = next.take(below: creates) {
                    _ = try await client.items.create(attributes: ["title": JSONValue.string("Post \(index)")], itemType: model.id)
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = start.duration(to: clock.now)
    let windows = (creates + benchLimit - 1) / benchLimit
    let bound = benchWindow * max(windows - 1, 0)
    return ThroughputRun(elapsed: elapsed, bound: bound, refusals: simulator.rateLimitRefusalCount - refusalsBefore, creates: creates)
}

/// Hands out indexes to tasks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}


/// `datocms-bench throughput …`: prints each configuration's ratio to the rate-limit bound and its
/// 429s, min and median over the repeats.
func runThroughput(_ arguments: [String]) async {
    let options = integerOptions(
        arguments, allowed: ["--creates", "--concurrent-creates", "--repeats"],
        usage: "usage: datocms-bench throughput [--creates N] [--concurrent-creates N] [--repeats N]")
    let creates = options["--creates"] ?? 2000
    let concurrentCreates = options["--concurrent-creates"] ?? 300
    let repeats = options["--repeats"] ?? 3
    print("simulator enforcing \(benchLimit) requests per \(format(benchWindow)) (DatoCMS's limit), in process; \(ProcessInfo.processInfo.activeProcessorCount) cores; \(repeats) repeats")
    print("run                                     time ÷ bound (min / median)   creates/s (median)   429s (min / median / max)   target")
    let configurations = [(creates, 1), (concurrentCreates, 4), (concurrentCreates, 16)]
    for (count, tasks) in configurations {
        var runs: [ThroughputRun] = []
        for _ in 0..<repeats {
            do {
                runs.append(try await measureCreates(count, tasks: tasks))
            } catch {
                fail("throughput: \(count) creates with \(tasks) tasks failed: \(error)")
            }
        }
        let ratios = runs.map(\.ratio)
        let refusals = runs.map { Double($0.refusals) }
        let rates = runs.map(\.rate)
        let label = "\(count) creates, \(tasks) task\(tasks == 1 ? "" : "s") (bound \(String(format: "%.0f s", seconds(runs[0].bound))))"
        print(label.padding(toLength: 40, withPad: " ", startingAt: 0)
            + String(format: "%.3f / %.3f", ratios.min() ?? .nan, median(ratios)).padding(toLength: 30, withPad: " ", startingAt: 0)
            + String(format: "%.1f", median(rates)).padding(toLength: 21, withPad: " ", startingAt: 0)
            + String(format: "%.0f / %.0f / %.0f", refusals.min() ?? .nan, median(refusals), refusals.max() ?? .nan).padding(toLength: 28, withPad: " ", startingAt: 0)
            + (tasks == 1 ? "≤ 1.05" : "≤ 1.05, 0 429s"))
    }
    exit(0)
}
