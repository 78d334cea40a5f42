import Foundation

/// MD5 digest (RFC 1321), for the `md5` attribute of uploads.
///
/// Implemented here because the package has no dependencies and Foundation offers no digest on
/// Linux. Not used for anything security-related.
enum MD5 {
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(|sin(i + 1)| × 2^32), the RFC's table T.
    private static let constants: [UInt32] = (0..<64).map { index in
        UInt32(truncatingIfNeeded: Int64((abs(sin(Double(index + 1))) * 4_294_967_296).rounded(.down)))
    }

    /// The digest of `bytes` as 32 lowercase hex digits.
    static func hexDigest<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var message = Array(bytes)
        let bitLength = UInt64(message.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 0, to: 64, by: 8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
        var words = [UInt32](repeating: 0, count: 16)
        for blockStart in stride(from: 0, to: message.count, by: 64) {
            for wordIndex in 0..<16 {
                let base = blockStart + wordIndex * 4
                words[wordIndex] = UInt32(message[base]) | UInt32(message[base + 1]) << 8
                    | UInt32(message[base + 2]) << 16 | UInt32(message[base + 3]) << 24
            }
            var (a, b, c, d) = state
            for round in 0..<64 {
                let mixed: UInt32
                let wordIndex: Int
                switch round {
                case 0..<16: mixed = (b & c) | (~b & d); wordIndex = round
                case 16..<32: mixed = (d & b) | (~d & c); wordIndex = (5 * round + 1) % 16
                case 32..<48: mixed = b ^ c ^ d; wordIndex = (3 * round + 5) % 16
                default: mixed = c ^ (b | ~d); wordIndex = (7 * round) % 16
                }
                let sum = a &+ mixed &+ constants[round] &+ words[wordIndex]
                a = d
                d = c
                c = b
                b = b &+ (sum << shifts[round] | sum >> (32 - shifts[round]))
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
        }
        return [state.0, state.1, state.2, state.3].map { word in
            (0..<4).map { byteIndex in
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(byteIndex)))
                return (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }.joined()
        }.joined()
    }
}
