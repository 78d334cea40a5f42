import Foundation

/// Where an upload helper (``DatoCMSClient/UploadsEndpoints/upload(fileAt:filename:contentType:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``
/// and its siblings) has got to, as its `progress` callback hears it.
///
/// Progress is a callback rather than an `AsyncStream` because the upload is one `async` call
/// whose result is the `Upload`: progress is a side channel of that call, and a callback keeps it
/// so — no second task to consume a stream, no stream outliving the call, no buffering decisions
/// made for you. Each report is a snapshot (not a delta), so dropping some is harmless. Keep the
/// callback quick — byte reports run on the thread moving the bytes — and hand anything slow to
/// another task; wanting a stream is one line away:
///
/// ```swift
/// let (reports, continuation) = AsyncStream.makeStream(of: UploadProgress.self, bufferingPolicy: .bufferingNewest(1))
/// Task { for await report in reports { bar.update(report.fractionCompleted ?? 0) } }
/// let upload = try await client.uploads.upload(fileAt: movie, progress: { continuation.yield($0) })
/// continuation.finish()
/// ```
public struct UploadProgress: Sendable, Hashable, CustomStringConvertible {
    /// The steps of an upload, in the order they happen; a step that does not apply is skipped
    /// (no download for a local file, no duplicate check unless asked for).
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// Downloading a remote file to a temporary file (bytes received; the total when announced).
        case downloading
        /// Computing the file's MD5 (bytes hashed), then looking for an upload with the same one.
        case checkingForDuplicate
        /// Asking DatoCMS for a storage URL (`POST /upload-requests`).
        case requestingUploadURL
        /// Sending the file to storage (bytes sent, of the file's size).
        case uploading
        /// Asking DatoCMS to create the upload from the stored file (`POST /uploads`).
        case creatingUpload
        /// Asking DatoCMS to point an existing upload at the stored file (`PUT /uploads/:id`).
        case updatingUpload
        /// Waiting for DatoCMS's job that processes the file (dimensions, colors, thumbnails).
        case waitingForJob
    }

    /// The current step.
    public var phase: Phase
    /// Bytes done in this step (downloaded, hashed or sent); 0 for steps that move no bytes.
    public var completedBytes: Int64
    /// Bytes in all for this step, when known.
    public var totalBytes: Int64?

    /// Creates a report.
    public init(phase: Phase, completedBytes: Int64 = 0, totalBytes: Int64? = nil) {
        self.phase = phase
        self.completedBytes = completedBytes
        self.totalBytes = totalBytes
    }

    /// `completedBytes / totalBytes`, when the total is known (and not zero).
    public var fractionCompleted: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(completedBytes) / Double(totalBytes))
    }

    public var description: String {
        guard completedBytes > 0 || totalBytes != nil else { return phase.rawValue }
        return "\(phase.rawValue) \(completedBytes)/\(totalBytes.map(String.init) ?? "?") bytes"
    }
}

/// Why an upload helper refused a file before DatoCMS saw it. Failures of DatoCMS or the storage
/// are ``ApiError``s and ``DatoCMSError``s as for every call; a local file that cannot be read
/// fails with the file system's own error.
public enum UploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The remote file is larger than the `maximumDownloadSize` asked for (by its announced
    /// `Content-Length`, or counted while downloading): the download stopped there, its temporary
    /// file is deleted and nothing was sent to DatoCMS.
    case remoteFileTooLarge(url: URL, limit: Int64)
    /// The remote host answered the download with `status` instead of the file (`body` holds the
    /// start of its answer as text, for the reason).
    case remoteFileUnavailable(url: URL, status: Int, body: String)
    /// The path names something other than a regular file (a directory, a device).
    case notAFile(URL)

    public var description: String {
        switch self {
        case .remoteFileTooLarge(let url, let limit):
            return "The file at \(Self.display(url)) is larger than the limit of \(limit) bytes (maximumDownloadSize); nothing was uploaded"
        case .remoteFileUnavailable(let url, let status, let body):
            let reason = body.isEmpty ? "" : ": \(body.prefix(300))"
            return "Downloading \(Self.display(url)) failed with status \(status)\(reason)"
        case .notAFile(let url):
            return "\(url.path) is not a regular file"
        }
    }

    /// The URL without its query, which may hold a signature meant for nobody's logs.
    private static func display(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        components.query = nil
        components.user = nil
        components.password = nil
        return components.string ?? "<url>"
    }
}
