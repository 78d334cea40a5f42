import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The token stays secret and requests cannot be steered: it never shows in descriptions, dumps or
/// logs, never travels over plain HTTP to a remote host, never reaches another host; IDs, query
/// values and header values cannot change the request's path, query or headers; oversized or
/// hostile answers fail cleanly.
final class SecurityTests: XCTestCase {
    /// A long, recognisable token, so any leak is found by a plain substring search.
    let secret = "dato-secret-token-1f9a7c3e5b2d4f6a8c0e"

    /// A transport that records what it is asked to send and answers from the simulator's shape.
    final class RecordingTransport: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [HTTPRequest] = []
        var requests: [HTTPRequest] { lock.lock(); defer { lock.unlock() }; return sent }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            lock.withLock { sent.append(request) }
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":[]}"#.utf8))
        }
    }

    // MARK: Where the token may go

    func testPlainHTTPToARemoteHostIsRefusedBeforeSending() async throws {
        for base in ["http://site-api.datocms.com", "http://10.0.0.7:8080", "http://127.example.com", "ftp://127.0.0.1"] {
            let transport = RecordingTransport()
            let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: secret, baseURL: URL(string: base)!, transport: transport))
            do {
                _ = try await client.itemTypes.list()
                XCTFail("\(base) was accepted")
            } catch DatoCMSError.invalidRequest(let reason) {
                XCTAssertTrue(reason.contains("https"), reason)
                XCTAssertFalse(reason.contains(secret))
            }
            XCTAssertTrue(transport.requests.isEmpty, "a request went to \(base)")
        }
    }

    func testHTTPSAndLoopbackHTTPAreAccepted() async throws {
        for base in ["https://site-api.datocms.com", "http://127.0.0.1:9", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2"] {
            let transport = RecordingTransport()
            let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: secret, baseURL: URL(string: base)!, transport: transport))
            _ = try await client.itemTypes.list()
            XCTAssertEqual(transport.requests.first?.header("Authorization"), "Bearer \(secret)", base)
            XCTAssertEqual(transport.requests.first?.url.host, URL(string: base)!.host)
        }
    }

    func testTheUploadStorageHostNeverSeesTheToken() async throws {
        let harness = try Harness(token: testToken)
        defer { harness.stop() }
        // Storage on a different port: a different origin, as S3 is for the real API.
        let storageRequests = LockedLines()
        let storage = try LoopbackHTTPServer { request in
            storageRequests.append(request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
            return .init(status: 200)
        }
        defer { storage.stop() }
        let upload = try await harness.client.uploads.upload(data: Data("hello".utf8), filename: "hello.txt")
        XCTAssertFalse(upload.id.isEmpty)
        let storagePut = try XCTUnwrap(harness.simulator.receivedRequests().first { $0.method == "PUT" })
        XCTAssertNil(storagePut.header("Authorization"))

        // Headers DatoCMS asks for are passed on, but never an Authorization, whatever it says.
        let core = harness.client.core
        let sent = try await core.sendWithoutCredentials(HTTPRequest(
            method: "PUT", url: storage.baseURL.appendingPathComponent("bucket/file"),
            headers: [("Authorization", "Bearer \(testToken)"), ("x-amz-acl", "public-read")], body: Data("x".utf8)))
        XCTAssertEqual(sent.status, 200)
        let headers = storageRequests.lines.joined(separator: "\n")
        XCTAssertFalse(headers.lowercased().contains("authorization"), headers)
        XCTAssertFalse(headers.contains(testToken), headers)
        XCTAssertTrue(headers.lowercased().contains("x-amz-acl: public-read"), headers)
    }

    // MARK: The token in text

    func testTheTokenAppearsInNoDescriptionDumpOrError() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let configuration = ClientConfiguration(apiToken: secret, baseURL: try XCTUnwrap(harness.simulator.baseURL), retry: fastRetry)
        let client = DatoCMSClient(configuration: configuration)

        var texts = [configuration.description, configuration.debugDescription, String(reflecting: configuration),
                     String(describing: client), String(reflecting: client)]
        var dumped = ""
        dump(client, to: &dumped)
        texts.append(dumped)
        dumped = ""
        dump(configuration, to: &dumped)
        texts.append(dumped)

        // The simulator refuses this token: the 401 error and everything describing it.
        do {
            _ = try await client.itemTypes.list()
            XCTFail("expected 401")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 401)
            texts += [error.description, String(reflecting: error), error.request.description,
                      error.request.headers.values.joined(), "\(error)"]
            var errorDump = ""
            dump(error, to: &errorDump)
            texts.append(errorDump)
        }
        for text in texts {
            XCTAssertFalse(text.contains(secret), "the token leaked into: \(text.prefix(500))")
        }
        XCTAssertTrue(dumped.contains("<redacted>"))
    }

    func testLogsAtEveryLevelNeverContainTheToken() async throws {
        let simulator = DatoCMSSimulator(options: .init(apiToken: secret, jobDuration: .milliseconds(10)))
        let url = try simulator.start()
        defer { simulator.stop() }
        var linesByLevel: [RequestLogging.Level: [String]] = [:]
        for level in RequestLogging.Level.allCases {
            let lines = LockedLines()
            let client = DatoCMSClient(configuration: ClientConfiguration(
                apiToken: secret, baseURL: url, jobPolling: fastPolling, retry: fastRetry,
                logging: RequestLogging(level: level) { lines.append($0) }))
            // The token even appears in content: a record whose title is the token.
            let model = try await client.itemTypes.create(name: "Secret \(level)", apiKey: "secret_\(level.rawValue)")
            _ = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
            _ = try await client.items.create(attributes: ["title": secret], itemType: model.id)
            linesByLevel[level] = lines.lines
        }
        for (level, lines) in linesByLevel {
            for line in lines { XCTAssertFalse(line.contains(secret), "level \(level) leaked: \(line)") }
        }
        XCTAssertEqual(linesByLevel[.none], [])
        let basic = try XCTUnwrap(linesByLevel[.basic])
        XCTAssertTrue(basic.contains { $0.hasPrefix("→ POST \(url.absoluteString)/items") }, basic.joined(separator: "\n"))
        XCTAssertTrue(basic.contains { $0.hasPrefix("← 201 POST \(url.absoluteString)/items") && $0.hasSuffix(" ms)") }, basic.joined(separator: "\n"))
        XCTAssertFalse(basic.joined().contains("\"attributes\""), "basic logs no bodies")
        let body = try XCTUnwrap(linesByLevel[.body]).joined(separator: "\n")
        XCTAssertTrue(body.contains(#""title":"<redacted>""#), "the body is logged with the token masked")
        XCTAssertFalse(body.contains("Authorization"), "the body level logs no headers")
        let headers = try XCTUnwrap(linesByLevel[.bodyAndHeaders]).joined(separator: "\n")
        XCTAssertTrue(headers.contains("Authorization: <redacted>"))
        XCTAssertTrue(headers.contains("X-Api-Version: 3"))
    }

    // MARK: Steering the request

    func testIDsQueryValuesAndEnvironmentCannotChangeTheRequest() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        for id in ["../item-types", "..", "a?filter[type]=x", "a#fragment", "a%2Fb", "a\r\nX-Injected: 1"] {
            do {
                _ = try await harness.client.items.find(id)
                XCTFail("\(id) found something")
            } catch let error as ApiError {
                XCTAssertEqual(error.code, "NOT_FOUND", id)
            }
            let request = try XCTUnwrap(harness.takeRequests().last)
            XCTAssertEqual(request.path, "/items/\(id)", "the ID left its path segment")
            XCTAssertEqual(request.target.split(separator: "/").count, 2, request.target)
            XCTAssertTrue(request.query.isEmpty, request.target)
            XCTAssertNil(request.header("X-Injected"))
        }

        let model = try await harness.makeModel()
        let hostile = "\(model.id)&filter[ids]=1#x"
        _ = try await harness.client.items.list(filterType: hostile)
        let list = try XCTUnwrap(harness.takeRequests().last)
        XCTAssertEqual(list.queryValue("filter[type]"), hostile)
        XCTAssertEqual(list.query.count, 1, list.target)

        for environment in ["staging\r\nX-Injected: 1", "a\nb", "nul\u{0}"] {
            let client = DatoCMSClient(configuration: ClientConfiguration(
                apiToken: testToken, baseURL: try XCTUnwrap(harness.simulator.baseURL), environment: environment, retry: fastRetry))
            do {
                _ = try await client.itemTypes.list()
                XCTFail("environment \(environment.debugDescription) was sent")
            } catch DatoCMSError.invalidRequest(let reason) {
                XCTAssertTrue(reason.contains("X-Environment"), reason)
            }
        }
        XCTAssertTrue(harness.takeRequests().isEmpty, "a request with a broken header value went out")
    }

    // MARK: Hostile answers

    private func serve(_ body: Data, status: Int = 200, configure: (inout ClientConfiguration) -> Void = { _ in }) throws -> (LoopbackHTTPServer, DatoCMSClient) {
        let server = try LoopbackHTTPServer { _ in .init(status: status, headers: [("Content-Type", "application/json")], body: body) }
        var configuration = ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, retry: fastRetry)
        configure(&configuration)
        return (server, DatoCMSClient(configuration: configuration))
    }

    private func unexpectedResponseReason(_ client: DatoCMSClient) async -> String? {
        do {
            _ = try await client.itemTypes.list()
            return nil
        } catch DatoCMSError.unexpectedResponse(_, _, let reason, _) {
            return reason
        } catch {
            XCTFail("expected DatoCMSError.unexpectedResponse, got \(error)")
            return nil
        }
    }

    func testAnOversizedAnswerFailsCleanly() async throws {
        let big = Data(("{\"data\":[" + Array(repeating: "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", count: 40_000).joined(separator: ",") + "]}").utf8)
        let (server, client) = try serve(big) { $0.maximumResponseSize = 1 << 20 }
        defer { server.stop() }
        let reason = await unexpectedResponseReason(client)
        XCTAssertTrue(reason?.contains("over the limit of 1048576") == true, reason ?? "decoded")
    }

    func testADeeplyNestedAnswerFailsCleanly() async throws {
        let depth = 100_000
        let nested = Data(("{\"data\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
        let (server, client) = try serve(nested)
        defer { server.stop() }
        let reason = await unexpectedResponseReason(client)
        XCTAssertTrue(reason?.contains("deeper than 256") == true, reason ?? "decoded")
    }

    func testInvalidEmptyAndHTMLAnswersAreTypedErrors() async throws {
        for (body, expected) in [("{\"data\": [", "not valid JSON"), ("", "empty body"), ("<html><body>Service Unavailable</body></html>", "not valid JSON")] {
            let (server, client) = try serve(Data(body.utf8))
            defer { server.stop() }
            let reason = await unexpectedResponseReason(client)
            XCTAssertTrue(reason?.contains(expected) == true, "\(body): \(reason ?? "decoded")")
        }
    }
}
