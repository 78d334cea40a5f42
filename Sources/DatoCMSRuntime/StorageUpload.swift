import Foundation

/// Transfers of whole files to and from hosts other than the API: the signed storage URL an upload
/// is `PUT` to, and the remote file an upload is made from. Neither ever carries the API token or
/// any of the API's headers, and neither holds the file in memory (with ``URLSessionTransport``;
/// see ``HTTPTransport`` for custom transports).
extension APIClient {
    /// ``sendWithoutCredentials(_:)`` with the contents of `fileURL` as the body, read from disk as
    /// it is sent: memory stays flat whatever the file's size. Any `Authorization` header is
    /// removed, redirects are refused (``DatoCMSError/redirected(request:status:location:)``), and
    /// each attempt and the whole call are bounded by ``RequestTimeouts/storageTransfer``. A failed
    /// attempt is retried as ``RetryPolicy`` allows for the request's method, from the start of
    /// the file (a `PUT` of a file is safe to repeat). A call cancelled or out of time returns
    /// once the transport has stopped and closed the file (waiting at most 10 seconds for it), so
    /// the caller may delete the file at once.
    ///
    /// - Parameter progress: Bytes sent and the file's size, in order, from any thread; a retried
    ///   attempt starts again from 0.
    /// - Returns: The final answer, whatever its status.
    public func sendWithoutCredentials(
        _ request: HTTPRequest, bodyFromFile fileURL: URL, progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }
    ) async throws -> HTTPResponse {
        var request = try withoutCredentials(request)
        request.body = nil
        let transport = configuration.transport
        let maximumSize = max(0, configuration.maximumResponseSize)
        return try await perform(request, paced: false, limits: storageTransferLimits()) { request in
            do {
                return try await transport.send(request, bodyFromFile: fileURL, maximumResponseSize: maximumSize, progress: progress)
            } catch {
                throw Self.finalUnlessNetwork(error)
            }
        }.response
    }

    /// Downloads `url` into `destination` (created, or truncated), writing the body as it arrives,
    /// with a plain `GET` carrying no credential and none of the API's headers (only `Accept` and
    /// the configured `User-Agent`): the remote host learns nothing about your project.
    ///
    /// Redirects are followed, up to `maximumRedirects`, since public files often sit behind one
    /// (the request carries nothing to leak); one from `https` to `http` is refused with
    /// ``DatoCMSError/redirected(request:status:location:)``, as is one past the limit. Attempts
    /// and the whole download are bounded by ``RequestTimeouts/storageTransfer``; failed attempts
    /// are retried as ``RetryPolicy`` allows for a `GET`, starting the file over. A call cancelled
    /// or out of time returns once the transport has stopped writing `destination` (waiting at
    /// most 10 seconds for it).
    ///
    /// - Parameters:
    ///   - maximumSize: The largest body accepted, in bytes, announced or counted (after
    ///     decompression); past it the download stops with ``HTTPTransportError/responseTooLarge(status:limit:)``.
    ///   - progress: Bytes received and the announced size, in order, from any thread.
    /// - Returns: The final answer, with an empty `body` (it is in `destination`), whatever its status.
    public func downloadWithoutCredentials(
        _ url: URL, to destination: URL, maximumSize: Int, maximumRedirects: Int = 5,
        progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }
    ) async throws -> HTTPResponse {
        var request = try withoutCredentials(HTTPRequest(method: "GET", url: url, headers: [("Accept", "*/*"), ("User-Agent", configuration.userAgent)]))
        let transport = configuration.transport
        let limits = storageTransferLimits()
        var redirects = 0
        while true {
            guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw DatoCMSError.invalidRequest("Only http and https URLs can be downloaded, not \(Redaction.redact(request.url.absoluteString, secret: configuration.apiToken))")
            }
            let response = try await perform(request, paced: false, limits: limits, redirects: .returnAnswer) { request in
                do {
                    return try await transport.download(request, to: destination, maximumBodySize: max(0, maximumSize), progress: progress)
                } catch let error as HTTPTransportError {
                    // The caller tells the file's size limit from the API's.
                    throw FinalFailure(underlying: error)
                } catch {
                    throw Self.finalUnlessNetwork(error)
                }
            }.response
            guard (300..<400).contains(response.status), response.header("Location") != nil else { return response }
            guard redirects < maximumRedirects,
                  let location = response.header("Location").flatMap({ URL(string: $0, relativeTo: request.url)?.absoluteURL }),
                  !(request.url.scheme?.lowercased() == "https" && location.scheme?.lowercased() == "http")
            else { throw redirected(request, by: response) }
            redirects += 1
            request.url = location
        }
    }

    /// `error` as an attempt's failure: the network's are retried as the policy allows; any
    /// other (reading or writing a local file) is thrown as it is.
    private static func finalUnlessNetwork(_ error: any Error) -> any Error {
        if error is CancellationError || error is HTTPTransportError || (error as NSError).domain == NSURLErrorDomain { return error }
        return FinalFailure(underlying: error)
    }
}
