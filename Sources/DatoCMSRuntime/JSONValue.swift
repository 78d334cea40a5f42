import Foundation

/// Any JSON value, for the parts of the API the schema leaves free-form
/// (record attributes without a model, validators, job payloads, error details).
///
/// Read it with subscripts and accessors: `value["title"]?.stringValue`.
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`: a member that is present but empty, which is not the same as a missing one.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits in `Int`, kept exact (counts and sizes stay integers).
    case integer(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; members keep their JSON names.
    case object([String: JSONValue])

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, or `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an `Int`, if this is an integral number.
    public var intValue: Int? {
        switch self {
        case .integer(let value): return value
        case .double(let value): return value.rounded() == value ? Int(exactly: value) : nil
        default: return nil
        }
    }

    /// The number as a `Double`, if this is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The Boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// Decodes this value into a `Decodable` type, e.g. a record's attributes into your model.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let data = try JSONEncoder().encode(self)
        return try Self.decode(T.self, from: data)
    }

    /// Converts any `Encodable` value into a `JSONValue`.
    public init<T: Encodable>(encoding value: T) throws {
        self = try Self.decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decodes `type` from `data` as `JSONDecoder()` does, reading the `JSONValue`s inside it from
    /// one pass over the bytes instead of type by type (what the SDK's responses go through).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder(for: JSONValueSource(data: data)).decode(T.self, from: data)
    }

    /// A default `JSONDecoder` that offers `source` to the `JSONValue`s it decodes. Keys must stay
    /// the JSON's own (no key strategy): `JSONValue` finds itself in the source by coding path.
    static func decoder(for source: JSONValueSource) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[.jsonValueSource] = source
        return decoder
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Fast path: the whole value, read from the source the SDK's decoder carries, found by the
        // coding path (checked against the decoder's own view of null, which costs nothing).
        if let source = decoder.userInfo[.jsonValueSource] as? JSONValueSource,
            let value = source.value(at: decoder.codingPath)
        {
            let isNull: Bool
            if case .null = value { isNull = true } else { isNull = false }
            if try decoder.singleValueContainer().decodeNil() == isNull {
                self = value
                return
            }
        }
        try self.init(probing: decoder)
    }

    /// Finds the value's type by trying each in turn. Every miss throws and discards an error
    /// (about 2 µs each with swift-corelibs-foundation), hence the fast path above.
    private init(probing decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "<invalid JSON>" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension CodingUserInfoKey {
    /// Where a decoder carries the ``JSONValueSource`` of the bytes it decodes.
    static let jsonValueSource = CodingUserInfoKey(rawValue: "DatoCMS.JSONValueSource")!
}

/// The bytes a `JSONDecoder` is decoding, parsed into one `JSONValue` tree the first time a
/// `JSONValue` inside them is decoded, so each `JSONValue` is a lookup by coding path instead of
/// a probe of every type. Typed results never decode a `JSONValue`, so they never pay the parse.
///
/// Anything the hand parser is not sure to read exactly as `JSONDecoder` would (lone surrogates,
/// invalid UTF-8, numbers out of range, very deep nesting) makes it give up, and every
/// `JSONValue` then takes the probing path, as before.
final class JSONValueSource: @unchecked Sendable {
    private enum State {
        case unparsed
        case parsed(JSONValue)
        case failed
    }

    private let data: Data
    private let lock = NSLock()
    private var state = State.unparsed

    init(data: Data) {
        self.data = data
    }

    /// The value at `path`, or `nil` when the bytes could not be parsed or hold nothing there.
    func value(at path: [any CodingKey]) -> JSONValue? {
        guard var value = root() else { return nil }
        for key in path {
            switch value {
            case .object(let members):
                guard let member = members[key.stringValue] else { return nil }
                value = member
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return nil }
                value = elements[index]
            default:
                return nil
            }
        }
        return value
    }

    private func root() -> JSONValue? {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .parsed(let value):
            return value
        case .failed:
            return nil
        case .unparsed:
            let parsed = data.withUnsafeBytes { bytes -> JSONValue? in
                var parser = JSONValueParser(bytes: bytes)
                return parser.parseDocument()
            }
            state = parsed.map(State.parsed) ?? .failed
            return parsed
        }
    }
}

/// A strict JSON parser into `JSONValue` that agrees with `JSONDecoder` plus the probing
/// `JSONValue.init(from:)` or returns `nil`. It never throws: a `nil` sends the caller back to the
/// slow path, which produces `JSONDecoder`'s own result or error.
struct JSONValueParser {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    /// Deeper documents are left to `JSONDecoder` rather than risk this parser's stack.
    private static let maximumDepth = 512

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The whole document, or `nil`.
    mutating func parseDocument() -> JSONValue? {
        guard let value = parseValue() else { return nil }
        skipWhitespace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() -> JSONValue? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
        case UInt8(ascii: "{"): return parseObject()
        case UInt8(ascii: "["): return parseArray()
        case UInt8(ascii: "t"): return parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return parseLiteral("null", .null)
        default: return parseNumber()
        }
    }

    private mutating func parseLiteral(_ literal: StaticString, _ value: JSONValue) -> JSONValue? {
        let length = literal.utf8CodeUnitCount
        guard bytes.count - index >= length else { return nil }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length where bytes[index + offset] != expected[offset] { return nil }
        index += length
        return value
    }

    private mutating func parseObject() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue() else { return nil }
            // The first of duplicate members wins, as with JSONDecoder.
            if members.index(forKey: key) == nil { members[key] = value }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "}") { return .object(members) }
            guard separator == UInt8(ascii: ",") else { return nil }
        }
    }

    private mutating func parseArray() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = parseValue() else { return nil }
            elements.append(element)
            skipWhitespace()
            guard index < bytes.count else { return nil }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "]") { return .array(elements) }
            guard separator == UInt8(ascii: ",") else { return nil }
        }
    }

    /// A string starting at the opening quote.
    private mutating func parseString() -> String? {
        index += 1
        let start = index
        var isASCII = true
        // Fast path: no escapes, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return Self.string(from: text, isASCII: isASCII)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var unescaped = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return unescaped.withUnsafeBytes { Self.string(from: $0, isASCII: isASCII) }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = parseUnicodeEscape() else { return nil }
                    unescaped.append(contentsOf: String(Character(scalar)).utf8)
                    if scalar.value >= 0x80 { isASCII = false }
                default:
                    return nil
                }
            default:
                if byte < 0x20 { return nil }
                if byte >= 0x80 { isASCII = false }
                unescaped.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair; `nil` for a lone surrogate.
    private mutating func parseUnicodeEscape() -> Unicode.Scalar? {
        guard let first = parseHex4() else { return nil }
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            index += 2
            guard let second = parseHex4(), (0xDC00...0xDFFF).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        }
        return Unicode.Scalar(first)
    }

    private mutating func parseHex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The text of UTF-8 bytes, or `nil` when they are not valid UTF-8 (decoding would repair them).
    private static func string(from text: UnsafeRawBufferPointer, isASCII: Bool) -> String? {
        let string = String(decoding: text, as: UTF8.self)
        if isASCII { return string }
        return string.utf8.elementsEqual(text) ? string : nil
    }

    /// A number: an integer literal that fits in `Int` becomes `.integer`, a literal whose double is
    /// finite and not whole becomes `.double`; the rest (whole values written with a fraction or an
    /// exponent, integers beyond `Int`) is asked of `JSONDecoder` itself, whose rules for them
    /// are intricate, and they are rare.
    private mutating func parseNumber() -> JSONValue? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { return nil }
        var isPlainInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isPlainInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > fractionStart else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isPlainInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > exponentStart else { return nil }
        }
        let literal = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        if isPlainInteger {
            // Leading zeros are invalid JSON: leave them to JSONDecoder's verdict.
            if integerDigits > 1, bytes[digitsStart] == UInt8(ascii: "0") { return Self.askJSONDecoder(literal) }
            let isNegative = digitsStart != start
            var value = 0
            for position in digitsStart..<index {
                let digit = Int(bytes[position]) - 48
                let (shifted, overflowOnMultiply) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowOnAdd) = isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                if overflowOnMultiply || overflowOnAdd { return Self.askJSONDecoder(literal) }
                value = next
            }
            return .integer(value)
        }
        if let double = Double(String(decoding: literal, as: UTF8.self)), double.isFinite, double.rounded(.towardZero) != double {
            return .double(double)
        }
        return Self.askJSONDecoder(literal)
    }

    /// The number as `JSONDecoder` and the probing `JSONValue.init(from:)` read it, or `nil` if they
    /// reject it (the slow path then reports their error).
    private static func askJSONDecoder(_ literal: UnsafeRawBufferPointer) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(literal))
    }
}
