import DatoCMS
import Foundation

/// Compares JSON bodies the way the API reads them and names the paths that differ
/// (`data.attributes.name: expected "Post", sent "Article"`).
enum JSONDiff {
    /// `value` without `null` members — the API treats a `null` attribute and an absent one alike
    /// on create and update — and without objects that held nothing but nulls, such as the
    /// `"relationships": {"title_field": {"data": null}}` the Ruby client sent to mean "none".
    /// Objects that were empty to begin with (`"validators": {"required": {}}`) stay.
    static func normalized(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null:
            return nil
        case .object(let members):
            let kept = members.compactMapValues(normalized)
            return kept.isEmpty && !members.isEmpty ? nil : .object(kept)
        case .array(let elements):
            // Positions matter in arrays, so a null element stays a null.
            return .array(elements.map { normalized($0) ?? .null })
        default:
            return value
        }
    }

    /// One line per differing path; empty when the bodies are the same. Both sides are normalized first.
    static func differences(expected: JSONValue?, sent: JSONValue?) -> [String] {
        compare(expected.flatMap(normalized), sent.flatMap(normalized), at: "")
    }

    private static func compare(_ expected: JSONValue?, _ sent: JSONValue?, at path: String) -> [String] {
        switch (expected, sent) {
        case (.object(let left)?, .object(let right)?):
            return Set(left.keys).union(right.keys).sorted().flatMap { key in
                compare(left[key], right[key], at: path.isEmpty ? key : "\(path).\(key)")
            }
        case (.array(let left)?, .array(let right)?) where left.count == right.count:
            return zip(left, right).enumerated().flatMap { index, pair in compare(pair.0, pair.1, at: "\(path)[\(index)]") }
        default:
            if expected == sent || (expected?.doubleValue != nil && expected?.doubleValue == sent?.doubleValue) { return [] }
            return ["\(path.isEmpty ? "(whole body)" : path): expected \(describe(expected)), sent \(describe(sent))"]
        }
    }

    /// Compact JSON, or `(absent)`.
    static func describe(_ value: JSONValue?) -> String {
        value.map { String($0.description.prefix(200)) } ?? "(absent)"
    }
}
