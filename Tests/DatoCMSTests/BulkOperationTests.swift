import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Bulk and batch functions take any number of IDs: chunks of at most the endpoint's `maxItems`,
/// one merged result, every failure reported, cancellation that says exactly what ran.
final class BulkOperationTests: XCTestCase {
    /// A model and `count` draft records, stored directly in the simulator.
    private func seed(_ harness: Harness, count: Int) async throws -> [String] {
        let model = try await harness.makeModel()
        let attributes: [[String: DatoCMSSimulator.JSON]] = (0..<count).map { ["title": .string("Post \($0)"), "slug": .string("post-\($0)")] }
        let ids = harness.simulator.insertRecords(itemTypeID: model.id, attributes: attributes)
        XCTAssertEqual(ids.count, count)
        harness.simulator.clearReceivedRequests()
        return ids
    }

    /// The record IDs each `POST /items/bulk/publish` carried, in the order the server received them.
    private func bulkPublishChunks(_ harness: Harness) throws -> [[String]] {
        try harness.takeRequests().filter { $0.method == "POST" && $0.path == "/items/bulk/publish" }.map { request in
            let body = try XCTUnwrap(json(request.body))
            let linkages = try XCTUnwrap(((body["data"] as? NSDictionary)?["relationships"] as? NSDictionary)
                .flatMap { ($0["items"] as? NSDictionary)?["data"] as? [NSDictionary] })
            return linkages.compactMap { $0["id"] as? String }
        }
    }

    private func statuses(_ harness: Harness, _ ids: some Sequence<String>) -> Set<String?> {
        Set(ids.map { harness.simulator.record(id: $0)?.status })
    }

    func testAThousandIDsGoInFiveChunksAndAFailedChunkIsReportedWithItsIDsWhileTheOthersComplete() async throws {
        let harness = try Harness()
        let ids = try await seed(harness, count: 1_000)
        let simulator = harness.simulator
        let reports = LockedArray<BulkProgress>()

        do {
            _ = try await harness.client.items.bulkPublish(items: ids) { progress in
                reports.append(progress)
                // The third request gets a proxy's 500: a POST that may have arrived is not replayed.
                if progress.chunksEnded == 2 {
                    simulator.injectFault(.htmlErrorPage(status: 500), matching: DatoCMSSimulator.FaultMatcher(method: "POST", pathPrefix: "/items/bulk/publish"))
                }
            }
            XCTFail("a failed chunk must not pass as success")
        } catch let error as BulkOperationError {
            XCTAssertFalse(error.wasCancelled)
            XCTAssertEqual(error.completed.map(\.index), [0, 1, 3, 4])
            XCTAssertEqual(error.completed.map(\.ids), [Array(ids[0..<200]), Array(ids[200..<400]), Array(ids[600..<800]), Array(ids[800..<1_000])])
            XCTAssertEqual(error.failures.map(\.index), [2])
            XCTAssertEqual(error.failures.first?.ids, Array(ids[400..<600]))
            let failure = try XCTUnwrap(error.failures.first?.error)
            XCTAssertTrue("\(failure)".contains("500"), "the chunk's own error is kept: \(failure)")
            XCTAssertEqual(error.notStarted.count, 0)
            XCTAssertEqual(error.successful, 800)
            XCTAssertEqual(error.failed, 0)
            XCTAssertEqual(error.idsToRetry, Array(ids[400..<600]))
            XCTAssertTrue(error.description.contains("4 of 5 chunks completed"), error.description)
        }

        let chunks = try bulkPublishChunks(harness)
        XCTAssertEqual(chunks.count, 5, "one request per chunk, the failed one not replayed")
        XCTAssertTrue(chunks.allSatisfy { $0.count == 200 })
        XCTAssertEqual(chunks.flatMap { $0 }, ids, "every ID sent once, in order")
        XCTAssertEqual(statuses(harness, ids[0..<400] + ids[600...]), ["published"])
        XCTAssertEqual(statuses(harness, ids[400..<600]), ["draft"], "the refused chunk changed nothing")

        let seen = reports.values
        XCTAssertEqual(seen.map(\.chunksEnded), [1, 2, 3, 4, 5])
        XCTAssertEqual(seen.last?.chunksFailed, 1)
        XCTAssertEqual(seen.last?.idsCompleted, 800)
        XCTAssertEqual(seen.last?.successful, 800)
        XCTAssertEqual(seen.map(\.idsTotal), Array(repeating: 1_000, count: 5))
    }

    func testMoreIDsThanOneRequestMayCarryAreSplitRepeatsDroppedAndTheCountsMerged() async throws {
        let harness = try Harness()
        let ids = try await seed(harness, count: 201)

        // One request may carry 200: the server refuses 201.
        let tooMany = ItemBulkPublishBody(items: ids)
        do {
            _ = try await harness.client.items.raw.bulkPublish(tooMany)
            XCTFail("the simulator must refuse 201 IDs in one request")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
        }
        _ = harness.takeRequests()

        let result = try await harness.client.items.bulkPublish(items: ids + ids[0..<50] + ["not-a-record"])
        XCTAssertEqual(result.chunks.map(\.ids.count), [200, 2])
        XCTAssertEqual(result.ids, ids + ["not-a-record"])
        XCTAssertEqual(result.successful, 201)
        XCTAssertEqual(result.failed, 1, "the unknown ID is counted by its job, not hidden")
        XCTAssertEqual(try bulkPublishChunks(harness).flatMap { $0 }, ids + ["not-a-record"])
        XCTAssertEqual(statuses(harness, ids), ["published"])
    }

    func testBatchLinksSplitTheirFilterIDsToo() async throws {
        let harness = try Harness()
        let ids = try await seed(harness, count: 450)

        let result = try await harness.client.items.batchPublish(filterIds: ids, concurrency: 2)

        XCTAssertEqual(result.successful, 450)
        let requests = harness.takeRequests().filter { $0.method == "PUT" && $0.path == "/items/publish" }
        let sent = requests.map { ($0.queryValue("filter[ids]") ?? "").split(separator: ",").map(String.init) }
        XCTAssertEqual(sent.map(\.count).sorted(), [50, 200, 200])
        XCTAssertEqual(Set(sent.flatMap { $0 }), Set(ids))
        XCTAssertEqual(sent.flatMap { $0 }.count, 450, "no ID sent twice")
        XCTAssertEqual(statuses(harness, ids), ["published"])
    }

    func testCancellingStartsNoFurtherChunkAndReportsExactlyWhatCompleted() async throws {
        let harness = try Harness()
        let ids = try await seed(harness, count: 1_000)

        do {
            _ = try await harness.client.items.bulkPublish(items: ids) { progress in
                // Progress is reported on the calling task: this cancels it after the second chunk.
                if progress.chunksEnded == 2 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            XCTFail("a cancelled bulk operation must say so")
        } catch let error as BulkOperationError {
            XCTAssertTrue(error.wasCancelled)
            XCTAssertEqual(error.completed.map(\.index), [0, 1])
            XCTAssertEqual(error.failures.count + error.interrupted.count, 0)
            XCTAssertEqual(error.notStarted.map(\.index), [2, 3, 4])
            XCTAssertEqual(error.idsToRetry, Array(ids[400...]))
            XCTAssertEqual(error.successful, 400)
        }

        XCTAssertEqual(try bulkPublishChunks(harness).count, 2, "no chunk was sent after the cancellation")
        XCTAssertEqual(statuses(harness, ids[..<400]), ["published"])
        XCTAssertEqual(statuses(harness, ids[400...]), ["draft"])
    }

    func testCancellingStopsWaitingForAChunkInFlightAndReportsItAsInterrupted() async throws {
        let harness = try Harness()
        let ids = try await seed(harness, count: 1_000)
        // Whichever of the first two chunks arrives first hangs; the other completes.
        harness.simulator.injectFault(.delay(.seconds(60)), matching: DatoCMSSimulator.FaultMatcher(method: "POST", pathPrefix: "/items/bulk/publish"))

        let start = ContinuousClock.now
        do {
            _ = try await harness.client.items.bulkPublish(items: ids, concurrency: 2) { progress in
                if progress.chunksEnded == 1 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            XCTFail("a cancelled bulk operation must say so")
        } catch let error as BulkOperationError {
            XCTAssertTrue(error.wasCancelled)
            XCTAssertEqual(error.completed.count, 1)
            XCTAssertEqual(error.interrupted.count, 1, "the hanging chunk is not waited for, nor called a failure")
            XCTAssertEqual(Set((error.completed + error.interrupted).map(\.index)), [0, 1])
            XCTAssertEqual(error.notStarted.map(\.index), [2, 3, 4])
            XCTAssertEqual(error.idsToRetry.count, 800)
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(30), "cancellation must not wait for the hanging request")
    }

    func testChunkSizeAndConcurrencyOutOfRangeAreRefusedBeforeAnyRequest() async throws {
        let harness = try Harness()
        for (chunkSize, concurrency) in [(0, 1), (201, 1), (10, 0)] {
            do {
                _ = try await harness.client.items.bulkDestroy(items: ["a", "b"], chunkSize: chunkSize, concurrency: concurrency)
                XCTFail("chunkSize \(chunkSize), concurrency \(concurrency) must be refused")
            } catch let error as DatoCMSError {
                guard case .invalidRequest(let reason) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains(chunkSize == 201 ? "200" : "at least 1") || reason.contains("between 1"), reason)
            }
        }
        XCTAssertEqual(harness.takeRequests().count, 0)
    }

    func testNoIDsSendNothing() async throws {
        let harness = try Harness()
        let result = try await harness.client.uploads.bulkDestroy(uploads: [])
        XCTAssertEqual(result.chunks.count, 0)
        XCTAssertEqual(result.successful, 0)
        XCTAssertEqual(harness.takeRequests().count, 0)
    }
}
