import Foundation

/// Keeps a client under the API's rate limit, so a long run — one task or many at once — gets no
/// `429`s and still uses the whole budget. Shared by every paced request of one client (job polls
/// included).
///
/// The API sends `X-RateLimit-Limit` and `X-RateLimit-Remaining` but no reset time, and its window
/// starts with the first request after the previous one ended, at an instant the client cannot see.
/// So the pacer keeps its own ledger instead of trusting the last answer: every request it lets go
/// counts against the limit until one window after its answer arrived (the server received it no
/// later than that). A request whose answer never comes (a dropped connection) counts for two
/// windows from when it left. Whatever the server's window boundaries, no window of its can then hold
/// more than `limit` of our requests, and the client never idles longer than the oldest request
/// still counting needs to expire. `X-RateLimit-Remaining` is used only when it is lower than the
/// ledger says — requests by someone else with the same token, or by an earlier process — never to
/// raise the count back up while our own requests are still in flight.
///
/// Until the first answer tells the limit, requests are not held back. After a `429`, everyone
/// waits for `X-RateLimit-Reset` when sent, else one window.
actor RequestPacer {
    private let window: Duration
    private let clock = ContinuousClock()
    private var limit: Int?
    /// An answer came without `X-RateLimit-Limit`: the server does not say, so there is nothing to keep.
    private var limitUnknown = false
    /// When each request sent and not answered yet stops counting, oldest first.
    private var inFlight = ExpiryQueue()
    /// When each answered request stops counting.
    private var answered = ExpiryQueue()
    /// Requests the server counted that this client did not send, and when they all stop counting.
    private var others = 0
    private var othersExpiry: ContinuousClock.Instant?
    /// No request before this instant (after a `429`).
    private var pausedUntil: ContinuousClock.Instant?
    /// The latest `429`, handed to callers that cannot wait for its pause to end.
    private var lastRefusal: HTTPResponse?

    /// The pause before the next request is longer than the caller may wait.
    struct PauseTooLong: Error {
        /// The `429` that started the pause, if one did.
        var refusal: HTTPResponse?
    }

    init(window: Duration) {
        self.window = window > .zero ? window : .seconds(1)
    }

    /// How many requests count against the limit now.
    private var counted: Int { inFlight.count + answered.count + others }

    /// Waits until a request may be sent, then counts it. Throws `CancellationError` if the task is
    /// cancelled while waiting, and ``PauseTooLong`` at once when the wait would outlast `budget`:
    /// the caller fails fast rather than sleep past its deadline.
    func permit(within budget: Duration) async throws {
        while true {
            let now = clock.now
            if let pausedUntil, now < pausedUntil {
                if now.duration(to: pausedUntil) > budget { throw PauseTooLong(refusal: lastRefusal) }
                try await Task.sleep(until: pausedUntil, clock: clock)
                continue
            }
            pausedUntil = nil
            if limit == nil && limitUnknown { return }
            prune(now)
            guard let limit, counted >= limit else {
                // Counted even while the limit is unknown, so the first burst is on the books once it is.
                inFlight.append(now + window * 2)
                return
            }
            // Full: wait for the first request to stop counting. One still in flight stops no
            // earlier than a window from now, whenever its answer comes.
            let reopens = [answered.first, inFlight.first.map { min($0, now + window) }, others > 0 ? othersExpiry : nil].compactMap { $0 }.min() ?? now
            if now.duration(to: reopens) > budget { throw PauseTooLong(refusal: nil) }
            try await Task.sleep(until: reopens, clock: clock)
        }
    }

    /// Books an answer: its request now counts until one window from now, and the rate-limit
    /// headers correct the count where the server knows of more requests than the pacer does.
    func observe(_ response: HTTPResponse) {
        let now = clock.now
        if let value = RateLimitHeaders.count("X-RateLimit-Limit", of: response), value > 0 { limit = value }
        if limit == nil { limitUnknown = true }
        prune(now)
        // The answers of concurrent requests cannot be told apart; taking the newest request in
        // flight lets an older one whose answer never came (a lost connection) expire on its own.
        if let sent = inFlight.removeLast() {
            answered.insert(min(sent, now + window))
        }
        if response.status == 429 {
            pausedUntil = now + (RateLimitHeaders.reset(of: response) ?? window)
            lastRefusal = response
            return
        }
        guard let limit, let remaining = RateLimitHeaders.count("X-RateLimit-Remaining", of: response) else { return }
        // Requests the server counted that the pacer does not hold were made by someone else;
        // they count until the server's window has surely ended.
        let unknown = (limit - min(remaining, limit)) - counted
        if unknown > 0 {
            let expiry = now + (RateLimitHeaders.reset(of: response) ?? window)
            others += unknown
            othersExpiry = max(othersExpiry ?? expiry, expiry)
        }
    }

    /// Forgets the requests that no longer count.
    private func prune(_ now: ContinuousClock.Instant) {
        inFlight.removeExpired(at: now)
        answered.removeExpired(at: now)
        if let othersExpiry, othersExpiry <= now {
            others = 0
            self.othersExpiry = nil
        }
    }
}

/// Instants in ascending order, removed from the front as they pass: each request costs O(1)
/// however high the limit (a test server may report tens of thousands).
private struct ExpiryQueue {
    private var items: [ContinuousClock.Instant] = []
    private var head = 0

    var count: Int { items.count - head }
    var first: ContinuousClock.Instant? { head < items.count ? items[head] : nil }

    /// Adds an instant no earlier than the last (the case of every request sent).
    mutating func append(_ instant: ContinuousClock.Instant) {
        insert(instant)
    }

    /// Adds an instant, keeping the order; from the back, as instants mostly arrive in order.
    mutating func insert(_ instant: ContinuousClock.Instant) {
        var index = items.count
        while index > head, items[index - 1] > instant { index -= 1 }
        items.insert(instant, at: index)
    }

    mutating func removeLast() -> ContinuousClock.Instant? {
        guard count > 0 else { return nil }
        return items.removeLast()
    }

    mutating func removeExpired(at now: ContinuousClock.Instant) {
        while head < items.count, items[head] <= now { head += 1 }
        // Reclaim the space of passed instants once they are the larger part.
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
