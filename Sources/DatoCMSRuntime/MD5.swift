import Foundation

/// An MD5 digest (RFC 1321) computed incrementally, so a file of any size is hashed in one pass
/// with constant memory.
///
/// DatoCMS identifies an asset's bytes by their MD5 (`upload.md5`), which is how
/// `skipCreationIfAlreadyExists` finds a file uploaded before. Written here because Linux has no
/// system digest without a package (CryptoKit is Apple-only) and the SDK takes no dependencies.
/// MD5 is broken as a cryptographic hash: use it to recognise files, never to authenticate them.
///
/// ```swift
/// var md5 = MD5()
/// md5.update(Data("The quick brown fox ".utf8))
/// md5.update(Data("jumps over the lazy dog".utf8))
/// print(md5.hexDigest)   // 9e107d9d372bb6826bd81d3542a419d6
/// ```
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    /// Bytes of an incomplete 64-byte block, waiting for the next update.
    private var pending: [UInt8] = []
    /// Bytes hashed so far, for the padding.
    private var length: UInt64 = 0

    /// Starts an empty digest.
    public init() {}

    /// Adds `data` to the digest.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let taken = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: taken))
            offset = taken
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    /// The digest of everything added so far, as 32 lowercase hex digits (the form DatoCMS's
    /// `md5` attribute has). Reading it does not end the digest: more bytes may be added.
    public var hexDigest: String {
        var final = self
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        padding += [UInt8](repeating: 0, count: (119 - pending.count) % 64)
        for shift in stride(from: 0, to: 64, by: 8) { padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        padding.withUnsafeBytes { final.update($0) }
        let words = [final.state.0, final.state.1, final.state.2, final.state.3]
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for word in words {
            for index in 0..<4 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(index)))
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The MD5 of `data`, as 32 lowercase hex digits.
    public static func hexDigest(of data: Data) -> String {
        var md5 = MD5()
        md5.update(data)
        return md5.hexDigest
    }

    /// The MD5 of the file at `fileURL`, read in 1 MiB pieces: memory stays flat whatever the
    /// file's size. Checks for cancellation between pieces, and lets other tasks run.
    /// - Parameter progress: Called after each piece with the bytes hashed so far.
    /// - Throws: The file-system error when the file cannot be read, `CancellationError`.
    public static func hexDigest(ofFileAt fileURL: URL, progress: (Int64) -> Void = { _ in }) async throws -> String {
        let handle = try FileHandle(forReadingFrom: fileURL)
        defer { try? handle.close() }
        var md5 = MD5()
        var hashed: Int64 = 0
        while true {
            try Task.checkCancellation()
            guard let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty else { break }
            md5.update(piece)
            hashed += Int64(piece.count)
            progress(hashed)
            await Task.yield()
        }
        return md5.hexDigest
    }

    /// Processes one 64-byte block (RFC 1321 §3.4), its four rounds written out: a loop over
    /// tables costs several times more in debug builds, where tests hash files of 100 MiB.
    private mutating func compress(_ block: UnsafeRawPointer) {
        func word(_ index: Int) -> UInt32 {
            UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
        }
        let x0 = word(0), x1 = word(1), x2 = word(2), x3 = word(3), x4 = word(4), x5 = word(5), x6 = word(6), x7 = word(7)
        let x8 = word(8), x9 = word(9), x10 = word(10), x11 = word(11), x12 = word(12), x13 = word(13), x14 = word(14), x15 = word(15)
        var (a, b, c, d) = state

        func rotate(_ value: UInt32, _ shift: UInt32) -> UInt32 { value << shift | value >> (32 - shift) }
        func f(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32, _ t: UInt32) -> UInt32 {
            b &+ rotate(a &+ ((b & c) | (~b & d)) &+ x &+ t, s)
        }
        func g(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32, _ t: UInt32) -> UInt32 {
            b &+ rotate(a &+ ((b & d) | (c & ~d)) &+ x &+ t, s)
        }
        func h(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32, _ t: UInt32) -> UInt32 {
            b &+ rotate(a &+ (b ^ c ^ d) &+ x &+ t, s)
        }
        func i(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ s: UInt32, _ t: UInt32) -> UInt32 {
            b &+ rotate(a &+ (c ^ (b | ~d)) &+ x &+ t, s)
        }

        a = f(a, b, c, d, x0, 7, 0xD76A_A478); d = f(d, a, b, c, x1, 12, 0xE8C7_B756)
        c = f(c, d, a, b, x2, 17, 0x2420_70DB); b = f(b, c, d, a, x3, 22, 0xC1BD_CEEE)
        a = f(a, b, c, d, x4, 7, 0xF57C_0FAF); d = f(d, a, b, c, x5, 12, 0x4787_C62A)
        c = f(c, d, a, b, x6, 17, 0xA830_4613); b = f(b, c, d, a, x7, 22, 0xFD46_9501)
        a = f(a, b, c, d, x8, 7, 0x6980_98D8); d = f(d, a, b, c, x9, 12, 0x8B44_F7AF)
        c = f(c, d, a, b, x10, 17, 0xFFFF_5BB1); b = f(b, c, d, a, x11, 22, 0x895C_D7BE)
        a = f(a, b, c, d, x12, 7, 0x6B90_1122); d = f(d, a, b, c, x13, 12, 0xFD98_7193)
        c = f(c, d, a, b, x14, 17, 0xA679_438E); b = f(b, c, d, a, x15, 22, 0x49B4_0821)

        a = g(a, b, c, d, x1, 5, 0xF61E_2562); d = g(d, a, b, c, x6, 9, 0xC040_B340)
        c = g(c, d, a, b, x11, 14, 0x265E_5A51); b = g(b, c, d, a, x0, 20, 0xE9B6_C7AA)
        a = g(a, b, c, d, x5, 5, 0xD62F_105D); d = g(d, a, b, c, x10, 9, 0x0244_1453)
        c = g(c, d, a, b, x15, 14, 0xD8A1_E681); b = g(b, c, d, a, x4, 20, 0xE7D3_FBC8)
        a = g(a, b, c, d, x9, 5, 0x21E1_CDE6); d = g(d, a, b, c, x14, 9, 0xC337_07D6)
        c = g(c, d, a, b, x3, 14, 0xF4D5_0D87); b = g(b, c, d, a, x8, 20, 0x455A_14ED)
        a = g(a, b, c, d, x13, 5, 0xA9E3_E905); d = g(d, a, b, c, x2, 9, 0xFCEF_A3F8)
        c = g(c, d, a, b, x7, 14, 0x676F_02D9); b = g(b, c, d, a, x12, 20, 0x8D2A_4C8A)

        a = h(a, b, c, d, x5, 4, 0xFFFA_3942); d = h(d, a, b, c, x8, 11, 0x8771_F681)
        c = h(c, d, a, b, x11, 16, 0x6D9D_6122); b = h(b, c, d, a, x14, 23, 0xFDE5_380C)
        a = h(a, b, c, d, x1, 4, 0xA4BE_EA44); d = h(d, a, b, c, x4, 11, 0x4BDE_CFA9)
        c = h(c, d, a, b, x7, 16, 0xF6BB_4B60); b = h(b, c, d, a, x10, 23, 0xBEBF_BC70)
        a = h(a, b, c, d, x13, 4, 0x289B_7EC6); d = h(d, a, b, c, x0, 11, 0xEAA1_27FA)
        c = h(c, d, a, b, x3, 16, 0xD4EF_3085); b = h(b, c, d, a, x6, 23, 0x0488_1D05)
        a = h(a, b, c, d, x9, 4, 0xD9D4_D039); d = h(d, a, b, c, x12, 11, 0xE6DB_99E5)
        c = h(c, d, a, b, x15, 16, 0x1FA2_7CF8); b = h(b, c, d, a, x2, 23, 0xC4AC_5665)

        a = i(a, b, c, d, x0, 6, 0xF429_2244); d = i(d, a, b, c, x7, 10, 0x432A_FF97)
        c = i(c, d, a, b, x14, 15, 0xAB94_23A7); b = i(b, c, d, a, x5, 21, 0xFC93_A039)
        a = i(a, b, c, d, x12, 6, 0x655B_59C3); d = i(d, a, b, c, x3, 10, 0x8F0C_CC92)
        c = i(c, d, a, b, x10, 15, 0xFFEF_F47D); b = i(b, c, d, a, x1, 21, 0x8584_5DD1)
        a = i(a, b, c, d, x8, 6, 0x6FA8_7E4F); d = i(d, a, b, c, x15, 10, 0xFE2C_E6E0)
        c = i(c, d, a, b, x6, 15, 0xA301_4314); b = i(b, c, d, a, x13, 21, 0x4E08_11A1)
        a = i(a, b, c, d, x4, 6, 0xF753_7E82); d = i(d, a, b, c, x11, 10, 0xBD3A_F235)
        c = i(c, d, a, b, x2, 15, 0x2AD7_D2BB); b = i(b, c, d, a, x9, 21, 0xEB86_D391)

        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
