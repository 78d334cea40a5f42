import DatoCMSSimulator
import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

typealias JSON = DatoCMSSimulator.JSON

/// A response as the tests look at it.
struct APIResponse {
    var status: Int
    var headers: [String: String]
    var body: Data

    var json: JSON? { try? JSON(parsing: body) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// `data[0].attributes.code` of an `api_error` document.
    var errorCode: String? { json?["data"]?[0]?["attributes"]?["code"]?.stringValue }
}

/// Sends real HTTP requests over loopback with URLSession.
struct APIClient: Sendable {
    let baseURL: URL
    var token: String? = "sim-token"
    private let session: URLSession

    init(baseURL: URL, token: String? = "sim-token") {
        self.baseURL = baseURL
        self.token = token
        session = URLSession(configuration: .ephemeral)
    }

    /// `target` is appended verbatim to the base URL (path and query, already encoded).
    func send(_ method: String, _ target: String, json: JSON? = nil, body: Data? = nil,
              headers: [String: String] = [:]) async throws -> APIResponse {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + target)!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("3", forHTTPHeaderField: "X-Api-Version")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = json.serialized()
            request.setValue("application/vnd.api+json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var responseHeaders: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            responseHeaders[String(describing: name)] = String(describing: value)
        }
        return APIResponse(status: http.statusCode, headers: responseHeaders, body: data)
    }

    /// Polls `GET /job-results/:id` until it stops answering 404; returns the job result and how
    /// many 404s came first.
    func awaitJob(_ jobID: String, file: StaticString = #filePath, line: UInt = #line) async throws -> (result: JSON, notFoundPolls: Int) {
        var notFound = 0
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let response = try await send("GET", "/job-results/\(jobID)")
            if response.status == 404 {
                XCTAssertEqual(response.errorCode, "NOT_FOUND", file: file, line: line)
                notFound += 1
                try await Task.sleep(for: .milliseconds(10))
                continue
            }
            XCTAssertEqual(response.status, 200, file: file, line: line)
            return (try XCTUnwrap(response.json?["data"], file: file, line: line), notFound)
        }
        throw XCTSkip("job \(jobID) never completed")
    }

    // MARK: Fixtures

    /// Creates a model and returns its ID.
    func createModel(apiKey: String = "article", draftMode: Bool = true) async throws -> String {
        let response = try await send("POST", "/item-types", json: [
            "data": ["type": "item_type", "attributes": [
                "name": .string(apiKey.capitalized), "api_key": .string(apiKey), "draft_mode_active": .bool(draftMode),
            ]],
        ])
        XCTAssertEqual(response.status, 201)
        return try XCTUnwrap(response.json?["data"]?["id"]?.stringValue)
    }

    /// Creates a field through its job and returns the field ID.
    func createField(in modelID: String, apiKey: String, type: String = "string", localized: Bool = false) async throws -> String {
        let response = try await send("POST", "/item-types/\(modelID)/fields", json: [
            "data": ["type": "field", "attributes": [
                "label": .string(apiKey), "field_type": .string(type), "api_key": .string(apiKey), "localized": .bool(localized),
            ]],
        ])
        XCTAssertEqual(response.status, 202)
        let job = try await awaitJob(try XCTUnwrap(response.json?["data"]?["id"]?.stringValue))
        XCTAssertEqual(job.result["attributes"]?["status"], 201)
        return try XCTUnwrap(job.result["attributes"]?["payload"]?["data"]?["id"]?.stringValue)
    }

    /// Creates a record and returns its ID.
    func createRecordID(model modelID: String, attributes: JSON) async throws -> String {
        let record = try await createRecord(model: modelID, attributes: attributes)
        return try XCTUnwrap(record["id"]?.stringValue)
    }

    /// Creates a record and returns its resource object.
    func createRecord(model modelID: String, attributes: JSON) async throws -> JSON {
        let response = try await send("POST", "/items", json: [
            "data": ["type": "item", "attributes": attributes,
                     "relationships": ["item_type": ["data": ["type": "item_type", "id": .string(modelID)]]]],
        ])
        XCTAssertEqual(response.status, 201)
        return try XCTUnwrap(response.json?["data"])
    }
}

/// Starts a simulator and a client for it.
func startSimulator(_ options: DatoCMSSimulator.Options = .init()) throws -> (DatoCMSSimulator, APIClient) {
    let simulator = DatoCMSSimulator(options: options)
    let baseURL = try simulator.start()
    return (simulator, APIClient(baseURL: baseURL, token: options.apiToken))
}

/// A bare TCP client, for bytes URLSession would never send.
enum RawHTTP {
    /// Connects to 127.0.0.1:`port`, or returns `nil` if the connection is refused.
    static func connect(port: UInt16) -> Int32? {
        guard let descriptor = makeSocket() else { return nil }
        guard connect(descriptor, port: port) else { close(descriptor); return nil }
        return descriptor
    }

    /// A new, unconnected TCP socket; `nil` when none can be opened (`errno` tells why).
    static func makeSocket() -> Int32? {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        return descriptor >= 0 ? descriptor : nil
    }

    /// Connects `descriptor` to 127.0.0.1:`port`; `false` if refused.
    static func connect(_ descriptor: Int32, port: UInt16) -> Bool {
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                Darwin.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
        return result == 0
    }

    /// Sends `chunks` (pausing between them, like a slow client) and reads until the server
    /// closes the connection or `timeout` passes.
    /// With `halfClose`, the client shuts its sending side after the last chunk, like a client
    /// that gives up mid-request.
    static func exchange(port: UInt16, _ chunks: [[UInt8]], pause: TimeInterval = 0, halfClose: Bool = false,
                         timeout: TimeInterval = 3) throws -> String {
        let descriptor = try XCTUnwrap(connect(port: port))
        defer { close(descriptor) }
        for (index, chunk) in chunks.enumerated() {
            if index > 0, pause > 0 { Thread.sleep(forTimeInterval: pause) }
            _ = chunk.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        }
        #if canImport(Glibc)
        if halfClose { shutdown(descriptor, Int32(SHUT_WR)) }
        #else
        if halfClose { shutdown(descriptor, SHUT_WR) }
        #endif
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func exchange(port: UInt16, _ text: String, halfClose: Bool = false) throws -> String {
        try exchange(port: port, [Array(text.utf8)], halfClose: halfClose)
    }
}

/// A valid PNG of the given size (all pixels black): signature, IHDR, one stored-deflate IDAT, IEND.
func makePNG(width: Int, height: Int) -> Data {
    func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(data.count) + typed + bigEndian(Int(crc32(typed)))
    }
    let raw = [UInt8]((0..<height).flatMap { _ in [0] + [UInt8](repeating: 0, count: width * 3) })
    var adlerA: UInt32 = 1, adlerB: UInt32 = 0
    for byte in raw { adlerA = (adlerA + UInt32(byte)) % 65_521; adlerB = (adlerB + adlerA) % 65_521 }
    let length = UInt16(raw.count)
    let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        + raw + bigEndian(Int(adlerB << 16 | adlerA))
    let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
    return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
}
