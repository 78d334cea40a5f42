import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// `…All` / `…Pages`: every page of a listing, in order, a few requests at a time, stopping when
/// the loop stops.
final class PagingTests: XCTestCase {
    /// A model and `count` records titled `Post 0`, `Post 1`…, stored directly in the simulator.
    private func seed(_ harness: Harness, count: Int) async throws -> ItemType {
        let model = try await harness.makeModel()
        let attributes: [[String: DatoCMSSimulator.JSON]] = (0..<count).map { ["title": .string("Post \($0)"), "slug": .string("post-\($0)")] }
        XCTAssertEqual(harness.simulator.insertRecords(itemTypeID: model.id, attributes: attributes).count, count)
        harness.simulator.clearReceivedRequests()
        return model
    }

    private func listRequests(_ harness: Harness) -> [ReceivedRequest] {
        harness.simulator.receivedRequests().filter { $0.method == "GET" && $0.path == "/items" }
    }

    func testListAllReturnsEveryRecordInOrderWhateverOrderThePagesArriveIn() async throws {
        let harness = try Harness()
        let model = try await seed(harness, count: 1_234)
        // Random delays on half the page requests, so pages fetched together finish out of order.
        harness.simulator.setRandomFaults(rate: 0.5, kinds: [.delay(.milliseconds(40))], seed: 11, matching: DatoCMSSimulator.FaultMatcher.method("GET").path(prefix: "/items"))

        var titles: [String] = []
        for try await record in harness.client.items.listAll(filterType: model.id, pageSize: 100, concurrency: 4, as: Article.self) {
            titles.append(record.title)
        }

        XCTAssertEqual(titles, (0..<1_234).map { "Post \($0)" })
        let requests = listRequests(harness)
        XCTAssertEqual(requests.count, 13, "one request per page of 100")
        XCTAssertEqual(Set(requests.compactMap { $0.queryValue("page[offset]") }), Set(stride(from: 0, to: 1_234, by: 100).map(String.init)))
        XCTAssertEqual(Set(requests.compactMap { $0.queryValue("page[limit]") }), ["100"])
        XCTAssertTrue(requests.allSatisfy { $0.queryValue("filter[type]") == model.id }, "the listing's own parameters go with every page")
        XCTAssertGreaterThan(harness.simulator.appliedFaults().count, 0, "the delays were applied")
    }

    func testPagesCarryTheTotalAndTheDefaultPageSizeIsTheLargestTheEndpointAllows() async throws {
        let harness = try Harness()
        _ = try await seed(harness, count: 1_001)

        var sizes: [Int] = []
        var offsets: [Int] = []
        for try await page in harness.client.items.listPages() {
            sizes.append(page.elements.count)
            offsets.append(page.offset)
            XCTAssertEqual(page.totalCount, 1_001)
        }

        XCTAssertEqual(sizes, [500, 500, 1])
        XCTAssertEqual(offsets, [0, 500, 1_000])
        XCTAssertEqual(Set(listRequests(harness).compactMap { $0.queryValue("page[limit]") }), ["500"])
    }

    func testLeavingTheLoopEarlyStartsNoFurtherRequests() async throws {
        let harness = try Harness()
        _ = try await seed(harness, count: 1_000)

        var seen = 0
        for try await _ in harness.client.items.listAll(pageSize: 100, concurrency: 2) {
            seen += 1
            if seen == 150 { break }
        }

        // Pages are only requested from inside the loop: the first, two ahead of it, and one more
        // when the second page was taken. Never the remaining six.
        XCTAssertEqual(seen, 150)
        XCTAssertLessThanOrEqual(listRequests(harness).count, 4)
    }

    func testCancellingTheLoopsTaskEndsItWithoutWaitingForAHangingPage() async throws {
        let harness = try Harness()
        _ = try await seed(harness, count: 10)
        harness.simulator.injectFault(.delay(.seconds(60)), matching: DatoCMSSimulator.FaultMatcher.method("GET").path(prefix: "/items"))

        let loop = Task {
            var count = 0
            for try await _ in harness.client.items.listAll() { count += 1 }
            return count
        }
        // Cancel once the request is at the server, hanging.
        for _ in 0..<2_000 where listRequests(harness).isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        XCTAssertEqual(listRequests(harness).count, 1)
        loop.cancel()

        let started = ContinuousClock.now
        do {
            let count = try await loop.value
            XCTFail("a cancelled loop must not finish normally (got \(count) records)")
        } catch {
            XCTAssertTrue(error is CancellationError || "\(error)".lowercased().contains("cancel"), "got \(error)")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(30), "the hanging request was abandoned, not waited for")
    }

    func testAPageSizeBeyondTheEndpointsMaximumIsRefusedBeforeAnyRequest() async throws {
        let harness = try Harness()
        _ = try await seed(harness, count: 3)

        for (pageSize, concurrency) in [(501, 3), (0, 3), (100, 0)] {
            do {
                for try await _ in harness.client.items.listAll(pageSize: pageSize, concurrency: concurrency) {}
                XCTFail("pageSize \(pageSize), concurrency \(concurrency) must be refused")
            } catch DatoCMSError.invalidRequest(let message) {
                XCTAssertTrue(message.contains(pageSize == 100 ? "concurrency" : "pageSize"), message)
            }
        }
        do {
            for try await _ in harness.client.itemVersions.listAll("any", pageSize: 51) {}
            XCTFail("record versions come at most 50 per page")
        } catch DatoCMSError.invalidRequest(let message) {
            XCTAssertTrue(message.contains("at most 50"), message)
        }
        XCTAssertEqual(harness.simulator.receivedRequests().count, 0)
    }

    func testEveryPaginatedResourceGetsTheHelpersFromTheSchema() async throws {
        let harness = try Harness()
        for index in 0..<120 { harness.simulator.insertResource(type: "upload_tag", attributes: ["name": .string("tag-\(index)")]) }
        harness.simulator.clearReceivedRequests()

        var names: [String] = []
        for try await tag in harness.client.uploadTags.listAll(pageSize: 50) { names.append(tag.attributes.name) }

        XCTAssertEqual(names, (0..<120).map { "tag-\($0)" })
        XCTAssertEqual(harness.simulator.receivedRequests().filter { $0.path == "/upload-tags" }.count, 3)
    }

    // MARK: The sequence itself, with pages whose arrival the test controls

    func testPagesAreYieldedInOffsetOrderAndNoMoreThanTheConcurrencyAreInFlight() async throws {
        let gate = PageGate()
        let pages = PageSequence<Int>(pageSize: 10, concurrency: 3) { offset, limit in
            try await gate.page(offset: offset, limit: limit, total: 95)
        }
        let consumer = Task {
            var offsets: [Int] = []
            for try await page in pages { offsets.append(page.offset) }
            return offsets
        }
        // Release pages last-started first: the consumer must still see them in order.
        var released = 0
        while released < 10 {
            let waiting = await gate.waitForWaiting()
            XCTAssertLessThanOrEqual(waiting.count, 3, "at most `concurrency` pages in flight")
            for offset in waiting.sorted(by: >) { await gate.release(offset) }
            released += waiting.count
        }
        let offsets = try await consumer.value
        XCTAssertEqual(offsets, Array(stride(from: 0, to: 95, by: 10)))
        let maximum = await gate.maximumInFlight
        XCTAssertLessThanOrEqual(maximum, 3)
    }

    func testWithoutATotalPagesAreFetchedOneByOneUntilAShortPage() async throws {
        let counter = FetchCounter()
        let elements = PageSequence<Int>(pageSize: 10, concurrency: 4) { offset, limit in
            await counter.started()
            let count = max(0, min(limit, 24 - offset))
            await counter.finished()
            return Page(elements: Array(offset..<(offset + count)), offset: offset, totalCount: nil)
        }.elements
        var all: [Int] = []
        for try await element in elements { all.append(element) }
        XCTAssertEqual(all, Array(0..<24))
        let (fetches, maximum) = await (counter.total, counter.maximumInFlight)
        XCTAssertEqual(fetches, 3, "10, 10, then the short page of 4 ends it")
        XCTAssertEqual(maximum, 1)
    }

    func testAFailingPageEndsTheSequenceWithItsError() async throws {
        struct Refused: Error {}
        let counter = FetchCounter()
        let pages = PageSequence<Int>(pageSize: 10, concurrency: 1) { offset, _ in
            await counter.started()
            if offset == 20 { throw Refused() }
            return Page(elements: Array(offset..<(offset + 10)), offset: offset, totalCount: 100)
        }
        var iterator = pages.makeAsyncIterator()
        let first = try await iterator.next()
        let second = try await iterator.next()
        XCTAssertEqual([first?.offset, second?.offset], [0, 10])
        do {
            _ = try await iterator.next()
            XCTFail("the third page failed")
        } catch is Refused {}
        let afterError = try await iterator.next()
        XCTAssertNil(afterError, "the sequence ends after an error")
        let fetches = await counter.total
        XCTAssertEqual(fetches, 3, "nothing is fetched after the failure")
    }
}

/// Holds each page request until the test releases it.
private actor PageGate {
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    private var watchers: [CheckedContinuation<[Int], Never>] = []
    private(set) var maximumInFlight = 0

    func page(offset: Int, limit: Int, total: Int) async throws -> Page<Int> {
        await withCheckedContinuation { continuation in
            waiting[offset] = continuation
            maximumInFlight = max(maximumInFlight, waiting.count)
            notify()
        }
        let count = max(0, min(limit, total - offset))
        return Page(elements: Array(offset..<(offset + count)), offset: offset, totalCount: total)
    }

    /// The offsets waiting, once at least one is.
    func waitForWaiting() async -> [Int] {
        if !waiting.isEmpty { return Array(waiting.keys) }
        return await withCheckedContinuation { watchers.append($0) }
    }

    func release(_ offset: Int) {
        waiting.removeValue(forKey: offset)?.resume()
    }

    private func notify() {
        let offsets = Array(waiting.keys)
        for watcher in watchers { watcher.resume(returning: offsets) }
        watchers.removeAll()
    }
}

/// Counts fetches and how many ran at once.
private actor FetchCounter {
    private(set) var total = 0
    private(set) var maximumInFlight = 0
    private var inFlight = 0

    func started() {
        total += 1
        inFlight += 1
        maximumInFlight = max(maximumInFlight, inFlight)
    }

    func finished() { inFlight -= 1 }
}
