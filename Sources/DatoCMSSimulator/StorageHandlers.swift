import Foundation
import DatoCMSRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The simulated object storage behind upload-request URLs (`/_storage/<site>/<timestamp>-<name>`).
///
/// Like a presigned S3 URL, it takes no `Authorization` header: the SDK must not send its API
/// token to storage, and tests can check that it did not through
/// ``DatoCMSSimulator/receivedRequests()``. Large files never sit in memory: the connection spools
/// their bodies to disk (``BodySpool``), and the upload's `md5` is the digest computed on the way.
extension SimulatorState {
    /// `PUT`: stores the bytes at a path handed out by `POST /upload-requests`; 200, empty body.
    /// A second `PUT` to the same path replaces the bytes, as S3 does.
    mutating func storeFile(_ request: APIRequest) throws -> Reply {
        let path = "/" + request.parameters.joined(separator: "/")
        guard issuedUploadPaths.contains(path) else {
            throw APIError(status: 403, code: "FORBIDDEN", details: ["message": .string("no upload request was issued for \(path)")])
        }
        storage[path] = StoredFile(bytes: request.body ?? Data(), contentType: request.received.header("Content-Type"))
        return Reply(status: 200, body: .none)
    }

    /// `GET`: serves a stored file (upload `url`s point here). The answer is built in memory, so
    /// serving a file costs its size while it is sent.
    func serveFile(_ request: APIRequest) throws -> Reply {
        let path = "/" + request.parameters.joined(separator: "/")
        guard let file = storage[path] else { throw APIError.notFound }
        return Reply(status: 200, body: .bytes(file.bytes, contentType: file.contentType ?? "application/octet-stream"))
    }
}

/// A request body written to disk as it arrives, then mapped back as `Data`: it costs no memory
/// until read, and reading a prefix (to sniff an image's size) touches only that prefix.
///
/// The file is unlinked as soon as it is created, so nothing is left behind whatever happens (a
/// client gone mid-body, a crash): the descriptor, then the mapping, keep the bytes alive, and
/// the disk space is freed when the last `Data` sharing them goes. The body's MD5 is computed on
/// the way in and remembered for the mapping's lifetime (``digest(of:)``), since hashing it later
/// would read the whole file back into memory.
final class BodySpool {
    /// A failed system call while spooling.
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
    }

    private var descriptor: Int32
    private var md5 = MD5()
    private var count = 0

    /// Digests of the mapped bodies, by the mapping's address. An entry is added when the mapping
    /// is made and removed by its deallocator before the address can be reused.
    private static let digests = Locked<[UInt: Digest]>([:])

    private struct Digest: Sendable {
        var count: Int
        var md5: String
    }

    /// Creates an empty, already unlinked file in the temporary directory.
    init() throws(Failure) {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("datocms-simulator-body-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard created >= 0 else { throw Failure(operation: "mkstemp", code: errno) }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        descriptor = created
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Writes `bytes` at the end of the file and adds them to the digest.
    func append(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", code: errno)
            }
            offset += written
        }
        md5.update(bytes)
        count += bytes.count
    }

    /// The body written so far, mapped copy-on-write (a write to the `Data` never reaches the
    /// file). Closes the file; the spool is spent.
    func finish() throws(Failure) -> Data {
        guard count > 0 else { return Data() }
        let mapped = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0)
        guard let address = mapped, address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw Failure(operation: "mmap", code: errno)
        }
        close(descriptor)
        descriptor = -1
        let digest = Digest(count: count, md5: md5.hexDigest)
        Self.digests.withLock { $0[UInt(bitPattern: address)] = digest }
        return Data(bytesNoCopy: address, count: count, deallocator: .custom { pointer, length in
            Self.digests.withLock { _ = $0.removeValue(forKey: UInt(bitPattern: pointer)) }
            munmap(pointer, length)
        })
    }

    /// The MD5 computed while `data` was spooled, when it is (all of) a spooled body.
    static func digest(of data: Data) -> String? {
        data.withUnsafeBytes { bytes -> String? in
            guard let base = bytes.baseAddress else { return nil }
            let digest = digests.withLock { $0[UInt(bitPattern: base)] }
            return digest?.count == bytes.count ? digest?.md5 : nil
        }
    }
}
