/// Incremental decoder for `Transfer-Encoding: chunked` bodies: fed whatever has arrived, it
/// consumes complete pieces and remembers where it stopped.
struct ChunkedDecoder {
    private enum State {
        case size
        case data(remaining: Int)
        case dataTerminator
        case trailers
        case done
    }

    private var state = State.size
    private(set) var body: [UInt8] = []
    let maximumBody: Int

    init(maximumBody: Int) { self.maximumBody = maximumBody }

    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes bytes from `buffer[index...]`, advancing `index`. Stops when it needs more bytes
    /// or the body is complete.
    mutating func consume(_ buffer: [UInt8], from index: inout Int) throws(HTTPParseError) {
        while true {
            switch state {
            case .done:
                return
            case .size:
                guard let line = Self.line(in: buffer, from: &index) else {
                    if buffer.count - index > 1024 { throw .badRequest("chunk size line too long") }
                    return
                }
                let sizeText = line.split(separator: UInt8(ascii: ";"), maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
                guard !sizeText.isEmpty, sizeText.count <= 15 else { throw .badRequest("invalid chunk size") }
                var size = 0
                for byte in sizeText {
                    guard let digit = HTTPParser.hexValue(byte) else { throw .badRequest("invalid chunk size") }
                    size = size << 4 | Int(digit)
                }
                guard body.count + size <= maximumBody else {
                    throw HTTPParseError(status: 413, message: "request body too large")
                }
                state = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - index)
                guard available > 0 else { return }
                body.append(contentsOf: buffer[index..<index + available])
                index += available
                state = remaining == available ? .dataTerminator : .data(remaining: remaining - available)
            case .dataTerminator:
                guard let line = Self.line(in: buffer, from: &index) else {
                    if buffer.count - index >= 2 { throw .badRequest("missing CRLF after chunk data") }
                    return
                }
                guard line.isEmpty else { throw .badRequest("missing CRLF after chunk data") }
                state = .size
            case .trailers:
                guard let line = Self.line(in: buffer, from: &index) else {
                    if buffer.count - index > 8192 { throw .badRequest("trailer section too long") }
                    return
                }
                if line.isEmpty { state = .done }
            }
        }
    }

    /// The next line (without its CRLF or LF), advancing `index` past it; `nil` if incomplete.
    private static func line(in buffer: [UInt8], from index: inout Int) -> ArraySlice<UInt8>? {
        guard let newline = buffer[index...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var end = newline
        if end > index, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = buffer[index..<end]
        index = newline + 1
        return line
    }
}
