import Foundation

/// Limits the server enforces on requests and connections.
struct HTTPLimits: Sendable {
    /// Request line plus header fields.
    var maximumHead = 64 * 1024
    var maximumBody = 32 * 1024 * 1024
    /// Which requests may carry bodies larger than ``maximumBody``, up to ``maximumSpooledBody``:
    /// uploads to the simulated storage (`PUT /_storage/…`), since files are large and S3 takes
    /// them. Their bodies over ``spoolThreshold`` (sent with a `Content-Length`) go to an unlinked
    /// temporary file, hashed on the way, and come back mapped (see ``BodySpool``), so a 100 MiB
    /// upload does not cost 100 MiB of memory. A chunked body stays in memory, under ``maximumBody``.
    var spoolsBody: @Sendable (_ method: String, _ path: String) -> Bool = { method, path in
        method == "PUT" && path.hasPrefix("/_storage/")
    }
    /// The largest body a spooled request may announce (1 GiB): disk is cheaper than memory,
    /// not free.
    var maximumSpooledBody = 1 << 30
    /// Spooled requests' bodies up to this size are read in memory, as others are.
    var spoolThreshold = 1 << 20
    /// How long a connection may send nothing while a request head or body is awaited before it
    /// is closed: each open connection holds a thread and a descriptor.
    var idleTimeout: Duration = .seconds(30)

    /// ``idleTimeout`` as `poll` takes it: at least 1 ms, since 0 would not wait at all.
    var idleTimeoutMilliseconds: Int32 {
        Int32(min(max((idleTimeout / .milliseconds(1)).rounded(.up), 1), Double(Int32.max)))
    }
}

/// Serves the requests of one accepted connection, one after another (HTTP/1.1 keep-alive and
/// pipelining), on the thread that calls ``run()``.
final class HTTPConnection {
    private let descriptor: Int32
    private let handler: any HTTPHandler
    private let limits: HTTPLimits
    /// Received bytes; those before `position` are already consumed.
    private var buffer: [UInt8] = []
    private var position = 0
    private var readChunk = [UInt8](repeating: 0, count: 64 * 1024)
    /// Set when ``fill()`` gave up because the client fell silent, rather than because it closed.
    private var idledOut = false

    init(descriptor: Int32, handler: any HTTPHandler, limits: HTTPLimits) {
        self.descriptor = descriptor
        self.handler = handler
        self.limits = limits
    }

    /// Serves requests until the client closes, asks to close, or sends something unparseable.
    /// The caller closes the descriptor afterwards.
    func run() {
        while serveNextRequest() {}
    }

    /// Reads, answers and consumes one request. Returns whether to keep the connection open.
    private func serveNextRequest() -> Bool {
        let head: RequestHead
        let framing: BodyFraming
        let spooled: Bool
        do {
            guard let headBytes = try readHead() else { return false }
            head = try HTTPParser.parseHead(headBytes)
            spooled = limits.spoolsBody(head.method, head.path)
            framing = try HTTPParser.framing(of: head, maximumBody: spooled ? limits.maximumSpooledBody : limits.maximumBody)
        } catch {
            refuse(error)
            return false
        }

        if framing != .none, head.expectsContinue, head.minorVersion >= 1, position == buffer.count {
            // Clients that sent `Expect: 100-continue` (libcurl does for larger uploads) would
            // otherwise stall for a second before sending the body.
            guard Socket.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return false }
        }

        let body: Data?
        do {
            switch framing {
            case .none: body = nil
            case .length(let length) where spooled && length > limits.spoolThreshold:
                guard let bytes = try spoolBody(length: length) else { return false }
                body = bytes
            case .length(let length): guard let bytes = readBody(length: length) else { return false }; body = bytes
            case .chunked: guard let bytes = try readChunkedBody() else { return false }; body = bytes
            }
        } catch {
            refuse(error)
            return false
        }
        compactBuffer()

        let request = ReceivedRequest(method: head.method, target: head.target, path: head.path,
                                      query: head.query, headers: head.headers, body: body)
        let response = handler.respond(to: request)
        switch response.delivery {
        case .complete:
            break
        case .dropConnection:
            // No byte of an answer: the client cannot tell whether the request was processed.
            lingeringClose()
            return false
        case .truncated:
            _ = Socket.sendAll(descriptor, response.truncatedBytes())
            lingeringClose()
            return false
        case .raw(let script):
            script(LoopbackHTTPServer.RawConnection(descriptor: descriptor))
            lingeringClose()
            return false
        }
        let keepAlive = head.keepAlive
        let bytes = response.serialized(closeConnection: !keepAlive, omitBody: head.method == "HEAD")
        guard Socket.sendAll(descriptor, bytes) else { return false }
        if !keepAlive { lingeringClose() }
        return keepAlive
    }

    /// Sends the error response for a request that could not be parsed, then winds the
    /// connection down: after a framing error the rest of the stream cannot be trusted.
    private func refuse(_ error: HTTPParseError) {
        let response = handler.protocolError(status: error.status, message: error.message)
        _ = Socket.sendAll(descriptor, response.serialized(closeConnection: true, omitBody: false))
        lingeringClose()
    }

    /// Reads until a full request head is buffered and returns it (terminator excluded),
    /// consuming it. `nil` when the client closed between requests.
    private func readHead() throws(HTTPParseError) -> ArraySlice<UInt8>? {
        var scanFrom = position
        while true {
            // Tolerate stray line breaks between pipelined requests (RFC 9112 §2.2).
            while position < buffer.count, buffer[position] == UInt8(ascii: "\r") || buffer[position] == UInt8(ascii: "\n") {
                position += 1
            }
            if position == buffer.count {
                // Nothing pending: drop what was skipped, so endless blank lines cannot grow the buffer.
                compactBuffer()
                scanFrom = 0
            }
            scanFrom = max(scanFrom, position)
            if let (headEnd, next) = findHeadTerminator(from: scanFrom) {
                // Checked here too: a fast client can deliver an oversized head in one read.
                if headEnd - position > limits.maximumHead {
                    throw HTTPParseError(status: 431, message: "request head larger than \(limits.maximumHead) bytes")
                }
                let head = buffer[position..<headEnd]
                position = next
                return head
            }
            scanFrom = max(position, buffer.count - 3)
            if buffer.count - position > limits.maximumHead {
                throw HTTPParseError(status: 431, message: "request head larger than \(limits.maximumHead) bytes")
            }
            guard fill() else {
                // Falling silent mid-head is not malformed, so no 400: the client is dropped as
                // it would be between requests.
                if position < buffer.count, !idledOut { throw .badRequest("connection closed mid-request") }
                return nil
            }
        }
    }

    /// Locates the blank line ending the head: CRLFCRLF, or LFLF from bare-LF clients.
    private func findHeadTerminator(from start: Int) -> (headEnd: Int, next: Int)? {
        var index = start
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                if index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: "\n") {
                    return (index, index + 2)
                }
                if index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: "\r"), buffer[index + 2] == UInt8(ascii: "\n") {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    private func readBody(length: Int) -> Data? {
        while buffer.count - position < length {
            guard fill() else { return nil }
        }
        let body = Data(buffer[position..<position + length])
        position += length
        return body
    }

    /// Reads a body of `length` bytes into a ``BodySpool``, a buffer's worth at a time, and returns
    /// it mapped from disk. `nil` when the client went away mid-body.
    private func spoolBody(length: Int) throws(HTTPParseError) -> Data? {
        do {
            let spool = try BodySpool()
            var remaining = length
            while remaining > 0 {
                if position == buffer.count {
                    compactBuffer()
                    guard fill() else { return nil }
                }
                let count = min(remaining, buffer.count - position)
                try buffer.withUnsafeBytes { bytes in
                    try spool.append(UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
                }
                position += count
                remaining -= count
            }
            return try spool.finish()
        } catch {
            throw HTTPParseError(status: 500, message: "the request body could not be stored: \(error)")
        }
    }

    private func readChunkedBody() throws(HTTPParseError) -> Data? {
        var decoder = ChunkedDecoder(maximumBody: limits.maximumBody)
        while true {
            try decoder.consume(buffer, from: &position)
            if decoder.isComplete { return Data(decoder.body) }
            guard fill() else { return nil }
        }
    }

    /// Appends whatever the socket has next. `false` at end of stream, on error, or when the
    /// client sent nothing for `limits.idleTimeout`.
    private func fill() -> Bool {
        guard !Socket.waitReadable([descriptor], timeoutMilliseconds: limits.idleTimeoutMilliseconds).isEmpty else {
            idledOut = true
            return false
        }
        guard let count = Socket.receive(descriptor, into: &readChunk), count > 0 else { return false }
        buffer.append(contentsOf: readChunk[0..<count])
        return true
    }

    /// Drops consumed bytes so a long keep-alive connection does not grow its buffer forever.
    private func compactBuffer() {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count <= 1 << 20)
            position = 0
        } else if position > 64 * 1024 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    /// Half-closes, then drains what the client still sends for a moment before the caller
    /// closes. Closing with unread bytes pending makes the kernel send RST, which can destroy
    /// the response before the client has read it.
    private func lingeringClose() {
        Socket.shutdownWrite(descriptor)
        let deadline = Date().addingTimeInterval(1)
        var drained = 0
        while drained < 1 << 20 {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard remaining > 0, !Socket.waitReadable([descriptor], timeoutMilliseconds: remaining).isEmpty,
                  let count = Socket.receive(descriptor, into: &readChunk), count > 0 else { return }
            drained += count
        }
    }
}
