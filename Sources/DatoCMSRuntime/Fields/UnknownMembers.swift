import Foundation

// Field values keep the members this SDK does not know: a newer API may add some, and a value read,
// edited and written back must not lose them.

extension KeyedDecodingContainer where Key == JSONAPICodingKey {
    /// The members not named in `known`, as JSON values.
    func unknownMembers(excluding known: Set<String>) throws -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            members[key.stringValue] = try decode(JSONValue.self, forKey: key)
        }
        return members
    }

    /// The string member `key`, or a `DecodingError` naming it when it is missing or not a string.
    func requiredString(_ key: String) throws -> String {
        try decode(String.self, forKey: JSONAPICodingKey(key))
    }
}

extension KeyedEncodingContainer where Key == JSONAPICodingKey {
    /// Writes `members`, skipping any that a known member of the same name already writes (the
    /// typed value wins over a stale copy).
    mutating func encodeUnknownMembers(_ members: [String: JSONValue], excluding known: Set<String>) throws {
        for (name, value) in members where !known.contains(name) {
            try encode(value, forKey: JSONAPICodingKey(name))
        }
    }
}
