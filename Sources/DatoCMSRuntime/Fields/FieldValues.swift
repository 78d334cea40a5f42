import Foundation

/// The value of a `color` field: `{"red": 239, "green": 68, "blue": 68, "alpha": 255}`, each
/// channel 0 through 255.
public struct ColorValue: Codable, Hashable, Sendable {
    /// Red, 0 through 255.
    public var red: Int
    /// Green, 0 through 255.
    public var green: Int
    /// Blue, 0 through 255.
    public var blue: Int
    /// Opacity, 0 (transparent) through 255 (opaque).
    public var alpha: Int

    /// A color; opaque unless you say otherwise.
    public init(red: Int, green: Int, blue: Int, alpha: Int = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Reads `#RRGGBB` or `#RRGGBBAA` (the `#` optional, either case), as design tools write
    /// colors; `nil` for anything else.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6 || digits.count == 8, digits.allSatisfy(\.isHexDigit), let packed = UInt32(digits, radix: 16) else { return nil }
        let value = digits.count == 6 ? packed << 8 | 0xFF : packed
        self.init(red: Int(value >> 24 & 0xFF), green: Int(value >> 16 & 0xFF), blue: Int(value >> 8 & 0xFF), alpha: Int(value & 0xFF))
    }

    /// `#rrggbb`, or `#rrggbbaa` when not opaque (channels out of range are clamped).
    public var hex: String {
        let channels = alpha == 255 ? [red, green, blue] : [red, green, blue, alpha]
        return "#" + channels.map { channel in
            let text = String(min(max(channel, 0), 255), radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}

/// The value of a `lat_lon` field: `{"latitude": 45.46, "longitude": 9.19}`, in degrees.
public struct LatLonValue: Codable, Hashable, Sendable {
    /// Degrees north of the equator (negative south), -90 through 90.
    public var latitude: Double
    /// Degrees east of Greenwich (negative west), -180 through 180.
    public var longitude: Double

    /// A position.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// The value of a `seo` field: what search engines and social cards show for the record. Every
/// member is optional; a request leaves out the ones that are `nil`.
public struct SEOValue: Codable, Hashable, Sendable {
    /// The page title.
    public var title: String?
    /// The page description.
    public var description: String?
    /// The ID of the upload to show as the social image.
    public var image: String?
    /// The kind of Twitter card.
    public var twitterCard: TwitterCard?
    /// Whether search engines should leave the page out of their index.
    public var noIndex: Bool?

    /// A value; members left `nil` are left out of requests.
    public init(title: String? = nil, description: String? = nil, image: String? = nil, twitterCard: TwitterCard? = nil, noIndex: Bool? = nil) {
        self.title = title
        self.description = description
        self.image = image
        self.twitterCard = twitterCard
        self.noIndex = noIndex
    }

    /// A Twitter card kind: `summary` or `summary_large_image`; other names are kept as sent.
    public struct TwitterCard: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
        /// The name on the wire.
        public var rawValue: String
        /// A kind by its wire name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A kind by its wire name.
        public init(stringLiteral value: String) { rawValue = value }
        /// A small square image beside the text.
        public static let summary = TwitterCard(rawValue: "summary")
        /// A large image above the text.
        public static let summaryLargeImage = TwitterCard(rawValue: "summary_large_image")
    }

    private enum CodingKeys: String, CodingKey {
        case title, description, image
        case twitterCard = "twitter_card"
        case noIndex = "no_index"
    }
}

/// The value of a `video` field: an embedded video of YouTube, Vimeo or Facebook, with what
/// DatoCMS read from the provider.
public struct VideoValue: Codable, Hashable, Sendable {
    /// Where the video is hosted.
    public var provider: Provider
    /// The video's ID at the provider.
    public var providerUID: String
    /// The video's page.
    public var url: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The provider's still image of the video.
    public var thumbnailURL: String
    /// The video's title at the provider.
    public var title: String

    /// A value with every member, as DatoCMS stores it.
    public init(provider: Provider, providerUID: String, url: String, width: Int, height: Int, thumbnailURL: String, title: String) {
        self.provider = provider
        self.providerUID = providerUID
        self.url = url
        self.width = width
        self.height = height
        self.thumbnailURL = thumbnailURL
        self.title = title
    }

    /// A video host: `youtube`, `vimeo` or `facebook`; other names are kept as sent.
    public struct Provider: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
        /// The name on the wire.
        public var rawValue: String
        /// A host by its wire name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A host by its wire name.
        public init(stringLiteral value: String) { rawValue = value }
        /// YouTube.
        public static let youtube = Provider(rawValue: "youtube")
        /// Vimeo.
        public static let vimeo = Provider(rawValue: "vimeo")
        /// Facebook.
        public static let facebook = Provider(rawValue: "facebook")
    }

    private enum CodingKeys: String, CodingKey {
        case provider, url, width, height, title
        case providerUID = "provider_uid"
        case thumbnailURL = "thumbnail_url"
    }
}

/// The value of a `file` field, and each element of a `gallery` field: an upload plus what this
/// record says about it.
///
/// Responses carry every member (`custom_data` as `{}` when empty); a request needs only the
/// upload, and leaves out what is `nil` or empty so DatoCMS applies its defaults (a `nil` `alt`
/// or `title` falls back to the upload's own):
///
/// ```swift
/// article.cover = FileValue(uploadID: upload.id)                 // {"upload_id": "…"}
/// article.cover = FileValue(uploadID: upload.id, alt: "A cat", focalPoint: .init(x: 0.5, y: 0.3))
/// ```
public struct FileValue: Codable, Hashable, Sendable {
    /// The upload's ID.
    public var uploadID: String
    /// Alternative text for this use of the upload; `nil` uses the upload's default.
    public var alt: String?
    /// Title for this use of the upload; `nil` uses the upload's default.
    public var title: String?
    /// Free key–value data for this use of the upload.
    public var customData: [String: JSONValue]
    /// Where to keep the picture centred when cropping; `nil` for the middle.
    public var focalPoint: FocalPoint?
    /// For a video, the second of the frame used as its poster image.
    public var posterTime: Double?

    /// A file; only `uploadID` is required.
    public init(uploadID: String, alt: String? = nil, title: String? = nil, customData: [String: JSONValue] = [:],
                focalPoint: FocalPoint? = nil, posterTime: Double? = nil) {
        self.uploadID = uploadID
        self.alt = alt
        self.title = title
        self.customData = customData
        self.focalPoint = focalPoint
        self.posterTime = posterTime
    }

    /// A point of a picture, as fractions of its width and height (0 through 1, from the top left).
    public struct FocalPoint: Codable, Hashable, Sendable {
        /// Fraction of the width, from the left.
        public var x: Double
        /// Fraction of the height, from the top.
        public var y: Double

        /// A point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    private enum CodingKeys: String, CodingKey {
        case alt, title
        case uploadID = "upload_id"
        case customData = "custom_data"
        case focalPoint = "focal_point"
        case posterTime = "poster_time"
    }

    /// Reads a response's value, or a request's: members other than `upload_id` may be missing
    /// or `null` (`custom_data` then is empty).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uploadID = try container.decode(String.self, forKey: .uploadID)
        alt = try container.decodeIfPresent(String.self, forKey: .alt)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        customData = try container.decodeIfPresent([String: JSONValue].self, forKey: .customData) ?? [:]
        focalPoint = try container.decodeIfPresent(FocalPoint.self, forKey: .focalPoint)
        posterTime = try container.decodeIfPresent(Double.self, forKey: .posterTime)
    }

    /// Writes `upload_id` and only the members that hold something, so DatoCMS fills in the rest.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uploadID, forKey: .uploadID)
        try container.encodeIfPresent(alt, forKey: .alt)
        try container.encodeIfPresent(title, forKey: .title)
        if !customData.isEmpty { try container.encode(customData, forKey: .customData) }
        try container.encodeIfPresent(focalPoint, forKey: .focalPoint)
        try container.encodeIfPresent(posterTime, forKey: .posterTime)
    }
}

/// The value of a `json` field. On the wire it is a *string* holding JSON (`"{\"a\":1}"`), not
/// the JSON itself; this type parses it, so you work with ``value``.
///
/// Text that is not JSON fails to decode with a `DecodingError` at the field's path. A value
/// read from the API keeps its text as sent, so writing it back unchanged sends the same string.
///
/// ```swift
/// product.specs = JSONString(["weight": 1.2, "colors": ["red", "blue"]])
/// let weight = product.specs?.value["weight"]?.doubleValue
/// ```
public struct JSONString: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The JSON the string holds. Setting it rewrites ``text`` (keys sorted, compact).
    public var value: JSONValue {
        didSet { textAsRead = nil }
    }
    /// The string as it was read, while ``value`` is unchanged: sent back as it came.
    private var textAsRead: String?

    /// The string as it goes on the wire: as read, or ``value`` written compactly with sorted keys.
    public var text: String {
        textAsRead ?? (try? Self.serialize(value)) ?? "null"
    }

    /// Holds `value`, written compactly with sorted keys.
    public init(_ value: JSONValue) {
        self.value = value
    }

    /// Holds the JSON an `Encodable` value encodes to, e.g. a struct of your own.
    public init<T: Encodable>(encoding value: T) throws {
        self.init(try JSONValue(encoding: value))
    }

    /// Parses `text`, keeping it as it is.
    /// - Throws: `DecodingError.dataCorrupted` when `text` is not JSON.
    public init(parsing text: String) throws {
        try self.init(parsing: text, codingPath: [])
    }

    /// The JSON as one of your `Decodable` types.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try value.decode(as: type)
    }

    /// The text.
    public var description: String { text }

    /// Equal when they hold the same JSON, however it is spelled.
    public static func == (lhs: JSONString, rhs: JSONString) -> Bool { lhs.value == rhs.value }

    /// Hashes the JSON, not its spelling, as `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// Reads the wire string and parses it.
    /// - Throws: `DecodingError.typeMismatch` for anything but a string, `.dataCorrupted` at this
    ///   path when the string is not JSON.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text, codingPath: decoder.codingPath)
    }

    /// Writes the text, as a JSON string.
    /// - Throws: `EncodingError.invalidValue` when ``value`` holds a number JSON cannot write
    ///   (infinity, NaN), rather than sending something else.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(textAsRead ?? Self.serialize(value))
    }

    private init(parsing text: String, codingPath: [any CodingKey]) throws {
        do {
            value = try JSONValue.decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath, debugDescription: "a json field holds a string of JSON; this one is not JSON", underlyingError: error))
        }
        textAsRead = text
    }

    private static func serialize(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
