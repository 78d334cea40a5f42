import Foundation

/// When and how requests are retried, and how the client paces itself under the API's rate limit.
///
/// The defaults retry only what cannot do harm twice:
/// - `429 Too Many Requests`, for every method: the API refused it without processing it. The
///   client waits for `X-RateLimit-Reset` seconds (or a backoff when the header is absent).
/// - Connection failures before anything was sent (connection refused, host not found), for every method.
/// - `5xx` answers, errors the API marks `transient: true`, timeouts and dropped connections, for
///   `GET`, `HEAD`, `PUT` and `DELETE` only. A `POST` that may have reached the server is not
///   replayed — it could create a record twice — unless ``retryNonIdempotentRequests`` is set.
///
/// Backoff grows from ``initialBackoff`` by ``multiplier`` up to ``maximumBackoff``, with random
/// jitter, for at most ``maximumAttempts`` attempts and ``maximumTotalWait`` of waiting in all.
/// Every wait honours `Task` cancellation.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; `1` disables retries.
    public var maximumAttempts: Int
    /// The wait before the first retry.
    public var initialBackoff: Duration
    /// Growth of the wait between retries.
    public var multiplier: Double
    /// The longest single wait (a longer `X-RateLimit-Reset` is still honoured, within ``maximumTotalWait``).
    public var maximumBackoff: Duration
    /// The most time spent waiting across all retries of one request.
    public var maximumTotalWait: Duration
    /// The fraction of each backoff that is randomized (0 = none, 1 = "full jitter"), so that many
    /// clients failing together do not retry in lockstep.
    public var jitter: Double
    /// Replay `POST`s (and other non-idempotent requests) after failures where the server may have
    /// processed them. Off by default: a replayed create can create a record twice.
    public var retryNonIdempotentRequests: Bool
    /// Stay under the rate limit instead of learning it from `429`s: the client counts its own
    /// requests against `X-RateLimit-Limit` (each until one ``rateLimitWindow`` after its answer),
    /// sends freely while the count is below the limit, and at the limit waits only until the oldest
    /// request stops counting — so one task or many use the whole budget without a refusal.
    public var paceRequests: Bool
    /// The window the API's rate limit applies to (DatoCMS: 60 requests per 3 seconds). The API does
    /// not say when its window ends, so the pacer relies on this length; a shorter value than the
    /// server's risks `429`s (which are retried), a longer one only slows the client down.
    public var rateLimitWindow: Duration

    /// Creates a policy; every parameter has a default suited to long migration runs.
    public init(
        maximumAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(500),
        multiplier: Double = 2,
        maximumBackoff: Duration = .seconds(30),
        maximumTotalWait: Duration = .seconds(120),
        jitter: Double = 0.5,
        retryNonIdempotentRequests: Bool = false,
        paceRequests: Bool = true,
        rateLimitWindow: Duration = .seconds(3)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.multiplier = max(1, multiplier)
        self.maximumBackoff = maximumBackoff
        self.maximumTotalWait = maximumTotalWait
        self.jitter = min(max(jitter, 0), 1)
        self.retryNonIdempotentRequests = retryNonIdempotentRequests
        self.paceRequests = paceRequests
        self.rateLimitWindow = rateLimitWindow
    }

    /// 5 attempts, 0.5 s backoff doubling to at most 30 s, 2 minutes of waiting at most, 50% jitter,
    /// no replay of `POST`s, pacing on.
    public static let `default` = RetryPolicy()

    /// Every request is sent once; failures surface at once. Pacing stays on.
    public static let never = RetryPolicy(maximumAttempts: 1)

    /// The backoff before retry number `retry` (1-based), before jitter.
    public func backoff(beforeRetry retry: Int) -> Duration {
        // In floating point, so that no multiplier or retry count can overflow a `Duration`.
        let growth = pow(max(1, multiplier.isFinite ? multiplier : 1), Double(max(retry, 1) - 1))
        return Duration.clamped(seconds: initialBackoff.seconds * growth, to: maximumBackoff)
    }

    /// `delay` with jitter applied: a uniformly random part of `jitter × delay` is taken off.
    func jittered(_ delay: Duration, random: Double) -> Duration {
        let fraction = jitter.isFinite ? min(max(jitter, 0), 1) : 0
        let draw = random.isFinite ? min(max(random, 0), 1) : 0
        return delay * (1 - fraction * draw)
    }

    /// Whether `method` can be repeated without changing the outcome.
    public static func isIdempotent(_ method: String) -> Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased())
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
enum AttemptFailure: Sendable {
    /// The API answered `429`: nothing was processed. `reset` is `X-RateLimit-Reset`, in seconds.
    case rateLimited(reset: Duration?)
    /// A `5xx` answer or an error entity marked `transient`: the server may have processed it.
    case serverError(status: Int)
    /// No connection was made, so nothing was sent (connection refused, DNS failure).
    case notSent
    /// The connection failed after the request may have been sent (timeout, reset, body cut short).
    case connectionLost

    /// Whether the server provably did not act on the request.
    var provablyNotProcessed: Bool {
        switch self {
        case .rateLimited, .notSent: return true
        case .serverError, .connectionLost: return false
        }
    }
}

extension RetryPolicy {
    /// The wait before retrying after `failure` on attempt number `attempt` (1-based), or `nil` when
    /// the request must not be retried. `waitedSoFar` is the time already spent waiting.
    func retryDelay(after failure: AttemptFailure, method: String, attempt: Int, waitedSoFar: Duration, random: Double) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        guard failure.provablyNotProcessed || Self.isIdempotent(method) || retryNonIdempotentRequests else { return nil }
        var delay = jittered(backoff(beforeRetry: attempt), random: random)
        if case .rateLimited(let reset?) = failure {
            // The API says when the window reopens; earlier retries would only be refused again.
            delay = reset
        }
        guard waitedSoFar + delay <= maximumTotalWait else { return nil }
        return delay
    }
}

extension AttemptFailure {
    /// Classifies an HTTP answer; `nil` when it is not worth retrying (success or a client error).
    init?(response: HTTPResponse) {
        if response.status == 429 {
            self = .rateLimited(reset: RateLimitHeaders.reset(of: response))
        } else if (500...599).contains(response.status) {
            self = .serverError(status: response.status)
        } else if !(200..<300).contains(response.status), response.status != 404,
            ApiError.entities(in: response.body).contains(where: \.transient)
        {
            self = .serverError(status: response.status)
        } else {
            return nil
        }
    }

    /// Classifies a transport error.
    init(transportError error: any Error) {
        let nsError = error as NSError
        let notConnected: Set<Int> = [
            NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
            NSURLErrorNotConnectedToInternet,
        ]
        if nsError.domain == NSURLErrorDomain, notConnected.contains(nsError.code) {
            self = .notSent
        } else {
            self = .connectionLost
        }
    }
}

extension AttemptFailure {
    /// Why a retry happens, for the log.
    var reason: String {
        switch self {
        case .rateLimited(let reset?): return "rate limited (429), the window reopens in \(reset)"
        case .rateLimited(nil): return "rate limited (429)"
        case .serverError(let status): return "server error \(status)"
        case .notSent: return "could not connect"
        case .connectionLost: return "connection failed"
        }
    }
}

/// Reads the API's rate-limit headers defensively: whatever a server sends, the result is a
/// sane number or `nil`, never a trap or a wait of years.
enum RateLimitHeaders {
    /// The longest wait a reset may ask for. DatoCMS's window is seconds long; anything longer is
    /// nonsense, and longer than any retry budget, so the call fails with the `429` instead.
    static let longestReset = Duration.seconds(3600)

    /// `X-RateLimit-Reset` as a wait: seconds until the window reopens. A value that reads as a Unix
    /// time (as some APIs send) is turned into the seconds left until then. `nil` when absent or
    /// not a finite, non-negative number.
    static func reset(of response: HTTPResponse, now: Date = Date()) -> Duration? {
        guard let text = response.header("X-RateLimit-Reset")?.trimmingCharacters(in: .whitespaces),
              var seconds = Double(text), seconds.isFinite, seconds >= 0
        else { return nil }
        if seconds >= 1_000_000_000 { seconds = max(0, seconds - now.timeIntervalSince1970) }
        return Duration.clamped(seconds: seconds, to: longestReset)
    }

    /// A count header (`X-RateLimit-Limit`, `X-RateLimit-Remaining`), when it is a whole number in range.
    static func count(_ name: String, of response: HTTPResponse) -> Int? {
        guard let text = response.header(name)?.trimmingCharacters(in: .whitespaces), let value = Int(text), value >= 0 else { return nil }
        return min(value, 1_000_000)
    }
}

extension Duration {
    /// `seconds` as a duration no longer than `limit` (and not negative), whatever the double holds.
    static func clamped(seconds: Double, to limit: Duration) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return seconds == .infinity ? limit : .zero }
        guard seconds < limit.seconds else { return limit }
        return .nanoseconds(Int64((seconds * 1e9).rounded(.up)))
    }

    /// The duration in seconds, as a double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Measures JSON nesting without parsing, so a hostile body cannot exhaust the decoder's stack.
enum JSONDepth {
    /// Whether `data` nests arrays and objects more than `limit` levels deep.
    ///
    /// Runs on every response before it decodes, so it walks raw bytes in a tight loop (a `Data`
    /// iterator costs about a quarter of a page's decoding time) and crosses strings with a
    /// dedicated inner loop, where brackets do not count.
    static func exceeds(_ limit: Int, in data: Data) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            let count = bytes.count
            var depth = 0
            var index = 0
            while index < count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    // Skips to the closing quote; a backslash always escapes the byte after it.
                    while index < count {
                        let inner = bytes[index]
                        index += 1
                        if inner == UInt8(ascii: "\"") { break }
                        if inner == UInt8(ascii: "\\") { index += 1 }
                    }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > limit { return true }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                default:
                    break
                }
            }
            return false
        }
    }
}
