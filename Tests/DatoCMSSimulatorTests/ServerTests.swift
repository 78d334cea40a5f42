import DatoCMSSimulator
import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP-level behaviour: authentication, common headers, malformed input, framing, lifecycle.
final class ServerTests: XCTestCase {
    func testRequestsWithoutAValidTokenGet401() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        for token in [nil, "wrong-token"] as [String?] {
            var anonymous = APIClient(baseURL: client.baseURL)
            anonymous.token = token
            let response = try await anonymous.send("GET", "/item-types")
            XCTAssertEqual(response.status, 401)
            XCTAssertEqual(response.errorCode, "INVALID_AUTHORIZATION_HEADER")
            XCTAssertEqual(response.json?["data"]?[0]?["type"], "api_error")
        }
        let authorized = try await client.send("GET", "/item-types")
        XCTAssertEqual(authorized.status, 200)
        XCTAssertEqual(authorized.json, ["data": []])
    }

    func testEveryResponseCarriesTheAPIHeadersAndRateLimitCountsDown() async throws {
        let (simulator, client) = try startSimulator(.init(rateLimit: 30, enforceRateLimit: true))
        defer { simulator.stop() }

        let first = try await client.send("GET", "/item-types", headers: ["X-Environment": "sandbox"])
        let second = try await client.send("GET", "/item-types/nope")
        XCTAssertEqual(first.header("Content-Type"), "application/json; charset=utf-8")
        XCTAssertEqual(first.header("X-Api-Version"), "3")
        XCTAssertEqual(first.header("X-Environment"), "sandbox")
        XCTAssertEqual(second.header("X-Environment"), "main")
        XCTAssertEqual(first.header("X-RateLimit-Limit"), "30")
        let remaining = [first, second].compactMap { $0.header("X-RateLimit-Remaining").flatMap { Int($0) } }
        XCTAssertEqual(remaining.count, 2)
        XCTAssertEqual(remaining[0], 29)
        XCTAssertLessThan(remaining[1], remaining[0])
        XCTAssertEqual(second.header("Content-Length"), String(second.body.count))
    }

    func testNotFoundHasTheAPIErrorShape() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let response = try await client.send("GET", "/item-types/44")
        XCTAssertEqual(response.status, 404)
        let error = try XCTUnwrap(response.json?["data"]?[0])
        XCTAssertEqual(error["type"], "api_error")
        XCTAssertEqual(error["attributes"]?["code"], "NOT_FOUND")
        XCTAssertNotNil(error["attributes"]?["details"]?.objectValue)
        let id = try XCTUnwrap(error["id"]?.stringValue)
        XCTAssertTrue(id.count == 6 && id.allSatisfy(\.isHexDigit))

        let unknownRoute = try await client.send("POST", "/no-such-endpoint", json: [:])
        XCTAssertEqual(unknownRoute.status, 404)
        XCTAssertEqual(unknownRoute.errorCode, "NOT_FOUND")
    }

    func testInvalidJSONIs422AndTheServerKeepsServing() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let response = try await client.send("POST", "/items", body: Data("{\"data\": {".utf8),
                                              headers: ["Content-Type": "application/json"])
        XCTAssertEqual(response.status, 422)
        XCTAssertEqual(response.errorCode, "INVALID_FORMAT")
        XCTAssertNotNil(response.json?["data"]?[0]?["attributes"]?["details"]?["message"]?.stringValue)

        let deep = String(repeating: "[", count: 100_000)
        let tooDeep = try await client.send("POST", "/items", body: Data(deep.utf8))
        XCTAssertEqual(tooDeep.status, 422)

        let next = try await client.send("GET", "/item-types")
        XCTAssertEqual(next.status, 200)
    }

    func testMalformedRequestsGet400AndTheServerSurvives() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        let garbage = try RawHTTP.exchange(port: port, "HELLO THERE\r\n\r\n")
        XCTAssertTrue(garbage.hasPrefix("HTTP/1.1 400 "), garbage)
        XCTAssertTrue(garbage.contains("\"api_error\""))

        let binary = try RawHTTP.exchange(port: port, [[0x00, 0xFF, 0x13, 0x37, 0x0D, 0x0A, 0x0D, 0x0A]])
        XCTAssertTrue(binary.hasPrefix("HTTP/1.1 400 "), binary)

        let badHeader = try RawHTTP.exchange(port: port, "GET /item-types HTTP/1.1\r\nno colon here\r\n\r\n")
        XCTAssertTrue(badHeader.hasPrefix("HTTP/1.1 400 "), badHeader)

        let badLength = try RawHTTP.exchange(port: port, "POST /items HTTP/1.1\r\nContent-Length: abc\r\n\r\n")
        XCTAssertTrue(badLength.hasPrefix("HTTP/1.1 400 "), badLength)

        let badChunk = try RawHTTP.exchange(port: port, "POST /items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        XCTAssertTrue(badChunk.hasPrefix("HTTP/1.1 400 "), badChunk)

        let huge = try RawHTTP.exchange(port: port, "POST /items HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n")
        XCTAssertTrue(huge.hasPrefix("HTTP/1.1 413 "), huge)

        let longHead = "GET / HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        let tooLong = try RawHTTP.exchange(port: port, longHead)
        XCTAssertTrue(tooLong.hasPrefix("HTTP/1.1 431 "), tooLong)

        let truncated = try RawHTTP.exchange(port: port, "POST /items HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"da",
                                             halfClose: true)
        XCTAssertEqual(truncated, "", "a client that leaves mid-body gets no answer, and no crash")

        let next = try await client.send("GET", "/item-types")
        XCTAssertEqual(next.status, 200)
    }

    func testKeepAlivePipeliningChunkedBodiesAndSlowClients() throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        let model = #"{"data":{"type":"item_type","attributes":{"name":"Tag","api_key":"tag"}}}"#
        let half = model.utf8.count / 2
        let chunked = "POST /item-types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + String(half, radix: 16) + ";ext=1\r\n" + String(model.prefix(half)) + "\r\n"
            + String(model.utf8.count - half, radix: 16) + "\r\n" + String(model.dropFirst(half)) + "\r\n0\r\n\r\n"
        let pipelinedGet = "GET /item-types?filter%5Bx%5D=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\n"
            + "Connection: close\r\n\r\n"
        let bytes = Array((chunked + pipelinedGet).utf8)
        // Dribble the bytes in small pieces to exercise partial reads.
        let pieces = stride(from: 0, to: bytes.count, by: 37).map { Array(bytes[$0..<min($0 + 37, bytes.count)]) }
        let output = try RawHTTP.exchange(port: port, pieces, pause: 0.002)

        let statusLines = output.components(separatedBy: "HTTP/1.1 ").dropFirst()
            .map { "HTTP/1.1 " + ($0.components(separatedBy: "\r\n").first ?? "") }
        XCTAssertEqual(statusLines, ["HTTP/1.1 201 Created", "HTTP/1.1 200 OK"], output)
        XCTAssertEqual(simulator.itemTypes().map { $0[attribute: "api_key"] }, ["tag"])

        let requests = simulator.receivedRequests()
        guard requests.count == 2 else { return XCTFail("expected 2 requests, got \(requests.count)") }
        XCTAssertEqual(requests[0].body, Data(model.utf8))
        XCTAssertEqual(requests[1].target, "/item-types?filter%5Bx%5D=1")
        XCTAssertEqual(requests[1].query.map(\.name), ["filter[x]"])
        XCTAssertNil(requests[1].body)
    }

    func testReceivedRequestsKeepTheWireFormat() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        _ = try await client.send("PUT", "/items/abc/publish")
        _ = try await client.send("PUT", "/items/abc/publish", json: [:])
        let raw = "PUT /items/publish?filter[ids]=a,b HTTP/1.1\r\nAuthorization: Bearer sim-token\r\n"
            + "Content-Length: 0\r\n\r\n"
            + "PUT /items/x/publish HTTP/1.1\r\nAuthorization: Bearer sim-token\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n0\r\n\r\n"
        _ = try RawHTTP.exchange(port: port, raw)

        let requests = simulator.receivedRequests()
        guard requests.count == 4 else { return XCTFail("expected 4 requests, got \(requests.count)") }
        XCTAssertEqual(requests[0].method, "PUT")
        XCTAssertEqual(requests[0].path, "/items/abc/publish")
        XCTAssertNil(requests[0].body, "a body-less PUT is recorded as having no body")
        XCTAssertEqual(requests[0].header("authorization"), "Bearer sim-token")
        XCTAssertEqual(requests[1].body, Data("{}".utf8))
        XCTAssertEqual(requests[2].target, "/items/publish?filter[ids]=a,b")
        XCTAssertEqual(requests[2].queryValue("filter[ids]"), "a,b")
        XCTAssertNil(requests[2].body, "Content-Length: 0 is no body")
        XCTAssertEqual(requests[3].body, Data(), "an empty chunked body is still a body")

        simulator.clearReceivedRequests()
        XCTAssertTrue(simulator.receivedRequests().isEmpty)
    }

    func testStopClosesTheListenerAndIsIdempotent() async throws {
        let (simulator, client) = try startSimulator()
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))
        XCTAssertEqual(simulator.baseURL, client.baseURL)
        XCTAssertEqual(try simulator.start(), client.baseURL, "starting again while running keeps the server")

        let idle = try XCTUnwrap(RawHTTP.connect(port: port))
        defer { close(idle) }
        simulator.stop()
        simulator.stop()
        XCTAssertNil(simulator.baseURL)
        XCTAssertNil(RawHTTP.connect(port: port))
        var byte: UInt8 = 0
        XCTAssertLessThanOrEqual(recv(idle, &byte, 1, 0), 0, "open connections are shut down")

        let restarted = try simulator.start()
        defer { simulator.stop() }
        let response = try await APIClient(baseURL: restarted).send("GET", "/item-types")
        XCTAssertEqual(response.status, 200)
    }
}
