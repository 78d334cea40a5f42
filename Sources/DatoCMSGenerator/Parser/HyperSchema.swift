/// A JSON Hyper-Schema in DatoCMS's dialect, as written: resources under `definitions`,
/// each with its links. The parser checks structure; meaning is the translator's business.
public struct HyperSchema: Sendable {
    /// The file it was read from (for diagnostics).
    public var file: String
    /// The schema's title, e.g. "DatoCMS Site API".
    public var title: String?
    /// The schema's description.
    public var description: String?
    /// The resources, in source order.
    public var resources: [Resource]
    /// Every schema object in the document, by JSON pointer, for `$ref` resolution.
    public var schemasByPointer: [JSONPointer: Schema]
    /// Every value's pointer in the document, schema or not: `href` placeholders may point at any
    /// member (DatoCMS's account schema points at `…/site_invitation/token`, beside `properties`).
    public var documentPointers: Set<JSONPointer>
    /// The API's base URL, from the root `links` entry with `rel: self` (e.g.
    /// `https://account-api.datocms.com`), when it is an absolute http(s) URL.
    public var baseURL: String?

    /// One API resource: a top-level entry of `definitions` (e.g. `item`).
    public struct Resource: Sendable {
        /// The key under `definitions`, which is also the JSON:API type (e.g. `item_type`).
        public var name: String
        /// The resource's schema.
        public var schema: Schema
        /// The resource's links (endpoints), in source order.
        public var links: [Link]
    }

    /// One link (endpoint) of a resource.
    public struct Link: Sendable {
        /// Where it is in the document.
        public var pointer: JSONPointer
        /// Line of the link object.
        public var line: Int
        /// The relation, e.g. `self`, `instances`, `bulk_publish`.
        public var rel: String
        /// The HTTP method, upper-cased.
        public var method: String
        /// The href template as written, with `{(…)}` placeholders.
        public var href: String
        /// The parsed href.
        public var path: [PathSegment]
        /// Short title.
        public var title: String?
        /// Longer description (Markdown).
        public var description: String?
        /// Whether the link is marked private (still generated).
        public var isPrivate: Bool
        /// Deprecation note, when the link is deprecated.
        public var deprecated: String?
        /// The request body schema.
        public var schema: Schema?
        /// The query-parameter schema.
        public var hrefSchema: Schema?
        /// The response schema.
        public var targetSchema: Schema?
        /// The schema of the eventual job payload, for links that answer with an asynchronous job.
        public var jobSchema: Schema?
    }

    /// A piece of a path: literal text, or a placeholder standing for an ID.
    public enum PathSegment: Sendable, Equatable {
        /// Literal segment text (between slashes).
        case literal(String)
        /// A segment made of literal parts and placeholders (usually one placeholder alone).
        case template([PathPart])
    }

    /// A part of a templated segment.
    public enum PathPart: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// A placeholder, with the pointer it references (e.g. `/definitions/item/definitions/identity`).
        case placeholder(JSONPointer)
    }
}

/// One JSON Schema (draft-04 subset used by hyper-schemas), as written.
public final class Schema: Sendable {
    /// Where it is.
    public let pointer: JSONPointer
    /// Line of the schema object.
    public let line: Int
    /// `$ref`, resolved to a pointer within the document.
    public let ref: JSONPointer?
    /// `type`, always as a list (`"string"` becomes `["string"]`); `nil` when absent.
    public let types: [String]?
    /// `title`.
    public let title: String?
    /// `description`.
    public let description: String?
    /// `properties`, in source order.
    public let properties: [(name: String, schema: Schema)]
    /// `required`.
    public let required: [String]
    /// `items` (a single schema; tuple form is read as its first element, see ``itemsIsTuple``).
    public let items: Schema?
    /// Whether `items` was written as a list (a tuple: one schema per position).
    public let itemsIsTuple: Bool
    /// `additionalProperties` when it is a schema.
    public let additionalPropertiesSchema: Schema?
    /// `additionalProperties` when it is a Boolean.
    public let additionalPropertiesAllowed: Bool?
    /// `patternProperties`, in source order.
    public let patternProperties: [(pattern: String, schema: Schema)]
    /// `anyOf`.
    public let anyOf: [Schema]
    /// `oneOf`.
    public let oneOf: [Schema]
    /// `allOf`.
    public let allOf: [Schema]
    /// `enum` values as written.
    public let enumValues: [JSONNode]?
    /// `enumDescription` (DatoCMS extension): value → description.
    public let enumDescriptions: [String: String]
    /// `pattern`.
    public let pattern: String?
    /// `format`.
    public let format: String?
    /// `example`, as text.
    public let example: String?
    /// `deprecated` note (DatoCMS extension), if any.
    public let deprecated: String?
    /// `definitions`, in source order.
    public let definitions: [(name: String, schema: Schema)]
    /// `maximum`, when it is a whole number (page sizes are the case that matters).
    public let maximum: Int?
    /// `maxItems`, when it is a whole number (bulk endpoints cap their ID lists with it).
    public let maxItems: Int?

    init(
        pointer: JSONPointer, line: Int, ref: JSONPointer?, types: [String]?, title: String?, description: String?,
        properties: [(name: String, schema: Schema)], required: [String], items: Schema?, itemsIsTuple: Bool = false,
        additionalPropertiesSchema: Schema?, additionalPropertiesAllowed: Bool?,
        patternProperties: [(pattern: String, schema: Schema)], anyOf: [Schema], oneOf: [Schema], allOf: [Schema],
        enumValues: [JSONNode]?, enumDescriptions: [String: String], pattern: String?, format: String?,
        example: String?, deprecated: String?, definitions: [(name: String, schema: Schema)],
        maximum: Int? = nil, maxItems: Int? = nil
    ) {
        self.pointer = pointer
        self.line = line
        self.ref = ref
        self.types = types
        self.title = title
        self.description = description
        self.properties = properties
        self.required = required
        self.items = items
        self.itemsIsTuple = itemsIsTuple
        self.additionalPropertiesSchema = additionalPropertiesSchema
        self.additionalPropertiesAllowed = additionalPropertiesAllowed
        self.patternProperties = patternProperties
        self.anyOf = anyOf
        self.oneOf = oneOf
        self.allOf = allOf
        self.enumValues = enumValues
        self.enumDescriptions = enumDescriptions
        self.pattern = pattern
        self.format = format
        self.example = example
        self.deprecated = deprecated
        self.definitions = definitions
        self.maximum = maximum
        self.maxItems = maxItems
    }

    /// The property named `name`, if any.
    public func property(_ name: String) -> Schema? {
        properties.first { $0.name == name }?.schema
    }

    /// Whether `null` is one of the allowed types.
    public var allowsNull: Bool { types?.contains("null") ?? false }

    /// The allowed types other than `null`.
    public var nonNullTypes: [String] { (types ?? []).filter { $0 != "null" } }
}
