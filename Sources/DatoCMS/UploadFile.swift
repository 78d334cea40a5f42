import Foundation

extension DatoCMSClient.UploadsEndpoints {
    /// Uploads a local file the way DatoCMS expects: asks for an upload URL, `PUT`s the bytes to
    /// that storage URL (with the file's content type and **without** the API token), creates
    /// the upload and waits for its job.
    ///
    /// ```swift
    /// let upload = try await client.uploads.upload(fileAt: URL(fileURLWithPath: "cover.png"), author: "Ada")
    /// print(upload.width ?? 0, upload.height ?? 0, upload.format ?? "")   // attributes read directly
    /// ```
    /// - Parameters:
    ///   - fileURL: The file to upload.
    ///   - filename: The name to give it; defaults to the file's own name.
    ///   - contentType: The MIME type; guessed from the extension when `nil`.
    ///   - author: Author metadata.
    ///   - copyright: Copyright metadata.
    ///   - notes: Notes.
    ///   - tags: Tags.
    ///   - uploadCollection: The ID of the upload collection to put it in.
    /// - Returns: The new upload.
    /// - Throws: ``ApiError`` when DatoCMS or the storage refuses, ``DatoCMSError`` for transport
    ///   and decoding failures, or the file-reading error.
    @discardableResult
    public func upload(
        fileAt fileURL: URL, filename: String? = nil, contentType: String? = nil,
        author: String? = nil, copyright: String? = nil, notes: String? = nil, tags: [String]? = nil,
        uploadCollection: String? = nil
    ) async throws -> Upload {
        let data = try Data(contentsOf: fileURL)
        return try await upload(
            data: data, filename: filename ?? fileURL.lastPathComponent, contentType: contentType,
            author: author, copyright: copyright, notes: notes, tags: tags, uploadCollection: uploadCollection)
    }

    /// Uploads bytes as a file named `filename`; see ``upload(fileAt:filename:contentType:author:copyright:notes:tags:uploadCollection:)``.
    @discardableResult
    public func upload(
        data: Data, filename: String, contentType: String? = nil,
        author: String? = nil, copyright: String? = nil, notes: String? = nil, tags: [String]? = nil,
        uploadCollection: String? = nil
    ) async throws -> Upload {
        let request = try await DatoCMSClient.UploadRequestsEndpoints(core: core).create(filename: filename)
        guard let storageURL = URL(string: request.attributes.url) else {
            throw DatoCMSError.invalidRequest("DatoCMS returned an invalid storage URL: \(request.attributes.url)")
        }
        try await putToStorage(data, at: storageURL, contentType: contentType ?? Self.contentType(forFilename: filename), extraHeaders: request.attributes.requestHeaders ?? [:])
        return try await create(
            path: request.id, copyright: copyright, author: author, notes: notes, tags: tags, uploadCollection: uploadCollection)
    }

    /// Sends the bytes to the storage URL. The API token must never go there: the storage is
    /// another host, and the URL is already signed.
    private func putToStorage(_ data: Data, at url: URL, contentType: String, extraHeaders: [String: String]) async throws {
        var headers: [(name: String, value: String)] = [("Content-Type", contentType)]
        for name in extraHeaders.keys.sorted() where name.lowercased() != "authorization" {
            headers.append((name, extraHeaders[name]!))
        }
        let request = HTTPRequest(method: "PUT", url: url, headers: headers, body: data)
        let response = try await core.sendWithoutCredentials(request)
        guard (200..<300).contains(response.status) else {
            throw ApiError(status: response.status, body: response.body, request: RequestSummary(request))
        }
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
