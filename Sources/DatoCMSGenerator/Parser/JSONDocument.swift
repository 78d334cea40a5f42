import Foundation

/// A parsed JSON value that remembers where it came from (line, column, JSON pointer)
/// and keeps object keys in source order — both needed for faithful, reproducible output
/// and for diagnostics that point at the offending spot.
public struct JSONNode: Sendable {
    /// The value's kind and content.
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number as written, so nothing is lost to floating point.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in source order.
        case object([(key: String, value: JSONNode)])
    }

    /// The value.
    public var value: Value
    /// Where the value starts (1-based).
    public var line: Int
    /// Where the value starts (1-based, in bytes).
    public var column: Int
    /// The JSON pointer of the value within its document.
    public var pointer: JSONPointer

    /// The member named `key` (the last one, if duplicated), when this is an object.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The string, when this is one.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The Boolean, when this is one.
    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// The elements, when this is an array.
    public var array: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The members, when this is an object.
    public var object: [(key: String, value: JSONNode)]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// A short name of the value's kind, for messages.
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as compact JSON-ish text (for enum values and examples in docs).
    public var literalText: String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return text
        case .array(let elements): return "[" + elements.map(\.literalText).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \($0.value.literalText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A JSON pointer (RFC 6901), e.g. `/definitions/item/links/3`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The unescaped reference tokens.
    public var tokens: [String]

    /// The document root.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from tokens.
    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses the text of a pointer (`/a/b~1c`), or the fragment of a URI reference (`#/a/b`, percent-encoded).
    public init?(parsing text: String) {
        var body = Substring(text)
        if body.hasPrefix("#") {
            body = body.dropFirst()
            guard let decoded = String(body).removingPercentEncoding else { return nil }
            body = Substring(decoded)
        }
        if body.isEmpty {
            tokens = []
            return
        }
        guard body.hasPrefix("/") else { return nil }
        tokens = body.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// This pointer extended by one token.
    public func appending(_ token: String) -> JSONPointer { JSONPointer(tokens: tokens + [token]) }

    /// This pointer extended by an array index.
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    /// The escaped text, `/definitions/item`, or `""` for the root.
    public var description: String {
        var text = ""
        for token in tokens {
            text.append("/")
            // Only tokens holding `~` or `/` need escaping; skipping Foundation for the rest matters
            // when thousands of pointers are compared.
            if token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                text.append(token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"))
            } else {
                text.append(token)
            }
        }
        return text
    }

    /// The text as a URI fragment: `#/definitions/item`.
    public var fragment: String { "#" + description }

    /// Token by token, so a pointer sorts right after its parent; no text is built.
    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

/// Reads JSON text into ``JSONNode``s. Strict RFC 8259, with line/column tracking.
public struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private let maximumDepth = 512

    /// A syntax error with its position.
    public struct SyntaxError: Error, Sendable {
        /// What is wrong.
        public var message: String
        /// Where (1-based).
        public var line: Int
        /// Where (1-based, bytes).
        public var column: Int
    }

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        let node = try reader.readValue(at: .root)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else {
            throw reader.error("unexpected text after the end of the JSON document")
        }
        return node
    }

    private init(bytes: [UInt8]) {
        // A UTF-8 byte order mark is tolerated, as editors add one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.bytes = Array(bytes.dropFirst(3))
        } else {
            self.bytes = bytes
        }
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, line: line, column: index - lineStart + 1)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func readValue(at pointer: JSONPointer) throws(SyntaxError) -> JSONNode {
        guard index < bytes.count else { throw error("unexpected end of the document") }
        let startLine = line
        let startColumn = index - lineStart + 1
        func node(_ value: JSONNode.Value) -> JSONNode {
            JSONNode(value: value, line: startLine, column: startColumn, pointer: pointer)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return node(try readObject(at: pointer))
        case UInt8(ascii: "["):
            return node(try readArray(at: pointer))
        case UInt8(ascii: "\""):
            return node(.string(try readString()))
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return node(.bool(true))
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return node(.bool(false))
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return node(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return node(.number(try readNumber()))
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(SyntaxError) {
        let expected = Array(literal.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("invalid literal (expected '\(literal)')")
        }
        index += expected.count
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > maximumDepth { throw error("nesting deeper than \(maximumDepth) levels") }
    }

    private mutating func readObject(at pointer: JSONPointer) throws(SyntaxError) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append((key, try readValue(at: pointer.appending(key))))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}' in object") }
            index += 1
            return .object(members)
        }
    }

    private mutating func readArray(at pointer: JSONPointer) throws(SyntaxError) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(at: pointer.appending(elements.count)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']' in array") }
            index += 1
            return .array(elements)
        }
    }

    private mutating func readNumber() throws(SyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        guard digits() > 0 else { throw error("invalid number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("invalid number: digits expected after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number: digits expected in exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readString() throws(SyntaxError) -> String {
        index += 1
        var scalars: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired UTF-16 surrogate in string")
                        }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid UTF-16 surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid Unicode escape") }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0x00..<0x20:
                throw error("control character in string")
            default:
                scalars.append(byte)
                index += 1
            }
        }
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
