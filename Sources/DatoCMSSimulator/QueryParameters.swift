import Foundation

/// Query-string parameters shared by several endpoints.
extension APIRequest {
    /// `filter[ids]`: comma-separated IDs, at most `limit` of them. `nil` when absent and not required.
    func idsFilter(required: Bool, limit: Int) throws -> [String]? {
        guard let raw = query("filter[ids]") else {
            if required { throw APIError.invalidFormat(field: "filter[ids]", "is required") }
            return nil
        }
        let ids = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if required && ids.isEmpty { throw APIError.invalidFormat(field: "filter[ids]", "must list at least one ID") }
        guard ids.count <= limit else { throw APIError.tooManyIDs(field: "filter[ids]", limit: limit) }
        return ids
    }

    /// `page[offset]` and `page[limit]` of paginated collections (default limit 30, maximum 500).
    func pagination(defaultLimit: Int = 30, maximumLimit: Int = 500) throws -> (offset: Int, limit: Int) {
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = query(name) else { return value }
            guard let number = Int(raw), range.contains(number) else {
                throw APIError.invalidFormat(field: name, "must be an integer between \(range.lowerBound) and \(range.upperBound)")
            }
            return number
        }
        return (try integer("page[offset]", default: 0, range: 0...Int.max),
                try integer("page[limit]", default: defaultLimit, range: 1...maximumLimit))
    }

    /// The `page` of `all`, answered as `{data, meta: {total_count}}`.
    func paginatedReply(_ all: [DatoCMSSimulator.JSON]) throws -> Reply {
        try paginatedReply(count: all.count) { Array(all[$0]) }
    }

    /// The `page` of a collection of `count` elements, answered as `{data, meta: {total_count}}`;
    /// `page` renders only the elements at the positions asked for, so a page costs its size.
    func paginatedReply(count: Int, page: (Range<Int>) -> [DatoCMSSimulator.JSON]) throws -> Reply {
        let (offset, limit) = try pagination()
        let start = min(offset, count)
        let end = start + min(limit, count - start)
        return .json(200, Document.collection(page(start..<end), totalCount: count))
    }
}
