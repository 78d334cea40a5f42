import Foundation

/// Reports the API's rate-limit headers: `limit` requests per one-second window, the window
/// starting at its first request. Nothing is refused — the simulator only reports, so tests
/// that fire many requests are never slowed down.
final class RateLimiter: Sendable {
    private struct Window: Sendable {
        var start: ContinuousClock.Instant
        var used: Int
    }

    let limit: Int
    private let window = Locked<Window?>(nil)

    init(limit: Int) { self.limit = limit }

    /// Counts one request and returns how many remain in the current window.
    func consume() -> Int {
        window.withLock { window in
            let now = ContinuousClock.now
            if window == nil || now - window!.start >= .seconds(1) { window = Window(start: now, used: 0) }
            window!.used += 1
            return max(limit - window!.used, 0)
        }
    }
}
