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

/// Sends HTTP requests. Implement it to route the client through your own HTTP stack
/// (or a test double); the default is ``URLSessionTransport``.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response. Throws on transport failures only:
    /// an HTTP error status is a response, not an error.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// The default transport, on `URLSession` (FoundationNetworking on Linux).
///
/// Cancelling the calling `Task` cancels the underlying data task.
///
/// On Linux, requests with a body and non-idempotent requests (`POST`) each go over a fresh
/// connection, never a reused keep-alive one. libcurl, under FoundationNetworking, silently resends
/// a request whose reused connection closes before any answer arrives — which would replay a
/// `POST` the server may have processed — and FoundationNetworking cannot rewind an in-memory
/// body for that resend, so such a request otherwise stalls until it times out (60 s by default).
/// On a fresh connection libcurl does not resend, and the failure surfaces at once for
/// ``RetryPolicy`` to judge. Bodiless `GET`, `PUT` and `DELETE` requests keep reusing connections.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport on `session`; by default an ephemeral session that keeps no cookies or cache.
    /// On Linux, requests with a body and `POST`s go through a short-lived session made with
    /// `session`'s configuration (not its delegate), for a fresh connection each.
    public init(session: URLSession? = nil) {
        if let session {
            self.session = session
        } else {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpCookieAcceptPolicy = .never
            configuration.httpShouldSetCookies = false
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            self.session = URLSession(configuration: configuration)
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.httpBody = request.body

        #if canImport(FoundationNetworking)
        if request.body != nil || !RetryPolicy.isIdempotent(request.method) {
            // A session of its own has an empty connection pool, so the request cannot go out on
            // a reused connection (see the type's documentation).
            let oneShot = URLSession(configuration: session.configuration)
            defer { oneShot.finishTasksAndInvalidate() }
            return try await send(urlRequest, on: oneShot)
        }
        #endif
        return try await send(urlRequest, on: session)
    }

    private func send(_ urlRequest: URLRequest, on session: URLSession) async throws -> HTTPResponse {
        let box = DataTaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                        return
                    }
                    let headers = http.allHeaderFields.compactMap { key, value -> (name: String, value: String)? in
                        guard let name = key as? String else { return nil }
                        return (name, "\(value)")
                    }
                    continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
                }
                box.start(task)
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// Holds a data task so cancellation, which may arrive on another thread before or after
/// the task starts, reaches it exactly once.
private final class DataTaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func start(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let alreadyCancelled = cancelled
        lock.unlock()
        task.resume()
        if alreadyCancelled { task.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let task = self.task
        lock.unlock()
        task?.cancel()
    }
}
