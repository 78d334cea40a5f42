import Foundation

/// Runs an operation under a time limit the SDK enforces itself (URLSession's own timeouts are
/// idle timeouts, and Linux ignores the resource timeout): a trickling answer cannot hold a call.
enum TimeLimit {
    /// The limit passed before the operation finished.
    struct Expired: Error {}

    /// Returns `operation`'s result, or throws ``Expired`` once `limit` has passed and cancels the
    /// operation. An operation that ignores cancellation is abandoned, not awaited, so the caller is
    /// never held past the limit. Cancelling the caller cancels the operation too.
    static func run<T: Sendable>(within limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let work = Task {
                    do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
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
