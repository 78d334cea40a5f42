import Foundation

/// A bare HTTP/1.1 server on 127.0.0.1 that answers every request with your closure: for tests
/// that need scripted answers (replaying recorded sessions, odd responses) over a real socket.
///
/// ```swift
/// let server = try LoopbackHTTPServer { request in
///     .init(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"data":[]}"#.utf8))
/// }
/// defer { server.stop() }
/// // point a client at server.baseURL
/// ```
public final class LoopbackHTTPServer: Sendable {
    /// An answer to send.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields (`Content-Length` is added for you).
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: Data

        /// Creates a response.
        public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// Answers one request; called on the connection's thread, so it must be thread-safe.
    public typealias Handler = @Sendable (ReceivedRequest) -> Response

    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    private let server: HTTPServer

    /// Binds 127.0.0.1:`port` (0 for any free port) and starts answering with `handler`.
    /// - Throws: ``DatoCMSSimulator/StartError`` when the socket cannot be opened or bound.
    public convenience init(port: UInt16 = 0, handler: @escaping Handler) throws {
        try self.init(port: port, answer: { request in
            let response = handler(request)
            return HTTPResponse(status: response.status, headers: response.headers, body: response.body)
        })
    }

    private init(port: UInt16, answer: @escaping @Sendable (ReceivedRequest) -> HTTPResponse) throws {
        server = try Self.bind(port: port, answer: answer)
        baseURL = URL(string: "http://127.0.0.1:\(server.port)")!
        server.start()
    }

    private static func bind(port: UInt16, answer: @escaping @Sendable (ReceivedRequest) -> HTTPResponse) throws(DatoCMSSimulator.StartError) -> HTTPServer {
        do {
            return try HTTPServer(port: port, handler: ClosureHandler(answer: answer))
        } catch {
            throw DatoCMSSimulator.StartError(operation: error.operation, code: error.code)
        }
    }

    /// Binds 127.0.0.1:`port` and answers every request by running `script` with the raw
    /// connection: for tests of servers that misbehave the way real networks and proxies do —
    /// bodies that trickle or never end, lying `Content-Length`s, compressed bombs, silence.
    /// The connection closes when the script returns.
    ///
    /// ```swift
    /// let trickle = try LoopbackHTTPServer { _, connection in
    ///     guard connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n") else { return }
    ///     while connection.write("x") { Thread.sleep(forTimeInterval: 1) }
    /// }
    /// ```
    public convenience init(port: UInt16 = 0, rawScript script: @escaping @Sendable (ReceivedRequest, RawConnection) -> Void) throws {
        try self.init(port: port, answer: { request in
            HTTPResponse(status: 200, delivery: .raw { connection in script(request, connection) })
        })
    }

    /// The socket of one connection, for ``init(port:rawScript:)``.
    public struct RawConnection: Sendable {
        let descriptor: Int32

        /// Writes `bytes` as they are. `false` once the client is gone (or the server stopped):
        /// a script should then return.
        @discardableResult
        public func write(_ bytes: Data) -> Bool {
            // Without a copy: a hostile stream must be able to outrun the client.
            bytes.withUnsafeBytes { Socket.sendAll(descriptor, $0) }
        }

        /// Writes `text` as UTF-8. `false` once the client is gone.
        @discardableResult
        public func write(_ text: String) -> Bool { Socket.sendAll(descriptor, Array(text.utf8)) }

        /// Waits, discarding whatever the client sends, until it closes the connection (or the
        /// server stops) or `timeout` passes. Returns whether it closed: a silent server's script.
        @discardableResult
        public func waitUntilClosed(timeout: TimeInterval) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            var scratch = [UInt8](repeating: 0, count: 4096)
            while true {
                let remaining = Int32(min(max(deadline.timeIntervalSinceNow * 1000, 0), Double(Int32.max)))
                guard remaining > 0, !Socket.waitReadable([descriptor], timeoutMilliseconds: remaining).isEmpty else { return false }
                guard let count = Socket.receive(descriptor, into: &scratch), count > 0 else { return true }
            }
        }
    }

    /// How many TCP connections the server has accepted so far.
    public var acceptedConnectionCount: Int { server.acceptedConnectionCount }

    /// Stops accepting and closes open connections. Idempotent; also done on deinit.
    public func stop() { server.stop() }

    deinit { server.stop() }
}

private struct ClosureHandler: HTTPHandler {
    let answer: @Sendable (ReceivedRequest) -> HTTPResponse

    func respond(to request: ReceivedRequest) -> HTTPResponse { answer(request) }

    func protocolError(status: Int, message: String) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }
}
