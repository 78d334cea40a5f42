import Foundation

/// An error answer from the DatoCMS API (any non-2xx status, or a job that finished with one).
///
/// ```swift
/// do { _ = try await client.itemTypes.find("44") }
/// catch let error as ApiError where error.hasCode("NOT_FOUND") { … }
/// ```
///
/// Quote ``requestID`` when you ask DatoCMS support about a failure: it names the request in
/// their logs.
public struct ApiError: Error, Sendable, CustomStringConvertible {
    /// One error entity of the API's `{"data": [{"type": "api_error", …}]}` answer.
    public struct Entity: Sendable, Hashable {
        /// The entity's ID, for DatoCMS support.
        public var id: String?
        /// The machine-readable code, e.g. `NOT_FOUND`, `INVALID_FIELD`, `STALE_ITEM_VERSION`.
        public var code: String
        /// Details about the failure (field names, messages…), free-form.
        public var details: JSONValue
        /// Whether the API says retrying later may succeed.
        public var transient: Bool

        /// Creates an entity.
        public init(id: String? = nil, code: String, details: JSONValue = .object([:]), transient: Bool = false) {
            self.id = id
            self.code = code
            self.details = details
            self.transient = transient
        }
    }

    /// The HTTP status (for a failed job: the status the job finished with).
    public var status: Int
    /// The API's error entities; empty when the body was not in the API's error shape.
    public var entities: [Entity]
    /// The request that failed, with its token redacted.
    public var request: RequestSummary
    /// The response body as text (truncated to 4 KiB), for bodies that are not in the error shape.
    public var responseBody: String
    /// The ID of the job that failed, when the error comes from an asynchronous job.
    public var jobID: String?
    /// The headers of the answer that failed, in the order received: for a failed job, those of
    /// the `GET /job-results/:id` answer that reported the failure. Kept so that what DatoCMS says
    /// about the failure outside the body (``requestID``, `X-RateLimit-*`) is not lost. Credential
    /// headers (`Set-Cookie`…) read `<redacted>`, and the client's token never appears.
    public var responseHeaders: [(name: String, value: String)]

    /// The header in which DatoCMS names each request it answers.
    public static let requestIDHeader = "X-Request-Id"

    /// The ID DatoCMS gave the failed request (its `X-Request-Id` answer header, whatever its
    /// case), for support requests; `nil` when the answer carried none (a proxy's error page).
    public var requestID: String? { responseHeader(Self.requestIDHeader) }

    /// The value of the first answer header named `name`, compared case-insensitively as HTTP does.
    public func responseHeader(_ name: String) -> String? {
        responseHeaders.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The first entity's code, e.g. `NOT_FOUND`.
    public var code: String? { entities.first?.code }

    /// Whether any entity carries `code`.
    public func hasCode(_ code: String) -> Bool { entities.contains { $0.code == code } }

    /// Whether the API marked the failure as transient.
    public var isTransient: Bool { entities.contains { $0.transient } }

    /// The first entity with code `code` whose details hold every member of `details`, like the
    /// official clients' `findError`: one 422 can carry several entities, and the one that
    /// matters is often told apart only by its details (which field, which validation).
    ///
    /// ```swift
    /// if let duplicate = error.findError("INVALID_FIELD", details: ["field": "api_key", "code": "VALIDATION_UNIQUENESS"]) { … }
    /// ```
    /// Details match when each given key is present with an equal value (numbers by value, so
    /// `1` matches `1.0`); other members of the entity's details are ignored, and empty
    /// `details` match on the code alone.
    public func findError(_ code: String, details: [String: JSONValue] = [:]) -> Entity? {
        findError([code], details: details)
    }

    /// The first entity whose code is one of `codes` and whose details hold every member of
    /// `details` (see ``findError(_:details:)``); no codes match nothing.
    public func findError(_ codes: [String], details: [String: JSONValue] = [:]) -> Entity? {
        findError(codes) { Self.details($0, contain: details) }
    }

    /// The first entity with code `code` whose details satisfy `matches`, for tests a list of
    /// members cannot express (a message that contains a word, a nested member).
    public func findError(_ code: String, where matches: (JSONValue) throws -> Bool) rethrows -> Entity? {
        try findError([code], where: matches)
    }

    /// The first entity whose code is one of `codes` and whose details satisfy `matches`.
    public func findError(_ codes: [String], where matches: (JSONValue) throws -> Bool) rethrows -> Entity? {
        for entity in entities where codes.contains(entity.code) {
            if try matches(entity.details) { return entity }
        }
        return nil
    }

    /// ``findError(_:details:)-(String,_)`` on any error, for a `catch` that sees `any Error`:
    /// `nil` when `error` is not an ``ApiError``.
    ///
    /// ```swift
    /// } catch {
    ///     if ApiError.findError(in: error, "INVALID_FIELD", details: ["field": "title"]) != nil { … }
    /// }
    /// ```
    public static func findError(in error: any Error, _ code: String, details: [String: JSONValue] = [:]) -> Entity? {
        (error as? ApiError)?.findError(code, details: details)
    }

    /// ``findError(_:details:)-([String],_)`` on any error: `nil` when `error` is not an ``ApiError``.
    public static func findError(in error: any Error, _ codes: [String], details: [String: JSONValue] = [:]) -> Entity? {
        (error as? ApiError)?.findError(codes, details: details)
    }

    /// Whether `details` is an object holding each member of `expected` with an equal value.
    static func details(_ details: JSONValue, contain expected: [String: JSONValue]) -> Bool {
        if expected.isEmpty { return true }
        guard let members = details.objectValue else { return false }
        return expected.allSatisfy { key, value in
            guard let actual = members[key] else { return false }
            return actual.isEqualAsJSON(to: value)
        }
    }

    /// Creates an error, reading entities from `body` when it is in the API's error shape.
    /// Credentials written out in the body (an error page echoing `Authorization: …`) are redacted,
    /// and so are credential headers among `responseHeaders`.
    public init(status: Int, body: Data, request: RequestSummary, jobID: String? = nil, responseHeaders: [(name: String, value: String)] = []) {
        self.init(status: status, body: body, request: request, jobID: jobID, responseHeaders: responseHeaders, secret: nil)
    }

    /// Creates an error whose texts are redacted of `secret` too (the client's token).
    init(status: Int, body: Data, request: RequestSummary, jobID: String? = nil, responseHeaders: [(name: String, value: String)] = [], secret: String?) {
        self.status = status
        self.request = request
        self.jobID = jobID
        self.entities = Self.entities(in: body).map { entity in
            var entity = entity
            entity.code = Redaction.redact(entity.code, secret: secret)
            entity.details = entity.details.redacted(secret: secret)
            return entity
        }
        self.responseBody = Redaction.redact(String(decoding: body.prefix(4096), as: UTF8.self), secret: secret)
        self.responseHeaders = responseHeaders.map { header in
            (header.name, Redaction.redact(Redaction.headerValue(header), secret: secret))
        }
    }

    /// Creates an error from a job's JSON payload; `responseHeaders` are those of the job-result
    /// answer that reported it.
    public init(status: Int, payload: JSONValue, request: RequestSummary, jobID: String?, responseHeaders: [(name: String, value: String)] = []) {
        self.init(status: status, payload: payload, request: request, jobID: jobID, responseHeaders: responseHeaders, secret: nil)
    }

    init(status: Int, payload: JSONValue, request: RequestSummary, jobID: String?, responseHeaders: [(name: String, value: String)] = [], secret: String?) {
        let data = (try? JSONEncoder().encode(payload)) ?? Data()
        self.init(status: status, body: data, request: request, jobID: jobID, responseHeaders: responseHeaders, secret: secret)
    }

    static func entities(in body: Data) -> [Entity] {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: body),
            let list = document["data"]?.arrayValue
        else { return [] }
        return list.compactMap { entity in
            guard let attributes = entity["attributes"], let code = attributes["code"]?.stringValue else { return nil }
            return Entity(
                id: entity["id"]?.stringValue,
                code: code,
                details: attributes["details"] ?? .object([:]),
                transient: attributes["transient"]?.boolValue ?? false
            )
        }
    }

    public var description: String {
        var text = "DatoCMS API error \(status)"
        if let jobID { text += " (job \(jobID))" }
        text += " on \(request.method) \(request.url)"
        if let requestID { text += " (request ID \(requestID.prefix(200)))" }
        if entities.isEmpty {
            if !responseBody.isEmpty { text += ": \(responseBody.prefix(300))" }
        } else {
            text += ": " + entities.map { entity in
                var part = entity.code
                if entity.details != .object([:]) { part += " \(entity.details)" }
                if entity.transient { part += " (transient)" }
                return part
            }.joined(separator: "; ")
        }
        return text
    }
}

/// What was sent, for error reports: never includes the API token.
public struct RequestSummary: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP method.
    public var method: String
    /// The full URL.
    public var url: String
    /// The headers, with `Authorization` redacted.
    public var headers: [String: String]
    /// The body as text (truncated to 4 KiB), if any.
    public var body: String?

    /// Summarizes `request`, redacting credentials: credential headers by name, and the request's
    /// own token (and any written-out credential) in its URL and body.
    public init(_ request: HTTPRequest) {
        let secret = Redaction.secret(of: request.headers)
        method = request.method
        url = Redaction.redact(request.url.absoluteString, secret: secret)
        var headers: [String: String] = [:]
        for header in request.headers {
            headers[header.name] = Redaction.headerValue(header)
        }
        self.headers = headers
        body = request.body.map { Redaction.redact(String(decoding: $0.prefix(4096), as: UTF8.self), secret: secret) }
    }

    public var description: String { "\(method) \(url)" }
}

/// Failures other than an API error answer.
public enum DatoCMSError: Error, Sendable, CustomStringConvertible {
    /// The request could not be built (an empty ID, a header value with a line break, an unencodable body).
    case invalidRequest(String)
    /// The transport failed (connection refused or reset, DNS, TLS…); the request may or may not have arrived.
    case transport(request: RequestSummary, underlying: String)
    /// A 2xx answer whose body is not what the endpoint returns (not JSON, empty, wrong shape).
    case unexpectedResponse(request: RequestSummary, status: Int, reason: String, body: String)
    /// A 2xx answer that does not decode into the expected type; `path` names the key that failed.
    case decoding(request: RequestSummary, type: String, path: String, reason: String)
    /// A job did not finish within the polling policy's timeout. Wait again with
    /// `client.jobs.wait(for: jobID)`; the job keeps running on DatoCMS's side.
    case jobTimedOut(jobID: String, waited: Duration)
    /// The server answered with a redirect (`3xx`), which the client never follows: the token must
    /// not travel to another origin, and the DatoCMS API does not redirect. Usually a wrong
    /// ``ClientConfiguration/baseURL`` or a proxy in the way. `location` is where it pointed (redacted).
    case redirected(request: RequestSummary, status: Int, location: String)
    /// No complete answer arrived in time: `limit` names which of ``RequestTimeouts`` ran out.
    /// The request may or may not have been processed.
    case timedOut(request: RequestSummary, limit: String, after: Duration)

    public var description: String {
        switch self {
        case .invalidRequest(let reason):
            return "Invalid request: \(reason)"
        case .transport(let request, let underlying):
            return "Transport failure on \(request): \(underlying)"
        case .unexpectedResponse(let request, let status, let reason, let body):
            return "Unexpected response \(status) to \(request): \(reason); body: \(Redaction.redact(String(body.prefix(300)), secret: nil))"
        case .decoding(let request, let type, let path, let reason):
            return "Could not decode \(type) from the response to \(request) at \(path.isEmpty ? "<root>" : path): \(reason)"
        case .jobTimedOut(let jobID, let waited):
            return "Job \(jobID) did not finish within \(waited); wait for it again with client.jobs.wait(for: \"\(jobID)\")"
        case .redirected(let request, let status, let location):
            return "Refused to follow a \(status) redirect of \(request) to \(location.isEmpty ? "<no Location>" : location): "
                + "the client never follows redirects (check the base URL, or a proxy in the way)"
        case .timedOut(let request, let limit, let after):
            return "No complete answer to \(request) within \(after) (\(limit))"
        }
    }

    /// The ID of the job, for ``jobTimedOut(jobID:waited:)``.
    public var jobID: String? {
        if case .jobTimedOut(let jobID, _) = self { return jobID }
        return nil
    }
}

extension JSONValue {
    /// Equality as JSON means it: numbers by value, whether they were read as integers or not.
    fileprivate func isEqualAsJSON(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer, .double), (.double, .integer):
            return doubleValue == other.doubleValue
        case (.array(let lhs), .array(let rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.isEqualAsJSON(to: $1) }
        case (.object(let lhs), .object(let rhs)):
            return lhs.count == rhs.count && lhs.allSatisfy { key, value in rhs[key].map { value.isEqualAsJSON(to: $0) } ?? false }
        default:
            return self == other
        }
    }
}

extension DecodingError {
    /// The dotted key path of the failure, e.g. `data.attributes.name`.
    var keyPath: String {
        let context: Context
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c):
            return (c.codingPath + [key]).map(\.pathComponent).joined(separator: ".")
        @unknown default: return ""
        }
        return context.codingPath.map(\.pathComponent).joined(separator: ".")
    }

    var reason: String {
        switch self {
        case .typeMismatch(let type, let c): return "expected \(type): \(c.debugDescription)"
        case .valueNotFound(let type, let c): return "missing \(type) value: \(c.debugDescription)"
        case .keyNotFound(let key, _): return "required key '\(key.stringValue)' is missing"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(self)"
        }
    }
}

extension CodingKey {
    fileprivate var pathComponent: String {
        if let index = intValue { return "[\(index)]" }
        return stringValue
    }
}
