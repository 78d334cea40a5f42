import Foundation

/// A JSON:API resource identifier: the `{ "type": …, "id": … }` pair relationships are made of.
public struct ResourceIdentifier: Codable, Hashable, Sendable {
    /// The JSON:API type, e.g. `item_type`.
    public var type: String
    /// The resource's ID.
    public var id: String

    /// Creates an identifier.
    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}

/// A to-one relationship as the API renders it: `{ "data": { "type": …, "id": … } }` or `{ "data": null }`.
public struct ToOneRelationship: Codable, Hashable, Sendable {
    /// The related resource, or `nil` when the relationship is empty.
    public var data: ResourceIdentifier?

    /// The related resource's ID, or `nil`.
    public var id: String? { data?.id }

    /// Creates a relationship.
    public init(data: ResourceIdentifier?) { self.data = data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        data = try container.decodeIfPresent(ResourceIdentifier.self, forKey: "data")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        // An empty to-one relationship is an explicit null, which is how the API clears it.
        try container.encode(data, forKey: "data")
    }
}

/// A to-many relationship as the API renders it: `{ "data": [ { "type": …, "id": … }, … ] }`.
public struct ToManyRelationship: Codable, Hashable, Sendable {
    /// The related resources, in order.
    public var data: [ResourceIdentifier]

    /// The related resources' IDs, in order.
    public var ids: [String] { data.map(\.id) }

    /// Creates a relationship.
    public init(data: [ResourceIdentifier]) { self.data = data }
}

/// A JSON:API document holding only its primary `data`: the answer of most endpoints.
///
/// Generated clients name it per endpoint (`WebhookFindResponse` is
/// `JSONAPIDocument<Webhook>`), so the one type serves every such answer instead of a struct each:
/// that keeps the generated module small, which is what its build time follows.
public struct JSONAPIDocument<Data: Codable & Sendable>: Codable, Sendable {
    /// The primary data.
    public var data: Data

    /// Creates a document.
    public init(data: Data) { self.data = data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        data = try container.decode(Data.self, forKey: "data")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        try container.encode(data, forKey: "data")
    }
}

extension JSONAPIDocument: Equatable where Data: Equatable {}
extension JSONAPIDocument: Hashable where Data: Hashable {}

/// A coding key made from any string, used by generated code for JSON:API envelopes
/// and by ``JSONValue``-shaped containers.
public struct JSONAPICodingKey: CodingKey, Hashable, Sendable, ExpressibleByStringLiteral {
    public var stringValue: String
    public var intValue: Int? { nil }

    /// The key named `string`, exactly as it is written in the JSON.
    public init(_ string: String) { stringValue = string }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
    public init(stringLiteral value: String) { stringValue = value }
}

/// An ISO 8601 date-time exactly as the API sent it (e.g. `2021-05-12T10:49:41.092+01:00`),
/// kept verbatim so nothing is lost, with ``date`` to read it as a `Date`.
public struct DateTime: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text as sent by the API.
    public var rawValue: String

    /// Wraps a date-time string.
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// Formats a `Date` the way the API does (UTC, milliseconds).
    public init(_ date: Date) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        rawValue = formatter.string(from: date)
    }

    /// The instant, or `nil` if the text is not an ISO 8601 date-time.
    public var date: Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: rawValue) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: rawValue)
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Helpers generated code uses to write and read JSON:API request envelopes
/// (`{ "data": { "type", "id", "attributes", "relationships", "meta" } }`), so callers never do.
public enum JSONAPIEnvelope {
    /// Encodes a to-one relationship to a resource of `type` from its ID; `nil` encodes nothing,
    /// or `{"data": null}` with `nullWhenAbsent` (a relationship the API requires but allows empty).
    public static func encodeToOne(
        _ id: String?, type: String, forKey key: String, nullWhenAbsent: Bool = false,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let id else {
            if nullWhenAbsent { try container.encode(ToOneRelationship(data: nil), forKey: JSONAPICodingKey(key)) }
            return
        }
        try container.encode(ToOneRelationship(data: ResourceIdentifier(type: type, id: id)), forKey: JSONAPICodingKey(key))
    }

    /// Encodes a to-one relationship from a full identifier (for relationships that accept several types).
    public static func encodeToOne(
        _ identifier: ResourceIdentifier?, forKey key: String, nullWhenAbsent: Bool = false,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let identifier else {
            if nullWhenAbsent { try container.encode(ToOneRelationship(data: nil), forKey: JSONAPICodingKey(key)) }
            return
        }
        try container.encode(ToOneRelationship(data: identifier), forKey: JSONAPICodingKey(key))
    }

    /// Encodes a to-one relationship the caller may clear: `nil` encodes nothing, `.null` encodes
    /// `{"data": null}`, an ID its linkage to a resource of `type`.
    public static func encodeClearableToOne(
        _ id: Nullable<String>?, type: String, forKey key: String,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let id else { return }
        try container.encode(ToOneRelationship(data: id.value.map { ResourceIdentifier(type: type, id: $0) }), forKey: JSONAPICodingKey(key))
    }

    /// Encodes a to-one relationship the caller may clear, from a full identifier.
    public static func encodeClearableToOne(
        _ identifier: Nullable<ResourceIdentifier>?, forKey key: String,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let identifier else { return }
        try container.encode(ToOneRelationship(data: identifier.value), forKey: JSONAPICodingKey(key))
    }

    /// Encodes a to-many relationship to resources of `type` from their IDs; `nil` encodes nothing.
    public static func encodeToMany(
        _ ids: [String]?, type: String, forKey key: String,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let ids else { return }
        let data = ids.map { ResourceIdentifier(type: type, id: $0) }
        try container.encode(ToManyRelationship(data: data), forKey: JSONAPICodingKey(key))
    }

    /// Encodes a to-many relationship from full identifiers.
    public static func encodeToMany(
        _ identifiers: [ResourceIdentifier]?, forKey key: String,
        in container: inout KeyedEncodingContainer<JSONAPICodingKey>
    ) throws {
        guard let identifiers else { return }
        try container.encode(ToManyRelationship(data: identifiers), forKey: JSONAPICodingKey(key))
    }

    /// The nested object `key` of `container` (e.g. `attributes`), or `nil` when absent or `null`.
    public static func section(
        _ key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> KeyedDecodingContainer<JSONAPICodingKey>? {
        guard let container, container.contains(JSONAPICodingKey(key)) else { return nil }
        if try container.decodeNil(forKey: JSONAPICodingKey(key)) { return nil }
        return try container.nestedContainer(keyedBy: JSONAPICodingKey.self, forKey: JSONAPICodingKey(key))
    }

    /// Decodes `key` when present in a possibly absent section.
    public static func decodeIfPresent<T: Decodable>(
        _ type: T.Type, forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> T? {
        try container?.decodeIfPresent(T.self, forKey: JSONAPICodingKey(key))
    }

    /// Decodes `key` keeping an explicit `null` apart from a missing member: `nil` when absent,
    /// `.null` for `null`.
    public static func decodeNullable<T: Decodable & ExplicitNull>(
        _ type: T.Type, forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> T? {
        guard let container, container.contains(JSONAPICodingKey(key)) else { return nil }
        if try container.decodeNil(forKey: JSONAPICodingKey(key)) { return T.explicitNull }
        return try container.decode(T.self, forKey: JSONAPICodingKey(key))
    }

    /// Reads a to-one relationship the caller may clear: `nil` when absent, `.null` when empty.
    public static func decodeClearableToOne(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> Nullable<String>? {
        try container?.decodeIfPresent(ToOneRelationship.self, forKey: JSONAPICodingKey(key)).map { Nullable($0.id) }
    }

    /// Reads a to-one relationship to several types the caller may clear.
    public static func decodeClearableToOneIdentifier(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> Nullable<ResourceIdentifier>? {
        try container?.decodeIfPresent(ToOneRelationship.self, forKey: JSONAPICodingKey(key)).map { Nullable($0.data) }
    }

    /// Reads the ID of a to-one relationship, or `nil` when absent or empty.
    public static func decodeToOne(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> String? {
        try container?.decodeIfPresent(ToOneRelationship.self, forKey: JSONAPICodingKey(key))?.id
    }

    /// Reads the identifier of a to-one relationship, or `nil` when absent or empty.
    public static func decodeToOneIdentifier(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> ResourceIdentifier? {
        try container?.decodeIfPresent(ToOneRelationship.self, forKey: JSONAPICodingKey(key))?.data
    }

    /// Reads the IDs of a to-many relationship, or `nil` when absent.
    public static func decodeToMany(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> [String]? {
        try container?.decodeIfPresent(ToManyRelationship.self, forKey: JSONAPICodingKey(key))?.ids
    }

    /// Reads the identifiers of a to-many relationship, or `nil` when absent.
    public static func decodeToManyIdentifiers(
        forKey key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>?
    ) throws -> [ResourceIdentifier]? {
        try container?.decodeIfPresent(ToManyRelationship.self, forKey: JSONAPICodingKey(key))?.data
    }

    /// Unwraps a value a request body requires, or throws `DecodingError.keyNotFound` naming it.
    public static func required<T>(
        _ value: T?, key: String, in container: KeyedDecodingContainer<JSONAPICodingKey>
    ) throws -> T {
        guard let value else {
            throw DecodingError.keyNotFound(
                JSONAPICodingKey(key),
                DecodingError.Context(codingPath: container.codingPath, debugDescription: "The body requires `\(key)`"))
        }
        return value
    }
}

/// The `data` of a `202 Accepted` answer: the asynchronous job the API started.
public struct JobReference: Codable, Hashable, Sendable {
    /// Always `job`.
    public var type: String
    /// The job's ID; poll `GET /job-results/:id` with it.
    public var id: String

    /// Creates a reference.
    public init(type: String = "job", id: String) {
        self.type = type
        self.id = id
    }
}
