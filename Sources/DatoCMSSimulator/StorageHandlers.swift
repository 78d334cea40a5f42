import Foundation

/// The simulated object storage behind upload-request URLs (`/_storage/<site>/<timestamp>-<name>`).
///
/// Like a presigned S3 URL, it takes no `Authorization` header: the SDK must not send its API
/// token to storage, and tests can check that it did not through
/// ``DatoCMSSimulator/receivedRequests()``.
extension SimulatorState {
    /// `PUT`: stores the bytes at a path handed out by `POST /upload-requests`; 200, empty body.
    mutating func storeFile(_ request: APIRequest) throws -> Reply {
        let path = "/" + request.parameters.joined(separator: "/")
        guard issuedUploadPaths.contains(path) else {
            throw APIError(status: 403, code: "FORBIDDEN", details: ["message": .string("no upload request was issued for \(path)")])
        }
        storage[path] = StoredFile(bytes: request.body ?? Data(), contentType: request.received.header("Content-Type"))
        return Reply(status: 200, body: .none)
    }

    /// `GET`: serves a stored file (upload `url`s point here).
    func serveFile(_ request: APIRequest) throws -> Reply {
        let path = "/" + request.parameters.joined(separator: "/")
        guard let file = storage[path] else { throw APIError.notFound }
        return Reply(status: 200, body: .bytes(file.bytes, contentType: file.contentType ?? "application/octet-stream"))
    }
}
