import Foundation

/// What a ``SoakRun`` did and what its audit found. ``isClean`` is the verdict; ``description``
/// prints every count.
public struct SoakReport: Sendable, CustomStringConvertible {
    /// The kinds of operation a soak performs.
    public enum Category: String, Sendable, CaseIterable {
        case create, update, publish, unpublish, bulkPublish, delete, read
    }

    /// The outcomes of one kind of operation.
    public struct Tally: Sendable, Equatable {
        /// Operations that succeeded (after whatever retries the policy made).
        public var succeeded = 0
        /// Failed operations by error kind, e.g. `transport`, `ApiError 502`, `unexpectedResponse`.
        /// A kind starting with `untyped` is an error the SDK should never throw.
        public var failures: [String: Int] = [:]

        /// All failed operations.
        public var failed: Int { failures.values.reduce(0, +) }
    }

    /// The configuration the run used.
    public internal(set) var configuration = SoakRun.Configuration()
    /// Wall time of the operations (setup and audit excluded).
    public internal(set) var elapsed = Duration.zero
    /// Requests the simulator received during the operations, retries and job polls included.
    public internal(set) var requests = 0
    /// Faults injected, by kind.
    public internal(set) var faults: [String: Int] = [:]
    /// Outcomes by kind of operation.
    public internal(set) var tallies: [Category: Tally] = [:]
    /// Records of the soak's model at the end.
    public internal(set) var recordsAtEnd = 0
    /// Creates that failed with a typed error yet were processed: present exactly once.
    public internal(set) var ambiguousCreatesPresent = 0
    /// Creates that failed with a typed error and were not processed.
    public internal(set) var ambiguousCreatesAbsent = 0

    /// Records present more than once (a create was replayed).
    public internal(set) var duplicates: [String] = []
    /// Records whose create succeeded and that are gone without a successful delete, or records
    /// no operation created.
    public internal(set) var losses: [String] = []
    /// Records whose last successful update is not what they hold.
    public internal(set) var staleUpdates: [String] = []
    /// Records whose delete succeeded that still exist.
    public internal(set) var undeleted: [String] = []
    /// Successful answers that contradict what was sent (an update echoing another title, a read
    /// of a title other than the last one written).
    public internal(set) var wrongAnswers: [String] = []

    /// Operations performed.
    public var operations: Int { tallies.values.reduce(0) { $0 + $1.succeeded + $1.failed } }

    /// Faults injected in all.
    public var faultCount: Int { faults.values.reduce(0, +) }

    /// Failures whose error was not an `ApiError` or `DatoCMSError`.
    public var untypedFailures: Int {
        tallies.values.reduce(0) { sum, tally in sum + tally.failures.filter { $0.key.hasPrefix("untyped") }.values.reduce(0, +) }
    }

    /// No duplicate, loss, stale update, surviving deleted record, wrong answer or untyped error.
    public var isClean: Bool {
        duplicates.isEmpty && losses.isEmpty && staleUpdates.isEmpty && undeleted.isEmpty && wrongAnswers.isEmpty && untypedFailures == 0
    }

    public var description: String {
        var lines: [String] = []
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        lines.append(String(format: "soak: %d operations, concurrency %d, fault rate %.2f, seed %llu — %.2f s (%.0f ops/s)",
                            operations, configuration.concurrency, configuration.faultRate, configuration.seed, seconds,
                            seconds > 0 ? Double(operations) / seconds : 0))
        lines.append("requests: \(requests), faults injected: \(faultCount)")
        for (kind, count) in faults.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind.padding(toLength: 22, withPad: " ", startingAt: 0)) \(count)")
        }
        lines.append("operation     succeeded  failed  failures by error")
        for category in Category.allCases {
            let tally = tallies[category] ?? Tally()
            let failures = tally.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  " + category.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                         + String(format: "%9d  %6d  ", tally.succeeded, tally.failed) + failures)
        }
        lines.append("records at end: \(recordsAtEnd); failed creates: \(ambiguousCreatesPresent) processed (present once), \(ambiguousCreatesAbsent) not processed")
        lines.append("duplicates: \(duplicates.count), losses: \(losses.count), stale updates: \(staleUpdates.count), "
                     + "undeleted: \(undeleted.count), wrong answers: \(wrongAnswers.count), untyped errors: \(untypedFailures)")
        for problem in (duplicates + losses + staleUpdates + undeleted + wrongAnswers).prefix(20) {
            lines.append("  ! \(problem)")
        }
        lines.append(isClean ? "verdict: CLEAN" : "verdict: FAILED")
        return lines.joined(separator: "\n")
    }
}
