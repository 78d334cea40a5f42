import Foundation

/// How to wait for an asynchronous job: poll `GET /job-results/:id` (404 while running) after
/// `initialDelay`, then at intervals that grow — each the one before times `multiplier`, plus
/// `increment` — up to `maximumDelay`, giving up after `timeout` with
/// ``DatoCMSError/jobTimedOut(jobID:waited:)``.
///
/// The default polls at 0.5, 2, 4.5, 8, 12.5, 18, 24, 30 s… after the job started, then every 6 s:
/// short jobs are seen within half a second, long ones within a few seconds, and over jobs of 0.3 to
/// 30 s it polls no more often than the official TypeScript client (1, 3, 6, 10, 15, 21… s) while
/// noticing the end about four times sooner (`datocms-bench jobs` prints both).
public struct JobPollingPolicy: Sendable, Hashable {
    /// Wait before the first poll; many jobs are done within half a second.
    public var initialDelay: Duration
    /// Growth factor of the interval between polls (`1` for none).
    public var multiplier: Double
    /// Added to each interval after the first: linear growth keeps the gaps short for a long job
    /// where a multiplier would soon reach ``maximumDelay``, for as many polls in all.
    public var increment: Duration
    /// The longest interval between polls.
    public var maximumDelay: Duration
    /// How long to wait in all before giving up (the job keeps running on the server).
    public var timeout: Duration

    /// Creates a policy whose intervals grow by `increment` each time (linearly), up to
    /// `maximumDelay`; the defaults are those of ``default``.
    public init(initialDelay: Duration = .milliseconds(500), increment: Duration = .seconds(1),
                maximumDelay: Duration = .seconds(6), timeout: Duration = .seconds(300)) {
        self.initialDelay = initialDelay
        self.multiplier = 1
        self.increment = max(increment, .zero)
        self.maximumDelay = maximumDelay
        self.timeout = timeout
    }

    /// Creates a policy whose intervals grow by `multiplier` each time (geometrically), up to
    /// `maximumDelay`, plus `increment` when one is given.
    public init(initialDelay: Duration = .milliseconds(500), multiplier: Double, increment: Duration = .zero,
                maximumDelay: Duration = .seconds(6), timeout: Duration = .seconds(300)) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier.isFinite ? max(1, multiplier) : 1
        self.increment = max(increment, .zero)
        self.maximumDelay = maximumDelay
        self.timeout = timeout
    }

    /// 0.5 s first, each interval 1 s longer than the one before, at most 6 s apart, 5 minutes in all.
    public static let `default` = JobPollingPolicy()

    /// The delay before poll number `attempt` (0-based).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        // In floating point, so that no multiplier, increment or poll count can overflow a `Duration`.
        let growth = max(1, multiplier.isFinite ? multiplier : 1)
        let steps = Double(max(attempt, 0))
        let power = pow(growth, steps)
        // d(n+1) = d(n) × growth + increment, in closed form: the sum of the increments grows as a
        // geometric series (or linearly when there is no growth).
        let added = growth == 1 ? steps : (power - 1) / (growth - 1)
        let seconds = initialDelay.seconds * power + max(increment, .zero).seconds * added
        return Duration.clamped(seconds: seconds.isNaN ? .infinity : seconds, to: maximumDelay)
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

/// The body of `GET /job-results/:id`, read in one pass: the status first, then the payload as the
/// caller's type when the job succeeded (no detour through ``JSONValue``), or as JSON for the error.
struct JobResultDocument<Payload: Decodable>: Decodable {
    enum Outcome {
        /// An informational status: the job is still under way.
        case running
        case succeeded(Payload)
        case failed(status: Int, payload: JSONValue)
        /// The job succeeded but its payload is not a `Payload`; the error's path starts inside the payload.
        case undecodable(DecodingError)
    }

    var outcome: Outcome

    private enum Keys: String, CodingKey { case data, attributes, status, payload }

    init(from decoder: any Decoder) throws {
        let attributes = try decoder.container(keyedBy: Keys.self)
            .nestedContainer(keyedBy: Keys.self, forKey: .data)
            .nestedContainer(keyedBy: Keys.self, forKey: .attributes)
        let status = try attributes.decode(Int.self, forKey: .status)
        switch status {
        case 100..<200:
            outcome = .running
        case 200..<300:
            do {
                if attributes.contains(.payload) {
                    outcome = .succeeded(try attributes.decode(Payload.self, forKey: .payload))
                } else {
                    outcome = .succeeded(try JSONValue.null.decode(as: Payload.self))
                }
            } catch let error as DecodingError {
                outcome = .undecodable(error.relative(droppingFirst: attributes.codingPath.count + 1))
            }
        default:
            outcome = .failed(status: status, payload: try attributes.decodeIfPresent(JSONValue.self, forKey: .payload) ?? .null)
        }
    }
}

extension DecodingError {
    /// The same error with the first `count` keys of its path removed, so that it names a key path
    /// inside the value that was being decoded rather than inside its envelope.
    func relative(droppingFirst count: Int) -> DecodingError {
        func moved(_ context: Context) -> Context {
            Context(codingPath: Array(context.codingPath.dropFirst(count)), debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch self {
        case .typeMismatch(let type, let context): return .typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, moved(context))
        case .keyNotFound(let key, let context): return .keyNotFound(key, moved(context))
        case .dataCorrupted(let context): return .dataCorrupted(moved(context))
        @unknown default: return self
        }
    }
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
            switch try decode(JobResultDocument<Payload>.self, from: response, request: exchange.request).outcome {
            case .running:
                continue
            case .succeeded(let payload):
                return payload
            case .failed(let status, let payload):
                throw ApiError(status: status, payload: payload, request: origin ?? summary(exchange.request), jobID: jobID, responseHeaders: response.headers, secret: configuration.apiToken)
            case .undecodable(let error):
                throw DatoCMSError.decoding(request: summary(exchange.request), type: "\(Payload.self)", path: error.keyPath, reason: error.reason)
            }
        }
    }
}
