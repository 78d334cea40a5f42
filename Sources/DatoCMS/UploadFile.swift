import Foundation

extension DatoCMSClient.UploadsEndpoints {
    /// The largest remote file ``upload(fromURL:filename:contentType:maximumDownloadSize:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``
    /// downloads unless told otherwise: 1 GiB.
    public static let defaultMaximumDownloadSize: Int64 = 1 << 30

    /// Uploads a local file the way DatoCMS expects: asks for an upload URL, `PUT`s the file to
    /// that storage URL (with its content type and **without** the API token), creates the upload
    /// and waits for its job.
    ///
    /// The file is streamed from disk: memory stays flat whatever its size (with the default
    /// transport; see ``HTTPTransport`` for your own). The metadata parameters are those of
    /// ``create(path:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:)``.
    ///
    /// ```swift
    /// let upload = try await client.uploads.upload(fileAt: URL(fileURLWithPath: "cover.png"), author: "Ada",
    ///                                               skipCreationIfAlreadyExists: true) { print($0) }
    /// print(upload.attributes.width ?? 0, upload.attributes.md5 ?? "")
    /// ```
    /// - Parameters:
    ///   - fileURL: The file to upload.
    ///   - filename: The name to give it; defaults to the file's own name.
    ///   - contentType: The MIME type; guessed from the name's extension when `nil`.
    ///   - copyright: Copyright notice.
    ///   - author: Who made the asset.
    ///   - notes: Free-text notes for editors.
    ///   - defaultFieldMetadata: Alt text, title and custom data per locale, focal point, poster time.
    ///   - tags: Tags.
    ///   - uploadCollection: The ID of the upload collection (folder) to put it in.
    ///   - skipCreationIfAlreadyExists: First compute the file's MD5 (one more pass over the file)
    ///     and look for an upload with the same one (`filter[fields][md5][eq]`): when there is
    ///     one, it is returned as it is (its metadata untouched) and nothing is uploaded.
    ///   - progress: Told of each step and of the bytes hashed and sent (see ``UploadProgress``):
    ///     in order, never concurrently, from any thread. Byte counts never go backwards.
    /// - Returns: The new upload (or the existing one, see `skipCreationIfAlreadyExists`).
    /// - Throws: ``ApiError`` when DatoCMS or the storage refuses, ``DatoCMSError`` for transport,
    ///   decoding and time-out failures, ``UploadError/notAFile(_:)``, the file system's error when
    ///   the file cannot be read, `CancellationError` when the task is cancelled (no upload is
    ///   created after that, even if the file reached storage).
    @discardableResult
    public func upload(
        fileAt fileURL: URL, filename: String? = nil, contentType: String? = nil,
        copyright: String? = nil, author: String? = nil, notes: String? = nil,
        defaultFieldMetadata: UploadAttributesDefaultFieldMetadata? = nil, tags: [String]? = nil, uploadCollection: String? = nil,
        skipCreationIfAlreadyExists: Bool = false,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) async throws -> Upload {
        let metadata = UploadMetadata(
            copyright: copyright, author: author, notes: notes, defaultFieldMetadata: defaultFieldMetadata,
            tags: tags, uploadCollection: uploadCollection, skipCreationIfAlreadyExists: skipCreationIfAlreadyExists)
        return try await upload(try .file(at: fileURL), filename: filename ?? fileURL.lastPathComponent,
                                contentType: contentType, metadata, reporter: UploadProgressReporter(progress))
    }

    /// What every upload helper does once the bytes are at hand (on disk or in memory): the
    /// duplicate check when asked for, then storage, then the upload.
    private func upload(
        _ body: StorageBody, filename: String, contentType: String?, _ metadata: UploadMetadata, reporter: UploadProgressReporter
    ) async throws -> Upload {
        if metadata.skipCreationIfAlreadyExists {
            let size = body.size
            reporter.bytes(.checkingForDuplicate, TransferProgress(completedBytes: 0, totalBytes: size))
            let md5 = try await body.md5 { hashed in
                reporter.bytes(.checkingForDuplicate, TransferProgress(completedBytes: hashed, totalBytes: size))
            }
            if let existing = try await existingUpload(md5: md5) { return existing }
        }
        let path = try await store(body, filename: filename, contentType: contentType ?? Self.contentType(forFilename: filename), reporter: reporter)
        return try await createUpload(path: path, metadata, reporter: reporter)
    }

    /// What both `replaceFile` helpers do once the new file is on disk: storage, then pointing the
    /// upload at it.
    private func replace(
        _ uploadID: String, with body: StorageBody, filename: String, contentType: String?,
        replaceStrategy: UploadUpdateQueryReplaceStrategy?, reporter: UploadProgressReporter
    ) async throws -> Upload {
        let path = try await store(body, filename: filename, contentType: contentType ?? Self.contentType(forFilename: filename), reporter: reporter)
        return try await pointUpload(uploadID, at: path, replaceStrategy: replaceStrategy, reporter: reporter)
    }

    /// Uploads bytes held in memory as a file named `filename`; see
    /// ``upload(fileAt:filename:contentType:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``.
    /// Upload progress hears only the start and the end of the transfer.
    @discardableResult
    public func upload(
        data: Data, filename: String, contentType: String? = nil,
        copyright: String? = nil, author: String? = nil, notes: String? = nil,
        defaultFieldMetadata: UploadAttributesDefaultFieldMetadata? = nil, tags: [String]? = nil, uploadCollection: String? = nil,
        skipCreationIfAlreadyExists: Bool = false,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) async throws -> Upload {
        let metadata = UploadMetadata(
            copyright: copyright, author: author, notes: notes, defaultFieldMetadata: defaultFieldMetadata,
            tags: tags, uploadCollection: uploadCollection, skipCreationIfAlreadyExists: skipCreationIfAlreadyExists)
        return try await upload(.data(data), filename: filename, contentType: contentType, metadata, reporter: UploadProgressReporter(progress))
    }

    /// Uploads the file at a remote `http(s)` URL: downloads it to a temporary file (streamed, under
    /// `maximumDownloadSize`), then uploads that as
    /// ``upload(fileAt:filename:contentType:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``
    /// does. The temporary file is deleted however the call ends.
    ///
    /// The download is a plain `GET` carrying neither the API token nor any DatoCMS header; it
    /// follows up to 5 redirects, never from `https` to `http`
    /// (see ``APIClient/downloadWithoutCredentials(_:to:maximumSize:maximumRedirects:progress:)``).
    ///
    /// ```swift
    /// let upload = try await client.uploads.upload(fromURL: URL(string: "https://example.com/cat.jpg")!, tags: ["cats"])
    /// ```
    /// - Parameters:
    ///   - remoteURL: Where to download the file from.
    ///   - filename: The name to give it; defaults to the URL's last path component.
    ///   - contentType: The MIME type; when `nil`, the download's `Content-Type`, else a guess from the name.
    ///   - maximumDownloadSize: The largest file accepted, in bytes (announced or counted).
    ///   - copyright: Copyright notice.
    ///   - author: Who made the asset.
    ///   - notes: Free-text notes for editors.
    ///   - defaultFieldMetadata: Alt text, title and custom data per locale, focal point, poster time.
    ///   - tags: Tags.
    ///   - uploadCollection: The ID of the upload collection (folder) to put it in.
    ///   - skipCreationIfAlreadyExists: Look for an upload with the same MD5 first, and return it
    ///     instead of uploading (see the local-file variant).
    ///   - progress: Told of each step, including the bytes downloaded (see ``UploadProgress``).
    /// - Returns: The created upload (or the existing one with the same MD5).
    /// - Throws: As the local-file variant, plus ``UploadError/remoteFileTooLarge(url:limit:)`` and
    ///   ``UploadError/remoteFileUnavailable(url:status:body:)``.
    @discardableResult
    public func upload(
        fromURL remoteURL: URL, filename: String? = nil, contentType: String? = nil,
        maximumDownloadSize: Int64 = defaultMaximumDownloadSize,
        copyright: String? = nil, author: String? = nil, notes: String? = nil,
        defaultFieldMetadata: UploadAttributesDefaultFieldMetadata? = nil, tags: [String]? = nil, uploadCollection: String? = nil,
        skipCreationIfAlreadyExists: Bool = false,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) async throws -> Upload {
        let reporter = UploadProgressReporter(progress)
        let metadata = UploadMetadata(
            copyright: copyright, author: author, notes: notes, defaultFieldMetadata: defaultFieldMetadata,
            tags: tags, uploadCollection: uploadCollection, skipCreationIfAlreadyExists: skipCreationIfAlreadyExists)
        return try await withDownload(of: remoteURL, filename: filename, maximumSize: maximumDownloadSize, reporter: reporter) { file, name, servedType in
            try await upload(try .file(at: file), filename: name, contentType: contentType ?? servedType, metadata, reporter: reporter)
        }
    }

    /// Replaces the file of an existing upload, keeping its ID, metadata and the records that use
    /// it: uploads the new file as
    /// ``upload(fileAt:filename:contentType:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``
    /// does, then points the upload at it (`PUT /uploads/:id` with the new `path`, a job that
    /// recomputes size, dimensions and MD5).
    ///
    /// ```swift
    /// let updated = try await client.uploads.replaceFile(of: upload.id, withFileAt: URL(fileURLWithPath: "cover-v2.png"))
    /// ```
    /// - Parameters:
    ///   - uploadID: The upload whose file to replace.
    ///   - fileURL: The new file.
    ///   - filename: The new file's name; defaults to the file's own name.
    ///   - contentType: The MIME type; guessed from the name's extension when `nil`.
    ///   - replaceStrategy: `keepUrl` to keep serving the asset at its current URL; by default
    ///     (`createNewUrl`) the new file gets a new one.
    ///   - progress: As for the upload helpers; the last steps are `updatingUpload` and `waitingForJob`.
    /// - Returns: The updated upload.
    @discardableResult
    public func replaceFile(
        of uploadID: String, withFileAt fileURL: URL, filename: String? = nil, contentType: String? = nil,
        replaceStrategy: UploadUpdateQueryReplaceStrategy? = nil,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) async throws -> Upload {
        try Self.checkUploadID(uploadID)
        let reporter = UploadProgressReporter(progress)
        return try await replace(uploadID, with: try .file(at: fileURL), filename: filename ?? fileURL.lastPathComponent,
                                 contentType: contentType, replaceStrategy: replaceStrategy, reporter: reporter)
    }

    /// Replaces the file of an existing upload with the file at a remote `http(s)` URL, downloaded
    /// as ``upload(fromURL:filename:contentType:maximumDownloadSize:copyright:author:notes:defaultFieldMetadata:tags:uploadCollection:skipCreationIfAlreadyExists:progress:)``
    /// downloads it; see ``replaceFile(of:withFileAt:filename:contentType:replaceStrategy:progress:)``.
    @discardableResult
    public func replaceFile(
        of uploadID: String, withFileFromURL remoteURL: URL, filename: String? = nil, contentType: String? = nil,
        maximumDownloadSize: Int64 = defaultMaximumDownloadSize,
        replaceStrategy: UploadUpdateQueryReplaceStrategy? = nil,
        progress: (@Sendable (UploadProgress) -> Void)? = nil
    ) async throws -> Upload {
        try Self.checkUploadID(uploadID)
        let reporter = UploadProgressReporter(progress)
        return try await withDownload(of: remoteURL, filename: filename, maximumSize: maximumDownloadSize, reporter: reporter) { file, name, servedType in
            try await replace(uploadID, with: try .file(at: file), filename: name,
                              contentType: contentType ?? servedType, replaceStrategy: replaceStrategy, reporter: reporter)
        }
    }

    // MARK: Steps

    /// The metadata of `uploads.create`, and whether to look for the same file first, carried
    /// from the helpers to the request.
    private struct UploadMetadata {
        var copyright: String?
        var author: String?
        var notes: String?
        var defaultFieldMetadata: UploadAttributesDefaultFieldMetadata?
        var tags: [String]?
        var uploadCollection: String?
        var skipCreationIfAlreadyExists: Bool
    }

    /// What goes to storage: a file streamed from disk, or bytes already in memory.
    private enum StorageBody {
        case file(URL, size: Int64)
        case data(Data)

        /// The regular file at `url` (symbolic links followed), with its size now.
        static func file(at url: URL) throws -> StorageBody {
            .file(url, size: try DatoCMSClient.UploadsEndpoints.regularFileSize(url))
        }

        var size: Int64 {
            switch self {
            case .file(_, let size): return size
            case .data(let data): return Int64(data.count)
            }
        }

        /// The bytes' MD5, as DatoCMS records it; `progress` hears the bytes hashed so far.
        func md5(progress: (Int64) -> Void) async throws -> String {
            switch self {
            case .file(let fileURL, _):
                return try await MD5.hexDigest(ofFileAt: fileURL, progress: progress)
            case .data(let data):
                let digest = MD5.hexDigest(of: data)
                progress(Int64(data.count))
                return digest
            }
        }
    }

    /// The first upload whose file has this MD5.
    private func existingUpload(md5: String) async throws -> Upload? {
        try await list(filterFields: ["md5": ["eq": .string(md5)]], pageLimit: 1).first
    }

    /// Asks for an upload URL and sends the body there; returns the storage path to create the
    /// upload from. The API token must never go to storage: it is another host, and its URL is
    /// already signed.
    private func store(_ body: StorageBody, filename: String, contentType: String, reporter: UploadProgressReporter) async throws -> String {
        try Task.checkCancellation()
        reporter.step(.requestingUploadURL)
        let uploadRequest = try await DatoCMSClient.UploadRequestsEndpoints(core: core).create(filename: filename)
        guard let storageURL = URL(string: uploadRequest.attributes.url) else {
            throw DatoCMSError.invalidRequest("DatoCMS returned an invalid storage URL: \(uploadRequest.attributes.url)")
        }
        // The headers DatoCMS asks for go as they are (a signature may cover them), a
        // `Content-Type` among them replacing ours.
        let extraHeaders = uploadRequest.attributes.requestHeaders ?? [:]
        var headers: [(name: String, value: String)] = []
        if !extraHeaders.keys.contains(where: { $0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", contentType))
        }
        for name in extraHeaders.keys.sorted() where name.lowercased() != "authorization" {
            headers.append((name, extraHeaders[name]!))
        }
        var request = HTTPRequest(method: "PUT", url: storageURL, headers: headers)
        let total = body.size
        reporter.bytes(.uploading, TransferProgress(completedBytes: 0, totalBytes: total))
        let response: HTTPResponse
        switch body {
        case .file(let fileURL, _):
            response = try await core.sendWithoutCredentials(request, bodyFromFile: fileURL) { sent in
                reporter.bytes(.uploading, sent)
            }
        case .data(let data):
            request.body = data
            response = try await core.sendWithoutCredentials(request)
        }
        guard (200..<300).contains(response.status) else {
            throw ApiError(status: response.status, body: response.body, request: RequestSummary(request))
        }
        reporter.bytes(.uploading, TransferProgress(completedBytes: total, totalBytes: total))
        // The file is in storage, but no upload exists yet: a cancelled call stops here.
        try Task.checkCancellation()
        return uploadRequest.id
    }

    /// `POST /uploads` from the stored file, awaiting its job.
    private func createUpload(path: String, _ metadata: UploadMetadata, reporter: UploadProgressReporter) async throws -> Upload {
        reporter.step(.creatingUpload)
        let body = UploadCreateBody(
            path: path, copyright: metadata.copyright, author: metadata.author, notes: metadata.notes,
            defaultFieldMetadata: metadata.defaultFieldMetadata, tags: metadata.tags, uploadCollection: metadata.uploadCollection)
        let request = try APIRequest(method: "POST", pathSegments: ["uploads"], query: nil, body: body)
        return try await core.sendJob(request, decoding: UploadCreateJobResult.self) { jobID in
            if jobID != nil { reporter.step(.waitingForJob) }
        }.data
    }

    /// `PUT /uploads/:id` with the stored file's `path`, awaiting its job.
    private func pointUpload(
        _ uploadID: String, at path: String, replaceStrategy: UploadUpdateQueryReplaceStrategy?, reporter: UploadProgressReporter
    ) async throws -> Upload {
        reporter.step(.updatingUpload)
        let request = try APIRequest(
            method: "PUT", pathSegments: ["uploads", uploadID], query: UploadUpdateQuery(replaceStrategy: replaceStrategy),
            body: UploadUpdateBody(id: uploadID, path: path))
        return try await core.sendJob(request, decoding: UploadUpdateJobResult.self) { jobID in
            if jobID != nil { reporter.step(.waitingForJob) }
        }.data
    }

    /// Downloads `url` into a temporary directory of its own, runs `body` with the file, the name
    /// to give it and the media type it was served as, and deletes the directory however the
    /// call ends (error and cancellation included).
    private func withDownload<Value>(
        of url: URL, filename: String?, maximumSize: Int64, reporter: UploadProgressReporter,
        _ body: (_ file: URL, _ filename: String, _ servedType: String?) async throws -> Value
    ) async throws -> Value {
        let name = filename ?? Self.filename(from: url)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("datocms-download-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("download")

        reporter.bytes(.downloading, TransferProgress(completedBytes: 0, totalBytes: nil))
        let response: HTTPResponse
        do {
            response = try await core.downloadWithoutCredentials(url, to: file, maximumSize: Int(clamping: max(0, maximumSize))) { received in
                reporter.bytes(.downloading, received)
            }
        } catch HTTPTransportError.responseTooLarge {
            throw UploadError.remoteFileTooLarge(url: url, limit: maximumSize)
        }
        guard (200..<300).contains(response.status) else {
            let start = (try? FileHandle(forReadingFrom: file)).flatMap { handle in
                defer { try? handle.close() }
                return try? handle.read(upToCount: 4096)
            } ?? Data()
            throw UploadError.remoteFileUnavailable(url: url, status: response.status, body: String(decoding: start, as: UTF8.self))
        }
        let size = try Self.regularFileSize(file)
        reporter.bytes(.downloading, TransferProgress(completedBytes: size, totalBytes: size))
        let servedType = response.header("Content-Type")
            .map { $0.split(separator: ";").first.map(String.init) ?? $0 }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty || $0.lowercased() == "application/octet-stream" ? nil : $0 }
        return try await body(file, name, servedType)
    }

    // MARK: Helpers

    /// The size of the regular file at `url` (symbolic links followed).
    static func regularFileSize(_ url: URL) throws -> Int64 {
        guard url.isFileURL else { throw UploadError.notAFile(url) }
        let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw UploadError.notAFile(url) }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// A file name for a download: the URL's last path component (percent-decoded), else `file`.
    static func filename(from url: URL) -> String {
        let last = url.lastPathComponent
        return last.isEmpty || last == "/" ? "file" : last
    }

    /// Fails before anything is sent: an empty ID would be refused only after the file was stored.
    private static func checkUploadID(_ uploadID: String) throws {
        guard !uploadID.isEmpty else { throw DatoCMSError.invalidRequest("The upload ID to replace the file of is empty") }
    }

    /// A MIME type for common file extensions; `application/octet-stream` otherwise.
    static func contentType(forFilename filename: String) -> String {
        let types = [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
            "svg": "image/svg+xml", "avif": "image/avif", "heic": "image/heic", "tif": "image/tiff", "tiff": "image/tiff",
            "pdf": "application/pdf", "json": "application/json", "txt": "text/plain", "csv": "text/csv",
            "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "mp3": "audio/mpeg", "wav": "audio/wav",
            "zip": "application/zip",
        ]
        let ext = (filename as NSString).pathExtension.lowercased()
        return types[ext] ?? "application/octet-stream"
    }
}

/// Passes progress on to the caller's callback: in order and never concurrently (it reports under
/// a lock), byte counts never going backwards within a step (a retried transfer is reported again
/// once it passes the point the failed one reached), and at most about one report per percent.
final class UploadProgressReporter: @unchecked Sendable {
    private let sink: (@Sendable (UploadProgress) -> Void)?
    private let lock = NSLock()
    private var last: UploadProgress?

    init(_ sink: (@Sendable (UploadProgress) -> Void)?) { self.sink = sink }

    /// A step that moves no bytes has started.
    func step(_ phase: UploadProgress.Phase) {
        guard let sink else { return }
        lock.withLock {
            let report = UploadProgress(phase: phase)
            last = report
            sink(report)
        }
    }

    /// Bytes moved in `phase`: the first report of a phase always goes out, then only forward
    /// steps of at least 1% (or 1 MiB when the total is unknown), and the one that reaches the total.
    func bytes(_ phase: UploadProgress.Phase, _ progress: TransferProgress) {
        guard let sink else { return }
        lock.withLock {
            let report = UploadProgress(phase: phase, completedBytes: progress.completedBytes, totalBytes: progress.totalBytes)
            if let last, last.phase == phase {
                let learnedTotal = report.totalBytes != last.totalBytes
                guard report.completedBytes > last.completedBytes || (learnedTotal && report.completedBytes == last.completedBytes) else { return }
                let step = report.totalBytes.map { max($0 / 100, 1) } ?? (1 << 20)
                let reachesTotal = report.totalBytes == report.completedBytes
                guard learnedTotal || reachesTotal || report.completedBytes - last.completedBytes >= step else { return }
            }
            last = report
            sink(report)
        }
    }
}
