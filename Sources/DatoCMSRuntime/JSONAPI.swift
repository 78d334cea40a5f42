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
        rawValue = DateTimeFormatters.shared.string(from: date)
    }

    /// The instant, or `nil` if the text is not an ISO 8601 date-time.
    ///
    /// The shape DatoCMS sends (`2026-12-01T10:15:30.123+00:00`, `Z` or an offset, any number of
    /// fraction digits) is read by hand: `ISO8601DateFormatter` costs over 100 µs per call on
    /// Linux even when reused, seconds for a few thousand records. Anything else goes to the
    /// formatter, which also defines the hand-read results (milliseconds, truncated).
    public var date: Date? {
        if let date = Self.parseCommonForm(rawValue) { return date }
        return DateTimeFormatters.shared.date(from: rawValue)
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with in-range fields from 1970 on,
    /// as the formatter would; `nil` for anything else (earlier years included, where calendars
    /// and negative fractions invite differences), which the formatter then decides.
    static func parseCommonForm(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            let count = bytes.count
            guard count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
            else { return nil }
            func number(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for index in start..<(start + length) {
                    let digit = Int(bytes[index]) - 48
                    guard digit >= 0, digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                year >= 1970, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
                hour <= 23, minute <= 59, second <= 59
            else { return nil }
            var index = 19
            var milliseconds = 0
            if bytes[index] == UInt8(ascii: ".") {
                index += 1
                let start = index
                while index < count, bytes[index] >= 48, bytes[index] <= 57 {
                    // The formatter keeps milliseconds and drops further digits.
                    if index - start < 3 { milliseconds = milliseconds * 10 + Int(bytes[index]) - 48 }
                    index += 1
                }
                let digits = index - start
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 3) { milliseconds *= 10 }
            }
            guard index < count else { return nil }
            var offsetSeconds = 0
            switch bytes[index] {
            case UInt8(ascii: "Z"):
                guard index + 1 == count else { return nil }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index + 6 == count, bytes[index + 3] == UInt8(ascii: ":"),
                    let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2),
                    offsetHours <= 23, offsetMinutes <= 59
                else { return nil }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            default:
                return nil
            }
            let seconds = Self.daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
            // The same arithmetic as the formatter (seconds since 1970 plus the fraction), so the
            // two give bit-identical dates.
            return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000)
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
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

/// The ISO 8601 formatters ``DateTime`` falls back on, built once: `ISO8601DateFormatter` is not
/// `Sendable`, so one lock serialises their use.
final class DateTimeFormatters: @unchecked Sendable {
    static let shared = DateTimeFormatters()

    private let lock = NSLock()
    private let withFraction: ISO8601DateFormatter
    private let withoutFraction: ISO8601DateFormatter

    private init() {
        withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        withoutFraction = ISO8601DateFormatter()
        withoutFraction.formatOptions = [.withInternetDateTime]
    }

    /// The date, read with milliseconds if the text has a fraction, without otherwise.
    func date(from text: String) -> Date? {
        lock.lock()
        defer { lock.unlock() }
        return withFraction.date(from: text) ?? withoutFraction.date(from: text)
    }

    /// UTC with milliseconds, as the API writes dates.
    func string(from date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return withFraction.string(from: date)
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
