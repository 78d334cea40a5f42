/// How schema names become Swift names: `item_type` → `ItemType` / `itemType`,
/// `filter[ids]` → `filterIds`, `default` → `` `default` ``.
public enum Naming {
    /// Words Swift reserves; such names are written in backticks.
    public static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        "Any", "as", "await", "false", "is", "nil", "super", "throws", "true", "try", "Type", "Protocol", "some", "any",
        "borrowing", "consuming", "nonisolated", "package",
    ]

    /// Names that cannot be used even in backticks as members, renamed with a trailing underscore.
    static let unusableMemberNames: Set<String> = ["self", "Self", "_", "init", "deinit", "subscript"]

    /// Type names a generated type must not take, because they would shadow what generated code uses.
    public static let reservedTypeNames: Set<String> = [
        "Any", "Array", "Bool", "Codable", "Data", "Date", "Decodable", "Decoder", "Dictionary", "Double", "Encodable",
        "Encoder", "Equatable", "Error", "Float", "Hashable", "Int", "Never", "Optional", "Protocol", "Result", "Self",
        "Sendable", "Set", "String", "Task", "Type", "URL", "UUID", "Void", "CodingKey", "CodingKeys",
        "APIClient", "APIRequest", "ApiError", "ClientConfiguration", "DateTime", "DatoCMSError", "DatoCMSRuntime",
        "HTTPRequest", "HTTPResponse", "HTTPTransport", "JobPoller", "JobPollingPolicy", "JobReference",
        "Indirect", "JSONAPICodingKey", "JSONAPIEnvelope", "JSONValue", "QueryItem", "QueryItems", "QueryParameters", "QueryValue",
        "RequestBuilder", "RequestSummary", "ResourceIdentifier", "ToManyRelationship", "ToOneRelationship",
        "URLSessionTransport", "Attributes", "Foundation",
    ]

    /// Splits a schema name into words: on `_`, `-`, `[`, `]`, spaces and other punctuation, and on
    /// lower→upper case changes (`statusText` → `status`, `Text`).
    public static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in name {
            if character.isLetter || character.isNumber {
                if let previous, character.isUppercase, previous.isLowercase || previous.isNumber, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The characters of `name` that its Swift name silently loses: neither letters nor digits, nor
    /// the separators names are split on (`_ - [ ] . : /` and spaces).
    public static func droppedCharacters(_ name: String) -> String {
        String(name.filter { !($0.isLetter || $0.isNumber || "_-[]. :/".contains($0)) })
    }

    /// `item_type` → `ItemType`; digits first get a leading underscore; empty becomes `Value`.
    public static func typeName(_ name: String) -> String {
        let joined = words(name).map(capitalizedWord).joined()
        guard let first = joined.first else { return "Value" }
        return first.isNumber ? "_" + joined : joined
    }

    /// `item_type` → `itemType`, `filter[ids]` → `filterIds`; empty becomes `value`.
    public static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let head = parts.first else { return "value" }
        let joined = lowercasedWord(head) + parts.dropFirst().map(capitalizedWord).joined()
        if joined.first?.isNumber == true { return "_" + joined }
        if unusableMemberNames.contains(joined) { return joined + "_" }
        return joined
    }

    /// The identifier as it must be written in source: keywords in backticks.
    public static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// The identifier as an argument label in a call: keywords need no backticks there, except
    /// `inout` (escaping the others only draws warnings).
    public static func argumentLabel(_ identifier: String) -> String {
        identifier == "inout" ? "`inout`" : identifier
    }

    /// A simple English plural for namespace names: `item` → `items`, `upload_request` → `uploadRequests`.
    public static func plural(_ name: String) -> String {
        var parts = words(name)
        guard let last = parts.popLast() else { return "values" }
        let lower = last.lowercased()
        let pluralLast: String
        if lower.hasSuffix("s") {
            pluralLast = last
        } else if lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") {
            pluralLast = last + "es"
        } else if lower.hasSuffix("y"), let beforeY = lower.dropLast().last, !"aeiou".contains(beforeY) {
            pluralLast = String(last.dropLast()) + "ies"
        } else {
            pluralLast = last + "s"
        }
        return memberName((parts + [pluralLast]).joined(separator: "_"))
    }

    /// The function name for a link relation: `self` → `find`, `instances` → `list`, others in lowerCamelCase.
    public static func functionName(forRel rel: String) -> String {
        switch rel {
        case "self": return "find"
        case "instances": return "list"
        default: return memberName(rel)
        }
    }

    /// A word with its first letter upper-cased and the rest kept (`ID` stays `ID`, `ids` → `Ids`).
    static func capitalizedWord(_ word: String) -> String {
        guard let first = word.first else { return word }
        if word == word.uppercased() && word.count > 1 && word.contains(where: \.isLetter) {
            return String(first) + word.dropFirst().lowercased()
        }
        return first.uppercased() + word.dropFirst()
    }

    static func lowercasedWord(_ word: String) -> String {
        if word == word.uppercased() { return word.lowercased() }
        guard let first = word.first else { return word }
        return first.lowercased() + word.dropFirst()
    }

    /// The value of a `pattern` such as `^item$` when it pins a string to one constant.
    public static func constant(fromPattern pattern: String?) -> String? {
        guard let pattern, pattern.hasPrefix("^"), pattern.hasSuffix("$"), pattern.count > 2 else { return nil }
        let body = pattern.dropFirst().dropLast()
        let special = Set("\\.*+?()[]{}|^$")
        guard !body.contains(where: { special.contains($0) }) else { return nil }
        return String(body)
    }

    /// Makes `candidate` unique among `taken` by appending 2, 3, … and records it.
    public static func unique(_ candidate: String, in taken: inout Set<String>) -> String {
        var name = candidate
        var counter = 2
        while taken.contains(name) {
            name = candidate + String(counter)
            counter += 1
        }
        taken.insert(name)
        return name
    }
}
