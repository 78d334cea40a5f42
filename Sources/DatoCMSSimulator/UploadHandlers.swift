import Foundation

/// `/upload-requests` and `/uploads` endpoints.
///
/// The upload flow mirrors the real one: `POST /upload-requests` hands out a storage path and a
/// presigned-style URL on this server (`/_storage/…`, see StorageHandlers.swift), the client PUTs
/// the bytes there without API credentials, then `POST /uploads` with that path starts a job
/// that creates the asset.
extension SimulatorState {
    mutating func createUploadRequest(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "upload_request", attributes: .only(["filename"]),
                                            relationships: ["upload_collection"])
        let filename = Self.storageSafe(try input.requiredString("filename"))
        var timestamp = Int(request.now.timeIntervalSince1970)
        var path = "/\(configuration.siteID)/\(timestamp)-\(filename)"
        while issuedUploadPaths.contains(path) {
            timestamp += 1
            path = "/\(configuration.siteID)/\(timestamp)-\(filename)"
        }
        issuedUploadPaths.insert(path)
        return .resource(201, [
            "id": .string(path),
            "type": "upload_request",
            "attributes": ["url": .string("\(baseURL)/_storage\(path)?X-Amz-Signature=sim"), "request_headers": [:]],
        ])
    }

    func listUploads(_ request: APIRequest) throws -> Reply {
        var selected = uploads.all
        if let ids = try request.idsFilter(required: false, limit: maxIDs) {
            let wanted = Set(ids)
            selected = selected.filter { wanted.contains($0.id) }
        }
        // How clients find a file uploaded before (the official ones' `skipCreationIfAlreadyExists`).
        if let md5 = request.query("filter[fields][md5][eq]") {
            let wanted = md5.lowercased()
            selected = selected.filter { $0.attributes["md5"]?.stringValue == wanted }
        }
        return try request.paginatedReply(selected.map(\.resource))
    }

    func showUpload(_ request: APIRequest) throws -> Reply {
        .resource(200, try existingUpload(request.parameter).resource)
    }

    /// Job → 201 `{data: upload}`. Fails with 422 if nothing was stored at `path`.
    mutating func createUpload(_ request: APIRequest) throws -> Reply {
        let input = try parseUploadInput(request, attributes: UploadEntity.creatableAttributes, relationships: ["upload_collection"])
        let path = Self.normalizedPath(try input.requiredString("path"))
        return startJob { state, now in .catching {
            let file = try state.storedFile(at: path)
            var upload = UploadEntity(id: Identifiers.resource(), creatorID: state.configuration.creatorID, path: path,
                                      file: file, baseURL: state.baseURL, locales: state.locales, now: now)
            state.applyMetadata(input, to: &upload)
            state.uploads[upload.id] = upload
            return JobOutcome(status: 201, payload: Document.single(upload.resource))
        } }
    }

    /// Job → 200 `{data: upload}`. A new `path` replaces the file; `basename` renames it.
    mutating func updateUpload(_ request: APIRequest) throws -> Reply {
        let input = try parseUploadInput(request, attributes: UploadEntity.updatableAttributes,
                                         relationships: ["creator", "upload_collection"])
        try checkIDMatches(input, request.parameter)
        try input.checkAttributes(["path", "basename"], are: .string)
        let id = request.parameter
        return startJob { state, now in .catching {
            var upload = try state.existingUpload(id)
            if let path = input.attributes["path"]?.stringValue.map(Self.normalizedPath) {
                upload.replaceFile(path: path, file: try state.storedFile(at: path), baseURL: state.baseURL)
            }
            if let basename = input.attributes["basename"]?.stringValue { upload.rename(basename: basename) }
            if let creator = input.relationships["creator"]?["data"]?["id"]?.stringValue { upload.creatorID = creator }
            state.applyMetadata(input, to: &upload)
            upload.attributes["updated_at"] = .string(Timestamp.utc(now))
            state.uploads[id] = upload
            return JobOutcome(status: 200, payload: Document.single(upload.resource))
        } }
    }

    /// Synchronous, unlike most deletions: 200 with the deleted upload.
    mutating func destroyUpload(_ request: APIRequest) throws -> Reply {
        let upload = try existingUpload(request.parameter)
        uploads[upload.id] = nil
        return .resource(200, upload.resource)
    }

    // MARK: Helpers

    func existingUpload(_ id: String) throws -> UploadEntity {
        guard let upload = uploads[id] else { throw APIError.notFound }
        return upload
    }

    private func storedFile(at path: String) throws -> StoredFile {
        guard let file = storage[path] else {
            throw APIError.invalidField("path", code: "VALIDATION_INVALID", "no file was uploaded to \(path)")
        }
        return file
    }

    private func parseUploadInput(_ request: APIRequest, attributes: Set<String>, relationships: Set<String>) throws -> ResourceInput {
        let input = try ResourceInput.parse(request.body, type: "upload", attributes: .only(attributes), relationships: relationships)
        try input.checkAttributes(["author", "copyright", "notes"], are: .string, nullable: true)
        try input.checkAttributes(["tags"], are: .stringArray)
        try input.checkAttributes(["default_field_metadata"], are: .object)
        return input
    }

    private func applyMetadata(_ input: ResourceInput, to upload: inout UploadEntity) {
        for name in ["author", "copyright", "notes", "tags"] {
            if let value = input.attributes[name] { upload.attributes[name] = value }
        }
        if let metadata = input.attributes["default_field_metadata"]?.objectValue {
            upload.attributes["default_field_metadata"] = UploadEntity.defaultFieldMetadata(
                locales: locales, given: metadata, existing: upload.attributes["default_field_metadata"])
        }
        if let collection = input.relationships["upload_collection"]?["data"] { upload.uploadCollection = collection }
    }

    /// Upload paths always start with `/`, as the API hands them out.
    private static func normalizedPath(_ path: String) -> String { path.hasPrefix("/") ? path : "/" + path }

    /// Keeps file names usable in a URL path without escaping: anything but letters, digits,
    /// `.`, `_` and `-` becomes `-`.
    private static func storageSafe(_ filename: String) -> String {
        let safe = String(filename.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "-"
        })
        return safe.allSatisfy { $0 == "." } ? "file" : safe
    }
}
