/// The intermediate description of the Swift to emit: what the translator decides,
/// what the renderer prints. No Swift syntax lives here, only declarations' meaning.

/// A reference to a Swift type.
public indirect enum TypeRef: Hashable, Sendable {
    /// A generated, non-generic type.
    case named(String)
    /// A generated generic type with its arguments, e.g. `Item<Attributes>`.
    case generic(String, [TypeRef])
    /// A type of the runtime module, e.g. `JSONValue`.
    case runtime(String)
    /// A standard-library type: `String`, `Int`, `Double`, `Bool`.
    case builtin(String)
    /// `[Element]`.
    case array(TypeRef)
    /// `[String: Value]`.
    case dictionary(TypeRef)
    /// A generic parameter of the enclosing declaration.
    case parameter(String)
    /// `Wrapped?`: an array element or dictionary value that may be `null`.
    case optional(TypeRef)
    /// `Nullable<Wrapped>`: a request member the caller may set, clear (an explicit `null`) or
    /// leave out (as `Nullable<Wrapped>?`).
    case nullable(TypeRef)

    /// Free-form JSON.
    public static let json = TypeRef.runtime("JSONValue")
}

/// Documentation text for a declaration.
public struct Documentation: Hashable, Sendable {
    /// The first paragraph.
    public var summary: String?
    /// Further paragraphs (Markdown).
    public var details: [String] = []

    /// Creates documentation.
    public init(summary: String? = nil, details: [String] = []) {
        self.summary = summary?.trimmingWhitespace.nilIfEmpty
        self.details = details.compactMap { $0.trimmingWhitespace.nilIfEmpty }
    }
}

/// A stored property of a generated struct.
public struct PropertyDecl: Hashable, Sendable {
    /// The Swift name (not escaped).
    public var name: String
    /// The JSON key.
    public var key: String
    /// The type, without optionality.
    public var type: TypeRef
    /// Whether the property is optional (`T?`): not required, or nullable.
    public var isOptional: Bool
    /// Documentation.
    public var doc: Documentation
    /// Whether `nil` is sent as an explicit `null` (a request member that is required but
    /// nullable: leaving it out would be refused) rather than left out.
    public var sendsNull: Bool = false
}

/// A generated struct: a resource, an object schema, a document, query parameters.
public struct StructDecl: Hashable, Sendable {
    /// The type name.
    public var name: String
    /// Documentation.
    public var doc: Documentation
    /// The generic parameter (record attributes), if the struct is generic.
    public var genericParameter: String?
    /// Stored properties in schema order.
    public var properties: [PropertyDecl]
    /// The property whose members are readable directly on the struct (`record.title`).
    public var dynamicMemberProperty: String?
    /// Whether the struct describes query parameters (conforms to `QueryParameters`).
    public var isQuery: Bool = false
}

/// A string enumeration that keeps unknown values (a `RawRepresentable` struct with constants).
public struct OpenEnumDecl: Hashable, Sendable {
    /// The type name.
    public var name: String
    /// Documentation.
    public var doc: Documentation
    /// The known values.
    public var cases: [Case]

    /// One known value.
    public struct Case: Hashable, Sendable {
        /// The Swift name of the constant.
        public var name: String
        /// The raw value.
        public var value: String
        /// Its description, from `enumDescription`.
        public var doc: Documentation
    }
}

/// Where a field of a flattened JSON:API request body goes in the envelope.
public enum EnvelopeLocation: Hashable, Sendable {
    /// `data.id`.
    case id
    /// A member of `data.attributes`.
    case attribute
    /// `data.attributes` as a whole (free-form record attributes).
    case wholeAttributes
    /// A to-one relationship taking an ID, to resources of the given type.
    case toOne(type: String)
    /// A to-one relationship to resources of several types, taking a `ResourceIdentifier`.
    case toOneIdentifier
    /// A to-many relationship taking IDs, to resources of the given type.
    case toMany(type: String)
    /// A to-many relationship to resources of several types.
    case toManyIdentifiers
    /// A member of `data.relationships` that is not a plain relationship, sent as is.
    case rawRelationship
    /// A member of `data.meta`.
    case meta
}

/// A request body users fill in flat (`name:`, `itemType:`), encoded into the JSON:API envelope.
public struct EnvelopeDecl: Hashable, Sendable {
    /// The type name.
    public var name: String
    /// Documentation.
    public var doc: Documentation
    /// The constant `data.type`.
    public var typeConstant: String
    /// The generic parameter for free-form attributes, if any.
    public var genericParameter: String?
    /// The fields, in order: id, attributes, relationships, meta.
    public var fields: [Field]

    /// A field and where it goes.
    public struct Field: Hashable, Sendable {
        /// The Swift property.
        public var property: PropertyDecl
        /// Its place in the envelope.
        public var location: EnvelopeLocation
    }
}

/// Any generated type declaration.
public enum TypeDecl: Hashable, Sendable {
    case structure(StructDecl)
    case openEnum(OpenEnumDecl)
    case envelope(EnvelopeDecl)
    case alias(name: String, doc: Documentation, target: TypeRef)
    case choice(ChoiceDecl)
    case documentAlias(DocumentAliasDecl)

    /// The declared name.
    public var name: String {
        switch self {
        case .structure(let decl): return decl.name
        case .openEnum(let decl): return decl.name
        case .envelope(let decl): return decl.name
        case .alias(let name, _, _): return name
        case .choice(let decl): return decl.name
        case .documentAlias(let decl): return decl.name
        }
    }
}

/// A response document holding only its primary `data`: a name for the runtime's
/// `JSONAPIDocument` over that data, instead of a struct of its own.
public struct DocumentAliasDecl: Hashable, Sendable {
    public var name: String
    public var doc: Documentation
    /// The type of `data`.
    public var data: TypeRef
    /// Set when the data holds records, whose attributes the caller chooses.
    public var genericParameter: String?
}

/// A value that is one of several object shapes (an `anyOf` of objects in a request body): an
/// enum with one case per option, encoded as the option itself.
public struct ChoiceDecl: Hashable, Sendable {
    /// The type name.
    public var name: String
    /// Documentation.
    public var doc: Documentation
    /// The options, in schema order.
    public var cases: [Case]

    /// One option.
    public struct Case: Hashable, Sendable {
        /// The case name, from the option's title or the key only it has.
        public var name: String
        /// The option's type.
        public var type: TypeRef
        /// Documentation.
        public var doc: Documentation
    }
}

/// One path segment of an endpoint.
public enum PathSegmentDecl: Hashable, Sendable {
    /// Literal text.
    case literal(String)
    /// A segment built from text and parameters.
    case parts([PathPartDecl])
}

/// A part of a templated segment.
public enum PathPartDecl: Hashable, Sendable {
    case text(String)
    case parameter(String)
}

/// A function parameter of an endpoint.
public struct ParameterDecl: Hashable, Sendable {
    /// Argument label (`nil` for `_`).
    public var label: String?
    /// Parameter name.
    public var name: String
    /// Its type, without optionality.
    public var type: TypeRef
    /// Whether it is optional.
    public var isOptional: Bool
    /// The default value expression, if any (e.g. `nil`).
    public var defaultValue: String?
    /// Documentation for the `- Parameters:` list.
    public var doc: String?
}

/// How a request body reaches the endpoint.
public struct BodyDecl: Hashable, Sendable {
    /// The body's type.
    public var type: TypeRef
    /// Whether the body may be left out altogether (then nothing is sent, not even `{}`).
    public var isOptional: Bool
    /// The flattened envelope, when the body is a JSON:API envelope.
    public var envelope: EnvelopeDecl?
    /// The path parameter that fills `data.id`, when the body carries the ID the path already names.
    public var idFromPathParameter: String?
}

/// The query parameters of an endpoint.
public struct QueryDecl: Hashable, Sendable {
    /// The generated struct.
    public var type: StructDecl
}

/// What an endpoint answers.
public enum ResponseKind: Hashable, Sendable {
    /// Nothing of interest.
    case none
    /// A document decoded from the response.
    case document(TypeRef)
    /// An asynchronous job, whose payload is decoded once it is done.
    case job(TypeRef)
}

/// One link, as two functions: a friendly one (flat parameters, unwrapped data) and a raw one
/// (structs in, the whole document out).
public struct EndpointDecl: Hashable, Sendable {
    /// The Swift function name.
    public var name: String
    /// Documentation.
    public var doc: Documentation
    /// `rel` as written.
    public var rel: String
    /// The HTTP method.
    public var method: String
    /// The href with readable placeholders, for docs.
    public var displayPath: String
    /// The path segments.
    public var path: [PathSegmentDecl]
    /// Parameters standing for path IDs, in order.
    public var pathParameters: [ParameterDecl]
    /// The body, if the link has one.
    public var body: BodyDecl?
    /// The query parameters, if any.
    public var query: QueryDecl?
    /// The response.
    public var response: ResponseKind
    /// The type the friendly function returns instead of the whole document (its `data`), if any.
    public var unwrappedData: (type: TypeRef, isOptional: Bool)?
    /// The generic parameter (record attributes) of the functions, if generic.
    public var genericParameter: String?
    /// Whether the link is private in the schema.
    public var isPrivate: Bool
    /// The deprecation message, if deprecated.
    public var deprecated: String?
    /// How to walk every page, for a listing with `page[offset]` and `page[limit]`.
    public var paging: PagingDecl?
    /// How to split a job's ID list into requests the API accepts, for a bulk or batch link.
    public var chunking: ChunkingDecl?

    public static func == (lhs: EndpointDecl, rhs: EndpointDecl) -> Bool { lhs.name == rhs.name && lhs.rel == rhs.rel && lhs.displayPath == rhs.displayPath }
    public func hash(into hasher: inout Hasher) { hasher.combine(name); hasher.combine(rel) }
}

/// What the paged helpers of a listing need: which query properties carry the page, the largest
/// page, where the answer says how many elements there are, and the helpers' names.
public struct PagingDecl: Hashable, Sendable {
    /// The query struct's property for `page[offset]`.
    public var offsetProperty: String
    /// The query struct's property for `page[limit]`.
    public var limitProperty: String
    /// The schema's `maximum` for `page[limit]`, if any.
    public var maximumPageSize: Int?
    /// The element type of a page.
    public var element: TypeRef
    /// Where the raw document says how many elements there are, when it does.
    public var totalCount: TotalCount?
    /// The function returning the pages, e.g. `listPages`.
    public var pagesFunctionName: String
    /// The function returning the elements, e.g. `listAll`.
    public var elementsFunctionName: String

    /// The page size used when the caller gives none: the largest the endpoint allows, for the
    /// fewest requests; DatoCMS's usual default when the schema states no maximum.
    public var defaultPageSize: Int { maximumPageSize ?? 30 }

    /// `meta.total_count` of a listing's document, as Swift properties.
    public struct TotalCount: Hashable, Sendable {
        /// The document's `meta` property.
        public var meta: String
        /// Whether `meta` may be absent.
        public var metaIsOptional: Bool
        /// The meta's total-count property.
        public var count: String
    }
}

/// What the friendly function of a bulk or batch link needs to take any number of IDs: which
/// parameter lists them, the most one request may carry (`maxItems`), and where the job's result
/// counts the records it processed.
public struct ChunkingDecl: Hashable, Sendable {
    /// Where the ID list goes in the request.
    public enum Source: Hashable, Sendable {
        /// A to-many relationship of the flattened body (the envelope field's property name).
        case bodyField(String)
        /// A query parameter (the query struct's property name), e.g. `filter[ids]`.
        case queryProperty(String)
    }

    /// Where the ID list goes.
    public var source: Source
    /// The schema's `maxItems` for the list.
    public var maximumChunkSize: Int
    /// Where the job's result says how many records were processed, when it does.
    public var counters: Counters?

    /// `meta.successful` and `meta.failed` of a job's result, as Swift properties.
    public struct Counters: Hashable, Sendable {
        /// The result's `meta` property.
        public var meta: String
        /// Whether `meta` may be absent.
        public var metaIsOptional: Bool
        /// The meta's count of processed records.
        public var successful: String
        /// The meta's count of records not processed.
        public var failed: String
    }
}

/// A resource's endpoints, reachable as `client.<property>`.
public struct NamespaceDecl: Hashable, Sendable {
    /// The resource key, e.g. `item_type`.
    public var resource: String
    /// The client property, e.g. `itemTypes`.
    public var property: String
    /// The nested type name, e.g. `ItemTypesEndpoints`.
    public var typeName: String
    /// Documentation.
    public var doc: Documentation
    /// The endpoints in schema order.
    public var endpoints: [EndpointDecl]
}

/// One output file.
public struct FileDecl: Sendable {
    /// The file name, e.g. `Generated_item.swift`.
    public var name: String
    /// The types it declares.
    public var types: [TypeDecl]
    /// The endpoints it declares, if it is a resource's file.
    public var namespace: NamespaceDecl?
}

/// The whole translated API.
public struct ModuleDecl: Sendable {
    /// The client type's name.
    public var clientName: String
    /// The default base URL, from the schema's root `self` link; `nil` for the runtime's default.
    public var baseURL: String?
    /// Whether the API has sandbox environments, so the client offers `environment:`.
    public var hasEnvironments: Bool = true
    /// Documentation of the client.
    public var doc: Documentation
    /// The namespaces, in resource order.
    public var namespaces: [NamespaceDecl]
    /// The files.
    public var files: [FileDecl]
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    var nilIfEmpty: String? { isEmpty ? nil : self }
}
