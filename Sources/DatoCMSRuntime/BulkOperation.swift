import Foundation

/// How far a chunked bulk operation has come, reported after each chunk ends.
public struct BulkProgress: Sendable, Hashable {
    /// Chunks the IDs were split into.
    public var chunksTotal: Int
    /// Chunks whose job finished (whatever the per-record outcome).
    public var chunksCompleted: Int
    /// Chunks whose request or job failed.
    public var chunksFailed: Int
    /// Distinct IDs asked for.
    public var idsTotal: Int
    /// IDs in completed chunks.
    public var idsCompleted: Int
    /// Records the finished jobs report as processed.
    public var successful: Int
    /// Records the finished jobs report as not processed.
    public var failed: Int

    /// Chunks that ended, completed or failed.
    public var chunksEnded: Int { chunksCompleted + chunksFailed }
    /// Whether every chunk ended.
    public var isFinished: Bool { chunksEnded == chunksTotal }
}

/// One chunk that completed: its IDs and its job's result.
public struct BulkChunk<Result: Sendable>: Sendable {
    /// The chunk's position, from 0, in the order of the IDs given.
    public var index: Int
    /// The IDs sent in this chunk.
    public var ids: [String]
    /// The job's result.
    public var result: Result
}

/// A chunk's IDs and, once it ran, the per-record counters its job reported.
public struct BulkChunkReport: Sendable, Hashable {
    /// The chunk's position, from 0, in the order of the IDs given.
    public var index: Int
    /// The IDs of the chunk.
    public var ids: [String]
    /// Records the chunk's job reports as processed, when it ran and reports it.
    public var successful: Int?
    /// Records the chunk's job reports as not processed, when it ran and reports it.
    public var failed: Int?
}

/// A chunk whose request or job failed: which IDs, and why. Whether those records changed is
/// unknown only when the error says so (e.g. a dropped connection after the request was sent).
public struct BulkChunkFailure: Sendable {
    /// The chunk's position, from 0, in the order of the IDs given.
    public var index: Int
    /// The IDs of the chunk.
    public var ids: [String]
    /// What failed: usually an ``ApiError`` or a ``DatoCMSError``.
    public var error: any Error
}

/// The merged result of a bulk operation whose every chunk completed.
public struct BulkResult<ChunkResult: Sendable>: Sendable {
    /// Every chunk, in the order of the IDs given.
    public var chunks: [BulkChunk<ChunkResult>]
    /// Records the jobs report as processed, summed over the chunks.
    public var successful: Int
    /// Records the jobs report as not processed (e.g. an ID that does not exist), summed over the chunks.
    public var failed: Int

    /// Every ID sent, in order, without repeats.
    public var ids: [String] { chunks.flatMap(\.ids) }
}

/// A bulk operation that did not run to the end: some chunks failed, or it was cancelled.
///
/// Nothing is hidden in a partial success: the error lists the chunks that completed (with their
/// counters), the ones that failed (with their errors), the ones cancelled while in flight and the
/// ones never sent, so you can retry exactly ``idsToRetry``.
public struct BulkOperationError: Error, Sendable, CustomStringConvertible {
    /// Chunks whose job finished, in order.
    public var completed: [BulkChunkReport]
    /// Chunks whose request or job failed, in order.
    public var failures: [BulkChunkFailure]
    /// Chunks in flight when the task was cancelled: their request may have reached DatoCMS, whose
    /// job then runs to its end without us; whether it did is unknown here.
    public var interrupted: [BulkChunkReport]
    /// Chunks never sent, because the task was cancelled first.
    public var notStarted: [BulkChunkReport]
    /// Whether the task was cancelled.
    public var wasCancelled: Bool

    /// Records the finished jobs report as processed.
    public var successful: Int { completed.reduce(0) { $0 + ($1.successful ?? 0) } }
    /// Records the finished jobs report as not processed.
    public var failed: Int { completed.reduce(0) { $0 + ($1.failed ?? 0) } }
    /// The IDs of every chunk that did not complete (failed, interrupted or never sent), in order:
    /// what a retry needs to send. Publishing, unpublishing or deleting twice is harmless, so an
    /// interrupted chunk is safe to send again.
    public var idsToRetry: [String] {
        let failed = failures.map { ($0.index, $0.ids) }
        let other = (interrupted + notStarted).map { ($0.index, $0.ids) }
        return (failed + other).sorted { $0.0 < $1.0 }.flatMap(\.1)
    }

    public var description: String {
        let chunks = completed.count + failures.count + interrupted.count + notStarted.count
        var text = "Bulk operation \(wasCancelled ? "cancelled" : "incomplete"): \(completed.count) of \(chunks) chunks completed (\(successful) records processed, \(failed) not)"
        for failure in failures {
            text += "; chunk \(failure.index) (\(failure.ids.count) IDs from \(failure.ids.first ?? "-")) failed: \(failure.error)"
        }
        if !interrupted.isEmpty { text += "; \(interrupted.count) chunks interrupted in flight" }
        if !notStarted.isEmpty { text += "; \(notStarted.count) chunks not sent" }
        return text
    }
}

/// Runs an operation over any number of IDs in chunks the API accepts: what the generated bulk
/// functions (`bulkPublish(items:)`, `batchDestroy(filterIds:)`…) call.
///
/// - IDs are sent once each: repeats are dropped, order kept.
/// - Chunks run `concurrency` at a time, through the client's pacing, and each waits for its job.
/// - A failed chunk does not stop the others; the call then throws ``BulkOperationError``.
/// - Cancelling the task starts no new chunk and stops waiting for those in flight at once (as any
///   job wait does), then throws ``BulkOperationError`` with `wasCancelled`: the completed chunks,
///   the interrupted ones and the ones never sent.
public enum BulkOperation {
    /// The per-record counters of a chunk's job result, when it has them.
    public typealias Counters<ChunkResult> = @Sendable (ChunkResult) -> (successful: Int, failed: Int)?

    /// Splits `ids` into chunks and runs `operation` on each.
    /// - Parameters:
    ///   - ids: The IDs, any number.
    ///   - chunkSize: IDs per request, 1 through `maximumChunkSize`.
    ///   - maximumChunkSize: The endpoint's limit (the schema's `maxItems`).
    ///   - concurrency: Chunks in flight at once, at least 1.
    ///   - progress: Called after each chunk ends, one call at a time.
    ///   - counters: Reads the per-record counters of a chunk's result.
    ///   - operation: Sends one chunk and waits for its job.
    /// - Throws: ``DatoCMSError/invalidRequest(_:)`` for a chunk size or concurrency out of range
    ///   (before any request); ``BulkOperationError`` when a chunk failed or the task was cancelled.
    public static func run<ChunkResult: Sendable>(
        ids: [String],
        chunkSize: Int,
        maximumChunkSize: Int,
        concurrency: Int,
        progress: (@Sendable (BulkProgress) -> Void)?,
        counters: @escaping Counters<ChunkResult>,
        operation: @escaping @Sendable ([String]) async throws -> ChunkResult
    ) async throws -> BulkResult<ChunkResult> {
        guard (1...max(1, maximumChunkSize)).contains(chunkSize) else {
            throw DatoCMSError.invalidRequest("chunkSize must be between 1 and \(maximumChunkSize), the most this endpoint accepts per request; got \(chunkSize)")
        }
        guard concurrency >= 1 else {
            throw DatoCMSError.invalidRequest("concurrency must be at least 1; got \(concurrency)")
        }
        var seen = Set<String>()
        let distinct = ids.filter { seen.insert($0).inserted }
        let chunks = stride(from: 0, to: distinct.count, by: chunkSize).map { Array(distinct[$0..<min($0 + chunkSize, distinct.count)]) }

        var state = Tally(chunks: chunks, counters: counters)
        await withTaskGroup(of: (Int, Result<ChunkResult, any Error>).self) { group in
            var next = 0
            func startNext() -> Bool {
                guard next < chunks.count, !Task.isCancelled else { return false }
                let index = next, chunk = chunks[index]
                next += 1
                group.addTask {
                    do { return (index, .success(try await operation(chunk))) } catch { return (index, .failure(error)) }
                }
                return true
            }
            for _ in 0..<concurrency where !startNext() { break }
            while let (index, result) = await group.next() {
                // A chunk that fails once the task is cancelled failed because of it: its outcome
                // is unknown, not an error of its own.
                if case .failure = result, Task.isCancelled {
                    state.interrupted.insert(index)
                } else {
                    state.record(result, of: index)
                    progress?(state.progress)
                }
                _ = startNext()
            }
            state.cancelled = Task.isCancelled && (next < chunks.count || !state.interrupted.isEmpty)
        }
        return try state.result()
    }

    /// What has happened so far, in one place so that progress and result agree.
    private struct Tally<ChunkResult: Sendable> {
        let chunks: [[String]]
        let counters: Counters<ChunkResult>
        var completed: [Int: ChunkResult] = [:]
        var failures: [Int: any Error] = [:]
        var interrupted: Set<Int> = []
        var cancelled = false
        var progress: BulkProgress

        init(chunks: [[String]], counters: @escaping Counters<ChunkResult>) {
            self.chunks = chunks
            self.counters = counters
            progress = BulkProgress(
                chunksTotal: chunks.count, chunksCompleted: 0, chunksFailed: 0,
                idsTotal: chunks.reduce(0) { $0 + $1.count }, idsCompleted: 0, successful: 0, failed: 0)
        }

        mutating func record(_ result: Result<ChunkResult, any Error>, of index: Int) {
            switch result {
            case .success(let value):
                completed[index] = value
                progress.chunksCompleted += 1
                progress.idsCompleted += chunks[index].count
                if let counts = counters(value) {
                    progress.successful += counts.successful
                    progress.failed += counts.failed
                }
            case .failure(let error):
                failures[index] = error
                progress.chunksFailed += 1
            }
        }

        func result() throws -> BulkResult<ChunkResult> {
            if failures.isEmpty && !cancelled {
                let chunks = chunks.indices.map { BulkChunk(index: $0, ids: self.chunks[$0], result: completed[$0]!) }
                return BulkResult(chunks: chunks, successful: progress.successful, failed: progress.failed)
            }
            var error = BulkOperationError(completed: [], failures: [], interrupted: [], notStarted: [], wasCancelled: cancelled)
            for (index, ids) in chunks.enumerated() {
                if let value = completed[index] {
                    let counts = counters(value)
                    error.completed.append(BulkChunkReport(index: index, ids: ids, successful: counts?.successful, failed: counts?.failed))
                } else if let failure = failures[index] {
                    error.failures.append(BulkChunkFailure(index: index, ids: ids, error: failure))
                } else if interrupted.contains(index) {
                    error.interrupted.append(BulkChunkReport(index: index, ids: ids))
                } else {
                    error.notStarted.append(BulkChunkReport(index: index, ids: ids))
                }
            }
            throw error
        }
    }
}
