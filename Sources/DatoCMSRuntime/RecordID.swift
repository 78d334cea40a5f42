import Foundation

/// Record IDs made on the client, so a record can be referenced (in a link field, a block, a
/// second request) before it exists: pass one as `id:` when creating a record.
///
/// DatoCMS IDs are random (version 4) UUIDs written in URL-safe base64 without padding:
/// 22 characters such as `WTyssHtyTzu9_EbszSVhPw`.
///
/// ```swift
/// let id = RecordID.generate()
/// let record = try await client.items.create(id: id, attributes: article, itemType: model.id)
/// ```
public enum RecordID {
    /// A new random ID in DatoCMS's format.
    public static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `id` is in DatoCMS's format: 22 URL-safe base64 characters encoding a version 4 UUID.
    public static func isValid(_ id: String) -> Bool {
        guard id.utf8.count == 22,
              id.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
              }),
              let bytes = Data(base64Encoded: id.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="),
              bytes.count == 16
        else { return false }
        return bytes[6] >> 4 == 4 && bytes[8] >> 6 == 0b10
    }
}
