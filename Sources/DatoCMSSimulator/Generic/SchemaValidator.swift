import DatoCMSGenerator
import Foundation

/// Checks request bodies against an endpoint's schema, as the real API does before anything
/// else, and words the first violation as a DatoCMS `INVALID_FORMAT` error.
///
/// The subset hyper-schemas use: `type`, `enum`, `required`, `properties`,
/// `additionalProperties: false`, `items`, `anyOf`/`oneOf`/`allOf`, and `^literal$` patterns.
struct SchemaValidator {
    typealias JSON = DatoCMSSimulator.JSON

    let schema: APISchema

    /// Throws 422 `INVALID_FORMAT` naming the first member that breaks `node`.
    func validate(_ value: JSON, against node: Schema) throws {
        if let (field, message) = violation(value, node, path: "", depth: 0) {
            throw APIError.invalidFormat(field: field.isEmpty ? "(root)" : field, message)
        }
    }

    private func violation(_ value: JSON, _ node: Schema, path: String, depth: Int) -> (String, String)? {
        guard depth < 24 else { return nil }
        let resolved = schema.resolve(node)
        if let types = resolved.types, !types.contains(where: { Self.matches(value, type: $0) }) {
            return (path, "must be \(types.map(Self.describe).joined(separator: " or "))")
        }
        if let allowed = resolved.enumValues, !allowed.map(SchemaSampler.json).contains(value) {
            return (path, "must be one of \(allowed.map(\.literalText).joined(separator: ", "))")
        }
        if let literal = SchemaSampler.literal(ofPattern: resolved.pattern), let string = value.stringValue, string != literal {
            return (path, "must be exactly \"\(literal)\"")
        }
        for part in resolved.allOf {
            if let problem = violation(value, part, path: path, depth: depth + 1) { return problem }
        }
        let variants = resolved.anyOf + resolved.oneOf
        if !variants.isEmpty {
            let problems = variants.map { violation(value, $0, path: path, depth: depth + 1) }
            if !problems.contains(where: { $0 == nil }) {
                // The variant that got furthest names the likeliest mistake.
                return problems.compactMap { $0 }.max { $0.0.count < $1.0.count }
            }
        }
        switch value {
        case .object(let members):
            for name in resolved.required where members[name] == nil {
                return (Self.join(path, name), "is required")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let property = resolved.property(name) {
                    if let problem = violation(member, property, path: Self.join(path, name), depth: depth + 1) { return problem }
                } else if let additional = resolved.additionalPropertiesSchema {
                    if let problem = violation(member, additional, path: Self.join(path, name), depth: depth + 1) { return problem }
                } else if resolved.additionalPropertiesAllowed == false {
                    return (Self.join(path, name), "is not accepted here")
                }
            }
        case .array(let elements):
            if let items = resolved.items {
                for (index, element) in elements.enumerated() {
                    if let problem = violation(element, items, path: "\(path)[\(index)]", depth: depth + 1) { return problem }
                }
            }
        default:
            break
        }
        return nil
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    static func matches(_ value: JSON, type: String) -> Bool {
        switch type {
        case "null": value == .null
        case "boolean": value.boolValue != nil
        case "string": value.stringValue != nil
        case "integer": value.intValue != nil
        case "number": value.doubleValue != nil
        case "array": value.arrayValue != nil
        case "object": value.objectValue != nil
        default: true
        }
    }

    private static func describe(_ type: String) -> String {
        switch type {
        case "null": "null"
        case "integer", "array", "object": "an \(type)"
        default: "a \(type)"
        }
    }
}
