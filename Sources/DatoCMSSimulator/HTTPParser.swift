import Foundation

/// A request the server refuses at the HTTP level, before any routing.
struct HTTPParseError: Error, Sendable {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> Self { Self(status: 400, message: message) }
}

/// The request line and header fields of one request.
struct RequestHead: Sendable {
    var method: String
    var target: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion: Int

    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// All values of header `name`, split at commas (list-valued headers may repeat).
    func listHeader(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowered }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
    }

    /// Whether the client wants the connection kept open after this exchange.
    var keepAlive: Bool {
        let tokens = listHeader("Connection")
        if tokens.contains("close") { return false }
        return minorVersion >= 1 || tokens.contains("keep-alive")
    }

    var expectsContinue: Bool { listHeader("Expect").contains("100-continue") }
}

/// How the body of a request is delimited.
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// HTTP/1.1 request-head parsing (RFC 9112), strict enough to reject garbage, lenient enough to
/// accept bare-LF line endings.
enum HTTPParser {
    /// Parses the bytes of a request head, terminator excluded.
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> RequestHead {
        // Split on bytes: as Characters, "\r\n" is a single grapheme and would not split at "\n".
        var lines: [Substring] = []
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            guard let text = String(bytes: line, encoding: .utf8) else { throw .badRequest("request head is not UTF-8") }
            lines.append(Substring(text))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw .badRequest("empty request") }

        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequest("malformed request line") }
        let method = String(parts[0])
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenCharacter) else { throw .badRequest("malformed method") }
        let minorVersion: Int
        switch parts[2] {
        case "HTTP/1.1": minorVersion = 1
        case "HTTP/1.0": minorVersion = 0
        default:
            if parts[2].hasPrefix("HTTP/"), parts[2].count == 8 {
                throw HTTPParseError(status: 505, message: "only HTTP/1.0 and HTTP/1.1 are supported")
            }
            throw .badRequest("malformed HTTP version")
        }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw .badRequest("malformed header field") }
            let name = line[..<colon]
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
                throw .badRequest("malformed header field name")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
                throw .badRequest("control character in header field value")
            }
            headers.append((String(name), value))
        }

        let target = String(parts[1])
        let (path, query) = try splitTarget(target)
        return RequestHead(method: method, target: target, path: path, query: query,
                           headers: headers, minorVersion: minorVersion)
    }

    /// Works out the body's framing, refusing ambiguous or oversized ones.
    static func framing(of head: RequestHead, maximumBody: Int) throws(HTTPParseError) -> BodyFraming {
        let codings = head.listHeader("Transfer-Encoding")
        let lengths = head.listHeader("Content-Length")
        if !codings.isEmpty {
            // Both headers at once is the classic request-smuggling shape: refuse it outright.
            guard lengths.isEmpty else { throw .badRequest("both Transfer-Encoding and Content-Length") }
            guard codings == ["chunked"] else {
                throw HTTPParseError(status: 501, message: "only the chunked transfer coding is supported")
            }
            return .chunked
        }
        guard let first = lengths.first else { return .none }
        guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
              first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let length = Int(first) else {
            throw .badRequest("invalid Content-Length")
        }
        guard length <= maximumBody else { throw HTTPParseError(status: 413, message: "request body too large") }
        return length == 0 ? .none : .length(length)
    }

    /// Splits a request-target into its decoded path and query. Accepts origin-form
    /// (`/items?x=1`) and absolute-form (`http://host/items?x=1`, as sent to proxies).
    static func splitTarget(_ target: String) throws(HTTPParseError) -> (String, [(name: String, value: String)]) {
        var rest = Substring(target)
        if rest.hasPrefix("http://") || rest.hasPrefix("https://") {
            let afterScheme = rest[rest.index(rest.firstIndex(of: ":")!, offsetBy: 3)...]
            rest = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterScheme[$0...] } ?? "/"
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        guard rest.hasPrefix("/") || rest == "*" else { throw .badRequest("malformed request target") }
        let rawPath: Substring
        var query: [(name: String, value: String)] = []
        if let questionMark = rest.firstIndex(of: "?") {
            rawPath = rest[..<questionMark]
            for pair in rest[rest.index(after: questionMark)...].split(separator: "&") {
                let (rawName, rawValue) = pair.firstIndex(of: "=").map { (pair[..<$0], pair[pair.index(after: $0)...]) }
                    ?? (pair, Substring(""))
                guard let name = percentDecode(rawName), let value = percentDecode(rawValue) else {
                    throw .badRequest("invalid percent-encoding in query")
                }
                query.append((name, value))
            }
        } else {
            rawPath = rest
        }
        guard let path = percentDecode(rawPath) else { throw .badRequest("invalid percent-encoding in path") }
        return (path, query)
    }

    /// Decodes `%XX` escapes; `nil` for a broken escape or bytes that are not UTF-8.
    /// `+` stays a plus: only HTML forms use it for spaces, and API clients encode spaces as `%20`.
    static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 9110 `tchar`.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
