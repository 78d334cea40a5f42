import Foundation

/// What the simulator can tell about an uploaded file from its name and bytes.
struct FileInfo: Sendable, Equatable {
    var format: String?
    var mimeType: String
    var width: Int?
    var height: Int?

    var isImage: Bool { mimeType.hasPrefix("image/") }

    /// Sniffs PNG headers (dimensions from the IHDR chunk); anything else is classified by its
    /// file extension, with unknown dimensions.
    init(filename: String, bytes: Data) {
        if let (width, height) = Self.pngDimensions(bytes) {
            self.init(format: "png", mimeType: "image/png", width: width, height: height)
            return
        }
        let parts = filename.split(separator: ".")
        let fileExtension = parts.count > 1 ? parts.last?.lowercased() : nil
        self.init(format: fileExtension, mimeType: fileExtension.flatMap { Self.mimeTypes[$0] } ?? "application/octet-stream",
                  width: nil, height: nil)
    }

    private init(format: String?, mimeType: String, width: Int?, height: Int?) {
        self.format = format
        self.mimeType = mimeType
        self.width = width
        self.height = height
    }

    private static let mimeTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "svg": "image/svg+xml", "avif": "image/avif", "tiff": "image/tiff",
        "pdf": "application/pdf", "txt": "text/plain", "json": "application/json", "csv": "text/csv",
        "mp4": "video/mp4", "mov": "video/quicktime", "mp3": "audio/mpeg", "zip": "application/zip",
    ]

    /// Width and height of a PNG: the 8-byte signature, then the IHDR chunk (length, "IHDR",
    /// big-endian width, big-endian height).
    static func pngDimensions(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            return nil
        }
        func bigEndian(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        return (bigEndian(16), bigEndian(20))
    }
}
