import Foundation

/// Keeps credentials out of every text meant for humans: logs, error descriptions, `dump`s.
///
/// Three rules, applied everywhere the same way:
/// - credential headers (`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`) are
///   shown as `<redacted>` by name, whatever their value's length;
/// - in free text (bodies, error pages, URLs), a credential header written out (`Authorization: …`,
///   `"authorization": "…"`) and any `Bearer …` credential lose their value, so a proxy or debug
///   page that echoes the request cannot put the token into an error;
/// - the client's own token is replaced wherever it appears (when it is 8 characters or longer:
///   a shorter "token" would match innocent text).
enum Redaction {
    static let placeholder = "<redacted>"

    /// Header names whose values are never shown.
    static let credentialHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// `header`'s value, or the placeholder for a credential header.
    static func headerValue(_ header: (name: String, value: String)) -> String {
        credentialHeaders.contains(header.name.lowercased()) ? placeholder : redact(header.value, secret: nil)
    }

    /// `text` with `secret` and every written-out credential removed.
    static func redact(_ text: String, secret: String?) -> String {
        var text = text
        if let secret, secret.count >= 8 {
            text = text.replacingOccurrences(of: secret, with: placeholder)
        }
        // Cheap test first: most text names no credential at all.
        let lowered = text.lowercased()
        guard lowered.contains("bearer") || lowered.contains("authorization") || lowered.contains("cookie") else { return text }
        for (pattern, template) in patterns {
            text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    /// The token a request carries in `Authorization: Bearer …`, so texts about that request can hide it.
    static func secret(of headers: [(name: String, value: String)]) -> String? {
        guard let value = headers.first(where: { $0.name.lowercased() == "authorization" })?.value else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        return String(parts.count == 2 ? parts[1] : parts[0]).trimmingCharacters(in: .whitespaces)
    }

    private static let patterns: [(NSRegularExpression, String)] = [
        // A header written out — `Authorization: x`, `"authorization":"x"`, `cookie=x` — loses its value.
        (#"(?i)((?:proxy-)?authorization|(?:set-)?cookie)(["']?\s*[:=]\s*["']?)[^\s"'<>&][^"'\r\n<>&]*"#, "$1$2\(placeholder)"),
        // A bearer credential anywhere else (an HTML table cell, a sentence).
        (#"(?i)(bearer\s+)[^\s"'<>,;&]+"#, "$1\(placeholder)"),
    ].map { pattern, template in
        // The patterns are constants: a failure here is a programming error caught by any test.
        (try! NSRegularExpression(pattern: pattern), template)
    }
}

extension JSONValue {
    /// The value with every string redacted, and the values of credential-named members hidden.
    func redacted(secret: String?) -> JSONValue {
        switch self {
        case .string(let text):
            return .string(Redaction.redact(text, secret: secret))
        case .array(let values):
            return .array(values.map { $0.redacted(secret: secret) })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, value) in members {
                result[key] = Redaction.credentialHeaders.contains(key.lowercased()) ? .string(Redaction.placeholder) : value.redacted(secret: secret)
            }
            return .object(result)
        case .null, .bool, .integer, .double:
            return self
        }
    }
}
