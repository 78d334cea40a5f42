import Foundation

/// The API's rate limit: `limit` requests per fixed window, the window starting at its first
/// request. By default it only counts (the router announces no limit), so tests that fire many
/// requests are never slowed down; with `enforce`, the limit is announced in `X-RateLimit-*`
/// headers and requests beyond it are refused with 429 until the window ends, as the real API does.
final class RateLimiter: Sendable {
    /// What the limiter decided for one request.
    struct Admission: Sendable {
        /// Requests left in the window after this one.
        var remaining: Int
        /// When refused: how long until the window reopens.
        var refusedFor: Duration?
    }

    private struct Window: Sendable {
        var start: ContinuousClock.Instant
        var used: Int
    }

    let limit: Int
    let window: Duration
    let enforce: Bool
    private let current = Locked<Window?>(nil)
    private let refusals = Locked(0)

    init(limit: Int, window: Duration = .seconds(1), enforce: Bool = false) {
        self.limit = max(limit, 1)
        self.window = window > .zero ? window : .seconds(1)
        self.enforce = enforce
    }

    /// Counts one request and says whether it is admitted. Refused requests do not count
    /// against the window: they were not served.
    func admit() -> Admission {
        let admission = count(enforcing: enforce)
        if admission.refusedFor != nil { refusals.withLock { $0 += 1 } }
        return admission
    }

    /// Counts one request that is answered whatever the limit says (protocol errors).
    func consume() -> Int {
        count(enforcing: false).remaining
    }

    /// Rolls the window over when it has ended, then counts the request unless `enforcing`
    /// refuses it.
    private func count(enforcing: Bool) -> Admission {
        current.withLock { current -> Admission in
            let now = ContinuousClock.now
            if current == nil || now - current!.start >= window { current = Window(start: now, used: 0) }
            if enforcing, current!.used >= limit {
                return Admission(remaining: 0, refusedFor: current!.start + window - now)
            }
            current!.used += 1
            return Admission(remaining: max(limit - current!.used, 0), refusedFor: nil)
        }
    }

    /// How many requests were refused so far.
    var refusedCount: Int { refusals.withLock { $0 } }
}
