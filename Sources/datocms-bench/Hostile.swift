import DatoCMS
import DatoCMSSimulator
import DatoCMSSoak
import Foundation

/// `datocms-bench hostile`: what hostile answers cost the client with its default settings — how
/// each call ends, how long it took, and how far resident memory rose while it ran.
func runHostile() async -> Never {
    struct Case {
        var name: String
        var makeServer: () throws -> LoopbackHTTPServer
        var timeouts = RequestTimeouts.default
    }
    let cases = [
        Case(name: "endless chunked body (1 GiB offered)") { try HostileServers.endlessChunked(total: 1 << 30) },
        Case(name: "Content-Length: 2 GB (1 GiB sent)") { try HostileServers.hugeContentLength(total: 1 << 30) },
        Case(name: "gzip bomb (1 GiB inflated)") { try HostileServers.gzipBomb(inflatedSize: 1 << 30) },
        Case(name: "trickle, 1 byte / 100 ms (attempt 2 s, call 5 s)", makeServer: { try HostileServers.trickle() },
             timeouts: RequestTimeouts(attempt: .seconds(2), call: .seconds(5))),
        Case(name: "silent server (attempt 1 s, call 4 s)", makeServer: { try HostileServers.silent(for: 30) },
             timeouts: RequestTimeouts(attempt: .seconds(1), call: .seconds(4))),
    ]
    let limit = ClientConfiguration(apiToken: "x").maximumResponseSize
    print("maximumResponseSize: \(limit >> 20) MiB; memory is resident-set growth during the call\(MemorySampler.isAvailable ? "" : " (not measurable here)")")
    print("case".padding(toLength: 52, withPad: " ", startingAt: 0) + "outcome".padding(toLength: 28, withPad: " ", startingAt: 0) + "time      memory")
    for benchCase in cases {
        do {
            let server = try benchCase.makeServer()
            defer { server.stop() }
            let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: "bench-token-0123456789", baseURL: server.baseURL, timeouts: benchCase.timeouts))
            let sampler = MemorySampler()
            let clock = ContinuousClock()
            let start = clock.now
            let outcome: String
            do {
                _ = try await client.core.send(APIRequest(method: "GET", pathSegments: ["items"], query: nil), decoding: JSONValue.self)
                outcome = "decoded (unexpected)"
            } catch DatoCMSError.unexpectedResponse(_, _, let reason, _) where reason.contains("over the limit") {
                outcome = "refused: over the limit"
            } catch DatoCMSError.timedOut(_, let limit, _) {
                outcome = "timedOut (\(limit.replacingOccurrences(of: "RequestTimeouts.", with: "")))"
            } catch {
                outcome = "\(type(of: error))"
            }
            let elapsed = start.duration(to: clock.now)
            let grown = sampler.stop()
            print(benchCase.name.padding(toLength: 52, withPad: " ", startingAt: 0)
                  + String(outcome.prefix(27)).padding(toLength: 28, withPad: " ", startingAt: 0)
                  + String(format: "%5.2f s  %5.1f MiB", seconds(elapsed), Double(grown) / 1_048_576))
        } catch {
            fail("\(benchCase.name): could not start the server: \(error)")
        }
    }
    exit(0)
}
