import Foundation

/// The value of a `structured_text` field: a DatoCMS Abstract Syntax Tree document ("dast"),
/// `{"schema": "dast", "document": {"type": "root", "children": […]}}`.
///
/// `Block` types the `block` nodes (the field's `structured_text_blocks`), `InlineBlock` the
/// `inlineBlock` nodes (`structured_text_inline_blocks`); ``AnyBlock`` when the field names none.
///
/// ```swift
/// article.body = StructuredText([
///     .heading(level: 1, [.span("Hello")]),
///     .paragraph([.span("Read "), .link(url: "https://www.datocms.com", [.span("this", marks: [.strong])])]),
///     .block(.new(.hero(HeroBlock(title: "Hi")))),
/// ])
/// ```
///
/// Nothing is lost in a round trip: node types this SDK does not know come back as
/// ``StructuredTextNode/unknown(_:)`` and members it does not know in every node as
/// `unknownMembers`, and both are written back as they were read.
public struct StructuredText<Block: BlockUnion, InlineBlock: BlockUnion>: Codable, Sendable, Equatable {
    /// A node of this document.
    public typealias Node = StructuredTextNode<Block, InlineBlock>

    /// The format; `dast`.
    public var schema: String
    /// The document's root node.
    public var document: Root
    /// Members of the value besides `schema` and `document`, kept as sent.
    public var unknownMembers: [String: JSONValue]

    /// A document whose root holds `children` (paragraphs, headings, lists, blocks…).
    public init(_ children: [Node], schema: String = "dast", unknownMembers: [String: JSONValue] = [:]) {
        self.schema = schema
        document = Root(children)
        self.unknownMembers = unknownMembers
    }

    /// The root's children: the document's top-level nodes.
    public var children: [Node] {
        get { document.children }
        set { document.children = newValue }
    }

    /// The document's `root` node.
    public struct Root: Codable, Sendable, Equatable {
        /// The top-level nodes.
        public var children: [Node]
        /// Members of the root besides `type` and `children`, kept as sent.
        public var unknownMembers: [String: JSONValue]

        /// A root holding `children`.
        public init(_ children: [Node], unknownMembers: [String: JSONValue] = [:]) {
            self.children = children
            self.unknownMembers = unknownMembers
        }

        /// Reads a node of type `root`; another type is a `DecodingError`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
            let type = try container.requiredString("type")
            guard type == "root" else {
                throw DecodingError.dataCorruptedError(
                    forKey: "type", in: container, debugDescription: "a structured text document starts with a `root` node, not `\(type)`")
            }
            children = try container.decode([Node].self, forKey: "children")
            unknownMembers = try container.unknownMembers(excluding: ["type", "children"])
        }

        /// Writes `{"type": "root", "children": […]}` and the unknown members.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: JSONAPICodingKey.self)
            try container.encodeUnknownMembers(unknownMembers, excluding: ["type", "children"])
            try container.encode("root", forKey: "type")
            try container.encode(children, forKey: "children")
        }
    }

    /// Reads `schema`, `document` and any other member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        schema = try container.requiredString("schema")
        document = try container.decode(Root.self, forKey: "document")
        unknownMembers = try container.unknownMembers(excluding: ["schema", "document"])
    }

    /// Writes `schema`, `document` and the unknown members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        try container.encodeUnknownMembers(unknownMembers, excluding: ["schema", "document"])
        try container.encode(schema, forKey: "schema")
        try container.encode(document, forKey: "document")
    }
}

/// A node of a structured text document (below the root), by its `type`.
///
/// Each case's associated values are the node's members; `unknownMembers` keeps any other member
/// as sent, so a document from a newer API survives being read and written back. The cases are
/// also the way to build nodes: `.paragraph([.span("Hi")])`, `.heading(level: 2, [.span("Title")])`,
/// `.block(.new(block))`, `.thematicBreak()`.
public enum StructuredTextNode<Block: BlockUnion, InlineBlock: BlockUnion>: Codable, Sendable, Equatable {
    /// `paragraph`: inline nodes; `style` names a custom paragraph style.
    case paragraph(_ children: [Self], style: String? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `heading`: inline nodes at `level` 1 through 6; `style` names a custom heading style.
    case heading(level: Int, _ children: [Self], style: String? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `list`: `listItem` nodes, bulleted or numbered.
    case list(style: ListStyle, _ items: [Self], unknownMembers: [String: JSONValue] = [:])
    /// `listItem`: paragraphs and nested lists.
    case listItem(_ children: [Self], unknownMembers: [String: JSONValue] = [:])
    /// `blockquote`: paragraphs, and who said it.
    case blockquote(_ children: [Self], attribution: String? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `code`: a code listing; `highlight` lists the (0-based) lines to emphasise.
    case code(_ code: String, language: String? = nil, highlight: [Int]? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `thematicBreak`: a horizontal rule.
    case thematicBreak(unknownMembers: [String: JSONValue] = [:])
    /// `span`: text, with its marks (`strong`, `emphasis`…).
    case span(_ value: String, marks: [Mark]? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `link`: spans linking to `url`; `meta` holds extra attributes such as `target`.
    case link(url: String, _ children: [Self], meta: [MetaEntry]? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `itemLink`: spans linking to the record `item` (its ID).
    case itemLink(item: String, _ children: [Self], meta: [MetaEntry]? = nil, unknownMembers: [String: JSONValue] = [:])
    /// `inlineItem`: a reference to the record `item` (its ID), shown inline.
    case inlineItem(item: String, unknownMembers: [String: JSONValue] = [:])
    /// `block`: a block of the field's block models, at the top level.
    case block(_ item: BlockValue<Block>, unknownMembers: [String: JSONValue] = [:])
    /// `inlineBlock`: a block of the field's inline block models, inside a paragraph or heading.
    case inlineBlock(_ item: BlockValue<InlineBlock>, unknownMembers: [String: JSONValue] = [:])
    /// A node of a type this SDK does not know, kept whole as sent.
    case unknown(JSONValue)

    /// A list style (`bulleted`, `numbered`).
    public typealias ListStyle = StructuredTextListStyle
    /// A mark on a span (`strong`, `emphasis`…).
    public typealias Mark = StructuredTextMark
    /// An attribute of a link.
    public typealias MetaEntry = StructuredTextMetaEntry

    /// The node's `type` on the wire (for an unknown node, its `type` member, or `""`).
    public var type: String {
        switch self {
        case .paragraph: return "paragraph"
        case .heading: return "heading"
        case .list: return "list"
        case .listItem: return "listItem"
        case .blockquote: return "blockquote"
        case .code: return "code"
        case .thematicBreak: return "thematicBreak"
        case .span: return "span"
        case .link: return "link"
        case .itemLink: return "itemLink"
        case .inlineItem: return "inlineItem"
        case .block: return "block"
        case .inlineBlock: return "inlineBlock"
        case .unknown(let node): return node["type"]?.stringValue ?? ""
        }
    }

    /// The node's children; empty for leaves (and unknown nodes).
    public var children: [Self] {
        switch self {
        case .paragraph(let children, _, _), .heading(_, let children, _, _), .list(_, let children, _), .listItem(let children, _),
            .blockquote(let children, _, _), .link(_, let children, _, _), .itemLink(_, let children, _, _):
            return children
        case .code, .thematicBreak, .span, .inlineItem, .block, .inlineBlock, .unknown:
            return []
        }
    }

    /// The text of the node's spans, in order (code listings included), without marks: for
    /// search snippets, previews and tests.
    public var plainText: String {
        switch self {
        case .span(let value, _, _): return value
        case .code(let code, _, _, _): return code
        default: return children.map(\.plainText).joined()
        }
    }

    /// Reads a node by its `type`. An object whose `type` is missing or not known is kept whole
    /// as ``unknown(_:)``; a known type lacking a required member is a `DecodingError` at it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        let type = (try? container.decodeIfPresent(String.self, forKey: "type")) ?? nil
        func unknownMembers(_ known: Set<String>) throws -> [String: JSONValue] {
            try container.unknownMembers(excluding: known.union(["type"]))
        }
        func children(_ key: String = "children") throws -> [Self] {
            try container.decode([Self].self, forKey: JSONAPICodingKey(key))
        }
        func optional<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
            try container.decodeIfPresent(T.self, forKey: JSONAPICodingKey(key))
        }
        switch type {
        case "paragraph":
            self = .paragraph(try children(), style: try optional("style"), unknownMembers: try unknownMembers(["children", "style"]))
        case "heading":
            self = .heading(
                level: try container.decode(Int.self, forKey: "level"), try children(), style: try optional("style"),
                unknownMembers: try unknownMembers(["level", "children", "style"]))
        case "list":
            self = .list(
                style: try container.decode(ListStyle.self, forKey: "style"), try children(),
                unknownMembers: try unknownMembers(["style", "children"]))
        case "listItem":
            self = .listItem(try children(), unknownMembers: try unknownMembers(["children"]))
        case "blockquote":
            self = .blockquote(try children(), attribution: try optional("attribution"), unknownMembers: try unknownMembers(["children", "attribution"]))
        case "code":
            self = .code(
                try container.requiredString("code"), language: try optional("language"), highlight: try optional("highlight"),
                unknownMembers: try unknownMembers(["code", "language", "highlight"]))
        case "thematicBreak":
            self = .thematicBreak(unknownMembers: try unknownMembers([]))
        case "span":
            self = .span(try container.requiredString("value"), marks: try optional("marks"), unknownMembers: try unknownMembers(["value", "marks"]))
        case "link":
            self = .link(
                url: try container.requiredString("url"), try children(), meta: try optional("meta"),
                unknownMembers: try unknownMembers(["url", "children", "meta"]))
        case "itemLink":
            self = .itemLink(
                item: try container.requiredString("item"), try children(), meta: try optional("meta"),
                unknownMembers: try unknownMembers(["item", "children", "meta"]))
        case "inlineItem":
            self = .inlineItem(item: try container.requiredString("item"), unknownMembers: try unknownMembers(["item"]))
        case "block":
            self = .block(try container.decode(BlockValue<Block>.self, forKey: "item"), unknownMembers: try unknownMembers(["item"]))
        case "inlineBlock":
            self = .inlineBlock(try container.decode(BlockValue<InlineBlock>.self, forKey: "item"), unknownMembers: try unknownMembers(["item"]))
        default:
            self = .unknown(try JSONValue(from: decoder))
        }
    }

    /// Writes the node with its `type`, its members (optional ones only when set) and its unknown
    /// members; an unknown node as it was read.
    public func encode(to encoder: any Encoder) throws {
        if case .unknown(let node) = self {
            try node.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        func write(_ unknownMembers: [String: JSONValue], known: Set<String>) throws {
            try container.encodeUnknownMembers(unknownMembers, excluding: known.union(["type"]))
            try container.encode(type, forKey: "type")
        }
        switch self {
        case .paragraph(let children, let style, let unknownMembers):
            try write(unknownMembers, known: ["children", "style"])
            try container.encodeIfPresent(style, forKey: "style")
            try container.encode(children, forKey: "children")
        case .heading(let level, let children, let style, let unknownMembers):
            try write(unknownMembers, known: ["level", "children", "style"])
            try container.encode(level, forKey: "level")
            try container.encodeIfPresent(style, forKey: "style")
            try container.encode(children, forKey: "children")
        case .list(let style, let items, let unknownMembers):
            try write(unknownMembers, known: ["style", "children"])
            try container.encode(style, forKey: "style")
            try container.encode(items, forKey: "children")
        case .listItem(let children, let unknownMembers):
            try write(unknownMembers, known: ["children"])
            try container.encode(children, forKey: "children")
        case .blockquote(let children, let attribution, let unknownMembers):
            try write(unknownMembers, known: ["children", "attribution"])
            try container.encodeIfPresent(attribution, forKey: "attribution")
            try container.encode(children, forKey: "children")
        case .code(let code, let language, let highlight, let unknownMembers):
            try write(unknownMembers, known: ["code", "language", "highlight"])
            try container.encode(code, forKey: "code")
            try container.encodeIfPresent(language, forKey: "language")
            try container.encodeIfPresent(highlight, forKey: "highlight")
        case .thematicBreak(let unknownMembers):
            try write(unknownMembers, known: [])
        case .span(let value, let marks, let unknownMembers):
            try write(unknownMembers, known: ["value", "marks"])
            try container.encode(value, forKey: "value")
            try container.encodeIfPresent(marks, forKey: "marks")
        case .link(let url, let children, let meta, let unknownMembers):
            try write(unknownMembers, known: ["url", "children", "meta"])
            try container.encode(url, forKey: "url")
            try container.encodeIfPresent(meta, forKey: "meta")
            try container.encode(children, forKey: "children")
        case .itemLink(let item, let children, let meta, let unknownMembers):
            try write(unknownMembers, known: ["item", "children", "meta"])
            try container.encode(item, forKey: "item")
            try container.encodeIfPresent(meta, forKey: "meta")
            try container.encode(children, forKey: "children")
        case .inlineItem(let item, let unknownMembers):
            try write(unknownMembers, known: ["item"])
            try container.encode(item, forKey: "item")
        case .block(let item, let unknownMembers):
            try write(unknownMembers, known: ["item"])
            try container.encode(item, forKey: "item")
        case .inlineBlock(let item, let unknownMembers):
            try write(unknownMembers, known: ["item"])
            try container.encode(item, forKey: "item")
        case .unknown:
            break  // written above
        }
    }
}

/// A list style: `bulleted` or `numbered`; other names are kept as sent.
public struct StructuredTextListStyle: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The name on the wire.
    public var rawValue: String
    /// A style by its wire name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A style by its wire name.
    public init(stringLiteral value: String) { rawValue = value }
    /// Bullets.
    public static let bulleted = StructuredTextListStyle(rawValue: "bulleted")
    /// Numbers.
    public static let numbered = StructuredTextListStyle(rawValue: "numbered")
}

/// A mark on a span: the standard ones below, or a custom mark the field defines.
public struct StructuredTextMark: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The name on the wire.
    public var rawValue: String
    /// A mark by its wire name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A mark by its wire name.
    public init(stringLiteral value: String) { rawValue = value }
    /// Bold.
    public static let strong = StructuredTextMark(rawValue: "strong")
    /// Italic.
    public static let emphasis = StructuredTextMark(rawValue: "emphasis")
    /// Underlined.
    public static let underline = StructuredTextMark(rawValue: "underline")
    /// Struck through.
    public static let strikethrough = StructuredTextMark(rawValue: "strikethrough")
    /// Inline code.
    public static let code = StructuredTextMark(rawValue: "code")
    /// Highlighted.
    public static let highlight = StructuredTextMark(rawValue: "highlight")
}

/// An attribute of a link (`{"id": "target", "value": "_blank"}`).
public struct StructuredTextMetaEntry: Codable, Hashable, Sendable {
    /// The attribute's name.
    public var id: String
    /// Its value.
    public var value: String
    /// Members besides `id` and `value`, kept as sent.
    public var unknownMembers: [String: JSONValue]

    /// An attribute.
    public init(id: String, value: String, unknownMembers: [String: JSONValue] = [:]) {
        self.id = id
        self.value = value
        self.unknownMembers = unknownMembers
    }

    /// Reads `id`, `value` and any other member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        id = try container.requiredString("id")
        value = try container.requiredString("value")
        unknownMembers = try container.unknownMembers(excluding: ["id", "value"])
    }

    /// Writes `id`, `value` and the unknown members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        try container.encodeUnknownMembers(unknownMembers, excluding: ["id", "value"])
        try container.encode(id, forKey: "id")
        try container.encode(value, forKey: "value")
    }
}

