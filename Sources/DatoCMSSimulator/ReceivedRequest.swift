import Foundation

/// One HTTP request exactly as the simulator received it, for wire-format assertions.
public struct ReceivedRequest: Sendable {
    /// The request method as sent, e.g. `PUT`.
    public var method: String
    /// The raw request-target as sent, e.g. `/items/publish?filter%5Bids%5D=1%2C2`.
    public var target: String
    /// The percent-decoded path, without the query, e.g. `/items/publish`.
    public var path: String
    /// The percent-decoded query parameters, in the order they were sent.
    public var query: [(name: String, value: String)]
    /// The header fields, in the order they were sent, names as spelled by the client.
    public var headers: [(name: String, value: String)]
    /// The body; `nil` when the request carried none at all (neither a non-zero
    /// `Content-Length` nor `Transfer-Encoding: chunked`). An empty chunked body is `Data()`,
    /// so "no body" and "`{}`" (or an empty chunked body) stay distinguishable.
    public var body: Data?

    /// Creates a request record.
    public init(
        method: String,
        target: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: Data? = nil
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The value of the first query parameter called `name` (decoded, e.g. `filter[ids]`).
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The body parsed as JSON; `nil` when there is no body or it is not valid JSON.
    public var jsonBody: DatoCMSSimulator.JSON? {
        body.flatMap { try? DatoCMSSimulator.JSON(parsing: $0) }
    }
}
