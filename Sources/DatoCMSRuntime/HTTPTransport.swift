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
///   File transfers give it up to 10 seconds to return first, so that the file is closed when the
///   call ends.
///
/// Files (uploads from disk, downloads of remote files to upload) have methods of their own,
/// ``send(_:bodyFromFile:maximumResponseSize:progress:)`` and
/// ``download(_:to:maximumBodySize:progress:)``, so that a transport can stream them. Their
/// default implementations hold the whole file in memory: fine for small files, but implement
/// both if your transport can stream and your users upload large files.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response. Throws on transport failures only:
    /// an HTTP error status is a response, not an error.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends `request`, reading at most `maximumResponseSize` bytes of (decompressed) body.
    /// The default implementation calls ``send(_:)`` and checks the size afterwards.
    func send(_ request: HTTPRequest, maximumResponseSize: Int) async throws -> HTTPResponse

    /// Sends `request` with the contents of `fileURL` as its body (`request.body` is ignored),
    /// reading the file as it is sent, and returns the response, read under `maximumResponseSize`
    /// as ``send(_:maximumResponseSize:)`` reads it. `progress` is called in order, never
    /// concurrently, from any thread, with the bytes sent so far and the file's size.
    ///
    /// The default implementation reads the whole file into memory and calls
    /// ``send(_:maximumResponseSize:)``: memory grows by the file's size for the length of the
    /// request, and `progress` hears only the start (0 bytes) and the end.
    func send(_ request: HTTPRequest, bodyFromFile fileURL: URL, maximumResponseSize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse

    /// Sends `request` and writes the answer's body to `destination` (created, or truncated) as it
    /// arrives, stopping with ``HTTPTransportError/responseTooLarge(status:limit:)`` once it passes
    /// `maximumBodySize` (decompressed bytes, announced or counted). Returns the response with an
    /// empty `body`, whatever its status: the body is in the file. `progress` is called in order,
    /// never concurrently, from any thread, with the bytes received and the announced length.
    ///
    /// The default implementation reads the body into memory with
    /// ``send(_:maximumResponseSize:)``, then writes the file: memory grows by the body's size (at
    /// most `maximumBodySize`), and `progress` hears only the end.
    func download(_ request: HTTPRequest, to destination: URL, maximumBodySize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse
}

extension HTTPTransport {
    public func send(_ request: HTTPRequest, maximumResponseSize: Int) async throws -> HTTPResponse {
        let response = try await send(request)
        if response.body.count > maximumResponseSize {
            throw HTTPTransportError.responseTooLarge(status: response.status, limit: maximumResponseSize)
        }
        return response
    }

    public func send(_ request: HTTPRequest, bodyFromFile fileURL: URL, maximumResponseSize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse {
        var request = request
        let body = try Data(contentsOf: fileURL)
        request.body = body
        let total = Int64(body.count)
        progress(TransferProgress(completedBytes: 0, totalBytes: total))
        let response = try await send(request, maximumResponseSize: maximumResponseSize)
        progress(TransferProgress(completedBytes: total, totalBytes: total))
        return response
    }

    public func download(_ request: HTTPRequest, to destination: URL, maximumBodySize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse {
        var response = try await send(request, maximumResponseSize: maximumBodySize)
        try response.body.write(to: destination)
        let received = Int64(response.body.count)
        progress(TransferProgress(completedBytes: received, totalBytes: received))
        response.body = Data()
        return response
    }
}

/// How far a transfer has got: bytes moved so far, and how many there are in all when known
/// (a file's size, an announced `Content-Length`).
public struct TransferProgress: Sendable, Hashable {
    /// Bytes sent (or received) so far.
    public var completedBytes: Int64
    /// Bytes in all; `nil` when unknown (a download without `Content-Length`).
    public var totalBytes: Int64?

    /// Creates a progress report.
    public init(completedBytes: Int64, totalBytes: Int64?) {
        self.completedBytes = completedBytes
        self.totalBytes = totalBytes
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
/// On Linux, no write is ever sent twice by the transport itself. libcurl, under
/// FoundationNetworking, silently resends a request whose reused keep-alive connection closes before
/// any answer arrives — which would replay a `POST` the server may have processed, or hide from the
/// client that a `DELETE` was sent twice (so that its `404` could not be recognised as "already
/// deleted") — and FoundationNetworking cannot rewind an in-memory body for that resend, so such a
/// request would stall until it times out. Hence the connection rule:
/// - A request with an in-memory body to an `http://` URL reuses connections and carries
///   `Expect: 100-continue`: libcurl sends the body only once the server has answered
///   `100 Continue`, and never resends a request that got any answer. A dead connection is thus
///   found before the body goes out (and the request is safely sent again on a new one), and a
///   drop after the body was sent surfaces at once for ``RetryPolicy`` to judge.
/// - Over `https://`, where libcurl may speak HTTP/2 and then does not wait for `100 Continue`,
///   requests with a body, bodiless `POST`s and `DELETE`s each go over a fresh connection, on which
///   libcurl does not resend either. So do bodiless `POST`s and `DELETE`s over `http://`, and files
///   sent from disk.
/// - Bodiless `GET`, `HEAD` and `PUT` requests reuse connections: a resend of those is harmless.
///
/// Files are streamed both ways: ``send(_:bodyFromFile:maximumResponseSize:progress:)`` reads the
/// file as it is sent, with its size as `Content-Length` (an upload task on Apple platforms; on
/// Linux a body stream, on a fresh connection like any request with a body), and
/// ``download(_:to:maximumBodySize:progress:)`` writes each piece of the answer to the file as it
/// arrives, so memory stays flat whatever the file's size. Both keep the guarantees above. On
/// Linux, a file that changes size while it is sent fails the request with a `CocoaError` naming
/// it, rather than sending a body that disagrees with its `Content-Length`.
public final class URLSessionTransport: HTTPTransport {
    private let configuration: URLSessionConfiguration
    private let transfers = TransferDelegate()
    private let session: URLSession

    /// Creates a transport whose sessions use `configuration` (proxies, TLS settings, idle timeout);
    /// by default an ephemeral configuration that keeps no cookies or cache.
    /// On Linux, the writes that need a fresh connection (see the type's documentation) go through a
    /// short-lived session made with the same configuration.
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
        var urlRequest = Self.urlRequest(for: request)
        urlRequest.httpBody = request.body
        #if canImport(FoundationNetworking)
        if Self.mayReuseGatedConnection(request) {
            urlRequest.setValue("100-continue", forHTTPHeaderField: "Expect")
            return try await transfers.run(session.dataTask(with: urlRequest), limit: maximumResponseSize, sink: TransferDelegate.Sink())
        }
        #endif
        return try await run(request, hasBody: request.body != nil, limit: maximumResponseSize) { session in
            session.dataTask(with: urlRequest)
        }
    }

    /// Whether `request` may go out on a reused connection behind `Expect: 100-continue` (see the
    /// type's documentation): it has an in-memory body, and its URL is `http://`, which libcurl
    /// always speaks as HTTP/1.1.
    static func mayReuseGatedConnection(_ request: HTTPRequest) -> Bool {
        guard let body = request.body, !body.isEmpty, request.url.scheme?.lowercased() == "http" else { return false }
        return !request.headers.contains { $0.name.lowercased() == "expect" }
    }

    public func send(_ request: HTTPRequest, bodyFromFile fileURL: URL, maximumResponseSize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse {
        let size = try FileManager.default.attributesOfItem(atPath: fileURL.path)[.size] as? NSNumber
        let total = size?.int64Value
        #if canImport(FoundationNetworking)
        // Not `uploadTask(with:fromFile:)`: FoundationNetworking reads such a file in the background
        // and, when a read lands after the transfer ended (cancelled, answered early, connection
        // gone), unpauses the finished transfer's curl handle with a `try!` that fails (libcurl
        // error 43) and kills the process.
        // An `httpBodyStream` is read synchronously, when libcurl asks, so no read outlives the
        // transfer. A stream has no length to FoundationNetworking, hence libcurl's chunked encoding
        // unless we frame the body ourselves: our `Content-Length`, and a blank `Transfer-Encoding`
        // that tells libcurl not to add its own (storage URLs refuse chunked bodies).
        guard let total else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: fileURL.path])
        }
        var framed = request
        framed.headers.removeAll { ["content-length", "transfer-encoding"].contains($0.name.lowercased()) }
        let body = FileBody(fileURL: fileURL, length: total)
        var urlRequest = Self.urlRequest(for: framed)
        urlRequest.setValue(String(total), forHTTPHeaderField: "Content-Length")
        urlRequest.setValue(" ", forHTTPHeaderField: "Transfer-Encoding")
        urlRequest.httpBodyStream = body.makeStream()
        progress(TransferProgress(completedBytes: 0, totalBytes: total))
        let sink = TransferDelegate.Sink(sendProgress: progress, sendTotal: total, fileBody: body)
        return try await run(request, hasBody: true, limit: maximumResponseSize, sink: sink) { session in
            session.dataTask(with: urlRequest)
        }
        #else
        let urlRequest = Self.urlRequest(for: request)
        progress(TransferProgress(completedBytes: 0, totalBytes: total))
        let sink = TransferDelegate.Sink(sendProgress: progress, sendTotal: total)
        return try await run(request, hasBody: true, limit: maximumResponseSize, sink: sink) { session in
            session.uploadTask(with: urlRequest, fromFile: fileURL)
        }
        #endif
    }

    public func download(_ request: HTTPRequest, to destination: URL, maximumBodySize: Int, progress: @escaping @Sendable (TransferProgress) -> Void) async throws -> HTTPResponse {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
        let file = try FileHandle(forWritingTo: destination)
        defer { try? file.close() }
        var urlRequest = Self.urlRequest(for: request)
        urlRequest.httpBody = request.body
        let sink = TransferDelegate.Sink(file: file, receiveProgress: progress)
        return try await run(request, hasBody: request.body != nil, limit: maximumBodySize, sink: sink) { session in
            session.dataTask(with: urlRequest)
        }
    }

    /// `request` as `URLRequest`, without its body.
    private static func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        return urlRequest
    }

    /// Runs the task `makeTask` makes, on a session chosen by the connection rule of the type's
    /// documentation.
    private func run(
        _ request: HTTPRequest, hasBody: Bool, limit: Int, sink: TransferDelegate.Sink = TransferDelegate.Sink(),
        makeTask: (URLSession) -> URLSessionDataTask
    ) async throws -> HTTPResponse {
        #if canImport(FoundationNetworking)
        if hasBody || !RetryPolicy.isIdempotent(request.method) || request.method.uppercased() == "DELETE" {
            // A session of its own has an empty connection pool, so the request cannot go out on
            // a reused connection (see the type's documentation).
            let delegate = TransferDelegate()
            let oneShot = URLSession(configuration: configuration, delegate: delegate, delegateQueue: TransferDelegate.makeQueue())
            defer { oneShot.finishTasksAndInvalidate() }
            return try await delegate.run(makeTask(oneShot), limit: limit, sink: sink)
        }
        #endif
        return try await transfers.run(makeTask(session), limit: limit, sink: sink)
    }
}

/// The session delegate behind ``URLSessionTransport``: refuses redirects, collects bodies under
/// their limit (in memory or in a file), reports progress and completes each transfer's
/// continuation exactly once.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// Where a transfer's answer goes and who hears of its progress.
    struct Sink: @unchecked Sendable {
        /// The file the answer's body is written to, instead of memory. Written only from the
        /// task's delegate calls, which never overlap.
        var file: FileHandle?
        var sendProgress: (@Sendable (TransferProgress) -> Void)?
        /// The body's size, when the caller knows it better than the task does.
        var sendTotal: Int64?
        var receiveProgress: (@Sendable (TransferProgress) -> Void)?
        /// The file a streamed upload's body is read from, holding the error that ended reading
        /// it, if any.
        var fileBody: FileBody?

        init(file: FileHandle? = nil, sendProgress: (@Sendable (TransferProgress) -> Void)? = nil, sendTotal: Int64? = nil,
             receiveProgress: (@Sendable (TransferProgress) -> Void)? = nil, fileBody: FileBody? = nil) {
            self.file = file
            self.sendProgress = sendProgress
            self.sendTotal = sendTotal
            self.receiveProgress = receiveProgress
            self.fileBody = fileBody
        }
    }

    /// One request in flight.
    private final class Transfer {
        let limit: Int
        let sink: Sink
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var response: HTTPURLResponse?
        var body = Data()
        /// Body bytes received, whether kept in `body` or written to the sink's file.
        var received: Int64 = 0
        var tooLarge = false
        /// Writing the sink's file failed: the transfer is cancelled and fails with this.
        var fileError: (any Error)?
        init(limit: Int, sink: Sink) {
            self.limit = limit
            self.sink = sink
        }
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
    func run(_ task: URLSessionDataTask, limit: Int, sink: Sink = Sink()) async throws -> HTTPResponse {
        let transfer = Transfer(limit: max(0, limit), sink: sink)
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

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64, totalBytesExpectedToSend: Int64
    ) {
        guard let transfer = transfer(for: task), let progress = transfer.sink.sendProgress else { return }
        let total = transfer.sink.sendTotal ?? (totalBytesExpectedToSend >= 0 ? totalBytesExpectedToSend : nil)
        progress(TransferProgress(completedBytes: totalBytesSent, totalBytes: total))
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let transfer = transfer(for: dataTask) else { return }
        enum Outcome { case taken(TransferProgress), overflowed, ignored }
        let outcome = lock.withLock { () -> Outcome in
            guard !transfer.tooLarge, transfer.fileError == nil else { return .ignored }
            if Int64(data.count) > Int64(transfer.limit) - transfer.received {
                transfer.tooLarge = true
                transfer.body = Data()
                return .overflowed
            }
            transfer.received += Int64(data.count)
            if transfer.sink.file == nil { transfer.body.append(data) }
            let announced = transfer.response?.expectedContentLength ?? -1
            return .taken(TransferProgress(completedBytes: transfer.received, totalBytes: announced >= 0 ? announced : nil))
        }
        var cancel = false
        switch outcome {
        case .ignored:
            return
        case .overflowed:
            cancel = true
        case .taken(let progress):
            if let file = transfer.sink.file {
                // Outside the lock, which other transfers share; this task's calls never overlap.
                do {
                    try file.write(contentsOf: data)
                } catch {
                    lock.withLock { transfer.fileError = error }
                    cancel = true
                }
            }
            if !cancel { transfer.sink.receiveProgress?(progress) }
        }
        if cancel {
            // Not from this thread: on Linux it is the socket's, and cancelling waits for it.
            DispatchQueue.global().async { dataTask.cancel() }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer = lock.withLock { transfers.removeValue(forKey: ObjectIdentifier(task)) }
        // Nothing reads a body once its transfer has ended: the file is closed before anyone hears of the end.
        transfer?.sink.fileBody?.close()
        guard let transfer, let continuation = transfer.continuation else { return }
        transfer.continuation = nil
        if transfer.tooLarge {
            continuation.resume(throwing: HTTPTransportError.responseTooLarge(status: transfer.response?.statusCode ?? 0, limit: transfer.limit))
        } else if let fileError = transfer.fileError {
            continuation.resume(throwing: fileError)
        } else if let error {
            // A body that could not be read aborts the transfer: the reason is the file's, not the network's.
            continuation.resume(throwing: transfer.sink.fileBody?.failure ?? error)
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

/// The file a streamed upload sends: its open handle, and why reading it failed, if it did.
/// Shared by the transfer and its body stream, so the transfer can report the file's error
/// rather than the aborted connection it causes, and close the file the moment it ends —
/// FoundationNetworking opens a body stream but never closes it, and releases it only some time
/// after the task completes, which would leave the file open after a cancelled upload returned.
private final class FileBody: @unchecked Sendable {
    let fileURL: URL
    /// The bytes announced in `Content-Length`: exactly these are sent, or the transfer fails.
    let length: Int64
    private let lock = NSLock()
    private var storedFailure: (any Error)?
    private var handle: FileHandle?
    /// The transfer ended: the file stays closed, whoever asks to read it.
    private var ended = false

    init(fileURL: URL, length: Int64) {
        self.fileURL = fileURL
        self.length = length
    }

    deinit { try? handle?.close() }

    /// The first error met reading the file.
    var failure: (any Error)? { lock.withLock { storedFailure } }

    func fail(_ error: any Error) {
        lock.withLock { if storedFailure == nil { storedFailure = error } }
    }

    /// Opens the file, unless the transfer has already ended.
    func open() throws {
        try lock.withLock {
            guard !ended, handle == nil else { return }
            handle = try FileHandle(forReadingFrom: fileURL)
        }
    }

    /// Up to `count` bytes from where the last read stopped; empty at the end of the file. Throws
    /// once the file is closed.
    func read(upToCount count: Int) throws -> Data {
        try lock.withLock {
            guard let handle else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: fileURL.path]) }
            return try handle.read(upToCount: count) ?? Data()
        }
    }

    /// Closes the file for good: called when the transfer ends, however it ends.
    func close() {
        lock.withLock {
            ended = true
            try? handle?.close()
            handle = nil
        }
    }
}

#if canImport(FoundationNetworking)
extension FileBody {
    /// A new stream over the file, from its first byte.
    func makeStream() -> InputStream { FileBodyStream(body: self) }
}

/// An upload's body for FoundationNetworking: the file's first `length` bytes, read from disk
/// synchronously each time libcurl asks for more, on the transfer's own queue (so calls never
/// overlap), one buffer at a time. A file that ends early or goes on past `length` (it changed
/// while being sent) fails the transfer with a file error, instead of sending a body that does not
/// match its `Content-Length` — a short one would leave the server waiting for the rest.
///
/// It is never rewound. libcurl rewinds a body to send it again (redirects followed, authentication,
/// a reused connection: none happen here) or when an error answer arrives before the whole body
/// is out, and then stops sending; FoundationNetworking would ask the session's delegate for a new
/// stream, and ours offers none, which leaves the transfer as it is.
private final class FileBodyStream: InputStream {
    private let body: FileBody
    private var sent: Int64 = 0
    private var status: Stream.Status = .notOpen

    init(body: FileBody) {
        self.body = body
        super.init(data: Data())
    }

    override var streamStatus: Stream.Status { status }
    override var streamError: (any Error)? { body.failure }

    // FoundationNetworking takes `false` for the end of the body, so until the real end this says
    // `true` and lets `read` report a failure (-1), which aborts the transfer.
    override var hasBytesAvailable: Bool { status != .atEnd }

    override func open() {
        guard status == .notOpen else { return }
        do {
            try body.open()
            status = .open
        } catch {
            fail(error)
        }
    }

    override func close() {
        body.close()
        if status != .error { status = .closed }
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        guard status == .open else { return status == .atEnd ? 0 : -1 }
        do {
            let wanted = Int(min(Int64(max(0, maxLength)), body.length - sent))
            guard wanted > 0 else {
                if maxLength > 0, !(try body.read(upToCount: 1)).isEmpty { return fail(changedWhileSent()) }
                if maxLength > 0 { status = .atEnd }
                return 0
            }
            let chunk = try body.read(upToCount: wanted)
            guard !chunk.isEmpty else { return fail(changedWhileSent()) }
            chunk.copyBytes(to: buffer, count: chunk.count)
            sent += Int64(chunk.count)
            return chunk.count
        } catch {
            return fail(error)
        }
    }

    @discardableResult
    private func fail(_ error: any Error) -> Int {
        body.fail(error)
        status = .error
        return -1
    }

    private func changedWhileSent() -> CocoaError {
        CocoaError(.fileReadUnknown, userInfo: [
            NSFilePathErrorKey: body.fileURL.path,
            NSLocalizedDescriptionKey: "The file changed size while it was being sent (\(body.length) bytes were announced).",
        ])
    }
}
#endif
