import Foundation

/// Servers that misbehave the way real networks and proxies do, on loopback: for testing that a
/// client ends every call in bounded time and memory whatever it is sent. Each is a
/// ``LoopbackHTTPServer`` answering every request the same way, and each stops by itself
/// (at a byte or time bound) so a client that never gives up cannot keep it running.
public enum HostileServers {
    /// Answers every request with `head`, then writes `chunk` until `total` bytes of body have gone
    /// out or the client hangs up. Bounded, so a client that never stops reading cannot keep it going.
    public static func streaming(head: String, chunk: Data, total: Int) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _, connection in
            guard connection.write(head) else { return }
            var sent = 0
            while sent < total, connection.write(chunk) { sent += chunk.count }
        }
    }

    /// A chunked body that goes on (up to `total` bytes) and never says it is done.
    public static func endlessChunked(total: Int = 256 << 20) throws -> LoopbackHTTPServer {
        let payload = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        let chunk = Data("\(String(payload.count, radix: 16))\r\n".utf8) + payload + Data("\r\n".utf8)
        return try streaming(head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunk: chunk, total: total)
    }

    /// A `Content-Length` of 2 GB, and bytes to match (up to `total`).
    public static func hugeContentLength(total: Int = 256 << 20) throws -> LoopbackHTTPServer {
        try streaming(head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n",
                      chunk: Data(repeating: UInt8(ascii: "a"), count: 1 << 20), total: total)
    }

    /// A gzip stream of about `inflatedSize` zero bytes, about 160 times smaller on the wire.
    public static func gzipBomb(inflatedSize: Int = 256 << 20) throws -> LoopbackHTTPServer {
        let bomb = Gzip.zeros(count: inflatedSize)
        return try LoopbackHTTPServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n") else { return }
            var offset = 0
            while offset < bomb.count, connection.write(bomb[offset..<min(offset + (1 << 20), bomb.count)]) { offset += 1 << 20 }
        }
    }

    /// Sends a head announcing `announced` bytes, then one byte every `interval` (at most `limit` bytes).
    public static func trickle(interval: TimeInterval = 0.1, announced: Int = 10_000, limit: Int = 600) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(announced)\r\n\r\n") else { return }
            for _ in 0..<limit {
                guard connection.write(" ") else { return }
                Thread.sleep(forTimeInterval: interval)
            }
        }
    }

    /// Reads the request and says nothing for `silence` (bounded), like a black-holed host.
    public static func silent(for silence: TimeInterval = 60, onRequest: (@Sendable (ReceivedRequest) -> Void)? = nil) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, connection in
            onRequest?(request)
            connection.waitUntilClosed(timeout: silence)
        }
    }
}

/// Builds gzip streams by hand (Foundation has no compressor on Linux).
public enum Gzip {
    /// A valid gzip member holding `data` in stored (uncompressed) deflate blocks.
    public static func stored(_ data: Data) -> Data {
        var out = header
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let length = min(65535, bytes.count - offset)
            let final: UInt8 = offset + length == bytes.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE = 00 (stored); the rest of the byte is padding
            out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
            out.append(contentsOf: bytes[offset..<offset + length])
            offset += length
        } while offset < bytes.count
        out.append(contentsOf: littleEndian(crc32(bytes)))
        out.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: bytes.count)))
        return out
    }

    /// About `count` zero bytes, deflated with fixed Huffman codes: one literal zero, then matches
    /// of 258 bytes at distance 1, 13 bits each (about 160:1). The trailer's checksum is left zero:
    /// a client is meant to give up long before it would check it.
    public static func zeros(count: Int) -> Data {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE = 01, fixed Huffman
        bits.writeCode(0x30, length: 8)  // literal 0
        writeMatch(&bits)  // 3 + 8 + 13 = 24 bits: byte-aligned from here on
        var out = header + Data(bits.bytes)
        bits = BitWriter()
        for _ in 0..<8 { writeMatch(&bits) }  // 8 × 13 bits = 13 bytes, repeatable as they are
        let pattern = Data(bits.bytes)
        let repeats = max(0, (count - 259) / (258 * 8))
        out.reserveCapacity(out.count + repeats * pattern.count + 16)
        for _ in 0..<repeats { out.append(pattern) }
        bits = BitWriter()
        bits.writeCode(0, length: 7)  // end of block
        bits.flush()
        out.append(contentsOf: bits.bytes)
        out.append(contentsOf: [0, 0, 0, 0])
        out.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: 1 + 258 * (1 + repeats * 8))))
        return out
    }

    private static let header = Data([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF])

    private static func writeMatch(_ bits: inout BitWriter) {
        bits.writeCode(0xC5, length: 8)  // length symbol 285: 258 bytes
        bits.writeCode(0, length: 5)  // distance code 0: distance 1
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Deflate's bit order: values least significant bit first, Huffman codes most significant first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var current: UInt8 = 0
        private var used = 0

        mutating func write(_ value: UInt32, count: Int) {
            for index in 0..<count { append(bit: (value >> index) & 1 == 1) }
        }

        mutating func writeCode(_ code: UInt32, length: Int) {
            for index in stride(from: length - 1, through: 0, by: -1) { append(bit: (code >> index) & 1 == 1) }
        }

        mutating func flush() {
            if used > 0 { bytes.append(current); current = 0; used = 0 }
        }

        private mutating func append(bit: Bool) {
            if bit { current |= 1 << used }
            used += 1
            if used == 8 { flush() }
        }
    }
}
