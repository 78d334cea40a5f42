import Foundation

/// Keeps a client under the API's rate limit using the `X-RateLimit-*` headers of its answers, so a
/// long run sees few or no `429`s. Shared by every request of one client, concurrent ones included.
///
/// While the API reports plenty of requests left, nothing waits. Below a quarter of the limit,
/// requests are spaced `window / limit` apart — the rate the API sustains. When none are left, or
/// after a `429`, everyone waits until the window reopens (`X-RateLimit-Reset` when sent, else one window).
actor RequestPacer {
    private let window: Duration
    private let clock = ContinuousClock()
    private var limit: Int?
    /// Requests left in the window as last reported, minus those sent since.
    private var remaining: Int?
    /// No request before this instant.
    private var pausedUntil: ContinuousClock.Instant?
    /// The earliest instant the next paced request may go.
    private var nextSlot: ContinuousClock.Instant?
    /// The latest `429`, handed to callers that cannot wait for its pause to end.
    private var lastRefusal: HTTPResponse?

    /// The pause before the next request is longer than the caller may wait.
    struct PauseTooLong: Error {
        /// The `429` that started the pause, if one did.
        var refusal: HTTPResponse?
    }

    init(window: Duration) {
        self.window = window
    }

    /// Waits until a request may be sent, then counts it. Throws `CancellationError` if the task is
    /// cancelled while waiting, and ``PauseTooLong`` at once when the pause after a `429` would
    /// outlast `budget`: the caller fails fast rather than sleep past its deadline.
    func permit(within budget: Duration) async throws {
        while true {
            let now = clock.now
            if let pausedUntil, now < pausedUntil {
                if now.duration(to: pausedUntil) > budget { throw PauseTooLong(refusal: lastRefusal) }
                try await Task.sleep(until: pausedUntil, clock: clock)
                continue
            }
            pausedUntil = nil
            guard let limit, let remaining else { return }
            if remaining <= 0 {
                // Out of requests but no reset known: assume the window restarts now.
                pausedUntil = now + window
                self.remaining = nil
                continue
            }
            if remaining < max(1, limit / 4) {
                let spacing = window / max(limit, 1)
                let slot = max(nextSlot ?? now, now)
                if now.duration(to: slot) > budget { throw PauseTooLong(refusal: lastRefusal) }
                nextSlot = slot + spacing
                self.remaining = remaining - 1
                if slot > now { try await Task.sleep(until: slot, clock: clock) }
                return
            }
            self.remaining = remaining - 1
            return
        }
    }

    /// Reads the rate-limit headers of an answer.
    func observe(_ response: HTTPResponse) {
        if let value = RateLimitHeaders.count("X-RateLimit-Limit", of: response), value > 0 { limit = value }
        if let value = RateLimitHeaders.count("X-RateLimit-Remaining", of: response) { remaining = value }
        if response.status == 429 {
            pausedUntil = clock.now + (RateLimitHeaders.reset(of: response) ?? window)
            lastRefusal = response
            // The pause is the wait for the window to reopen. Leaving the count at zero would make
            // `permit()` wait a second, full window once the pause is over.
            remaining = nil
        }
        if let remaining, let limit, remaining >= limit / 4 { nextSlot = nil }
    }
}
