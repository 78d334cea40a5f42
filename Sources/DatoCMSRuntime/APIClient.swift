import Foundation

/// The engine under every generated client: builds requests, sends them, turns error
/// answers into ``ApiError``, decodes responses and awaits jobs. Generated endpoint
/// functions are one call into it.
public struct APIClient: Sendable {
    /// The configuration requests are made with.
    public let configuration: ClientConfiguration
    private let builder: RequestBuilder
    private let pacer: RequestPacer
    private let logger: RequestLogger

    /// Creates a client.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        self.builder = RequestBuilder(configuration: configuration)
        self.pacer = RequestPacer(window: configuration.retry.rateLimitWindow)
        self.logger = RequestLogger(logging: configuration.logging, secret: configuration.apiToken)
    }

    /// Waits for asynchronous jobs.
    public var jobs: JobPoller { JobPoller(client: self) }

    /// Sends `request` and decodes the 2xx response body as `type`.
    public func send<Response: Decodable>(_ request: APIRequest, decoding type: Response.Type) async throws -> Response {
        let exchange = try await exchange(request)
        try check(exchange)
        return try decode(type, from: exchange.response, request: exchange.request)
    }

    /// Sends `request` and ignores the 2xx response body. A `DELETE` retried after a failure that
    /// may have carried it out succeeds on `404` (see ``sendDeletion(_:decoding:)``).
    public func send(_ request: APIRequest) async throws {
        let exchange = try await exchange(request)
        if exchange.retriedDeletionFoundNothing { return }
        try check(exchange)
    }

    /// Sends a request that starts an asynchronous job (`202` + job), waits for the job and
    /// decodes its payload as `type`. An endpoint that answers at once (`200`/`201`) is
    /// decoded directly.
    public func sendJob<Payload: Decodable>(_ request: APIRequest, decoding type: Payload.Type) async throws -> Payload {
        let exchange = try await exchange(request)
        return try await finishJob(exchange, decoding: type)
    }

    /// ``sendJob(_:decoding:)`` that tells `accepted` the job's ID once the API has accepted the
    /// request, before waiting for the job (`nil` when the API answered at once, with no job), so
    /// a caller can tell "creating" from "processing".
    public func sendJob<Payload: Decodable>(
        _ request: APIRequest, decoding type: Payload.Type, accepted: @Sendable (String?) -> Void
    ) async throws -> Payload {
        let exchange = try await exchange(request)
        return try await finishJob(exchange, decoding: type, accepted: accepted)
    }

    /// Sends a `DELETE` and decodes the 2xx response body as `type`.
    ///
    /// Returns `nil` when the resource is already gone because of this very call: an earlier attempt
    /// failed in a way that may have carried out the deletion (a lost connection, a timeout, a `5xx`),
    /// and the retry got `404`. The resource is deleted as asked, but its last state was in the
    /// answer that was lost. A `404` on the first attempt is an ``ApiError`` as usual.
    public func sendDeletion<Response: Decodable>(_ request: APIRequest, decoding type: Response.Type) async throws -> Response? {
        let exchange = try await exchange(request)
        if exchange.retriedDeletionFoundNothing { return nil }
        try check(exchange)
        return try decode(type, from: exchange.response, request: exchange.request)
    }

    /// ``sendJob(_:decoding:)`` for a `DELETE`: `nil` when a retry found the resource already gone
    /// (see ``sendDeletion(_:decoding:)``).
    public func sendDeletionJob<Payload: Decodable>(_ request: APIRequest, decoding type: Payload.Type) async throws -> Payload? {
        let exchange = try await exchange(request)
        if exchange.retriedDeletionFoundNothing { return nil }
        do {
            return try await finishJob(exchange, decoding: type)
        } catch let error as ApiError where error.status == 404 && error.jobID != nil && exchange.retriedAfterPossibleProcessing {
            // The retry started a second deletion job, which found the resource already gone:
            // the first attempt's job deleted it.
            return nil
        }
    }

    private func finishJob<Payload: Decodable>(
        _ exchange: Exchange, decoding type: Payload.Type, accepted: @Sendable (String?) -> Void = { _ in }
    ) async throws -> Payload {
        try check(exchange)
        if exchange.response.status == 202 {
            let job = try decode(JSONAPIDocument<JobReference>.self, from: exchange.response, request: exchange.request)
            accepted(job.data.id)
            return try await waitForJob(job.data.id, decoding: type, policy: nil, origin: RequestSummary(exchange.request))
        }
        accepted(nil)
        return try decode(type, from: exchange.response, request: exchange.request)
    }

    /// A request as sent and the final answer to it (which may still be an error status).
    struct Exchange {
        var request: HTTPRequest
        var response: HTTPResponse
        /// An earlier attempt failed in a way that may have carried the request out.
        var retriedAfterPossibleProcessing = false
        /// A `DELETE` got `404` on a retry after an attempt that may have deleted the resource.
        var retriedDeletionFoundNothing: Bool {
            retriedAfterPossibleProcessing && response.status == 404 && request.method.uppercased() == "DELETE"
        }
    }

    /// Builds and sends `request`, retrying as ``ClientConfiguration/retry`` allows, within the
    /// call's deadline, or `deadline` (named `deadlineName` in errors) when that comes first.
    func exchange(_ request: APIRequest, deadline: ContinuousClock.Instant? = nil, deadlineName: String? = nil) async throws -> Exchange {
        let httpRequest = try builder.build(request)
        let timeouts = configuration.timeouts
        let callDeadline = ContinuousClock.now + timeouts.call
        var limits = CallLimits(
            attempt: timeouts.attempt, attemptName: "RequestTimeouts.attempt",
            deadline: callDeadline, deadlineName: "RequestTimeouts.call")
        if let deadline, deadline < callDeadline {
            limits.deadline = deadline
            limits.deadlineName = deadlineName ?? limits.deadlineName
        }
        return try await perform(httpRequest, paced: true, limits: limits)
    }

    /// Sends a request to a host other than the API — e.g. a signed storage URL for an upload —
    /// with the same retry policy but without credentials: any `Authorization` header is removed,
    /// and the API's rate-limit pacing does not apply. Attempts and the whole call are bounded by
    /// ``RequestTimeouts/storageTransfer``, and redirects are refused as for API calls.
    /// Returns the final answer, whatever its status.
    public func sendWithoutCredentials(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(try withoutCredentials(request), paced: false, limits: storageTransferLimits()).response
    }

    /// `request` without any credential header, its other headers checked as the API's are.
    func withoutCredentials(_ request: HTTPRequest) throws -> HTTPRequest {
        var request = request
        request.headers.removeAll { Redaction.credentialHeaders.contains($0.name.lowercased()) }
        for header in request.headers {
            try RequestBuilder.checkHeaderValue(header.name, name: "name of a")
            try RequestBuilder.checkHeaderValue(header.value, name: header.name)
        }
        return request
    }

    /// How long one attempt and the whole call may take, and what to call each in errors.
    struct CallLimits {
        var attempt: Duration
        var attemptName: String
        var deadline: ContinuousClock.Instant
        var deadlineName: String
        /// How long an attempt ended by a deadline or a cancellation may take to stop before the
        /// call gives up on it (see ``TimeLimit/run(within:windDown:_:)``).
        var windDown: Duration = .zero
    }

    /// The limits of a transfer to or from another host than the API: each attempt and the whole
    /// call within ``RequestTimeouts/storageTransfer``. A stopped attempt gets a few seconds to
    /// let go of its file and connection, so that a cancelled upload has closed the file when
    /// the call returns.
    func storageTransferLimits() -> CallLimits {
        let limit = configuration.timeouts.storageTransfer
        let name = "RequestTimeouts.storageTransfer"
        return CallLimits(attempt: limit, attemptName: name, deadline: ContinuousClock.now + limit, deadlineName: name, windDown: .seconds(10))
    }

    /// One trip through a transport; ``perform(_:paced:limits:redirects:send:)`` retries it.
    typealias Attempt = @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// What ``perform(_:paced:limits:redirects:send:)`` does with a `3xx` answer.
    enum RedirectHandling {
        /// Throw ``DatoCMSError/redirected(request:status:location:)``: the request carries
        /// something (a token, a signed body) that must not follow it elsewhere.
        case refuse
        /// Return it, for the caller to follow or refuse.
        case returnAnswer
    }

    /// Wraps an attempt's failure that another attempt would meet again — reading the file to
    /// send, writing the one received, a limit reached — for ``perform(_:paced:limits:redirects:send:)``
    /// to throw the wrapped error as it is, without retrying.
    struct FinalFailure: Error {
        var underlying: any Error
    }

    /// Sends `httpRequest` through `send` (by default the transport's ``HTTPTransport/send(_:maximumResponseSize:)``),
    /// retrying as the policy allows, never past `limits`.
    func perform(
        _ httpRequest: HTTPRequest, paced: Bool, limits: CallLimits, redirects: RedirectHandling = .refuse, send: Attempt? = nil
    ) async throws -> Exchange {
        let policy = configuration.retry
        let clock = ContinuousClock()
        let started = clock.now
        var waited = Duration.zero
        var attempt = 1
        // Whether an earlier attempt failed in a way that may have carried the request out.
        var mayHaveBeenProcessed = false
        while true {
            try Task.checkCancellation()
            if paced && policy.paceRequests {
                try await waitForPacer(httpRequest, budget: min(policy.maximumTotalWait - waited, clock.now.duration(to: limits.deadline)), started: started, limits: limits)
            }
            let remaining = clock.now.duration(to: limits.deadline)
            guard remaining > .zero else {
                throw DatoCMSError.timedOut(request: summary(httpRequest), limit: limits.deadlineName, after: started.duration(to: clock.now))
            }
            let attemptLimit = min(limits.attempt, remaining)
            logger.request(httpRequest, attempt: attempt)
            let start = clock.now
            let sent = await attemptOnce(httpRequest, within: attemptLimit, windDown: limits.windDown, send: send)

            let failure: AttemptFailure
            let outcome: Result<HTTPResponse, any Error>
            switch sent {
            case .success(let response):
                if paced { await pacer.observe(response) }
                logger.response(response, to: httpRequest, elapsed: start.duration(to: clock.now))
                if (300..<400).contains(response.status) {
                    guard case .returnAnswer = redirects else { throw redirected(httpRequest, by: response) }
                    return Exchange(request: httpRequest, response: response, retriedAfterPossibleProcessing: mayHaveBeenProcessed)
                }
                guard let retryable = AttemptFailure(response: response) else {
                    return Exchange(request: httpRequest, response: try checkLimits(response, for: httpRequest), retriedAfterPossibleProcessing: mayHaveBeenProcessed)
                }
                failure = retryable
                outcome = .success(response)
            case .failure(let error as HTTPTransportError):
                throw tooLarge(error, for: httpRequest)
            case .failure(let error as FinalFailure):
                throw error.underlying
            case .failure(is TimeLimit.Expired):
                let elapsed = start.duration(to: clock.now)
                let name = attemptLimit < limits.attempt ? limits.deadlineName : limits.attemptName
                logger.failure("no complete answer within \(elapsed) (\(name))", of: httpRequest, elapsed: elapsed)
                failure = .connectionLost
                outcome = .failure(DatoCMSError.timedOut(request: summary(httpRequest), limit: name, after: started.duration(to: clock.now)))
            case .failure(let error as CancellationError):
                throw error
            case .failure(let error):
                if Task.isCancelled { throw CancellationError() }
                let description = Redaction.redact(Self.describe(error), secret: configuration.apiToken)
                logger.failure(description, of: httpRequest, elapsed: start.duration(to: clock.now))
                failure = AttemptFailure(transportError: error)
                outcome = .failure(DatoCMSError.transport(request: summary(httpRequest), underlying: description))
            }
            if !failure.provablyNotProcessed { mayHaveBeenProcessed = true }
            let random = Double.random(in: 0...1)
            guard let delay = policy.retryDelay(after: failure, method: httpRequest.method, attempt: attempt, waitedSoFar: waited, random: random),
                  clock.now + delay < limits.deadline
            else {
                // Out of retries or time, or not safe to retry: the caller sees the last answer or failure.
                return Exchange(request: httpRequest, response: try outcome.get(), retriedAfterPossibleProcessing: mayHaveBeenProcessed)
            }
            logger.retry(httpRequest, after: delay, reason: failure.reason, nextAttempt: attempt + 1)
            try await Task.sleep(for: delay)
            waited += delay
            attempt += 1
        }
    }

    /// One trip through `send` (or the transport), bounded by `limit`.
    private func attemptOnce(_ httpRequest: HTTPRequest, within limit: Duration, windDown: Duration, send: Attempt?) async -> Result<HTTPResponse, any Error> {
        let transport = configuration.transport
        let maximumSize = max(0, configuration.maximumResponseSize)
        let send = send ?? { request in try await transport.send(request, maximumResponseSize: maximumSize) }
        do {
            return .success(try await TimeLimit.run(within: limit, windDown: windDown) { try await send(httpRequest) })
        } catch {
            return .failure(error)
        }
    }

    /// Waits for the rate-limit pacer; a pause longer than `budget` fails the call at once with the
    /// `429` that started it (or a time-out when the pause is the client's own spacing).
    private func waitForPacer(_ httpRequest: HTTPRequest, budget: Duration, started: ContinuousClock.Instant, limits: CallLimits) async throws {
        do {
            try await pacer.permit(within: max(budget, .zero))
        } catch let pause as RequestPacer.PauseTooLong {
            if let refusal = pause.refusal {
                throw ApiError(status: refusal.status, body: refusal.body, request: summary(httpRequest), responseHeaders: refusal.headers, secret: configuration.apiToken)
            }
            throw DatoCMSError.timedOut(request: summary(httpRequest), limit: limits.deadlineName, after: started.duration(to: .now))
        }
    }

    /// The request's summary, redacted of the token wherever it appears.
    func summary(_ request: HTTPRequest) -> RequestSummary {
        var summary = RequestSummary(request)
        summary.url = Redaction.redact(summary.url, secret: configuration.apiToken)
        summary.body = summary.body.map { Redaction.redact($0, secret: configuration.apiToken) }
        return summary
    }

    func redirected(_ request: HTTPRequest, by response: HTTPResponse) -> DatoCMSError {
        var location = response.header("Location") ?? ""
        if let resolved = URL(string: location, relativeTo: request.url) { location = resolved.absoluteString }
        location = Redaction.redact(String(location.prefix(2048)), secret: configuration.apiToken)
        return .redirected(request: summary(request), status: response.status, location: location)
    }

    private func tooLarge(_ error: HTTPTransportError, for request: HTTPRequest) -> DatoCMSError {
        switch error {
        case .responseTooLarge(let status, let limit):
            return .unexpectedResponse(
                request: summary(request), status: status,
                reason: "the body is over the limit of \(limit) bytes (ClientConfiguration.maximumResponseSize); reading stopped there", body: "")
        }
    }

    /// Refuses bodies over the configured size or nesting depth before anything decodes them
    /// (a custom transport may not have stopped at the size limit).
    private func checkLimits(_ response: HTTPResponse, for request: HTTPRequest) throws -> HTTPResponse {
        let size = response.body.count
        if size > configuration.maximumResponseSize {
            throw tooLarge(.responseTooLarge(status: response.status, limit: configuration.maximumResponseSize), for: request)
        }
        if JSONDepth.exceeds(configuration.maximumResponseDepth, in: response.body) {
            throw DatoCMSError.unexpectedResponse(
                request: summary(request), status: response.status,
                reason: "the body nests arrays and objects deeper than \(configuration.maximumResponseDepth) levels", body: "")
        }
        return response
    }

    /// Throws ``ApiError`` unless the answer is a success.
    private func check(_ exchange: Exchange) throws {
        guard (200..<300).contains(exchange.response.status) else {
            throw apiError(status: exchange.response.status, body: exchange.response.body, request: exchange.request, headers: exchange.response.headers)
        }
    }

    func apiError(status: Int, body: Data, request: HTTPRequest, jobID: String? = nil, headers: [(name: String, value: String)] = []) -> ApiError {
        ApiError(status: status, body: body, request: summary(request), jobID: jobID, responseHeaders: headers, secret: configuration.apiToken)
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, request: HTTPRequest) throws -> T {
        guard !response.body.isEmpty else {
            throw DatoCMSError.unexpectedResponse(request: summary(request), status: response.status, reason: "empty body where \(T.self) was expected", body: "")
        }
        do {
            // Reads the JSONValues inside T (untyped records, free-form members) in one pass.
            return try JSONValue.decode(T.self, from: response.body)
        } catch let error as DecodingError {
            let text = Redaction.redact(String(decoding: response.body.prefix(4096), as: UTF8.self), secret: configuration.apiToken)
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw DatoCMSError.unexpectedResponse(request: summary(request), status: response.status, reason: "the body is not valid JSON", body: text)
            }
            throw DatoCMSError.decoding(request: summary(request), type: "\(T.self)", path: error.keyPath, reason: error.reason)
        }
    }

    func decodePayload<T: Decodable>(_ payload: JSONValue, as type: T.Type, request: HTTPRequest) throws -> T {
        do {
            return try payload.decode(as: T.self)
        } catch let error as DecodingError {
            throw DatoCMSError.decoding(request: summary(request), type: "\(T.self)", path: error.keyPath, reason: error.reason)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return "\(nsError.localizedDescription) (\(nsError.domain) \(nsError.code))"
    }
}

