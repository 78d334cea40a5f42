import DatoCMS
import DatoCMSSimulator
import DatoCMSSoak
import Foundation

// datocms-bench paging [--records N] [--page-size N] [--concurrency N]
//
// Iterates every record of a simulated project with `client.items.listAll`, and prints the time,
// the requests and the client's peak resident memory. The simulator runs in a child process
// (`datocms-bench paging-server`), so the figure is the client's alone: the store of 100,000
// records would otherwise dominate it. The simulator enforces DatoCMS's real rate limit (60
// requests per 3 s), so the time shows the pacing too.

/// The child: a simulator holding `records` records; prints its URL and model ID, then serves
/// until its standard input closes (the parent exiting closes it).
func runPagingServer(_ arguments: [String]) async -> Never {
    let count = arguments.first.flatMap(Int.init) ?? 100_000
    let simulator = DatoCMSSimulator(options: .init(apiToken: "bench-token", rateLimitWindow: .seconds(3), enforceRateLimit: true))
    do {
        let url = try simulator.start()
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
        let model = try await client.itemTypes.create(name: "Article", apiKey: "article")
        _ = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
        _ = try await client.fields.create(model.id, label: "Body", fieldType: .text, apiKey: "body")
        let body = String(repeating: "Lorem ipsum dolor sit amet. ", count: 8)
        let attributes: [[String: DatoCMSSimulator.JSON]] = (0..<count).map { ["title": .string("Post \($0)"), "body": .string(body)] }
        simulator.insertRecords(itemTypeID: model.id, attributes: attributes)
        // Written straight to the pipe: `print` would buffer it.
        FileHandle.standardOutput.write(Data("\(url.absoluteString) \(model.id)\n".utf8))
    } catch {
        fail("paging-server: \(error)")
    }
    _ = FileHandle.standardInput.readDataToEndOfFile()
    exit(0)
}

/// The parent: the client side of the benchmark.
func runPaging(_ arguments: [String]) async -> Never {
    let options = integerOptions(
        arguments, allowed: ["--records", "--page-size", "--concurrency"],
        usage: "usage: datocms-bench paging [--records N] [--page-size N] [--concurrency N]")
    let records = options["--records"] ?? 100_000
    let pageSize = options["--page-size"] ?? 500
    let concurrency = options["--concurrency"] ?? 3

    let server = Process()
    server.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    server.arguments = ["paging-server", String(records)]
    let output = Pipe()
    let input = Pipe()
    server.standardOutput = output
    server.standardInput = input
    do { try server.run() } catch { fail("cannot start the simulator process: \(error)") }
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { fail("the simulator process ended before serving") }
        line.append(chunk)
    }
    let fields = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
    guard fields.count == 2, let url = URL(string: fields[0]) else { fail("unexpected simulator output: \(fields)") }
    let modelID = fields[1]

    let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
    let memory = MemorySampler()
    let clock = ContinuousClock()
    let start = clock.now
    var seen = 0
    var pages = 0
    do {
        for try await page in client.items.listPages(filterType: modelID, pageSize: pageSize, concurrency: concurrency) {
            pages += 1
            for record in page.elements where record.id.isEmpty { fail("a record without an ID") }
            seen += page.elements.count
        }
    } catch {
        fail("iteration failed: \(error)")
    }
    let elapsed = clock.now - start
    let growth = memory.stop()
    input.fileHandleForWriting.closeFile()
    server.waitUntilExit()

    print("records iterated:       \(seen) of \(records), \(pages) pages of up to \(pageSize), concurrency \(concurrency)")
    print("time:                   \(format(elapsed)) (\(String(format: "%.0f", Double(seen) / max(seconds(elapsed), 0.001))) records/s; the simulator enforces 60 requests per 3 s, as the API does)")
    print("client resident memory: \(memory.baseline >> 20) MiB before, peak \((memory.baseline + growth) >> 20) MiB while iterating (target < 50 MiB)")
    print("CPU time:               client \(String(format: "%.1f", cpuSeconds(children: false))) s, simulator \(String(format: "%.1f", cpuSeconds(children: true))) s (incl. its seeding)")
    exit(seen == records ? 0 : 1)
}

/// User + system CPU seconds of this process, or of its finished children.
func cpuSeconds(children: Bool) -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t((children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue), &usage)
    #else
    getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
