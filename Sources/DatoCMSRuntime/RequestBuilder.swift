import Foundation

/// A value that can stand in a query string: strings, numbers, Booleans and string-backed enums.
public protocol QueryValue: Sendable {
    /// The text sent in the query string (before percent-encoding).
    var queryValue: String { get }
}

extension String: QueryValue { public var queryValue: String { self } }
extension Int: QueryValue { public var queryValue: String { String(self) } }
extension Double: QueryValue { public var queryValue: String { String(self) } }
extension Bool: QueryValue { public var queryValue: String { self ? "true" : "false" } }
extension DateTime: QueryValue { public var queryValue: String { rawValue } }
extension Array: QueryValue where Element: QueryValue {
    /// Lists are sent comma separated, as the API expects for `filter[ids]`.
    public var queryValue: String { map(\.queryValue).joined(separator: ",") }
}
extension JSONValue: QueryValue {
    /// Scalars as text; arrays and objects as compact JSON (objects are better added with
    /// ``QueryItems/add(_:_:)-(_,JSONValue?)`` which expands them into bracketed keys).
    public var queryValue: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value.queryValue
        case .integer(let value): return value.queryValue
        case .double(let value): return value.queryValue
        case .string(let value): return value
        case .array(let values): return values.map(\.queryValue).joined(separator: ",")
        case .object: return description
        }
    }
}

/// Query parameters in order, keys as the schema spells them (`filter[ids]`, `page[limit]`).
public struct QueryItems: Sendable, Hashable {
    /// The parameters, unencoded.
    public private(set) var items: [QueryItem] = []

    /// An empty list.
    public init() {}

    /// Adds `name=value` unless `value` is `nil`.
    public mutating func add<Value: QueryValue>(_ name: String, _ value: Value?) {
        guard let value else { return }
        items.append(QueryItem(name: name, value: value.queryValue))
    }

    /// Adds a JSON value; objects expand into bracketed keys (`filter[fields][title][eq]=x`).
    public mutating func add(_ name: String, _ value: JSONValue?) {
        guard let value else { return }
        if case .object(let members) = value {
            for key in members.keys.sorted() {
                add("\(name)[\(key)]", members[key])
            }
        } else if value != .null {
            items.append(QueryItem(name: name, value: value.queryValue))
        }
    }

    /// Adds every `key → value` of a dictionary as `name[key]=value`.
    public mutating func add<Value: QueryValue>(_ name: String, _ values: [String: Value]?) {
        guard let values else { return }
        for key in values.keys.sorted() {
            add("\(name)[\(key)]", values[key])
        }
    }
}

/// One query parameter, unencoded.
public struct QueryItem: Sendable, Hashable {
    /// The key, e.g. `filter[ids]`.
    public var name: String
    /// The value, e.g. `12,31`.
    public var value: String

    /// Creates an item.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Generated query-parameter types conform to this so the runtime can serialize them.
public protocol QueryParameters: Sendable {
    /// Appends this value's parameters to `query`.
    func encodeQuery(into query: inout QueryItems)
}

/// A request to an endpoint, as generated code describes it: method, path segments, query, body.
///
/// The runtime turns it into an ``HTTPRequest``: percent-encoding, headers and the base URL
/// are its business, not the endpoint's.
public struct APIRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The path's segments, unencoded; IDs are encoded so they can never leave their segment.
    public var pathSegments: [String]
    /// The query parameters.
    public var query: QueryItems
    /// The JSON body, or `nil` to send no body at all.
    public var body: Data?
    /// Whether the endpoint takes a body, so `Content-Type` is sent even when an optional body is left out.
    public var declaresBody: Bool

    /// Creates a request with an already-encoded body.
    public init(method: String, pathSegments: [String], query: QueryItems = QueryItems(), body: Data? = nil, declaresBody: Bool = false) {
        self.method = method
        self.pathSegments = pathSegments
        self.query = query
        self.body = body
        self.declaresBody = declaresBody || body != nil
    }

    /// Creates a request, encoding `body` as JSON and `query` as parameters.
    public init<Body: Encodable>(
        method: String,
        pathSegments: [String],
        query: (any QueryParameters)? = nil,
        body: Body?,
        declaresBody: Bool = true
    ) throws {
        var items = QueryItems()
        query?.encodeQuery(into: &items)
        let data: Data?
        if let body {
            do {
                data = try RequestBuilder.bodyEncoder.encode(body)
            } catch {
                throw DatoCMSError.invalidRequest("The request body could not be encoded: \(error)")
            }
        } else {
            data = nil
        }
        self.init(method: method, pathSegments: pathSegments, query: items, body: data, declaresBody: declaresBody)
    }

    /// Creates a request without a body.
    public init(method: String, pathSegments: [String], query: (any QueryParameters)?) {
        var items = QueryItems()
        query?.encodeQuery(into: &items)
        self.init(method: method, pathSegments: pathSegments, query: items, body: nil, declaresBody: false)
    }
}

/// Turns ``APIRequest``s into ``HTTPRequest``s for a configuration.
public struct RequestBuilder: Sendable {
    /// The JSON encoder for bodies: no escaped slashes, stable key order.
    static let bodyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The configuration requests are built for.
    public let configuration: ClientConfiguration

    /// Creates a builder.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
    }

    /// Builds the wire request: base URL + encoded path + encoded query, the API's headers and
    /// the configuration's ``ClientConfiguration/extraHeaders``.
    /// - Throws: ``DatoCMSError/invalidRequest(_:)`` or ``ConfigurationError``; nothing is sent then.
    public func build(_ request: APIRequest) throws -> HTTPRequest {
        guard configuration.allowsSendingCredentials else {
            throw DatoCMSError.invalidRequest(
                "Refusing to send the API token to \(configuration.baseURL.absoluteString): use https (plain http is allowed only for loopback addresses)")
        }
        var path = ""
        for segment in request.pathSegments {
            guard !segment.isEmpty else {
                throw DatoCMSError.invalidRequest("An ID in the path of \(request.method) /\(request.pathSegments.joined(separator: "/")) is empty")
            }
            path += "/" + Self.encodePathSegment(segment)
        }
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var text = base + path
        if !request.query.items.isEmpty {
            text += "?" + request.query.items
                .map { Self.encodeQueryComponent($0.name) + "=" + Self.encodeQueryComponent($0.value) }
                .joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw DatoCMSError.invalidRequest("Could not form a URL from \(text)")
        }

        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(configuration.apiToken)"),
            ("Accept", "application/json"),
            ("X-Api-Version", configuration.apiVersion),
            ("User-Agent", configuration.userAgent),
        ]
        if let environment = configuration.environment {
            try Self.checkHeaderValue(environment, name: "X-Environment")
            headers.append(("X-Environment", environment))
        }
        try Self.checkHeaderValue(configuration.apiToken, name: "Authorization")
        try Self.checkHeaderValue(configuration.userAgent, name: "User-Agent")
        if request.declaresBody {
            headers.append(("Content-Type", "application/vnd.api+json"))
        }
        // Last, and checked: they may not replace the headers above (nor frame the message).
        headers += try configuration.checkedExtraHeaders()
        return HTTPRequest(method: request.method, url: url, headers: headers, body: request.body)
    }

    /// RFC 3986 unreserved characters: everything else is percent-encoded.
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()

    /// Encodes one path segment so that `/`, `?`, `#`, `%` and dot-segments cannot change the path.
    public static func encodePathSegment(_ segment: String) -> String {
        if segment.allSatisfy({ $0 == "." }) {
            return String(repeating: "%2E", count: segment.count)
        }
        return segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// Encodes a query key or value (brackets and commas included, as DatoCMS's own docs do).
    public static func encodeQueryComponent(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func checkHeaderValue(_ value: String, name: String) throws {
        // Scalars, not Characters: "\r\n" is a single Character and would slip past a Character test.
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw DatoCMSError.invalidRequest("The \(name) header value contains a line break or NUL")
        }
    }
}
