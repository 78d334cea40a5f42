import Foundation

extension DatoCMSSimulator {
    /// A failure the simulator can inject into its answer to one request, to test how a client
    /// copes with an unreliable network or a struggling API.
    ///
    /// Each fault says whether the request is applied to the project's state, because that is
    /// what a client cannot know and what decides whether a retry is safe:
    ///
    /// | Fault | Request processed? | What the client sees |
    /// | --- | --- | --- |
    /// | ``delay(_:)`` | yes, after the delay | the normal answer, late |
    /// | ``dropConnectionBeforeProcessing`` | no | the connection closes, no answer |
    /// | ``dropConnectionAfterProcessing`` | **yes** | the connection closes, no answer |
    /// | ``rateLimited(resetAfterSeconds:)`` | no | `429` `RATE_LIMIT_EXCEEDED` with `X-RateLimit-Reset` |
    /// | ``transientError(status:)`` | no | the status with an `api_error` marked `transient: true` |
    /// | ``htmlErrorPage(status:)`` | no | the status with an HTML page, as a proxy in front of the API sends |
    /// | ``garbageBody`` | **yes** | the real status and headers, a body that is not JSON |
    /// | ``emptyBody`` | **yes** | the real status and headers, an empty body |
    /// | ``truncatedBody`` | **yes** | `Content-Length` larger than the bytes sent, then the connection closes |
    public enum Fault: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Waits this long before processing the request and answering normally.
        case delay(Duration)
        /// Closes the connection without answering and without touching the project's state.
        case dropConnectionBeforeProcessing
        /// Applies the request to the project's state, then closes the connection without
        /// answering: the write happened, and the client cannot know it.
        case dropConnectionAfterProcessing
        /// Refuses the request, unprocessed, with `429 Too Many Requests`, `X-RateLimit-Remaining: 0`
        /// and `X-RateLimit-Reset: <resetAfterSeconds>`.
        case rateLimited(resetAfterSeconds: Int)
        /// Refuses the request, unprocessed, with `status` (e.g. 503) and an `api_error` entity
        /// marked `transient: true`, as DatoCMS does for failures worth retrying later.
        case transientError(status: Int)
        /// Refuses the request, unprocessed, with `status` and a `text/html` error page — what a
        /// load balancer or proxy sends when the API behind it is unreachable.
        case htmlErrorPage(status: Int)
        /// Processes the request, then replaces the answer's body with bytes that are not JSON.
        case garbageBody
        /// Processes the request, then sends its status and headers with an empty body.
        case emptyBody
        /// Processes the request, then sends a `Content-Length` larger than the bytes that follow
        /// (half of the body) and closes the connection.
        case truncatedBody

        /// Whether the request this fault is applied to changes the project's state.
        public var processesRequest: Bool {
            switch self {
            case .delay, .dropConnectionAfterProcessing, .garbageBody, .emptyBody, .truncatedBody: true
            case .dropConnectionBeforeProcessing, .rateLimited, .transientError, .htmlErrorPage: false
            }
        }

        /// Every kind of fault, with typical parameters (a 50 ms delay, a 1 s reset, 503s):
        /// a convenient `kinds` for ``DatoCMSSimulator/setRandomFaults(rate:kinds:seed:matching:)``.
        public static let allKinds: [Fault] = [
            .delay(.milliseconds(50)), .dropConnectionBeforeProcessing, .dropConnectionAfterProcessing,
            .rateLimited(resetAfterSeconds: 1), .transientError(status: 503), .htmlErrorPage(status: 502),
            .garbageBody, .emptyBody, .truncatedBody,
        ]

        /// E.g. `transientError(503)`.
        public var description: String {
            switch self {
            case .delay(let duration): "delay(\(duration))"
            case .dropConnectionBeforeProcessing: "dropConnectionBeforeProcessing"
            case .dropConnectionAfterProcessing: "dropConnectionAfterProcessing"
            case .rateLimited(let seconds): "rateLimited(reset: \(seconds) s)"
            case .transientError(let status): "transientError(\(status))"
            case .htmlErrorPage(let status): "htmlErrorPage(\(status))"
            case .garbageBody: "garbageBody"
            case .emptyBody: "emptyBody"
            case .truncatedBody: "truncatedBody"
            }
        }
    }

    /// Which requests a fault may be injected into: a method and/or a path prefix.
    ///
    /// Polls of job results (`GET /job-results/:id`) are left alone unless asked for — with
    /// ``includingJobResultPolls`` or a path prefix under `/job-results` — so that "the next
    /// GET" means the request a test makes, not a poll a background job wait happens to send.
    ///
    /// ```swift
    /// simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST").path(prefix: "/items"))
    /// ```
    public struct FaultMatcher: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// The method to match (case-insensitive), or `nil` for any.
        public var method: String?
        /// The start of the decoded path to match (e.g. `/items`), or `nil` for any path.
        public var pathPrefix: String?
        /// Whether `GET /job-results/:id` polls match too.
        public var includesJobResultPolls: Bool

        /// Creates a matcher. A `pathPrefix` under `/job-results` always includes polls.
        public init(method: String? = nil, pathPrefix: String? = nil, includingJobResultPolls: Bool = false) {
            self.method = method?.uppercased()
            self.pathPrefix = pathPrefix
            self.includesJobResultPolls = includingJobResultPolls || (pathPrefix?.hasPrefix("/job-results") ?? false)
        }

        /// Every request except job-result polls.
        public static let any = FaultMatcher()
        /// Every request, job-result polls included.
        public static let everything = FaultMatcher(includingJobResultPolls: true)
        /// Only job-result polls.
        public static let jobResultPolls = FaultMatcher(method: "GET", pathPrefix: "/job-results/")

        /// Requests with this method (job-result polls excluded).
        public static func method(_ method: String) -> FaultMatcher { FaultMatcher(method: method) }

        /// Requests whose path starts with `prefix`, any method.
        public static func path(prefix: String) -> FaultMatcher { FaultMatcher(pathPrefix: prefix) }

        /// This matcher narrowed to requests whose path also starts with `prefix`.
        public func path(prefix: String) -> FaultMatcher {
            FaultMatcher(method: method, pathPrefix: prefix, includingJobResultPolls: includesJobResultPolls)
        }

        /// This matcher with job-result polls included.
        public var includingJobResultPolls: FaultMatcher {
            FaultMatcher(method: method, pathPrefix: pathPrefix, includingJobResultPolls: true)
        }

        /// Whether `request` is one this matcher selects.
        public func matches(_ request: ReceivedRequest) -> Bool {
            if let method, request.method.uppercased() != method { return false }
            if let pathPrefix, !request.path.hasPrefix(pathPrefix) { return false }
            if !includesJobResultPolls, request.path.hasPrefix("/job-results/") { return false }
            return true
        }

        /// E.g. `POST /items*`.
        public var description: String {
            "\(method ?? "*") \(pathPrefix.map { $0 + "*" } ?? "*")" + (includesJobResultPolls ? " (polls included)" : "")
        }
    }

    /// A fault the simulator injected, and into which request.
    public struct AppliedFault: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Where the fault came from.
        public enum Origin: Sendable, Equatable, Hashable {
            /// ``DatoCMSSimulator/injectFault(_:matching:times:)``.
            case scripted
            /// ``DatoCMSSimulator/setRandomFaults(rate:kinds:seed:matching:)``.
            case random
        }

        /// The fault.
        public var fault: Fault
        /// Scripted or random.
        public var origin: Origin
        /// The method of the request it was applied to.
        public var method: String
        /// The decoded path of that request.
        public var path: String
        /// That request's position (1-based) among every request this simulator has received,
        /// counting from its creation (``DatoCMSSimulator/clearReceivedRequests()`` does not reset it).
        public var requestNumber: Int

        /// Creates a record of an applied fault.
        public init(fault: Fault, origin: Origin, method: String, path: String, requestNumber: Int) {
            self.fault = fault
            self.origin = origin
            self.method = method
            self.path = path
            self.requestNumber = requestNumber
        }

        /// E.g. `#12 POST /items: dropConnectionAfterProcessing (random)`.
        public var description: String { "#\(requestNumber) \(method) \(path): \(fault) (\(origin))" }
    }
}

/// Decides which requests get which fault, and remembers what it did. Scripted faults are
/// consulted first, in the order they were declared; the random fault source only when none applies.
final class FaultInjector: Sendable {
    typealias Fault = DatoCMSSimulator.Fault
    typealias AppliedFault = DatoCMSSimulator.AppliedFault

    private struct Scripted: Sendable {
        var fault: Fault
        var matcher: DatoCMSSimulator.FaultMatcher
        var remaining: Int
    }

    private struct RandomSource: Sendable {
        var rate: Double
        var kinds: [Fault]
        var matcher: DatoCMSSimulator.FaultMatcher
        var generator: SplitMix64
    }

    private struct State: Sendable {
        var scripted: [Scripted] = []
        var random: RandomSource?
        var applied: [AppliedFault] = []
        var requestCount = 0
    }

    private let state = Locked(State())

    func inject(_ fault: Fault, matching matcher: DatoCMSSimulator.FaultMatcher, times: Int) {
        guard times > 0 else { return }
        state.withLock { $0.scripted.append(Scripted(fault: fault, matcher: matcher, remaining: times)) }
    }

    func setRandom(rate: Double, kinds: [Fault], seed: UInt64, matching matcher: DatoCMSSimulator.FaultMatcher) {
        state.withLock { state in
            let rate = rate.isNaN ? 0 : min(max(rate, 0), 1)
            state.random = rate > 0 && !kinds.isEmpty
                ? RandomSource(rate: rate, kinds: kinds, matcher: matcher, generator: SplitMix64(seed: seed))
                : nil
        }
    }

    func clear() {
        state.withLock { state in
            state.scripted.removeAll()
            state.random = nil
        }
    }

    var pendingScriptedCount: Int { state.withLock { $0.scripted.reduce(0) { $0 + $1.remaining } } }

    var applied: [AppliedFault] { state.withLock { $0.applied } }

    func clearApplied() { state.withLock { $0.applied.removeAll() } }

    /// Numbers the request (every request counts, faulted or not) and returns the fault to
    /// apply to it, if any, recording it as applied.
    func fault(for request: ReceivedRequest) -> Fault? {
        state.withLock { state in
            state.requestCount += 1
            let chosen: (Fault, AppliedFault.Origin)?
            if let index = state.scripted.firstIndex(where: { $0.matcher.matches(request) }) {
                chosen = (state.scripted[index].fault, .scripted)
                state.scripted[index].remaining -= 1
                if state.scripted[index].remaining == 0 { state.scripted.remove(at: index) }
            } else if var random = state.random, random.matcher.matches(request) {
                // One draw decides whether, a second which: the sequence of faults depends only on
                // the seed and the order of matching requests.
                let roll = random.generator.nextUnitInterval()
                chosen = roll < random.rate ? (random.kinds[random.generator.nextIndex(below: random.kinds.count)], .random) : nil
                state.random = random
            } else {
                chosen = nil
            }
            guard let (fault, origin) = chosen else { return nil }
            state.applied.append(AppliedFault(fault: fault, origin: origin, method: request.method,
                                              path: request.path, requestNumber: state.requestCount))
            return fault
        }
    }
}

/// A small, fast, seedable generator (SplitMix64), so random faults repeat exactly for a seed on
/// every platform — `SystemRandomNumberGenerator` cannot be seeded. Public for tests and soak runs
/// that want their own choices to repeat with a seed too.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts the sequence for `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnitInterval() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `0..<count` (`0` when `count` is not positive).
    public mutating func nextIndex(below count: Int) -> Int { Int(next() % UInt64(max(count, 1))) }
}

/// Lets ``DatoCMSSimulator/Fault/delay(_:)`` sleep on a connection thread while ``DatoCMSSimulator/stop()``
/// can cut every such sleep short, so stopping never waits on (or strands) a delayed request.
final class DelayGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var generation = 0

    /// Sleeps for `duration`, or until ``interrupt()`` is called.
    func sleep(for duration: Duration) {
        let deadline = Date().addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        let started = generation
        while generation == started, condition.wait(until: deadline) {}
    }

    /// Wakes every current sleeper.
    func interrupt() {
        condition.lock()
        generation += 1
        condition.broadcast()
        condition.unlock()
    }
}
