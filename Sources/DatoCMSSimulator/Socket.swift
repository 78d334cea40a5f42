#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed POSIX call, with the `errno` it left.
struct SocketError: Error, Sendable {
    var operation: String
    var code: Int32
}

/// Thin wrappers over the BSD socket calls the server needs, hiding Glibc/Darwin differences.
///
/// Every function retries on `EINTR`, so callers never see a signal interrupting a blocking call.
enum Socket {
    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    /// Linux has no `SO_NOSIGPIPE`; the per-call flag keeps a vanished client from killing us.
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif

    /// Opens a TCP socket listening on 127.0.0.1:`port` (0 = ephemeral) and returns it with its actual port.
    static func listenOnLoopback(port: UInt16) throws(SocketError) -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw SocketError(operation: "socket", code: errno) }
        do throws(SocketError) {
            setCloseOnExec(descriptor)
            var reuse: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

            var address = sockaddr_in()
            #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
            #endif
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw SocketError(operation: "bind", code: errno) }
            guard listen(descriptor, 128) == 0 else { throw SocketError(operation: "listen", code: errno) }

            var actual = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &actual) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard named == 0 else { throw SocketError(operation: "getsockname", code: errno) }
            return (descriptor, UInt16(bigEndian: actual.sin_port))
        } catch {
            closeDescriptor(descriptor)
            throw error
        }
    }

    /// Accepts one pending connection; `nil` when none was pending or that one connection failed
    /// (e.g. the client aborted it).
    ///
    /// - Throws: when the process or system is out of descriptors or memory. The connection then
    ///   stays queued and the listener stays readable, so the caller must wait before retrying.
    static func accept(from listener: Int32) throws(SocketError) -> Int32? {
        while true {
            #if canImport(Glibc)
            let descriptor = Glibc.accept(listener, nil, nil)
            #else
            let descriptor = Darwin.accept(listener, nil, nil)
            #endif
            if descriptor >= 0 {
                configureConnection(descriptor)
                return descriptor
            }
            switch errno {
            case EINTR: continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: throw SocketError(operation: "accept", code: errno)
            default: return nil
            }
        }
    }

    private static func configureConnection(_ descriptor: Int32) {
        setCloseOnExec(descriptor)
        var on: Int32 = 1
        // Responses go out in one write; Nagle would only delay the last segment.
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    private static func setCloseOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }

    /// Reads up to `buffer.count` bytes. Returns 0 at end of stream, `nil` on error.
    static func receive(_ descriptor: Int32, into buffer: inout [UInt8]) -> Int? {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            return nil
        }
    }

    /// Writes all of `bytes`; `false` when the peer went away first.
    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { sendAll(descriptor, $0) }
    }

    /// Writes all of `bytes` without copying them; `false` when the peer went away first.
    static func sendAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, sendFlags)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Waits until one of `descriptors` is readable (or hung up). Returns the readable ones;
    /// empty on timeout. `timeoutMilliseconds` of -1 waits forever.
    static func waitReadable(_ descriptors: [Int32], timeoutMilliseconds: Int32) -> [Int32] {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let result = poll(&entries, nfds_t(entries.count), timeoutMilliseconds)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return [] }
            return entries.filter { $0.revents != 0 }.map(\.fd)
        }
    }

    /// Stops both directions, waking any thread blocked reading `descriptor`.
    static func shutdownBoth(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Ends our sending side so the peer sees end of stream while we still drain its bytes.
    static func shutdownWrite(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    static func closeDescriptor(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// A pipe used to wake the accept loop: the listening socket cannot be interrupted portably.
    static func makePipe() throws(SocketError) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw SocketError(operation: "pipe", code: errno) }
        setCloseOnExec(descriptors[0])
        setCloseOnExec(descriptors[1])
        return (descriptors[0], descriptors[1])
    }

    static func writeByte(_ descriptor: Int32) {
        var byte: UInt8 = 1
        _ = write(descriptor, &byte, 1)
    }
}
