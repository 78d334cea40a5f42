import DatoCMSSimulator

/// A syntax error in a TypeScript declaration file, or a type that cannot be sampled.
struct TypeScriptParseError: Error, CustomStringConvertible {
    /// The 1-based source line; 0 when the error is not tied to the source (an unknown type name).
    let line: Int
    let message: String

    var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// The type declarations of a TypeScript file of the shape DatoCMS publishes.
///
/// It understands the subset of TypeScript that `hyperschema-to-ts` emits plus the hand-written
/// header of the CMA client's `SchemaTypes.ts`, and builds for a type a sample JSON document that
/// fills in every member, so that decoding it exercises as much of a decoder as possible.
struct TypeScriptShapes: Sendable {
    /// Past this many nested objects, arrays are sampled empty and optional members are left out.
    static let recursionDepth = 8
    /// Wrappers declared in files this one imports, which keep the shape of their argument.
    static let transparentWrappers: Set<String> = ["GenericFieldAttributes", "FieldCreateConfig", "FieldUpdateConfig"]
    /// The sample of every `string`: a plain string that also decodes as a date-time.
    static let sampleString = "2026-01-01T00:00:00.000Z"

    private let declarations: [String: Declaration]

    init(source: String) throws {
        var parser = Parser(tokens: try Self.tokenize(source))
        declarations = try parser.parseDeclarations()
    }

    var typeNames: [String] { declarations.keys.sorted() }

    /// Names referenced but neither declared nor understood (e.g. imports from other files), for diagnostics.
    var unresolvedNames: Set<String> {
        var names = Set<String>()
        for declaration in declarations.values {
            var referenced = Set<String>()
            Self.collectReferences(in: declaration.body, into: &referenced)
            declaration.parameters.compactMap(\.defaultType).forEach { Self.collectReferences(in: $0, into: &referenced) }
            names.formUnion(referenced.subtracting(declaration.parameters.map(\.name)))
        }
        return names.filter { name in
            declarations[name] == nil && !["Array", "Omit"].contains(name)
                && !Self.transparentWrappers.contains(name) && !name.hasPrefix("ToItem")
        }
    }

    /// A sample JSON document of the type `typeName`, instantiated with its default type arguments.
    func sample(_ typeName: String) throws -> DatoCMSSimulator.JSON {
        guard declarations[typeName] != nil else { throw TypeScriptParseError(line: 0, message: "unknown type \(typeName)") }
        return try sample(.reference(typeName, []), depth: 0)
    }

    // MARK: - Syntax

    /// A type expression as written, except that conditional types keep only their two branches.
    private indirect enum TypeExpression: Sendable {
        case keyword(String)
        case literal(DatoCMSSimulator.JSON)
        case object([Member])
        case union([TypeExpression])
        case intersection([TypeExpression])
        case array(TypeExpression)
        case tuple([(type: TypeExpression, isRest: Bool)])
        case reference(String, [TypeExpression])
        case indexedAccess(TypeExpression, key: TypeExpression)
        case conditional(then: TypeExpression, otherwise: TypeExpression)
        /// What a reference to an unknown declaration resolves to; sampled as `{}`.
        case opaque(String)
    }

    /// A named member of an object type; index signatures are not kept, as they add no member.
    private struct Member {
        var name: String
        var isOptional: Bool
        var type: TypeExpression
    }

    /// `type Name<Parameters> = Body;` (or an interface).
    private struct Declaration {
        var parameters: [(name: String, defaultType: TypeExpression?)]
        var body: TypeExpression
        var line: Int
    }

    /// A lexical token and the line it starts on.
    private struct Token {
        enum Kind { case identifier, string, number, punctuation, end }
        var kind: Kind
        var text: String
        var line: Int
    }

    /// Splits `source` into identifiers, string literals, numbers and one-character punctuation, skipping comments.
    private static func tokenize(_ source: String) throws -> [Token] {
        let bytes = Array(source.utf8)
        var tokens: [Token] = []
        var index = 0, line = 1
        func isIdentifier(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x24
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        while index < bytes.count {
            let byte = bytes[index], next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let start = index
            if byte == UInt8(ascii: "\n") { line += 1; index += 1 }
            else if byte == 0x20 || byte == 0x09 || byte == 0x0D { index += 1 }
            else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
                guard index + 1 < bytes.count else { throw TypeScriptParseError(line: line, message: "unterminated comment") }
                index += 2
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                var text: [UInt8] = []
                index += 1
                while index < bytes.count && bytes[index] != byte && bytes[index] != UInt8(ascii: "\n") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    if index < bytes.count { text.append(bytes[index]) }
                    index += 1
                }
                guard index < bytes.count && bytes[index] == byte else { throw TypeScriptParseError(line: line, message: "unterminated string") }
                index += 1
                tokens.append(Token(kind: .string, text: String(decoding: text, as: UTF8.self), line: line))
            } else if isDigit(byte) {
                while index < bytes.count && (isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".")) { index += 1 }
                tokens.append(Token(kind: .number, text: String(decoding: bytes[start..<index], as: UTF8.self), line: line))
            } else if isIdentifier(byte) {
                while index < bytes.count && isIdentifier(bytes[index]) { index += 1 }
                tokens.append(Token(kind: .identifier, text: String(decoding: bytes[start..<index], as: UTF8.self), line: line))
            } else if byte == UInt8(ascii: ".") && next == UInt8(ascii: ".") && index + 2 < bytes.count && bytes[index + 2] == byte {
                index += 3
                tokens.append(Token(kind: .punctuation, text: "...", line: line))
            } else {
                index += 1
                tokens.append(Token(kind: .punctuation, text: String(UnicodeScalar(byte)), line: line))
            }
        }
        tokens.append(Token(kind: .end, text: "end of file", line: line))
        return tokens
    }

    /// A recursive-descent parser over the tokens of a declaration file.
    private struct Parser {
        var tokens: [Token]
        var position = 0

        /// The token being looked at.
        var current: Token { tokens[position] }

        /// Whether the current token is the punctuation or identifier `text`; consumes it if so.
        mutating func accept(_ text: String) -> Bool {
            guard current.kind != .string && current.kind != .end && current.text == text else { return false }
            position += 1
            return true
        }

        /// Consumes the punctuation or identifier `text`, or throws.
        mutating func expect(_ text: String) throws {
            guard accept(text) else { throw error("expected `\(text)`") }
        }

        /// Consumes and returns a name, or throws.
        mutating func identifier() throws -> String {
            guard current.kind == .identifier else { throw error("expected a name") }
            defer { position += 1 }
            return current.text
        }

        /// An error at the current token.
        func error(_ message: String) -> TypeScriptParseError {
            TypeScriptParseError(line: current.line, message: "\(message), found `\(current.text)`")
        }

        /// Every top-level `type` and `interface` declaration, `export`ed or not; imports are skipped.
        mutating func parseDeclarations() throws -> [String: Declaration] {
            var declarations: [String: Declaration] = [:]
            while current.kind != .end {
                if accept(";") || accept("export") { continue }
                let line = current.line
                if accept("import") {
                    while current.kind != .end && !accept(";") { position += 1 }
                } else if accept("type") {
                    let name = try identifier()
                    let parameters = try parseParameters()
                    try expect("=")
                    declarations[name] = Declaration(parameters: parameters, body: try parseType(), line: line)
                    try expect(";")
                } else if accept("interface") {
                    let name = try identifier()
                    let parameters = try parseParameters()
                    var parts: [TypeExpression] = []
                    if accept("extends") {
                        repeat { parts.append(try parsePostfix()) } while accept(",")
                    }
                    try expect("{")
                    parts.append(try parseObject())
                    declarations[name] = Declaration(parameters: parameters, body: parts.count == 1 ? parts[0] : .intersection(parts), line: line)
                } else {
                    throw error("expected a type declaration")
                }
            }
            return declarations
        }

        /// `<D extends Constraint = Default, …>`, or nothing.
        mutating func parseParameters() throws -> [(name: String, defaultType: TypeExpression?)] {
            guard accept("<") else { return [] }
            var parameters: [(name: String, defaultType: TypeExpression?)] = []
            while !accept(">") {
                let name = try identifier()
                if accept("extends") { _ = try parseUnion() }
                parameters.append((name, accept("=") ? try parseType() : nil))
                if !accept(",") { try expect(">"); break }
            }
            return parameters
        }

        /// A type, including a conditional type `Check extends Constraint ? Then : Otherwise`.
        mutating func parseType() throws -> TypeExpression {
            let checked = try parseUnion()
            guard accept("extends") else { return checked }
            _ = try parseUnion()
            try expect("?")
            let then = try parseType()
            try expect(":")
            return .conditional(then: then, otherwise: try parseType())
        }

        /// `A | B`, with an optional leading `|`.
        mutating func parseUnion() throws -> TypeExpression {
            _ = accept("|")
            var variants = [try parseIntersection()]
            while accept("|") { variants.append(try parseIntersection()) }
            return variants.count == 1 ? variants[0] : .union(variants)
        }

        /// `A & B`, with an optional leading `&`.
        mutating func parseIntersection() throws -> TypeExpression {
            _ = accept("&")
            var parts = [try parsePostfix()]
            while accept("&") { parts.append(try parsePostfix()) }
            return parts.count == 1 ? parts[0] : .intersection(parts)
        }

        /// A primary type followed by any number of `[]` and `['key']`.
        mutating func parsePostfix() throws -> TypeExpression {
            var type = try parsePrimary()
            while accept("[") {
                if accept("]") { type = .array(type); continue }
                type = .indexedAccess(type, key: try parseType())
                try expect("]")
            }
            return type
        }

        /// A literal, keyword, reference with type arguments, parenthesized type, object type or tuple.
        mutating func parsePrimary() throws -> TypeExpression {
            let token = current
            switch token.kind {
            case .string:
                position += 1
                return .literal(.string(token.text))
            case .number:
                position += 1
                return .literal(.number(Double(token.text) ?? 0))
            case .identifier:
                position += 1
                switch token.text {
                case "true", "false": return .literal(.bool(token.text == "true"))
                case "string", "number", "boolean", "null", "undefined", "unknown", "any", "never", "object":
                    return .keyword(token.text)
                default:
                    var arguments: [TypeExpression] = []
                    if accept("<") {
                        while !accept(">") {
                            arguments.append(try parseType())
                            if !accept(",") { try expect(">"); break }
                        }
                    }
                    return .reference(token.text, arguments)
                }
            case .punctuation where token.text == "-":
                position += 1
                guard current.kind == .number, let value = Double(current.text) else { throw error("expected a number") }
                position += 1
                return .literal(.number(-value))
            case .punctuation where token.text == "(":
                position += 1
                let type = try parseType()
                try expect(")")
                return type
            case .punctuation where token.text == "{":
                position += 1
                return try parseObject()
            case .punctuation where token.text == "[":
                position += 1
                var elements: [(type: TypeExpression, isRest: Bool)] = []
                while !accept("]") {
                    let isRest = accept("...")
                    elements.append((try parseType(), isRest))
                    if !accept(",") { try expect("]"); break }
                }
                return .tuple(elements)
            default:
                throw error("expected a type")
            }
        }

        /// The members of an object type after its `{`, through its `}`.
        mutating func parseObject() throws -> TypeExpression {
            var members: [Member] = []
            while !accept("}") {
                if accept("[") {
                    _ = try identifier()
                    try expect(":")
                    _ = try parseType()
                    try expect("]")
                    try expect(":")
                    _ = try parseType()
                } else {
                    guard current.kind == .identifier || current.kind == .string else { throw error("expected a member name") }
                    let name = current.text
                    position += 1
                    let isOptional = accept("?")
                    try expect(":")
                    members.append(Member(name: name, isOptional: isOptional, type: try parseType()))
                }
                if !accept(";") && !accept(",") { try expect("}"); break }
            }
            return .object(members)
        }
    }

    // MARK: - Resolution and sampling

    /// Every name referenced in `type`, generic parameters included.
    private static func collectReferences(in type: TypeExpression, into names: inout Set<String>) {
        switch type {
        case .keyword, .literal, .opaque: break
        case .object(let members): members.forEach { collectReferences(in: $0.type, into: &names) }
        case .union(let types), .intersection(let types): types.forEach { collectReferences(in: $0, into: &names) }
        case .array(let element): collectReferences(in: element, into: &names)
        case .tuple(let elements): elements.forEach { collectReferences(in: $0.type, into: &names) }
        case .reference(let name, let arguments):
            names.insert(name)
            arguments.forEach { collectReferences(in: $0, into: &names) }
        case .indexedAccess(let base, let key):
            collectReferences(in: base, into: &names)
            collectReferences(in: key, into: &names)
        case .conditional(let then, let otherwise):
            collectReferences(in: then, into: &names)
            collectReferences(in: otherwise, into: &names)
        }
    }

    /// `type` with the generic parameters of `bindings` replaced by their arguments.
    private static func substitute(_ type: TypeExpression, _ bindings: [String: TypeExpression]) -> TypeExpression {
        if bindings.isEmpty { return type }
        switch type {
        case .keyword, .literal, .opaque: return type
        case .object(let members):
            return .object(members.map { Member(name: $0.name, isOptional: $0.isOptional, type: substitute($0.type, bindings)) })
        case .union(let types): return .union(types.map { substitute($0, bindings) })
        case .intersection(let types): return .intersection(types.map { substitute($0, bindings) })
        case .array(let element): return .array(substitute(element, bindings))
        case .tuple(let elements): return .tuple(elements.map { (substitute($0.type, bindings), $0.isRest) })
        case .reference(let name, let arguments):
            if arguments.isEmpty, let bound = bindings[name] { return bound }
            return .reference(name, arguments.map { substitute($0, bindings) })
        case .indexedAccess(let base, let key): return .indexedAccess(substitute(base, bindings), key: substitute(key, bindings))
        case .conditional(let then, let otherwise): return .conditional(then: substitute(then, bindings), otherwise: substitute(otherwise, bindings))
        }
    }

    /// `type` reduced until its outermost form is a keyword, literal, object, union, array, tuple or opaque:
    /// references are expanded, `Omit`, intersections and indexed accesses applied, conditionals decided.
    private func resolve(_ type: TypeExpression, steps: Int = 0) throws -> TypeExpression {
        guard steps < 200 else { throw TypeScriptParseError(line: 0, message: "type alias refers to itself") }
        switch type {
        case .reference(let name, let arguments):
            if let declaration = declarations[name] {
                var bindings: [String: TypeExpression] = [:]
                for (index, parameter) in declaration.parameters.enumerated() {
                    bindings[parameter.name] = index < arguments.count
                        ? arguments[index] : Self.substitute(parameter.defaultType ?? .keyword("unknown"), bindings)
                }
                return try resolve(Self.substitute(declaration.body, bindings), steps: steps + 1)
            }
            if name == "Array", let element = arguments.first { return .array(element) }
            if name == "Omit", arguments.count == 2, case .object(let members) = try resolve(arguments[0], steps: steps + 1) {
                let omitted = Set(try literals(of: arguments[1]).compactMap(\.stringValue))
                return .object(members.filter { !omitted.contains($0.name) })
            }
            if Self.transparentWrappers.contains(name), let wrapped = arguments.first { return try resolve(wrapped, steps: steps + 1) }
            return name.hasPrefix("ToItem") ? .object([]) : .opaque(name)
        case .intersection(let parts):
            var members: [Member] = []
            for part in parts {
                guard case .object(let partMembers) = try resolve(part, steps: steps + 1) else { continue }
                members.removeAll { member in partMembers.contains { $0.name == member.name } }
                members += partMembers
            }
            return .object(members)
        case .indexedAccess(let base, let key):
            let keys = try literals(of: key).compactMap(\.stringValue)
            switch try resolve(base, steps: steps + 1) {
            case .object(let members):
                guard let member = members.first(where: { keys.contains($0.name) }) else { return .opaque("[\(keys)]") }
                return try resolve(member.type, steps: steps + 1)
            case .opaque(let name): return .opaque("\(name)\(keys)")
            default: return .opaque("\(keys)")
            }
        case .conditional(let then, let otherwise):
            // The true branch, unless it is `never` or unknowable (e.g. `D['itemTypeId']` of an imported `D`).
            let chosen = try resolve(then, steps: steps + 1)
            switch chosen {
            case .keyword("never"): return try resolve(otherwise, steps: steps + 1)
            case .opaque:
                let alternative = try resolve(otherwise, steps: steps + 1)
                if case .opaque = alternative { return chosen }
                if case .keyword("never") = alternative { return chosen }
                return alternative
            default: return chosen
            }
        default:
            return type
        }
    }

    /// The literal values of a literal or a union of literals, such as the keys of `Omit<X, 'a' | 'b'>`.
    private func literals(of type: TypeExpression) throws -> [DatoCMSSimulator.JSON] {
        switch try resolve(type) {
        case .literal(let value): return [value]
        case .union(let variants): return try variants.flatMap { try literals(of: $0) }
        default: return []
        }
    }

    /// The first variant of a (possibly nested) union that is not `null`, `undefined` or `never`.
    private func sampledVariant(of variants: [TypeExpression]) throws -> TypeExpression? {
        for variant in variants {
            let resolved = try resolve(variant)
            switch resolved {
            case .keyword("null"), .keyword("undefined"), .keyword("never"): continue
            case .union(let nested): if let chosen = try sampledVariant(of: nested) { return chosen }
            default: return resolved
            }
        }
        return nil
    }

    /// The sample of `type` found inside `depth` objects.
    private func sample(_ type: TypeExpression, depth: Int) throws -> DatoCMSSimulator.JSON {
        switch try resolve(type) {
        case .keyword("string"): return .string(Self.sampleString)
        case .keyword("number"): return .number(1)
        case .keyword("boolean"): return .bool(true)
        case .keyword("object"): return .object([:])
        case .keyword: return .null
        case .literal(let value): return value
        case .object(let members):
            guard depth < 4 * Self.recursionDepth else { throw TypeScriptParseError(line: 0, message: "type does not end: required members nest too deep") }
            var sample: [String: DatoCMSSimulator.JSON] = [:]
            for member in members where !member.name.hasPrefix("__") && !(member.isOptional && depth >= Self.recursionDepth) {
                sample[member.name] = try self.sample(member.type, depth: depth + 1)
            }
            return .object(sample)
        case .union(let variants):
            guard let variant = try sampledVariant(of: variants) else { return .null }
            return try sample(variant, depth: depth)
        case .array(let element):
            return .array(depth > Self.recursionDepth ? [] : [try sample(element, depth: depth)])
        case .tuple(let elements):
            return .array(try elements.flatMap { element -> [DatoCMSSimulator.JSON] in
                let value = try sample(element.type, depth: depth)
                if element.isRest, case .array(let spread) = value { return spread }
                return [value]
            })
        case .opaque, .reference, .intersection, .indexedAccess, .conditional: return .object([:])  // Only `.opaque` is left by `resolve`.
        }
    }
}
