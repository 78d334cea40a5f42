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
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
        return try decode(type, from: response, request: httpRequest)
    }

    /// Sends `request` and ignores the 2xx response body.
    public func send(_ request: APIRequest) async throws {
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
    }

    /// Sends a request that starts an asynchronous job (`202` + job), waits for the job and
    /// decodes its payload as `type`. An endpoint that answers at once (`200`/`201`) is
    /// decoded directly.
    public func sendJob<Payload: Decodable>(_ request: APIRequest, decoding type: Payload.Type) async throws -> Payload {
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
        if response.status == 202 {
            let accepted = try decode(AcceptedJob.self, from: response, request: httpRequest)
            return try await waitForJob(accepted.data.id, decoding: type, policy: nil, origin: RequestSummary(httpRequest))
        }
        return try decode(type, from: response, request: httpRequest)
    }

    /// Builds and sends `request`, retrying as ``ClientConfiguration/retry`` allows, and returns
    /// both the wire request and the final response (which may still be an error status).
    func exchange(_ request: APIRequest) async throws -> (HTTPRequest, HTTPResponse) {
        let httpRequest = try builder.build(request)
        return (httpRequest, try await perform(httpRequest, paced: true))
    }

    /// Sends a request to a host other than the API — e.g. a signed storage URL for an upload —
    /// with the same retry policy but without credentials: any `Authorization` header is removed,
    /// and the API's rate-limit pacing does not apply. Returns the final answer, whatever its status.
    public func sendWithoutCredentials(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        request.headers.removeAll { ["authorization", "cookie", "proxy-authorization"].contains($0.name.lowercased()) }
        for header in request.headers {
            try RequestBuilder.checkHeaderValue(header.name, name: "name of a")
            try RequestBuilder.checkHeaderValue(header.value, name: header.name)
        }
        return try await perform(request, paced: false)
    }

    /// Sends `httpRequest`, retrying as the policy allows.
    private func perform(_ httpRequest: HTTPRequest, paced: Bool) async throws -> HTTPResponse {
        let policy = configuration.retry
        let clock = ContinuousClock()
        var waited = Duration.zero
        var attempt = 1
        while true {
            try Task.checkCancellation()
            if paced && policy.paceRequests { try await pacer.permit() }
            logger.request(httpRequest, attempt: attempt)
            let start = clock.now
            let failure: AttemptFailure
            let outcome: Result<HTTPResponse, DatoCMSError>
            do {
                let response = try await configuration.transport.send(httpRequest)
                if paced { await pacer.observe(response) }
                logger.response(response, to: httpRequest, elapsed: start.duration(to: clock.now))
                guard let retryable = AttemptFailure(response: response) else {
                    return try checkLimits(response, for: httpRequest)
                }
                failure = retryable
                outcome = .success(response)
            } catch let error as CancellationError {
                throw error
            } catch let error as DatoCMSError {
                // Our own verdict on the answer (too large, too deep), not a transport failure.
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let description = Self.describe(error)
                logger.failure(description, of: httpRequest, elapsed: start.duration(to: clock.now))
                failure = AttemptFailure(transportError: error)
                outcome = .failure(DatoCMSError.transport(request: RequestSummary(httpRequest), underlying: description))
            }
            let random = Double.random(in: 0...1)
            guard let delay = policy.retryDelay(after: failure, method: httpRequest.method, attempt: attempt, waitedSoFar: waited, random: random) else {
                // Out of retries, or not safe to retry: the caller sees the last answer or failure.
                return try outcome.get()
            }
            logger.retry(httpRequest, after: delay, reason: failure.reason, nextAttempt: attempt + 1)
            try await Task.sleep(for: delay)
            waited += delay
            attempt += 1
        }
    }

    /// Refuses bodies over the configured size or nesting depth before anything decodes them.
    private func checkLimits(_ response: HTTPResponse, for request: HTTPRequest) throws -> HTTPResponse {
        let size = response.body.count
        if size > configuration.maximumResponseSize {
            throw DatoCMSError.unexpectedResponse(
                request: RequestSummary(request), status: response.status,
                reason: "the body is \(size) bytes, over the limit of \(configuration.maximumResponseSize)", body: "")
        }
        if JSONDepth.exceeds(configuration.maximumResponseDepth, in: response.body) {
            throw DatoCMSError.unexpectedResponse(
                request: RequestSummary(request), status: response.status,
                reason: "the body nests arrays and objects deeper than \(configuration.maximumResponseDepth) levels", body: "")
        }
        return response
    }

    static func check(_ response: HTTPResponse, for request: HTTPRequest) throws {
        guard (200..<300).contains(response.status) else {
            throw ApiError(status: response.status, body: response.body, request: RequestSummary(request))
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, request: HTTPRequest) throws -> T {
        let summary = RequestSummary(request)
        guard !response.body.isEmpty else {
            throw DatoCMSError.unexpectedResponse(request: summary, status: response.status, reason: "empty body where \(T.self) was expected", body: "")
        }
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch let error as DecodingError {
            let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw DatoCMSError.unexpectedResponse(request: summary, status: response.status, reason: "the body is not valid JSON", body: text)
            }
            throw DatoCMSError.decoding(request: summary, type: "\(T.self)", path: error.keyPath, reason: error.reason)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return "\(nsError.localizedDescription) (\(nsError.domain) \(nsError.code))"
    }
}

/// The body of a `202 Accepted` answer.
private struct AcceptedJob: Decodable {
    var data: JobReference
}
