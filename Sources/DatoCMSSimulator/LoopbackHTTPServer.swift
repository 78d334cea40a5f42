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
    public init(port: UInt16 = 0, handler: @escaping Handler) throws {
        server = try Self.bind(port: port, handler: handler)
        baseURL = URL(string: "http://127.0.0.1:\(server.port)")!
        server.start()
    }

    private static func bind(port: UInt16, handler: @escaping Handler) throws(DatoCMSSimulator.StartError) -> HTTPServer {
        do {
            return try HTTPServer(port: port, handler: ClosureHandler(handler: handler))
        } catch {
            throw DatoCMSSimulator.StartError(operation: error.operation, code: error.code)
        }
    }

    /// Stops accepting and closes open connections. Idempotent; also done on deinit.
    public func stop() { server.stop() }

    deinit { server.stop() }
}

private struct ClosureHandler: HTTPHandler {
    let handler: LoopbackHTTPServer.Handler

    func respond(to request: ReceivedRequest) -> HTTPResponse {
        let response = handler(request)
        return HTTPResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func protocolError(status: Int, message: String) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }
}
