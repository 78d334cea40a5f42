import Foundation

/// Runs an operation under a time limit the SDK enforces itself (URLSession's own timeouts are
/// idle timeouts, and Linux ignores the resource timeout): a trickling answer cannot hold a call.
enum TimeLimit {
    /// The limit passed before the operation finished.
    struct Expired: Error {}

    /// Returns `operation`'s result, or throws ``Expired`` once `limit` has passed and cancels the
    /// operation. Cancelling the caller cancels the operation too.
    ///
    /// When the limit or the caller's cancellation ends the call, the cancelled operation is given
    /// up to `windDown` to return before the call throws, so that what it holds (an open file, a
    /// connection) is released before the caller goes on; an operation still running after that is
    /// abandoned, not awaited, so the caller is never held longer. With no wind-down (the
    /// default) it is abandoned at once.
    static func run<T: Sendable>(
        within limit: Duration, windDown: Duration = .zero, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        let ending = Ending()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let work = Task {
                        do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
                        ending.operationReturned()
                    }
                    let timer = Task {
                        // Only a cancelled sleep throws, and then the race is already decided.
                        guard (try? await Task.sleep(for: limit)) != nil else { return }
                        race.finish(.failure(Expired()))
                    }
                    race.arm(continuation, cancelling: [work, timer])
                }
            } onCancel: {
                race.finish(.failure(CancellationError()))
            }
        } catch {
            if windDown > .zero { await ending.wait(atMost: windDown) }
            throw error
        }
    }

    /// When the operation returned, for a caller waiting up to a wind-down for it.
    private final class Ending: @unchecked Sendable {
        private let lock = NSLock()
        private var returned = false
        private var waiter: CheckedContinuation<Void, Never>?
        private var timer: Task<Void, Never>?

        func operationReturned() {
            lock.lock()
            returned = true
            let waiter = self.waiter
            let timer = self.timer
            self.waiter = nil
            self.timer = nil
            lock.unlock()
            // The timer is not left sleeping once it has nothing to bound.
            timer?.cancel()
            waiter?.resume()
        }

        /// Returns once the operation has returned, or after `limit`, whichever comes first.
        func wait(atMost limit: Duration) async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                guard !returned else {
                    lock.unlock()
                    return continuation.resume()
                }
                waiter = continuation
                // Unstructured, so not cancelled with the caller, which is cancelled already
                // when the wind-down follows a cancellation.
                timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    self?.giveUp()
                }
                lock.unlock()
            }
        }

        private func giveUp() {
            let waiter = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                defer { self.waiter = nil; timer = nil }
                return self.waiter
            }
            waiter?.resume()
        }
    }

    /// The first of the operation, the timer and the caller's cancellation to finish decides.
    private final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?
        private var outcome: Result<T, any Error>?
        private var contenders: [Task<Void, Never>] = []

        func arm(_ continuation: CheckedContinuation<T, any Error>, cancelling contenders: [Task<Void, Never>]) {
            lock.lock()
            if let outcome {
                lock.unlock()
                contenders.forEach { $0.cancel() }
                continuation.resume(with: outcome)
            } else {
                self.continuation = continuation
                self.contenders = contenders
                lock.unlock()
            }
        }

        func finish(_ result: Result<T, any Error>) {
            lock.lock()
            guard outcome == nil else { return lock.unlock() }
            outcome = result
            let continuation = self.continuation
            let contenders = self.contenders
            self.continuation = nil
            self.contenders = []
            lock.unlock()
            contenders.forEach { $0.cancel() }
            continuation?.resume(with: result)
        }
    }
}
