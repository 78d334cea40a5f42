import DatoCMSGenerator
import Foundation

/// Builds the plainest value a schema accepts: what the simulator renders for members nobody has
/// set yet, so every response carries every member the client's types require.
struct SchemaSampler {
    typealias JSON = DatoCMSSimulator.JSON

    let schema: APISchema
    /// The ID put in required to-one linkages (the API never leaves them empty).
    let placeholderID: String
    let now: Date

    /// A value for `node`: `null` where allowed, else the first enum value, `^literal$` pattern,
    /// zero, `false`, an empty array, or an object of its required members.
    func sample(_ node: Schema, depth: Int = 0) -> JSON {
        guard depth < 16 else { return .null }
        let resolved = schema.resolve(node)
        if resolved.allowsNull { return .null }
        if let first = resolved.enumValues?.first { return Self.json(first) }
        let variants = resolved.anyOf + resolved.oneOf
        if !variants.isEmpty {
            if variants.contains(where: { schema.resolve($0).allowsNull }) { return .null }
            return sample(variants[0], depth: depth + 1)
        }
        if !resolved.allOf.isEmpty {
            var members: [String: JSON] = [:]
            for part in resolved.allOf {
                if case .object(let more) = sample(part, depth: depth + 1) { members.merge(more) { $1 } }
            }
            return .object(members)
        }
        switch resolved.nonNullTypes.first ?? (resolved.properties.isEmpty ? "" : "object") {
        case "string": return .string(sampleString(resolved))
        case "integer", "number": return 0
        case "boolean": return false
        case "array": return []
        case "object":
            var members: [String: JSON] = [:]
            for (name, property) in resolved.properties where resolved.required.contains(name) {
                members[name] = name == "id" && schema.resolve(property).nonNullTypes == ["string"]
                    ? .string(placeholderID) : sample(property, depth: depth + 1)
            }
            return .object(members)
        default: return .null
        }
    }

    private func sampleString(_ node: Schema) -> String {
        if let literal = Self.literal(ofPattern: node.pattern) { return literal }
        switch node.format {
        case "date-time": return Timestamp.withOffset(now)
        case "date": return String(Timestamp.withOffset(now).prefix(10))
        case "uri", "url": return "https://www.example.com/"
        case "email": return "someone@example.com"
        default: return ""
        }
    }

    /// `webhook` for the pattern `^webhook$`; `nil` for any pattern with regular-expression syntax.
    static func literal(ofPattern pattern: String?) -> String? {
        guard let pattern, pattern.hasPrefix("^"), pattern.hasSuffix("$"), pattern.count > 2 else { return nil }
        let body = pattern.dropFirst().dropLast()
        guard body.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return String(body)
    }

    /// The simulator's form of a value written in the schema.
    static func json(_ node: JSONNode) -> JSON {
        switch node.value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(Double(text) ?? 0)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(json))
        case .object(let members): .object(Dictionary(members.map { ($0.key, json($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }
}
