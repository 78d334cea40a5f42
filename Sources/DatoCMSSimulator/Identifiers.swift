import Foundation

/// Random identifiers shaped like the real API's.
enum Identifiers {
    /// A version 4 UUID in 22-character URL-safe base64, like today's DatoCMS record, model,
    /// field and upload IDs (e.g. `hWl-mnkWRYmMCSTq4z_piQ`).
    static func resource() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether a client-chosen ID has the API's shape: 22 URL-safe base64 characters, 16 bytes.
    static func isResourceShaped(_ id: String) -> Bool {
        guard id.utf8.count == 22, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return false }
        let base64 = id.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="
        return Data(base64Encoded: base64)?.count == 16
    }

    /// 24 lowercase hex digits, like the job IDs in the recorded sessions.
    static func job() -> String { hex(byteCount: 12) }

    /// 6 lowercase hex digits, like the `api_error` IDs in the recorded sessions.
    static func apiError() -> String { hex(byteCount: 3) }

    /// A numeric site ID, used as the first segment of upload paths (`/42468/…`).
    static func site() -> String { String(Int.random(in: 10_000...99_999)) }

    private static func hex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount)
            .map { _ in String(UInt8.random(in: .min ... .max, using: &generator), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }
            .joined()
    }
}
