import DatoCMS
import Foundation
import XCTest

/// One real CMA session, recorded by the Ruby client's VCR specs and converted to JSON. Cassettes are
/// read from `../shared/datocms/cassettes` at test time and never copied into this repository.
struct Cassette: Sendable {
    /// The host every API request of the recordings went to; any other host is upload storage.
    static let apiHost = "site-api.datocms.com"

    /// A recorded request, its URL split up the way the replay server compares it.
    struct Request: Sendable {
        var method: String
        var host: String
        /// The percent-decoded path, e.g. `/items/publish`.
        var path: String
        /// The percent-decoded query parameters, as recorded.
        var query: [(name: String, value: String)]
        var headers: [String: String]
        /// The JSON body (`body`); `nil` when none was recorded.
        var json: JSONValue?
        /// The raw bytes (`body_base64`), as sent to the storage host.
        var bytes: Data?

        /// Whether this went to the API (rather than to the upload storage).
        var isAPI: Bool { host == Cassette.apiHost }

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// A recorded answer.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: JSONValue?
    }

    /// One request and its answer.
    struct Interaction: Sendable {
        var request: Request
        var response: Response
    }

    /// The file name without `.json`.
    let name: String
    let interactions: [Interaction]

    /// `<package root>/../shared/datocms/cassettes`, found from this file's own path so it does not
    /// depend on the working directory tests run in.
    static let directory = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/datocms/cassettes")

    /// The cassettes folder, or an `XCTSkip` when the shared recordings are not beside the repository.
    static func existingDirectory() throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw XCTSkip("../shared/datocms/cassettes not found at \(directory.path): conformance tests need the shared recordings")
        }
        return directory
    }

    /// Loads `<name>.json`.
    static func load(_ name: String) throws -> Cassette {
        let url = try existingDirectory().appendingPathComponent("\(name).json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        return Cassette(name: name, interactions: try file.interactions.map { try $0.interaction() })
    }

    /// Every cassette in the folder, by name.
    static func all() throws -> [Cassette] {
        let names = try FileManager.default.contentsOfDirectory(atPath: existingDirectory().path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try load(String($0.dropLast(".json".count))) }
    }
}

// MARK: - The file format

extension Cassette {
    /// `{"interactions": [{"request": {…}, "response": {…}}], "recorded_at": …}`.
    private struct File: Decodable {
        struct RawRequest: Decodable {
            var method: String
            var url: String
            var headers: [String: String]?
            var body: JSONValue?
            var bodyBase64: String?

            enum CodingKeys: String, CodingKey {
                case method, url, headers, body
                case bodyBase64 = "body_base64"
            }
        }
        struct RawResponse: Decodable {
            var status: Int
            var headers: [String: String]?
            var body: JSONValue?
        }
        struct RawInteraction: Decodable {
            var request: RawRequest
            var response: RawResponse

            func interaction() throws -> Interaction {
                // The recordings redact credentials as `<redacted>`, which is not valid in a URL.
                let escaped = request.url.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
                guard let components = URLComponents(string: escaped), let host = components.host else {
                    throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "bad URL \(request.url)"])
                }
                let bytes = try request.bodyBase64.map { text in
                    guard let data = Data(base64Encoded: text) else {
                        throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "bad body_base64"])
                    }
                    return data
                }
                return Interaction(
                    request: Request(
                        method: request.method, host: host, path: components.path,
                        query: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                        headers: request.headers ?? [:], json: request.body, bytes: bytes),
                    response: Response(status: response.status, headers: response.headers ?? [:], body: response.body))
            }
        }
        var interactions: [RawInteraction]
    }
}
