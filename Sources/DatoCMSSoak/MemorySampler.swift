import Foundation

/// Samples this process's resident memory (Linux's `/proc`) while something runs: what a hostile
/// answer costs the client, for `datocms-bench hostile` and the hostile-server tests.
public final class MemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var running = true
    private let finished = DispatchSemaphore(value: 0)
    /// Resident bytes when sampling started.
    public let baseline: Int

    /// Whether resident memory can be read here (Linux's /proc).
    public static var isAvailable: Bool { residentBytes() != nil }

    /// Starts sampling every 2 ms on a thread of its own.
    public init() {
        baseline = Self.residentBytes() ?? 0
        peak = baseline
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                if let now = Self.residentBytes() { lock.withLock { peak = max(peak, now) } }
                Thread.sleep(forTimeInterval: 0.002)
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops sampling and returns how far resident memory rose above where it was at the start.
    public func stop() -> Int {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { peak - baseline }
    }

    /// Resident bytes now, or `nil` where `/proc` is not available.
    public static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
