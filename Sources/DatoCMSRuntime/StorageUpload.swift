import Foundation

/// Transfers of whole files to and from hosts other than the API: the signed storage URL an upload
/// is `PUT` to, and the remote file an upload is made from. Neither ever carries the API token or
/// any of the API's headers, and neither holds the file in memory (with ``URLSessionTransport``;
/// see ``HTTPTransport`` for custom transports).
extension APIClient {
    /// ``sendWithoutCredentials(_:)`` with the contents of `fileURL` as the body, read from disk as
    /// it is sent: memory stays flat whatever the file's size. Any `Authorization` header is
    /// removed, redirects are refused (``DatoCMSError/redirected(request:status:location:)``), and
    /// each attempt and the whole call are bounded by ``RequestTimeouts/storageTransfer``. A failed
    /// attempt is retried as ``RetryPolicy`` allows for the request's method, from the start of
    /// the file (a `PUT` of a file is safe to repeat).
    ///
    /// - Parameter progress: Bytes sent and the file's size, in order, from any thread; a retried
    ///   attempt starts again from 0.
    /// - Returns: The final answer, whatever its status.
    public func sendWithoutCredentials(
        _ request: HTTPRequest, bodyFromFile fileURL: URL, progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }
    ) async throws -> HTTPResponse {
        var request = request
        request.body = nil
        request.headers.removeAll { Redaction.credentialHeaders.contains($0.name.lowercased()) }
        try Self.checkHeaders(of: request)
        let transport = configuration.transport
        let maximumSize = max(0, configuration.maximumResponseSize)
        let response: HTTPResponse
        do {
            response = try await performWithoutCredentials(request) { request in
                try await transport.send(request, bodyFromFile: fileURL, maximumResponseSize: maximumSize, progress: progress)
            }
        } catch HTTPTransportError.responseTooLarge(let status, let limit) {
            throw DatoCMSError.unexpectedResponse(
                request: summary(request), status: status,
                reason: "the body is over the limit of \(limit) bytes (ClientConfiguration.maximumResponseSize); reading stopped there", body: "")
        }
        if (300..<400).contains(response.status) { throw redirection(of: request, by: response) }
        return response
    }

    /// Downloads `url` into `destination` (created, or truncated), writing the body as it arrives,
    /// with a plain `GET` carrying no credential and none of the API's headers (only `Accept` and
    /// the configured `User-Agent`): the remote host learns nothing about your project.
    ///
    /// Redirects are followed, up to `maximumRedirects`, since public files often sit behind one
    /// (the request carries nothing to leak); one from `https` to `http` is refused with
    /// ``DatoCMSError/redirected(request:status:location:)``, as is one past the limit. Attempts
    /// and the whole download are bounded by ``RequestTimeouts/storageTransfer``; failed attempts
    /// are retried as ``RetryPolicy`` allows for a `GET`, starting the file over.
    ///
    /// - Parameters:
    ///   - maximumSize: The largest body accepted, in bytes, announced or counted (after
    ///     decompression); past it the download stops with ``HTTPTransportError/responseTooLarge(status:limit:)``.
    ///   - progress: Bytes received and the announced size, in order, from any thread.
    /// - Returns: The final answer, with an empty `body` (it is in `destination`), whatever its status.
    public func downloadWithoutCredentials(
        _ url: URL, to destination: URL, maximumSize: Int, maximumRedirects: Int = 5,
        progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }
    ) async throws -> HTTPResponse {
        var request = HTTPRequest(method: "GET", url: url, headers: [("Accept", "*/*"), ("User-Agent", configuration.userAgent)])
        try Self.checkHeaders(of: request)
        let transport = configuration.transport
        var redirects = 0
        while true {
            guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw DatoCMSError.invalidRequest("Only http and https URLs can be downloaded, not \(Redaction.redact(request.url.absoluteString, secret: configuration.apiToken))")
            }
            let response = try await performWithoutCredentials(request) { request in
                try await transport.download(request, to: destination, maximumBodySize: max(0, maximumSize), progress: progress)
            }
            guard (300..<400).contains(response.status), response.header("Location") != nil else { return response }
            guard redirects < maximumRedirects,
                  let location = response.header("Location").flatMap({ URL(string: $0, relativeTo: request.url)?.absoluteURL }),
                  !(request.url.scheme?.lowercased() == "https" && location.scheme?.lowercased() == "http")
            else { throw redirection(of: request, by: response) }
            redirects += 1
            request.url = location
        }
    }

    /// ``sendJob(_:decoding:)`` that tells `accepted` the job's ID once the API has accepted the
    /// request, before waiting for the job (`nil` when the API answered at once, with no job), so
    /// a caller can tell "creating" from "processing".
    public func sendJob<Payload: Decodable>(
        _ request: APIRequest, decoding type: Payload.Type, accepted: @Sendable (String?) -> Void
    ) async throws -> Payload {
        let exchange = try await exchange(request)
        let response = exchange.response
        guard (200..<300).contains(response.status) else {
            throw apiError(status: response.status, body: response.body, request: exchange.request)
        }
        guard response.status == 202 else {
            accepted(nil)
            return try decode(type, from: response, request: exchange.request)
        }
        let job = try decode(AcceptedJobDocument.self, from: response, request: exchange.request).data
        accepted(job.id)
        return try await waitForJob(job.id, decoding: type, policy: nil, origin: summary(exchange.request))
    }

    /// Sends `request` through `attempt`, retrying as the policy allows, within the storage
    /// transfer deadline. Answers of every status come back, redirects included: the callers
    /// decide about those. Unpaced: the API's rate limit is not the other host's.
    private func performWithoutCredentials(
        _ request: HTTPRequest, attempt: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let policy = configuration.retry
        let logger = RequestLogger(logging: configuration.logging, secret: configuration.apiToken)
        let limit = configuration.timeouts.storageTransfer
        let limitName = "RequestTimeouts.storageTransfer"
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + limit
        var waited = Duration.zero
        var attemptNumber = 1
        while true {
            try Task.checkCancellation()
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw DatoCMSError.timedOut(request: summary(request), limit: limitName, after: started.duration(to: clock.now))
            }
            logger.request(request, attempt: attemptNumber)
            let start = clock.now
            let failure: AttemptFailure
            let outcome: Result<HTTPResponse, any Error>
            do {
                let response = try await TimeLimit.run(within: remaining) { try await attempt(request) }
                logger.response(response, to: request, elapsed: start.duration(to: clock.now))
                guard let retryable = AttemptFailure(response: response) else { return response }
                failure = retryable
                outcome = .success(response)
            } catch let error as HTTPTransportError {
                throw error
            } catch is TimeLimit.Expired {
                let elapsed = start.duration(to: clock.now)
                logger.failure("no complete answer within \(elapsed) (\(limitName))", of: request, elapsed: elapsed)
                throw DatoCMSError.timedOut(request: summary(request), limit: limitName, after: started.duration(to: clock.now))
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let nsError = error as NSError
                let description = Redaction.redact("\(nsError.localizedDescription) (\(nsError.domain) \(nsError.code))", secret: configuration.apiToken)
                logger.failure(description, of: request, elapsed: start.duration(to: clock.now))
                if nsError.domain != NSURLErrorDomain {
                    // Not the network's: reading the local file or writing the download failed.
                    throw error
                }
                failure = AttemptFailure(transportError: error)
                outcome = .failure(DatoCMSError.transport(request: summary(request), underlying: description))
            }
            guard let delay = policy.retryDelay(after: failure, method: request.method, attempt: attemptNumber, waitedSoFar: waited, random: Double.random(in: 0...1)),
                  clock.now + delay < deadline
            else { return try outcome.get() }
            logger.retry(request, after: delay, reason: failure.reason, nextAttempt: attemptNumber + 1)
            try await Task.sleep(for: delay)
            waited += delay
            attemptNumber += 1
        }
    }

    /// The error for a redirect not followed: where it pointed, resolved and redacted.
    private func redirection(of request: HTTPRequest, by response: HTTPResponse) -> DatoCMSError {
        var location = response.header("Location") ?? ""
        if let resolved = URL(string: location, relativeTo: request.url) { location = resolved.absoluteString }
        location = Redaction.redact(String(location.prefix(2048)), secret: configuration.apiToken)
        return .redirected(request: summary(request), status: response.status, location: location)
    }

    private static func checkHeaders(of request: HTTPRequest) throws {
        for header in request.headers {
            try RequestBuilder.checkHeaderValue(header.name, name: "name of a")
            try RequestBuilder.checkHeaderValue(header.value, name: header.name)
        }
    }
}

/// The body of a `202 Accepted` answer.
private struct AcceptedJobDocument: Decodable {
    var data: JobReference
}
