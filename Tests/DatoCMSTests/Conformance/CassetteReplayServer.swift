import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Replays one ``Cassette`` over loopback HTTP (on the simulator's `LoopbackHTTPServer`, like
/// `RetryTests.ScriptedServer`): each request must match the next recorded one, in order, and gets
/// the recorded answer. A request that does not match gets `599` with a readable diff and is kept in
/// ``problems``, which ``assertFullyReplayed(file:line:)`` turns into test failures.
///
/// What must match: method, path, query parameters (decoded; compared per name, because the order of
/// different parameters carries no meaning and the recorded storage URL lists them re-sorted),
/// `X-Api-Version` and `X-Environment` (absent where the recording has none, as on the storage host),
/// `Accept` and a bearer `Authorization` on API requests, no `Authorization` at all on the storage
/// host, the storage upload's `Content-Type` and bytes, and API JSON bodies compared semantically
/// (see ``JSONDiff``). A recorded `{}` body matches no body: the Ruby client sent `{}` where the API
/// takes none, and this SDK deliberately sends nothing there.
///
/// Storage URLs in recorded answers are rewritten to `<baseURL>/__storage/…`, so the upload's `PUT`
/// reaches this server too.
final class CassetteReplayServer: @unchecked Sendable {
    /// Where rewritten storage URLs point on this server.
    static let storagePrefix = "/__storage"

    let cassette: Cassette
    /// The recording's non-API hosts, e.g. `datosrl-images.s3.eu-west-1.amazonaws.com`.
    private let storageHosts: Set<String>
    private let lock = NSLock()
    private var cursor = 0
    private var recordedProblems: [String] = []
    /// The final answer of each job that was awaited, by poll path, for polls after it was consumed.
    private var finishedJobs: [String: Cassette.Response] = [:]
    private var server: LoopbackHTTPServer?

    /// `http://127.0.0.1:<port>`: the client's base URL.
    var baseURL: URL { server!.baseURL }

    /// Starts serving `cassette`.
    init(_ cassette: Cassette) throws {
        self.cassette = cassette
        storageHosts = Set(cassette.interactions.map(\.request.host)).subtracting([Cassette.apiHost])
        server = try LoopbackHTTPServer { [unowned self] request in self.respond(to: request) }
    }

    func stop() { server?.stop() }

    /// A client pointed at this server, as the tests use it: fast job polling and no retries,
    /// since a replay must see each request exactly once and a retried 599 would only repeat
    /// the mismatch.
    func makeClient() -> DatoCMSClient {
        DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: baseURL, jobPolling: fastPolling, retry: .never))
    }

    /// Mismatched requests and, once replay is over, recorded interactions never requested.
    var problems: [String] {
        lock.lock()
        defer { lock.unlock() }
        let remaining = cassette.interactions[cursor...].enumerated().map { offset, interaction in
            "\(cassette.name): interaction #\(cursor + offset) was never requested: \(Self.describe(interaction.request))"
        }
        return recordedProblems + remaining
    }

    /// Fails the test for every mismatch and every recorded interaction that was not consumed.
    func assertFullyReplayed(file: StaticString = #filePath, line: UInt = #line) {
        for problem in problems { XCTFail(problem, file: file, line: line) }
    }

    // MARK: Answering

    private func respond(to request: ReceivedRequest) -> LoopbackHTTPServer.Response {
        lock.lock()
        defer { lock.unlock() }
        let interactions = cassette.interactions
        let isPoll = request.method == "GET" && request.path.hasPrefix("/job-results/")
        let nextIsThisPoll = cursor < interactions.count && interactions[cursor].request.isAPI
            && interactions[cursor].request.method == "GET" && interactions[cursor].request.path == request.path
        // The recorded 404s of a poll are served in order, then its 200. A poll of a job whose 200 was
        // already served is answered with it again without consuming anything, so how often the SDK
        // polls never makes a replay fail.
        if isPoll, !nextIsThisPoll, let finished = finishedJobs[request.path] {
            return render(finished)
        }
        guard cursor < interactions.count else {
            return mismatch("\(cassette.name): request \(Self.describe(request)) came after all \(interactions.count) recorded interactions were replayed")
        }
        let interaction = interactions[cursor]
        let differences = Self.differences(expected: interaction.request, sent: request)
        guard differences.isEmpty else {
            return mismatch("""
                \(cassette.name): request does not match interaction #\(cursor)
                  expected: \(Self.describe(interaction.request))
                  sent:     \(Self.describe(request))
                \(differences.map { "  - \($0)" }.joined(separator: "\n"))
                """)
        }
        cursor += 1
        if isPoll, (200..<300).contains(interaction.response.status) { finishedJobs[request.path] = interaction.response }
        return render(interaction.response)
    }

    private func mismatch(_ report: String) -> LoopbackHTTPServer.Response {
        recordedProblems.append(report)
        return .init(status: 599, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data(report.utf8))
    }

    private func render(_ response: Cassette.Response) -> LoopbackHTTPServer.Response {
        let headers = response.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let body = response.body.map { (try? JSONEncoder().encode(rewritingStorageURLs(in: $0))) ?? Data() } ?? Data()
        return .init(status: response.status, headers: headers, body: body)
    }

    /// Points URLs on a recorded storage host at this server's `/__storage`. `<redacted>` placeholders
    /// are percent-encoded, as a real signed URL would never contain `<`.
    private func rewritingStorageURLs(in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            for host in storageHosts {
                let origin = "https://\(host)"
                guard text.hasPrefix(origin) else { continue }
                let rewritten = baseURL.absoluteString + Self.storagePrefix + text.dropFirst(origin.count)
                return .string(rewritten.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E"))
            }
            return value
        case .array(let elements): return .array(elements.map(rewritingStorageURLs))
        case .object(let members): return .object(members.mapValues(rewritingStorageURLs))
        default: return value
        }
    }

    // MARK: Matching

    /// What differs between a recorded request and the one the SDK sent; empty when they match.
    static func differences(expected: Cassette.Request, sent: ReceivedRequest) -> [String] {
        var lines: [String] = []
        if sent.method != expected.method { lines.append("method: expected \(expected.method), sent \(sent.method)") }
        let path = expected.isAPI ? expected.path : storagePrefix + expected.path
        if sent.path != path { lines.append("path: expected \(path), sent \(sent.path)") }

        let names = Set(expected.query.map(\.name)).union(sent.query.map(\.name))
        for name in names.sorted() {
            // Values of one parameter keep their order (and `filter[ids]` its comma-separated order).
            let wanted = expected.query.filter { $0.name == name }.map(\.value)
            let got = sent.query.filter { $0.name == name }.map(\.value)
            if wanted != got { lines.append("query \(name): expected \(wanted), sent \(got)") }
        }

        // The storage host must get none of the API's headers, which the recording shows as absent there.
        for name in ["X-Api-Version", "X-Environment"] + (expected.isAPI ? ["Accept"] : ["Content-Type"]) {
            lines += headerDifference(name, expected: expected.header(name), sent: sent.header(name))
        }
        if expected.isAPI {
            if sent.header("Authorization")?.hasPrefix("Bearer ") != true {
                lines.append("header Authorization: expected a bearer token, sent \(sent.header("Authorization") == nil ? "none" : "another scheme")")
            }
            // The Ruby client sent `Content-Type: application/json` even on GETs; the API docs (and
            // this SDK) use `application/vnd.api+json` on requests with a body, so it is not compared.
            lines += jsonBodyDifferences(expected: expected.json, sent: sent.body)
        } else {
            if sent.header("Authorization") != nil { lines.append("header Authorization: the storage host must never get the API token, but it was sent") }
            if sent.body ?? Data() != expected.bytes ?? Data() {
                lines.append("body: expected the recorded \(expected.bytes?.count ?? 0) bytes, sent \(sent.body?.count ?? 0) different bytes")
            }
        }
        return lines
    }

    private static func headerDifference(_ name: String, expected: String?, sent: String?) -> [String] {
        expected == sent ? [] : ["header \(name): expected \(expected ?? "(absent)"), sent \(sent ?? "(absent)")"]
    }

    private static func jsonBodyDifferences(expected: JSONValue?, sent: Data?) -> [String] {
        var parsed: JSONValue?
        if let sent {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: sent) else {
                return ["body: expected \(JSONDiff.describe(expected)), sent \(sent.count) bytes that are not JSON"]
            }
            parsed = value
        }
        // A recorded `{}` stands for "no body": see the type's documentation.
        if expected == .object([:]), parsed == nil { return [] }
        return JSONDiff.differences(expected: expected, sent: parsed).map { "body \($0)" }
    }

    private static func describe(_ request: Cassette.Request) -> String {
        let path = request.isAPI ? request.path : storagePrefix + request.path
        return "\(request.method) \(path)\(queryString(request.query))" + (request.isAPI ? "" : " (storage host \(request.host))")
    }

    private static func describe(_ request: ReceivedRequest) -> String {
        "\(request.method) \(request.path)\(queryString(request.query))"
    }

    private static func queryString(_ query: [(name: String, value: String)]) -> String {
        query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }
}
