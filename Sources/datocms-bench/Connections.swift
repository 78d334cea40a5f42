import DatoCMS
import DatoCMSSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// datocms-bench connections [--requests N] [--repeats N] [--trials N]
//
// The cost of a write against a read, through the SDK's transport, on loopback: `--requests`
// requests of each kind in a row against a server answering a small JSON body at once, as the
// time per request ÷ that of a GET (min / median over the repeats), with the connections the
// server accepted per 100 requests:
// - GET, on a reused connection (the baseline);
// - POST with a body to http:// — the SDK's rule: a reused connection, the body sent after
//   `100 Continue`;
// - POST without a body — the SDK's rule for bodiless POSTs and DELETEs, and for every write over
//   https:// on Linux: a fresh connection each;
// - POST with a body on a reused connection without `Expect` (plain URLSession; unsafe, for reference).
// Then safety, `--trials` times per rule: a create whose reused connection the simulator drops
// after processing it — how many records it made (must be 1) and how long the failure took.
// Target (issue 13): the SDK's write ≤ 1.2 × a GET, and no replay.

private let benchBody = Data(#"{"data":{"type":"item","attributes":{"title":"Bench"}}}"#.utf8)

/// One way of sending a request, as the table's rows.
private enum Sender {
    case transport(URLSessionTransport)
    case unsafeReuse(URLSession)

    func send(_ request: HTTPRequest) async throws {
        switch self {
        case .transport(let transport):
            _ = try await transport.send(request)
        case .unsafeReuse(let session):
            var urlRequest = URLRequest(url: request.url)
            urlRequest.httpMethod = request.method
            urlRequest.httpBody = request.body
            urlRequest.timeoutInterval = 5
            for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
            _ = try await session.data(for: urlRequest)
        }
    }
}

/// Sends `count` requests in a row; returns the seconds per request and the connections opened.
private func measure(_ count: Int, _ request: HTTPRequest, with sender: Sender, on server: LoopbackHTTPServer) async throws -> (perRequest: Double, connections: Int) {
    let connectionsBefore = server.acceptedConnectionCount
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<count { try await sender.send(request) }
    let elapsed = seconds(start.duration(to: clock.now))
    return (elapsed / Double(count), server.acceptedConnectionCount - connectionsBefore)
}

/// Creates a record whose reused connection is dropped after the simulator processed it, `trials`
/// times; returns the records each create made and the slowest failure.
private func dropAfterProcessing(trials: Int, reuseWithoutExpect: Bool) async throws -> (records: [Int], slowest: Double) {
    let simulator = DatoCMSSimulator(options: .init(apiToken: "bench-token", idleConnectionTimeout: .seconds(2)))
    let url = try simulator.start()
    defer { simulator.stop() }
    let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token", baseURL: url))
    let model = try await client.itemTypes.create(name: "Article", apiKey: "article")
    _ = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
    let session = URLSession(configuration: .ephemeral)
    var made: [Int] = []
    var slowest = 0.0
    for trial in 0..<trials {
        let title = "trial \(trial)"
        let body = Data(#"{"data":{"type":"item","attributes":{"title":"\#(title)"},"relationships":{"item_type":{"data":{"type":"item_type","id":"\#(model.id)"}}}}}"#.utf8)
        let headers = [("Authorization", "Bearer bench-token"), ("Content-Type", "application/vnd.api+json"), ("X-Api-Version", "3")]
        let request = HTTPRequest(method: "POST", url: url.appendingPathComponent("items"), headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
        let sender: Sender = reuseWithoutExpect ? .unsafeReuse(session) : .transport(URLSessionTransport())
        try await sender.send(request)  // leaves a connection to reuse
        simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST").path(prefix: "/items"))
        let clock = ContinuousClock()
        let start = clock.now
        try? await sender.send(request)
        slowest = max(slowest, seconds(start.duration(to: clock.now)))
        made.append(simulator.records().filter { $0[attribute: "title"]?.stringValue == title }.count - 1)
    }
    return (made, slowest)
}

/// `datocms-bench connections …`: prints each way of writing as a ratio to a GET, then the safety
/// trials.
func runConnections(_ arguments: [String]) async {
    let options = integerOptions(
        arguments, allowed: ["--requests", "--repeats", "--trials"],
        usage: "usage: datocms-bench connections [--requests N] [--repeats N] [--trials N]")
    let count = options["--requests"] ?? 2000
    let repeats = options["--repeats"] ?? 5
    let trials = options["--trials"] ?? 5
    let server: LoopbackHTTPServer
    do {
        server = try LoopbackHTTPServer { _ in .init(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":{"id":"1"}}"#.utf8)) }
    } catch {
        fail("connections: cannot start the loopback server: \(error)")
    }
    defer { server.stop() }
    let url = server.baseURL.appendingPathComponent("items")
    let transport = URLSessionTransport()
    let rows: [(label: String, request: HTTPRequest, sender: Sender)] = [
        ("GET (reused connection)", HTTPRequest(method: "GET", url: url), .transport(transport)),
        ("POST + body, http:// (reused, Expect)", HTTPRequest(method: "POST", url: url, body: benchBody), .transport(transport)),
        ("POST, no body (fresh connection)", HTTPRequest(method: "POST", url: url), .transport(transport)),
        ("POST + body, reused, no Expect (unsafe)", HTTPRequest(method: "POST", url: url, body: benchBody), .unsafeReuse(URLSession(configuration: .ephemeral))),
    ]
    print("\(count) requests in a row per repeat, \(repeats) repeats, loopback; \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print("request                                   ms/request (median)   ÷ GET (min / median)   connections per 100   target")
    var baseline: [Double] = []
    for (index, row) in rows.enumerated() {
        var times: [Double] = []
        var connections: [Double] = []
        for _ in 0..<repeats {
            do {
                let run = try await measure(count, row.request, with: row.sender, on: server)
                times.append(run.perRequest)
                connections.append(Double(run.connections) * 100 / Double(count))
                if index == 0 { baseline.append(run.perRequest) }
            } catch {
                fail("connections: \(row.label) failed: \(error)")
            }
        }
        let ratios = zip(times, baseline).map { $0 / $1 }
        print(row.label.padding(toLength: 42, withPad: " ", startingAt: 0)
            + String(format: "%.3f", median(times) * 1000).padding(toLength: 22, withPad: " ", startingAt: 0)
            + String(format: "%.2f / %.2f", ratios.min() ?? .nan, median(ratios)).padding(toLength: 23, withPad: " ", startingAt: 0)
            + String(format: "%.1f", median(connections)).padding(toLength: 22, withPad: " ", startingAt: 0)
            + (index == 1 ? "≤ 1.2" : ""))
    }
    print("\ncreate on a reused connection dropped after processing, \(trials) trials   records made per create   slowest failure")
    for (label, unsafe) in [("SDK (Expect: 100-continue)", false), ("reused, no Expect (unsafe)", true)] {
        do {
            let result = try await dropAfterProcessing(trials: trials, reuseWithoutExpect: unsafe)
            print(label.padding(toLength: 74, withPad: " ", startingAt: 0)
                + result.records.map(String.init).joined(separator: " ").padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: "%.2f s", result.slowest))
        } catch {
            fail("connections: drop trials (\(label)) failed: \(error)")
        }
    }
    exit(0)
}
