import DatoCMS
import DatoCMSSimulator
import Foundation

/// A soak test of the SDK: many mixed operations through ``DatoCMSClient`` against a simulator
/// that injects random faults, then an audit of the simulator's records against what the client
/// was told.
///
/// The audit checks what retries must never break:
/// - no record is created twice (every create carries a unique slug, so a replayed `POST` shows up
///   as a slug present twice);
/// - no record is lost (every create that succeeded is still there, unless a delete of it succeeded);
/// - every update that succeeded is what the record holds (unless a later, failed update may have
///   overwritten it), and every record whose delete succeeded is gone.
///
/// A create that failed with a typed error may still have been processed (the connection dropped
/// after the write, the answer was cut short): it may exist, at most once, and is counted as
/// ambiguous rather than as a duplicate or a loss.
///
/// ```swift
/// let report = try await SoakRun(configuration: .init(operations: 2000, faultRate: 0.1, seed: 42)).run()
/// print(report)
/// precondition(report.isClean)
/// ```
public struct SoakRun: Sendable {
    /// What to run.
    public struct Configuration: Sendable {
        /// Operations to perform (setup requests not included).
        public var operations: Int
        /// The share of requests that get a fault, 0…1.
        public var faultRate: Double
        /// Seeds both the choice of operations and the simulator's faults.
        public var seed: UInt64
        /// Operations in flight at once.
        public var concurrency: Int
        /// The faults drawn from. The defaults keep waits short: a 5 ms delay and a 429 whose
        /// reset is 0 s, so a soak measures correctness, not patience.
        public var faultKinds: [DatoCMSSimulator.Fault]
        /// Sets ``RetryPolicy/retryNonIdempotentRequests``: replayed `POST`s under faults that
        /// drop answers after processing create duplicates, which shows the audit catches them.
        public var replayNonIdempotentRequests: Bool

        /// The default fault kinds: every kind, with short waits.
        public static let defaultFaultKinds: [DatoCMSSimulator.Fault] = [
            .delay(.milliseconds(5)), .dropConnectionBeforeProcessing, .dropConnectionAfterProcessing,
            .rateLimited(resetAfterSeconds: 0), .transientError(status: 503), .htmlErrorPage(status: 502),
            .garbageBody, .emptyBody, .truncatedBody,
        ]

        /// Creates a configuration.
        public init(operations: Int = 2000, faultRate: Double = 0.1, seed: UInt64 = 1, concurrency: Int = 4,
                    faultKinds: [DatoCMSSimulator.Fault] = Configuration.defaultFaultKinds, replayNonIdempotentRequests: Bool = false) {
            self.operations = max(0, operations)
            self.faultRate = min(max(faultRate, 0), 1)
            self.seed = seed
            self.concurrency = max(1, concurrency)
            self.faultKinds = faultKinds
            self.replayNonIdempotentRequests = replayNonIdempotentRequests
        }
    }

    /// The settings of this run.
    public let configuration: Configuration

    /// Creates a run; nothing happens until ``run()``.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Starts a simulator, runs the operations, audits the records and stops the simulator.
    /// - Throws: ``DatoCMSSimulator/StartError``, or the error of a setup request (made before
    ///   faults are turned on, so it means the SDK or simulator is broken).
    public func run() async throws -> SoakReport {
        let simulator = DatoCMSSimulator(options: .init(
            jobDuration: Self.jobDuration,
            // High enough that pacing never has to slow the run down; 429s come from faults.
            rateLimit: 1_000_000))
        let baseURL = try simulator.start()
        defer { simulator.stop() }
        var retry = Self.retry
        retry.retryNonIdempotentRequests = configuration.replayNonIdempotentRequests
        let client = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: simulator.options.apiToken, baseURL: baseURL, jobPolling: Self.polling, retry: retry))

        let model = try await client.itemTypes.create(name: "Soak", apiKey: "soak", draftModeActive: true)
        _ = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title")
        _ = try await client.fields.create(model.id, label: "Slug", fieldType: .slug, apiKey: "slug")
        let setupRequests = simulator.receivedRequests().count

        simulator.setRandomFaults(rate: configuration.faultRate, kinds: configuration.faultKinds, seed: configuration.seed,
                                  matching: .everything)
        let ledger = Ledger(operations: configuration.operations, seed: configuration.seed)
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<configuration.concurrency {
                group.addTask {
                    while let operation = await ledger.next() {
                        let outcome = await Self.perform(operation, client: client, modelID: model.id)
                        await ledger.finish(operation, outcome)
                    }
                }
            }
        }
        let elapsed = clock.now - start
        simulator.clearFaults()
        // Jobs of operations that failed on the client's side may still be running; let them land.
        try? await Task.sleep(for: Self.jobDuration * 3)

        var report = await ledger.audit(records: simulator.records(ofType: model.id))
        report.configuration = configuration
        report.elapsed = elapsed
        report.requests = simulator.receivedRequests().count - setupRequests
        for applied in simulator.appliedFaults() {
            report.faults[Self.name(of: applied.fault), default: 0] += 1
        }
        return report
    }

    // MARK: Settings

    static let jobDuration = Duration.milliseconds(10)
    static let polling = JobPollingPolicy(initialDelay: .milliseconds(5), multiplier: 1.5, maximumDelay: .milliseconds(20), timeout: .seconds(10))
    /// The default policy's shape (which failures, which methods) with millisecond waits, and a
    /// few more attempts so that runs of faults rarely exhaust them.
    static let retry = RetryPolicy(maximumAttempts: 6, initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(20),
                                   maximumTotalWait: .seconds(5), rateLimitWindow: .milliseconds(200))

    static func name(of fault: DatoCMSSimulator.Fault) -> String {
        switch fault {
        case .delay: "delay"
        case .dropConnectionBeforeProcessing: "dropBeforeProcessing"
        case .dropConnectionAfterProcessing: "dropAfterProcessing"
        case .rateLimited: "rateLimited"
        case .transientError(let status): "transientError \(status)"
        case .htmlErrorPage(let status): "htmlErrorPage \(status)"
        case .garbageBody: "garbageBody"
        case .emptyBody: "emptyBody"
        case .truncatedBody: "truncatedBody"
        }
    }

    // MARK: Operations

    private struct Attributes: Codable, Sendable {
        var title: String
        var slug: String
    }

    private struct TitleChange: Codable, Sendable {
        var title: String
    }

    private static func perform(_ operation: SoakOperation, client: DatoCMSClient, modelID: String) async -> Outcome {
        do {
            switch operation.kind {
            case .create(let marker):
                let item = try await client.items.create(attributes: Attributes(title: marker, slug: marker), itemType: modelID)
                return .created(id: item.id)
            case .update(let id, let title):
                let item = try await client.items.update(id, attributes: TitleChange(title: title))
                return item.attributes.title == title ? .succeeded : .failed("update answered with another title")
            case .publish(let id):
                _ = try await client.items.publish(id)
            case .unpublish(let id):
                _ = try await client.items.unpublish(id)
            case .bulkPublish(let ids):
                let result = try await client.items.bulkPublish(items: ids)
                if result.successful + result.failed != ids.count { return .failed("bulk publish counted \(result.successful) + \(result.failed)") }
            case .delete(let id):
                _ = try await client.items.destroy(id)
            case .read(let id, let expectedTitle):
                let item = try await client.items.find(id, as: TitleChange.self)
                if let expectedTitle, item.attributes.title != expectedTitle {
                    return .failed("read \(item.attributes.title), expected \(expectedTitle)")
                }
            }
            return .succeeded
        } catch {
            return .failed(errorKind(error))
        }
    }

    /// A short name for the error, by type and case; "untyped" marks errors the SDK should never throw.
    static func errorKind(_ error: any Error) -> String {
        // One request per bulk operation here: name what failed it.
        if let bulk = error as? BulkOperationError, let failure = bulk.failures.first {
            return errorKind(failure.error)
        }
        switch error {
        case let error as ApiError:
            return error.jobID == nil ? "ApiError \(error.status)" : "ApiError \(error.status) (job)"
        case let error as DatoCMSError:
            switch error {
            case .invalidRequest: return "invalidRequest"
            case .transport: return "transport"
            case .unexpectedResponse: return "unexpectedResponse"
            case .decoding: return "decoding"
            case .jobTimedOut: return "jobTimedOut"
            case .redirected: return "redirected"
            case .timedOut: return "timedOut"
            }
        default:
            return "untyped \(type(of: error))"
        }
    }
}

/// One operation of a soak run.
struct SoakOperation: Sendable {
    enum Kind: Sendable {
        case create(marker: String)
        case update(id: String, title: String)
        case publish(id: String)
        case unpublish(id: String)
        case bulkPublish(ids: [String])
        case delete(id: String)
        /// `expectedTitle` is `nil` when an earlier failed update leaves the title uncertain.
        case read(id: String, expectedTitle: String?)
    }

    var number: Int
    var kind: Kind

    var category: SoakReport.Category {
        switch kind {
        case .create: .create
        case .update: .update
        case .publish: .publish
        case .unpublish: .unpublish
        case .bulkPublish: .bulkPublish
        case .delete: .delete
        case .read: .read
        }
    }

    /// The records the operation works on; none may be in two operations at once.
    var recordIDs: [String] {
        switch kind {
        case .create: []
        case .update(let id, _), .publish(let id), .unpublish(let id), .delete(let id), .read(let id, _): [id]
        case .bulkPublish(let ids): ids
        }
    }
}

enum Outcome: Sendable {
    case created(id: String)
    case succeeded
    /// A typed error's kind (see ``SoakRun/errorKind(_:)``), or a wrong answer.
    case failed(String)
}

/// What the client knows: hands out operations (seeded), records their outcomes, and at the end
/// compares that knowledge with the simulator's records.
actor Ledger {
    private struct Record {
        var marker: String
        /// The title the record must have, or `nil` when a failed update may have changed it.
        var title: String?
    }

    private var generator: SplitMix64
    private let total: Int
    private var issued = 0
    /// Records known to exist (their create succeeded), by ID, in creation order.
    private var live: [String: Record] = [:]
    private var liveOrder: [String] = []
    /// Records in an operation right now: never handed to a second one, so outcomes stay unambiguous.
    private var busy: Set<String> = []
    private var succeededCreates: [String: String] = [:]          // marker → ID
    private var failedCreates: [String] = []                        // markers
    private var deleted: Set<String> = []                           // IDs whose delete succeeded
    private var maybeDeleted: [String: Record] = [:]                // IDs whose delete failed
    private var stats: [SoakReport.Category: SoakReport.Tally] = [:]
    private var wrongAnswers: [String] = []

    init(operations: Int, seed: UInt64) {
        total = operations
        generator = SplitMix64(seed: seed ^ 0x5EED)
    }

    func next() -> SoakOperation? {
        guard issued < total else { return nil }
        issued += 1
        let number = issued
        let free = liveOrder.filter { !busy.contains($0) }
        let roll = generator.nextIndex(below: 100)
        let kind: SoakOperation.Kind
        // Creates dominate early on so there is something to work with; otherwise a fixed mix.
        if free.isEmpty || roll < 30 {
            kind = .create(marker: "soak-\(number)")
        } else {
            let id = free[generator.nextIndex(below: free.count)]
            switch roll {
            case ..<50: kind = .update(id: id, title: "soak-title-\(number)")
            case ..<60: kind = .publish(id: id)
            case ..<67: kind = .unpublish(id: id)
            case ..<75:
                let count = min(free.count, 1 + generator.nextIndex(below: 5))
                var ids: [String] = []
                while ids.count < count {
                    let candidate = free[generator.nextIndex(below: free.count)]
                    if !ids.contains(candidate) { ids.append(candidate) }
                }
                kind = .bulkPublish(ids: ids)
            case ..<85: kind = .delete(id: id)
            default: kind = .read(id: id, expectedTitle: live[id]?.title)
            }
        }
        let operation = SoakOperation(number: number, kind: kind)
        busy.formUnion(operation.recordIDs)
        return operation
    }

    func finish(_ operation: SoakOperation, _ outcome: Outcome) {
        busy.subtract(operation.recordIDs)
        var tally = stats[operation.category, default: SoakReport.Tally()]
        switch outcome {
        case .created, .succeeded: tally.succeeded += 1
        case .failed(let kind): tally.failures[kind, default: 0] += 1
        }
        stats[operation.category] = tally

        if case .failed(let kind) = outcome, kind.hasPrefix("read ") || kind.hasPrefix("update answered") {
            wrongAnswers.append("operation #\(operation.number): \(kind)")
        }
        switch (operation.kind, outcome) {
        case (.create(let marker), .created(let id)):
            succeededCreates[marker] = id
            live[id] = Record(marker: marker, title: marker)
            liveOrder.append(id)
        case (.create(let marker), _):
            failedCreates.append(marker)
        case (.update(let id, let title), .succeeded):
            live[id]?.title = title
        case (.update(let id, _), .failed):
            live[id]?.title = nil
        case (.delete(let id), .succeeded):
            deleted.insert(id)
            forget(id)
        case (.delete(let id), .failed):
            // The delete may have happened (its job ran, the answer was lost): stop using the
            // record, and accept it either way at the end.
            maybeDeleted[id] = live[id]
            forget(id)
        default:
            break
        }
    }

    private func forget(_ id: String) {
        live[id] = nil
        liveOrder.removeAll { $0 == id }
    }

    func audit(records: [SimulatedResource]) -> SoakReport {
        var report = SoakReport()
        report.tallies = stats
        report.wrongAnswers = wrongAnswers
        report.recordsAtEnd = records.count

        var byMarker: [String: [SimulatedResource]] = [:]
        for record in records {
            byMarker[record[attribute: "slug"]?.stringValue ?? "<no slug>", default: []].append(record)
        }
        for (marker, copies) in byMarker where copies.count > 1 {
            report.duplicates.append("\(marker) exists \(copies.count) times: \(copies.map(\.id).joined(separator: ", "))")
        }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        for (marker, id) in succeededCreates.sorted(by: { $0.key < $1.key }) {
            if deleted.contains(id) {
                if byID[id] != nil { report.undeleted.append("\(marker) (\(id)) was deleted successfully but still exists") }
                continue
            }
            if maybeDeleted[id] != nil { continue }
            guard let record = byID[id] else {
                report.losses.append("\(marker) (\(id)) was created successfully but is gone")
                continue
            }
            if record[attribute: "slug"]?.stringValue != marker {
                report.losses.append("\(id) should carry \(marker), carries \(record[attribute: "slug"]?.stringValue ?? "nothing")")
            }
            if let expected = live[id]?.title, record[attribute: "title"]?.stringValue != expected {
                report.staleUpdates.append("\(marker) (\(id)) has title \(record[attribute: "title"]?.stringValue ?? "none"), expected \(expected)")
            }
        }
        for marker in failedCreates {
            if byMarker[marker]?.isEmpty == false { report.ambiguousCreatesPresent += 1 } else { report.ambiguousCreatesAbsent += 1 }
        }
        let known = Set(succeededCreates.keys).union(failedCreates)
        for marker in byMarker.keys where !known.contains(marker) {
            report.losses.append("\(marker) exists but no operation created it")
        }
        return report
    }
}
