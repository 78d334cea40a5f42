import Foundation

/// A value guarded by a lock: the simulator's state is touched from many connection threads.
///
/// `Mutex` from the Synchronization module would do, but it needs macOS 15 / iOS 18 and the
/// package supports older platforms.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
