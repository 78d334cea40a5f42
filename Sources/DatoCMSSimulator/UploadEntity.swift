import Foundation
import DatoCMSRuntime

/// An asset (`upload`) created from a file in simulated storage.
struct UploadEntity: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    let id: String
    var creatorID: String
    var uploadCollection: JSON = nil
    /// Every attribute as rendered.
    var attributes: [String: JSON]

    static let creatableAttributes: Set<String> = ["path", "copyright", "author", "notes", "default_field_metadata", "tags"]
    static let updatableAttributes: Set<String> = creatableAttributes.union(["basename"])

    init(id: String, creatorID: String, path: String, file: StoredFile, baseURL: String, locales: [String], now: Date) {
        self.id = id
        self.creatorID = creatorID
        let timestamp = JSON.string(Timestamp.utc(now))
        attributes = [
            "author": nil, "notes": nil, "copyright": nil, "tags": [], "smart_tags": [],
            "default_field_metadata": Self.defaultFieldMetadata(locales: locales, given: nil),
            "created_at": timestamp, "updated_at": timestamp,
            "exif_info": [:], "colors": [], "duration": nil, "frame_rate": nil, "mux_playback_id": nil,
            "mux_mp4_highest_res": nil, "blurhash": nil,
        ]
        replaceFile(path: path, file: file, baseURL: baseURL)
    }

    /// Sets the attributes that derive from the file itself.
    mutating func replaceFile(path: String, file: StoredFile, baseURL: String) {
        let filename = Self.filename(fromPath: path)
        let info = FileInfo(filename: filename, bytes: file.bytes)
        attributes["path"] = .string(path)
        attributes["url"] = .string(baseURL + "/_storage" + path)
        attributes["size"] = .number(Double(file.bytes.count))
        attributes["width"] = info.width.map { .number(Double($0)) } ?? .null
        attributes["height"] = info.height.map { .number(Double($0)) } ?? .null
        attributes["format"] = .string(orNull: info.format)
        attributes["mime_type"] = .string(info.mimeType)
        attributes["is_image"] = .bool(info.isImage)
        attributes["md5"] = .string(BodySpool.digest(of: file.bytes) ?? MD5.hexDigest(of: file.bytes))
        setFilename(filename)
    }

    mutating func setFilename(_ filename: String) {
        attributes["filename"] = .string(filename)
        attributes["basename"] = .string(Self.basename(of: filename))
    }

    /// Renames the file keeping its extension (what `PUT /uploads/:id` with `basename` does).
    mutating func rename(basename: String) {
        let current = attributes["filename"]?.stringValue ?? ""
        let parts = current.split(separator: ".")
        setFilename(parts.count > 1 ? "\(basename).\(parts.last!)" : basename)
    }

    /// `/42468/1612788919-image.png` → `image.png`: the storage path prefixes a timestamp.
    static func filename(fromPath path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if let dash = last.firstIndex(of: "-"), !last[..<dash].isEmpty, last[..<dash].allSatisfy(\.isNumber) {
            return String(last[last.index(after: dash)...])
        }
        return last
    }

    static func basename(of filename: String) -> String {
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return filename }
        return String(filename[..<dot])
    }

    /// The asset's default metadata as today's API renders it: `alt`, `title` and `custom_data`
    /// keyed by locale (every project locale present), `focal_point` and `poster_time` once.
    /// `given` patches `existing`: the locales it names replace theirs, keys it leaves out stay.
    static func defaultFieldMetadata(locales: [String], given: [String: JSON]?, existing: JSON? = nil) -> JSON {
        var metadata = existing?.objectValue ?? [:]
        for (key, empty) in [("alt", JSON.null), ("title", .null), ("custom_data", [:])] {
            var perLocale = metadata[key]?.objectValue ?? [:]
            for locale in locales where perLocale[locale] == nil { perLocale[locale] = empty }
            perLocale.merge(given?[key]?.objectValue ?? [:]) { _, new in new }
            metadata[key] = .object(perLocale)
        }
        for key in ["focal_point", "poster_time"] {
            metadata[key] = given?[key] ?? metadata[key] ?? .null
        }
        return .object(metadata)
    }

    var resource: JSON {
        [
            "id": .string(id), "type": "upload", "attributes": .object(attributes),
            "relationships": [
                "creator": Document.relationship("access_token", creatorID),
                "upload_collection": ["data": uploadCollection],
            ],
        ]
    }
}
