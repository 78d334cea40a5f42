import Foundation

extension DatoCMSSimulator {
    /// A JSON value, as the simulator stores and renders it.
    ///
    /// It is nested in ``DatoCMSSimulator`` so that it never clashes with a `JSON` type of the
    /// SDK (or of your own code) in files that import both modules.
    public enum JSON: Sendable, Hashable {
        /// `null`
        case null
        /// `true` or `false`
        case bool(Bool)
        /// Any JSON number. Integral values are rendered without a fraction (`3`, not `3.0`).
        case number(Double)
        /// A string.
        case string(String)
        /// An array.
        case array([JSON])
        /// An object. Rendered with its keys sorted, so the simulator's output is deterministic.
        case object([String: JSON])

        /// The member `key` when this value is an object, else `nil`.
        public subscript(key: String) -> JSON? {
            if case .object(let members) = self { return members[key] }
            return nil
        }

        /// The element at `index` when this value is an array and the index is in range, else `nil`.
        public subscript(index: Int) -> JSON? {
            if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
            return nil
        }

        /// The string when this value is `.string`, else `nil`.
        public var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }

        /// The Boolean when this value is `.bool`, else `nil`.
        public var boolValue: Bool? {
            if case .bool(let value) = self { return value }
            return nil
        }

        /// The number when this value is `.number`, else `nil`.
        public var doubleValue: Double? {
            if case .number(let value) = self { return value }
            return nil
        }

        /// The number when this value is an integral `.number` that fits an `Int`, else `nil`.
        public var intValue: Int? {
            guard case .number(let value) = self, value.rounded() == value,
                  let exact = Int(exactly: value) else { return nil }
            return exact
        }

        /// The elements when this value is `.array`, else `nil`.
        public var arrayValue: [JSON]? {
            if case .array(let value) = self { return value }
            return nil
        }

        /// The members when this value is `.object`, else `nil`.
        public var objectValue: [String: JSON]? {
            if case .object(let value) = self { return value }
            return nil
        }

        /// Whether this value is `null`.
        public var isNull: Bool { self == .null }

        /// Parses UTF-8 JSON text (RFC 8259, any top-level value).
        ///
        /// - Throws: ``JSONParseError`` when `data` is not valid JSON.
        public init(parsing data: Data) throws {
            self = try JSONParser.parse(data)
        }

        /// The compact UTF-8 encoding of this value, object keys sorted.
        public func serialized() -> Data {
            var output = [UInt8]()
            JSONSerializer.write(self, into: &output)
            return Data(output)
        }
    }

    /// Why ``DatoCMSSimulator/JSON/init(parsing:)`` rejected its input.
    public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong.
        public var reason: String
        /// The byte offset at which parsing failed.
        public var offset: Int

        /// A readable summary, e.g. `unexpected character at byte 3`.
        public var description: String { "\(reason) at byte \(offset)" }
    }
}

extension DatoCMSSimulator.JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// Creates `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// Creates `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates `.number`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Creates `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates `.array`.
    public init(arrayLiteral elements: DatoCMSSimulator.JSON...) { self = .array(elements) }
    /// Creates `.object`; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, DatoCMSSimulator.JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension DatoCMSSimulator.JSON: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String { String(decoding: serialized(), as: UTF8.self) }
}

extension DatoCMSSimulator.JSON {
    /// `.string(value)` or `.null` — the API renders absent optional strings as `null`.
    static func string(orNull value: String?) -> Self { value.map(Self.string) ?? .null }
}
