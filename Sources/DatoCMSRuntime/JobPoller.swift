import Foundation

/// How to wait for an asynchronous job: poll `GET /job-results/:id` (404 while running)
/// after `initialDelay`, then at intervals growing by `multiplier` up to `maximumDelay`,
/// giving up after `timeout` with ``DatoCMSError/jobTimedOut(jobID:waited:)``.
public struct JobPollingPolicy: Sendable, Hashable {
    /// Wait before the first poll; most jobs finish within a second.
    public var initialDelay: Duration
    /// Growth of the interval between polls.
    public var multiplier: Double
    /// The longest interval between polls.
    public var maximumDelay: Duration
    /// How long to wait in all before giving up (the job keeps running on the server).
    public var timeout: Duration

    /// Creates a policy.
    public init(initialDelay: Duration = .milliseconds(250), multiplier: Double = 1.5, maximumDelay: Duration = .seconds(5), timeout: Duration = .seconds(300)) {
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maximumDelay = maximumDelay
        self.timeout = timeout
    }

    /// 250 ms first, ×1.5 each time, at most 5 s apart, 5 minutes in all.
    public static let `default` = JobPollingPolicy()

    /// The delay before poll number `attempt` (0-based).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        // In floating point, so that no multiplier or poll count can overflow a `Duration`.
        let growth = pow(max(1, multiplier.isFinite ? multiplier : 1), Double(max(attempt, 0)))
        return Duration.clamped(seconds: initialDelay.seconds * growth, to: maximumDelay)
    }
}

/// Waits for asynchronous jobs. Reach it as `client.jobs`, e.g. to wait again for a job
/// whose wait timed out: `try await client.jobs.wait(for: error.jobID!)`.
public struct JobPoller: Sendable {
    let client: APIClient

    /// Creates a poller on `client`.
    public init(client: APIClient) { self.client = client }

    /// Waits for job `jobID` and decodes its payload as `type`.
    /// - Throws: ``ApiError`` when the job finished with an error status, ``DatoCMSError/jobTimedOut(jobID:waited:)``,
    ///   `CancellationError` when the task is cancelled.
    public func wait<Payload: Decodable>(for jobID: String, as type: Payload.Type = Payload.self, policy: JobPollingPolicy? = nil) async throws -> Payload {
        try await client.waitForJob(jobID, decoding: type, policy: policy)
    }

    /// Waits for job `jobID` and returns its payload as JSON.
    public func wait(for jobID: String, policy: JobPollingPolicy? = nil) async throws -> JSONValue {
        try await client.waitForJob(jobID, decoding: JSONValue.self, policy: policy)
    }
}

/// The body of `GET /job-results/:id` once the job is done.
struct JobResultDocument: Decodable {
    struct Resource: Decodable {
        struct Attributes: Decodable {
            var status: Int
            var payload: JSONValue?
        }
        var id: String
        var attributes: Attributes
    }
    var data: Resource
}

extension APIClient {
    /// Polls the job's result until it is ready, then decodes its payload. The policy's timeout
    /// bounds everything: the pauses between polls and the polls themselves.
    func waitForJob<Payload: Decodable>(_ jobID: String, decoding type: Payload.Type, policy: JobPollingPolicy?, origin: RequestSummary? = nil) async throws -> Payload {
        let policy = policy ?? configuration.jobPolling
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + policy.timeout
        var attempt = 0
        while true {
            let delay = policy.delay(beforeAttempt: attempt)
            if clock.now + delay >= deadline {
                throw DatoCMSError.jobTimedOut(jobID: jobID, waited: start.duration(to: clock.now))
            }
            try await Task.sleep(for: delay)
            attempt += 1

            let request = APIRequest(method: "GET", pathSegments: ["job-results", jobID], query: nil)
            let exchange: Exchange
            do {
                exchange = try await self.exchange(request, deadline: deadline, deadlineName: "JobPollingPolicy.timeout")
            } catch DatoCMSError.timedOut where clock.now >= deadline {
                throw DatoCMSError.jobTimedOut(jobID: jobID, waited: start.duration(to: clock.now))
            }
            let response = exchange.response
            if response.status == 404 { continue }  // the job is still running
            guard (200..<300).contains(response.status) else {
                throw apiError(status: response.status, body: response.body, request: exchange.request, headers: response.headers)
            }
            let document = try decode(JobResultDocument.self, from: response, request: exchange.request)
            let result = document.data.attributes
            // An informational status is not an outcome: the job is still under way.
            if (100..<200).contains(result.status) { continue }
            let payload = result.payload ?? .null
            guard (200..<300).contains(result.status) else {
                throw ApiError(status: result.status, payload: payload, request: origin ?? summary(exchange.request), jobID: jobID, responseHeaders: response.headers, secret: configuration.apiToken)
            }
            return try decodePayload(payload, as: Payload.self, request: exchange.request)
        }
    }
}
