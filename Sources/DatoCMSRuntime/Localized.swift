import Foundation

/// The value of a localized DatoCMS field: one value per locale, as the API sends and expects
/// it — a JSON object keyed by locale code, `{"en": "Hello", "it": "Ciao"}`, where a locale
/// without content is `null`.
///
/// Use it as the type of a localized field in your record's attributes:
///
/// ```swift
/// struct Article: Codable, Sendable {
///     var title: Localized<String>
///     var slug: String
/// }
/// let draft = try await client.items.create(
///     attributes: Article(title: ["en": "Hello", "it": nil], slug: "hello"), itemType: model.id)
/// print(draft.title.value(for: "it", fallbacks: ["en"]) ?? "")   // "Hello": `it` is null
/// ```
///
/// A locale set to `nil` stays in the value and is sent as `null`: DatoCMS expects a localized
/// field to name every locale of the record, so leaving one out is not the same as clearing it.
/// Use ``removeLocale(_:)`` to leave a locale out.
public struct Localized<Content> {
    /// Locale code → value; `nil` is a locale present with `null`.
    private var storage: [String: Content?]

    /// An empty value: no locale at all.
    public init() {
        storage = [:]
    }

    /// A value with these locales; a `nil` value is a locale present with `null`.
    public init(_ values: [String: Content?]) {
        storage = values
    }

    /// The locale codes present (those holding `null` included), in ascending order of code, so
    /// that iterating is the same on every run and platform: JSON objects have no order that
    /// survives decoding. Read a locale of your choice with ``value(for:fallbacks:)``.
    public var locales: [String] { storage.keys.sorted() }

    /// Every locale and its value (`nil` for `null`), in the order of ``locales``.
    public var entries: [(locale: String, value: Content?)] {
        locales.map { ($0, storage[$0] ?? nil) }
    }

    /// Whether there is no locale at all.
    public var isEmpty: Bool { storage.isEmpty }

    /// Whether `locale` is present, even with `null`: the subscript cannot tell a locale holding
    /// `null` from a missing one, and DatoCMS treats them differently in a request.
    public func contains(locale: String) -> Bool { storage[locale] != nil }

    /// The value of `locale`: `nil` when the locale holds `null` or is absent.
    /// Setting `nil` keeps the locale, as `null` (see the type's discussion); use
    /// ``removeLocale(_:)`` to drop it.
    public subscript(locale: String) -> Content? {
        get { storage[locale] ?? nil }
        set { storage[locale] = .some(newValue) }
    }

    /// The first non-`null` value among `locale` and then `fallbacks`, in order: how a site shows
    /// a record that is not translated into every language yet.
    public func value(for locale: String, fallbacks: [String] = []) -> Content? {
        for candidate in [locale] + fallbacks {
            if let value = self[candidate] { return value }
        }
        return nil
    }

    /// Removes `locale` altogether, so it is not sent at all (not even as `null`), and returns
    /// the value it held.
    @discardableResult
    public mutating func removeLocale(_ locale: String) -> Content? {
        storage.removeValue(forKey: locale) ?? nil
    }

    /// The same locales with each non-`null` value transformed (`null`s stay `null`), e.g. to read
    /// a localized string as your own type.
    public func mapValues<T>(_ transform: (Content) throws -> T) rethrows -> Localized<T> {
        Localized<T>(try storage.mapValues { value in try value.map(transform) })
    }
}

extension Localized: ExpressibleByDictionaryLiteral {
    /// `["en": "Hello", "it": nil]`: a `nil` value is a locale present with `null`. A locale
    /// written twice keeps its last value.
    public init(dictionaryLiteral elements: (String, Content?)...) {
        var storage: [String: Content?] = [:]
        for (locale, value) in elements { storage[locale] = .some(value) }
        self.storage = storage
    }
}

extension Localized: Equatable where Content: Equatable {
    /// Equal when the same locales are present with equal values (`null` equals only `null`).
    public static func == (lhs: Localized, rhs: Localized) -> Bool {
        lhs.storage == rhs.storage
    }
}

extension Localized: Hashable where Content: Hashable {
    /// Hashes locales and values in ``locales`` order, so equal values hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.count)
        for (locale, value) in entries {
            hasher.combine(locale)
            hasher.combine(value)
        }
    }
}

extension Localized: Sendable where Content: Sendable {}

extension Localized: Encodable where Content: Encodable {
    /// Encodes a JSON object keyed by locale; a locale holding `nil` is written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: LocaleKey.self)
        for (locale, value) in entries {
            let key = LocaleKey(locale)
            if let value {
                try container.encode(value, forKey: key)
            } else {
                try container.encodeNil(forKey: key)
            }
        }
    }
}

extension Localized: Decodable where Content: Decodable {
    /// Decodes a JSON object keyed by locale; `null` values are kept as locales holding `nil`.
    /// Anything but an object fails with a `DecodingError` at this key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: LocaleKey.self)
        var storage: [String: Content?] = [:]
        for key in container.allKeys {
            storage[key.stringValue] = try container.decodeNil(forKey: key) ? .some(nil) : .some(try container.decode(Content.self, forKey: key))
        }
        self.storage = storage
    }
}

extension Localized: CustomStringConvertible {
    /// The locales and values in ``locales`` order, `null` for a locale without content.
    public var description: String {
        "[" + entries.map { "\($0.locale): \($0.value.map { "\($0)" } ?? "null")" }.joined(separator: ", ") + "]"
    }
}

/// A locale code as a coding key: any string, since locale codes come from the project.
private struct LocaleKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
