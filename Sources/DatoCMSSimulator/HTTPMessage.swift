import Foundation

/// A response ready to be written on the wire.
struct HTTPResponse: Sendable {
    /// How the response reaches the client; anything but `complete` is an injected fault.
    enum Delivery: Sendable {
        case complete
        /// Send nothing and close the connection.
        case dropConnection
        /// Send the head (announcing the whole body) and half the body, then close.
        case truncated
        /// Hand the socket to a script that writes whatever bytes it likes, then close.
        case raw(@Sendable (LoopbackHTTPServer.RawConnection) -> Void)
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data
    var delivery: Delivery

    init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), delivery: Delivery = .complete) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
    }

    /// The bytes of a ``Delivery/truncated`` answer: a head announcing at least one byte more
    /// than is sent, so the client always sees the body end early.
    func truncatedBytes() -> [UInt8] {
        var announced = self
        if announced.body.isEmpty { announced.body = Data([0x20]) }
        let full = announced.serialized(closeConnection: true, omitBody: false)
        return Array(full.prefix(full.count - announced.body.count + announced.body.count / 2))
    }

    /// The bytes of the status line, headers and (unless `omitBody`, for HEAD) the body.
    /// `Content-Length` is always written, even for empty bodies, so keep-alive clients never
    /// have to wait for the connection to close to find the end of a response.
    func serialized(closeConnection: Bool, omitBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPStatus.reason(for: status))\r\n"
        for header in headers {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        if closeConnection { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !omitBody { bytes.append(contentsOf: body) }
        return bytes
    }
}

/// Reason phrases for the status codes the simulator sends.
enum HTTPStatus {
    static func reason(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }
}

/// What the connection layer asks of the application: answer a request, or render a
/// protocol-level failure (malformed request, oversized head or body) in the API's style.
protocol HTTPHandler: Sendable {
    func respond(to request: ReceivedRequest) -> HTTPResponse
    func protocolError(status: Int, message: String) -> HTTPResponse
}
