import Foundation

/// One page of a paginated listing, as ``PageSequence`` yields it.
public struct Page<Element: Sendable>: Sendable {
    /// The page's elements, in the API's order.
    public var elements: [Element]
    /// The offset the page was asked for (`page[offset]`).
    public var offset: Int
    /// How many elements match across all pages, when the API says (`meta.total_count`).
    public var totalCount: Int?

    /// Creates a page.
    public init(elements: [Element], offset: Int, totalCount: Int?) {
        self.elements = elements
        self.offset = offset
        self.totalCount = totalCount
    }
}

/// Every page of a paginated endpoint, fetched as you iterate: in order, a few at a time.
///
/// Generated clients return one from their `…Pages` functions (e.g. `client.items.listPages(…)`),
/// and its ``elements`` from their `…All` functions. The first page tells how many elements there
/// are; the next pages are then fetched up to `concurrency` at a time, ahead of the consumer, and
/// yielded in order. At most `concurrency` pages are in flight plus the one being read, so memory
/// stays bounded by `(concurrency + 1) × pageSize` elements whatever the total. Without a total
/// (an endpoint whose answer has no `meta.total_count`), pages are fetched one after another until a
/// short page.
///
/// Every request goes through the client that made the sequence, so the rate-limit pacing, retries
/// and timeouts are shared with everything else the client does. Cancelling the iterating task
/// cancels the requests in flight; so does leaving the loop early (when the iterator is released).
///
/// Offsets are fixed when the first page arrives: records created or deleted while you iterate may
/// shift elements between pages (offset pagination cannot tell), as with every DatoCMS client.
public struct PageSequence<Element: Sendable>: AsyncSequence, Sendable {
    /// Fetches the page at `offset` with at most `limit` elements.
    public typealias Fetch = @Sendable (_ offset: Int, _ limit: Int) async throws -> Page<Element>

    /// Elements asked for per request.
    public let pageSize: Int
    /// Pages fetched at the same time, at most.
    public let concurrency: Int
    /// The endpoint's largest page, if known: a larger `pageSize` is refused before any request.
    public let maximumPageSize: Int?
    private let fetch: Fetch

    /// Creates a sequence; nothing is fetched until iteration starts.
    /// - Parameters:
    ///   - pageSize: Elements per request (at least 1, at most `maximumPageSize`).
    ///   - concurrency: Pages fetched at the same time (at least 1).
    ///   - maximumPageSize: The endpoint's limit, when known.
    ///   - fetch: Fetches one page.
    public init(pageSize: Int, concurrency: Int = 3, maximumPageSize: Int? = nil, fetch: @escaping Fetch) {
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.maximumPageSize = maximumPageSize
        self.fetch = fetch
    }

    /// The elements of every page, one by one.
    public var elements: PagedElements<Element> { PagedElements(pages: self) }

    public func makeAsyncIterator() -> Iterator {
        Iterator(prefetch: Prefetch(pageSize: pageSize, concurrency: concurrency, maximumPageSize: maximumPageSize, fetch: fetch))
    }

    /// Yields the pages in order.
    public struct Iterator: AsyncIteratorProtocol {
        fileprivate let prefetch: Prefetch

        /// The next non-empty page, or `nil` after the last one.
        /// - Throws: ``DatoCMSError/invalidRequest(_:)`` for a page size or concurrency out of range
        ///   (before any request), or the first error of a page request; the sequence then ends.
        public mutating func next() async throws -> Page<Element>? {
            try await prefetch.next()
        }
    }

    /// The fetching state of one iteration. A class so that releasing the iterator (leaving a
    /// `for` loop early) cancels the requests still in flight.
    fileprivate final class Prefetch {
        let pageSize: Int
        let concurrency: Int
        let maximumPageSize: Int?
        let fetch: Fetch
        private var started = false
        private var finished = false
        /// The total from the first page; `nil` until then, or when the API gives none.
        private var totalCount: Int?
        /// Without a total: whether a short page showed the end.
        private var reachedEnd = false
        private var nextOffset = 0
        private var inFlight: [Task<Page<Element>, any Error>] = []

        init(pageSize: Int, concurrency: Int, maximumPageSize: Int?, fetch: @escaping Fetch) {
            self.pageSize = pageSize
            self.concurrency = concurrency
            self.maximumPageSize = maximumPageSize
            self.fetch = fetch
        }

        deinit {
            for task in inFlight { task.cancel() }
        }

        func next() async throws -> Page<Element>? {
            guard !finished else { return nil }
            do {
                if !started {
                    started = true
                    try validate()
                    let first = try await awaitCancellably(start(offset: 0))
                    nextOffset = pageSize
                    totalCount = first.totalCount
                    if first.totalCount == nil, first.elements.count < pageSize { reachedEnd = true }
                    refill()
                    if !first.elements.isEmpty { return first }
                }
                while !inFlight.isEmpty {
                    let head = inFlight.removeFirst()
                    let page = try await awaitCancellably(head)
                    if totalCount == nil, page.elements.count < pageSize { reachedEnd = true }
                    refill()
                    // An empty page inside the known total means records were deleted meanwhile:
                    // the pages after it may still hold elements.
                    if !page.elements.isEmpty { return page }
                }
                finished = true
                return nil
            } catch {
                finished = true
                for task in inFlight { task.cancel() }
                inFlight.removeAll()
                throw error
            }
        }

        private func validate() throws {
            guard pageSize >= 1 else { throw DatoCMSError.invalidRequest("pageSize must be at least 1 (got \(pageSize))") }
            if let maximumPageSize, pageSize > maximumPageSize {
                throw DatoCMSError.invalidRequest("pageSize must be at most \(maximumPageSize) for this endpoint (got \(pageSize))")
            }
            guard concurrency >= 1 else { throw DatoCMSError.invalidRequest("concurrency must be at least 1 (got \(concurrency))") }
        }

        private func start(offset: Int) -> Task<Page<Element>, any Error> {
            let fetch = self.fetch
            let limit = pageSize
            return Task { try await fetch(offset, limit) }
        }

        /// Starts requests until `concurrency` are in flight or no page is left: all the pages the
        /// total announces, or, without a total, one at a time until a short page.
        private func refill() {
            if let totalCount {
                while inFlight.count < concurrency, nextOffset < totalCount {
                    inFlight.append(start(offset: nextOffset))
                    nextOffset += pageSize
                }
            } else if inFlight.isEmpty, !reachedEnd {
                inFlight.append(start(offset: nextOffset))
                nextOffset += pageSize
            }
        }

        /// Awaits a page request; cancelling the iterating task cancels every request in flight.
        private func awaitCancellably(_ task: Task<Page<Element>, any Error>) async throws -> Page<Element> {
            let pending = inFlight + [task]
            return try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                for task in pending { task.cancel() }
            }
        }
    }
}

/// The elements of a ``PageSequence``, one by one, in order.
public struct PagedElements<Element: Sendable>: AsyncSequence, Sendable {
    /// The pages the elements come from.
    public let pages: PageSequence<Element>

    /// Creates the sequence over `pages`.
    public init(pages: PageSequence<Element>) { self.pages = pages }

    public func makeAsyncIterator() -> Iterator { Iterator(pages: pages.makeAsyncIterator()) }

    /// Yields each page's elements before fetching past it.
    public struct Iterator: AsyncIteratorProtocol {
        var pages: PageSequence<Element>.Iterator
        var buffer: [Element] = []
        var index = 0

        /// The next element, or `nil` after the last.
        /// - Throws: What ``PageSequence/Iterator/next()`` throws.
        public mutating func next() async throws -> Element? {
            while index == buffer.count {
                guard let page = try await pages.next() else {
                    buffer = []
                    index = 0
                    return nil
                }
                buffer = page.elements
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
