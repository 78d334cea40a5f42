import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP request as it goes on the wire: fully built, with an absolute URL.
public struct HTTPRequest: Sendable, Hashable {
    /// The HTTP method, e.g. `PUT`.
    public var method: String
    /// The absolute URL, already percent-encoded.
    public var url: URL
    /// Header fields in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The body, or `nil` for none at all (no `Content-Length`, not even `{}`).
    public var body: Data?

    /// Creates a request.
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }
}

/// An HTTP response: status, headers and the complete body.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. `202`.
    public var status: Int
    /// Header fields; look them up with ``header(_:)``.
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty when there was none).
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `METHOD url`, with any credential in the URL redacted.
    public var description: String {
        "\(method) \(Redaction.redact(url.absoluteString, secret: Redaction.secret(of: headers)))"
    }

    /// The method, URL, headers and body as text, credentials redacted as in logs.
    public var debugDescription: String {
        let secret = Redaction.secret(of: headers)
        var text = description
        for header in headers { text += "\n\(header.name): \(Redaction.headerValue(header))" }
        if let body { text += "\n\n" + Redaction.redact(String(decoding: body.prefix(4096), as: UTF8.self), secret: secret) }
        return text
    }

    /// What `dump` and debuggers show: credentials redacted as in logs.
    public var customMirror: Mirror {
        let secret = Redaction.secret(of: headers)
        return Mirror(self, children: [
            "method": method,
            "url": Redaction.redact(url.absoluteString, secret: secret),
            "headers": headers.map { "\($0.name): \(Redaction.headerValue($0))" },
            "body": body.map { Redaction.redact(String(decoding: $0.prefix(4096), as: UTF8.self), secret: secret) } as Any,
        ], displayStyle: .struct)
    }
}

extension HTTPResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The status and body size.
    public var description: String { "HTTP \(status) (\(body.count) bytes)" }

    /// The status, headers and body as text, credentials redacted as in logs.
    public var debugDescription: String {
        var text = description
        for header in headers { text += "\n\(header.name): \(Redaction.headerValue(header))" }
        if !body.isEmpty { text += "\n\n" + Redaction.redact(String(decoding: body.prefix(4096), as: UTF8.self), secret: nil) }
        return text
    }

    /// What `dump` and debuggers show: credentials redacted as in logs.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "status": status,
            "headers": headers.map { "\($0.name): \(Redaction.headerValue($0))" },
            "body": Redaction.redact(String(decoding: body.prefix(4096), as: UTF8.self), secret: nil),
        ], displayStyle: .struct)
    }
}

/// Sends HTTP requests. Implement it to route the client through your own HTTP stack
/// (or a test double); the default is ``URLSessionTransport``.
///
/// What the client's guarantees need from a transport:
/// - **Never follow redirects.** Hand a `3xx` answer back as it is: the client refuses it with
///   ``DatoCMSError/redirected(request:status:location:)``, so the token never travels to another origin.
/// - **Stop reading at the size limit.** Honour `maximumResponseSize` while reading (decompressed
///   bytes count) and throw ``HTTPTransportError/responseTooLarge(status:limit:)`` past it.
/// - **Honour cancellation.** Deadlines are enforced by cancelling the task that calls ``send(_:maximumResponseSize:)``;
///   a transport that ignores it is abandoned, not awaited, but keeps its resources until it returns.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response. Throws on transport failures only:
    /// an HTTP error status is a response, not an error.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends `request`, reading at most `maximumResponseSize` bytes of (decompressed) body.
    /// The default implementation calls ``send(_:)`` and checks the size afterwards.
    func send(_ request: HTTPRequest, maximumResponseSize: Int) async throws -> HTTPResponse
}

extension HTTPTransport {
    public func send(_ request: HTTPRequest, maximumResponseSize: Int) async throws -> HTTPResponse {
        let response = try await send(request)
        if response.body.count > maximumResponseSize {
            throw HTTPTransportError.responseTooLarge(status: response.status, limit: maximumResponseSize)
        }
        return response
    }
}

/// Failures a transport reports besides the network's own.
public enum HTTPTransportError: Error, Sendable, Hashable {
    /// The answer's body (announced by `Content-Length`, or counted while reading, after
    /// decompression) is larger than `limit` bytes. Reading stopped there.
    case responseTooLarge(status: Int, limit: Int)
}

/// The default transport, on `URLSession` (FoundationNetworking on Linux).
///
/// - **No redirects are followed**: a `3xx` answer comes back as it is (see ``HTTPTransport``).
/// - **Bodies are read under a limit**: an announced `Content-Length` over it is refused before the
///   body is read, and reading stops as soon as the received bytes — decompressed, since `URLSession`
///   inflates `gzip` itself — pass it. On Linux the body is counted on the thread that reads the
///   socket, so a fast or compressed stream cannot queue up gigabytes before the count catches up.
/// - Cancelling the calling `Task` cancels the request.
///
/// On Linux, requests with a body, non-idempotent requests (`POST`) and `DELETE`s each go over a
/// fresh connection, never a reused keep-alive one. libcurl, under FoundationNetworking, silently
/// resends a request whose reused connection closes before any answer arrives — which would replay a
/// `POST` the server may have processed, or hide from the client that a `DELETE` was sent twice (so
/// that its `404` could not be recognised as "already deleted") — and FoundationNetworking cannot
/// rewind an in-memory body for that resend, so such a request otherwise stalls until it times out.
/// On a fresh connection libcurl does not resend, and the failure surfaces at once for
/// ``RetryPolicy`` to judge. Bodiless `GET` and `PUT` requests keep reusing connections.
public final class URLSessionTransport: HTTPTransport {
    private let configuration: URLSessionConfiguration
    private let transfers = TransferDelegate()
    private let session: URLSession

    /// Creates a transport whose sessions use `configuration` (proxies, TLS settings, idle timeout);
    /// by default an ephemeral configuration that keeps no cookies or cache.
    /// On Linux, requests with a body and `POST`s go through a short-lived session made with the same
    /// configuration, for a fresh connection each.
    public init(configuration: URLSessionConfiguration? = nil) {
        let configuration = configuration ?? Self.defaultConfiguration()
        self.configuration = configuration
        self.session = URLSession(configuration: configuration, delegate: transfers, delegateQueue: TransferDelegate.makeQueue())
    }

    deinit { session.finishTasksAndInvalidate() }

    /// An ephemeral configuration without cookies or cache.
    public static func defaultConfiguration() -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return configuration
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, maximumResponseSize: Int.max)
    }

    public func send(_ request: HTTPRequest, maximumResponseSize: Int) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.httpBody = request.body

        #if canImport(FoundationNetworking)
        if request.body != nil || !RetryPolicy.isIdempotent(request.method) || request.method.uppercased() == "DELETE" {
            // A session of its own has an empty connection pool, so the request cannot go out on
            // a reused connection (see the type's documentation).
            let delegate = TransferDelegate()
            let oneShot = URLSession(configuration: configuration, delegate: delegate, delegateQueue: TransferDelegate.makeQueue())
            defer { oneShot.finishTasksAndInvalidate() }
            return try await delegate.run(oneShot.dataTask(with: urlRequest), limit: maximumResponseSize)
        }
        #endif
        return try await transfers.run(session.dataTask(with: urlRequest), limit: maximumResponseSize)
    }
}

/// The session delegate behind ``URLSessionTransport``: refuses redirects, collects bodies under
/// their limit and completes each transfer's continuation exactly once.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// One request in flight.
    private final class Transfer {
        let limit: Int
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var response: HTTPURLResponse?
        var body = Data()
        var tooLarge = false
        init(limit: Int) { self.limit = limit }
    }

    private let lock = NSLock()
    private var transfers: [ObjectIdentifier: Transfer] = [:]

    #if canImport(FoundationNetworking)
    /// FoundationNetworking hands every delegate call to this queue from the thread that reads the
    /// socket. Running the call right there (instead of queueing it) is what lets the size limit
    /// hold while reading: a queued call would let the reader race ahead, buffering without bound.
    private final class InlineQueue: OperationQueue, @unchecked Sendable {
        override func addOperation(_ block: @escaping @Sendable () -> Void) { block() }
    }
    static func makeQueue() -> OperationQueue { InlineQueue() }
    #else
    static func makeQueue() -> OperationQueue {
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        return queue
    }
    #endif

    /// Starts `task` and returns its response; cancelling the calling task cancels `task`.
    func run(_ task: URLSessionDataTask, limit: Int) async throws -> HTTPResponse {
        let transfer = Transfer(limit: max(0, limit))
        let key = ObjectIdentifier(task)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                lock.withLock {
                    transfer.continuation = continuation
                    transfers[key] = transfer
                }
                task.resume()
                // A cancellation that arrived before `resume()` may not have reached a suspended task.
                if Task.isCancelled { task.cancel() }
            }
        } onCancel: {
            // Not synchronously: the handler runs holding the task's status lock, and on Linux
            // `cancel()` waits for the session's queue — which may be busy resuming this very
            // task's continuation, waiting for that lock (a deadlock seen under load).
            DispatchQueue.global().async { task.cancel() }
        }
    }

    private func transfer(for task: URLSessionTask) -> Transfer? {
        lock.withLock { transfers[ObjectIdentifier(task)] }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        // Never follow: the redirect answer itself becomes the response, for the client to refuse.
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        guard let transfer = transfer(for: dataTask) else { return completionHandler(.cancel) }
        let http = response as? HTTPURLResponse
        let announcedTooLarge = lock.withLock { () -> Bool in
            transfer.response = http
            if response.expectedContentLength > Int64(transfer.limit) { transfer.tooLarge = true }
            return transfer.tooLarge
        }
        completionHandler(announcedTooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfer(for: dataTask) else { return }
        let overflowed = lock.withLock { () -> Bool in
            guard !transfer.tooLarge else { return false }
            if data.count > transfer.limit - transfer.body.count {
                transfer.tooLarge = true
                transfer.body = Data()
                return true
            }
            transfer.body.append(data)
            return false
        }
        if overflowed {
            // Not from this thread: on Linux it is the socket's, and cancelling waits for it.
            DispatchQueue.global().async { dataTask.cancel() }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer = lock.withLock { transfers.removeValue(forKey: ObjectIdentifier(task)) }
        guard let transfer, let continuation = transfer.continuation else { return }
        transfer.continuation = nil
        if transfer.tooLarge {
            continuation.resume(throwing: HTTPTransportError.responseTooLarge(status: transfer.response?.statusCode ?? 0, limit: transfer.limit))
        } else if let error {
            continuation.resume(throwing: error)
        } else if let http = transfer.response {
            let headers = http.allHeaderFields.compactMap { key, value -> (name: String, value: String)? in
                guard let name = key as? String else { return nil }
                return (name, "\(value)")
            }
            continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: transfer.body))
        } else {
            continuation.resume(throwing: URLError(.badServerResponse))
        }
    }
}
