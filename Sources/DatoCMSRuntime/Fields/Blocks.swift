import Foundation

/// The blocks one field accepts (a modular content, single block or structured text field).
///
/// The models generator writes one enum per such field, a case per block model it accepts plus
/// `.unknown(AnyBlock)`, so a block of a model added after the code was generated still decodes.
/// ``BlockRecord`` reads the block's model from `relationships.item_type` and hands this type the
/// attributes to decode, since the attributes alone do not say which model they belong to.
public protocol BlockUnion: Sendable, Equatable {
    /// The block model's ID (`item_type.id`), written to `relationships.item_type` in requests.
    var itemTypeID: String { get }
    /// Decodes the attributes object of a block whose model is `itemTypeID`. An ID the type does
    /// not know must not throw: keep the block in a fallback case, so nothing is lost.
    init(itemTypeID: String, attributesFrom decoder: any Decoder) throws
    /// Encodes this block's attributes object.
    func encodeAttributes(to encoder: any Encoder) throws
}

/// Any block, its attributes untyped: the union of a field whose validator names no block models,
/// and the fallback case of generated unions for block models they do not know.
public struct AnyBlock: BlockUnion, Hashable {
    /// The block model's ID.
    public var itemTypeID: String
    /// The block's field values keyed by API key, as sent.
    public var attributes: JSONValue

    /// A block of the model `itemTypeID` with these attributes.
    public init(itemTypeID: String, attributes: JSONValue) {
        self.itemTypeID = itemTypeID
        self.attributes = attributes
    }

    /// Keeps the attributes as they are, whatever the model.
    public init(itemTypeID: String, attributesFrom decoder: any Decoder) throws {
        self.itemTypeID = itemTypeID
        attributes = try JSONValue(from: decoder)
    }

    /// Writes the attributes back as they were read.
    public func encodeAttributes(to encoder: any Encoder) throws {
        try attributes.encode(to: encoder)
    }

    /// The attributes as one of your types, e.g. a block model struct.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try attributes.decode(as: type)
    }
}

/// A block as a whole record: `{"type": "item", "id": …, "attributes": {…},
/// "relationships": {"item_type": {"data": {"type": "item_type", "id": …}}}, "meta": {…}}`.
///
/// Responses carry these for requests with `nested=true`. In a request, one with an `id` updates
/// that block and one without creates a block.
public struct BlockRecord<Block: BlockUnion>: Codable, Sendable, Equatable {
    /// The block's ID; `nil` for a block to create.
    public var id: String?
    /// The block's field values, typed by its model.
    public var block: Block
    /// The record's `meta` as the API sent it (creation and update times, version…); `nil` for a
    /// block built here. It is sent back with the block (the request form of a block accepts the
    /// record's `meta`); set it to `nil` to leave it out.
    public var meta: JSONValue?

    /// A block: without an ID to create it, with one to update that block.
    public init(id: String? = nil, _ block: Block, meta: JSONValue? = nil) {
        self.id = id
        self.block = block
        self.meta = meta
    }

    /// The block model's ID.
    public var itemTypeID: String { block.itemTypeID }

    /// Reads the model from `relationships.item_type` and decodes `attributes` as that model.
    /// A missing `relationships.item_type` or `attributes` is a `DecodingError`: without them
    /// there is no telling what the block holds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONAPICodingKey.self)
        if let type = try container.decodeIfPresent(String.self, forKey: "type"), type != "item" {
            throw DecodingError.dataCorruptedError(
                forKey: "type", in: container, debugDescription: "a block record has type `item`, not `\(type)`")
        }
        id = try container.decodeIfPresent(String.self, forKey: "id")
        let relationships = try container.nestedContainer(keyedBy: JSONAPICodingKey.self, forKey: "relationships")
        guard let itemTypeID = try relationships.decode(ToOneRelationship.self, forKey: "item_type").id else {
            throw DecodingError.dataCorruptedError(
                forKey: "item_type", in: relationships, debugDescription: "a block record names no block model")
        }
        guard container.contains("attributes") else {
            throw DecodingError.keyNotFound(
                JSONAPICodingKey("attributes"),
                DecodingError.Context(codingPath: container.codingPath, debugDescription: "a block record has no attributes"))
        }
        block = try Block(itemTypeID: itemTypeID, attributesFrom: container.superDecoder(forKey: "attributes"))
        meta = try container.decodeIfPresent(JSONValue.self, forKey: "meta")
    }

    /// Writes the record with `relationships.item_type`, which DatoCMS needs to create a block;
    /// `id` and `meta` only when present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONAPICodingKey.self)
        try container.encode("item", forKey: "type")
        try container.encodeIfPresent(id, forKey: "id")
        try block.encodeAttributes(to: container.superEncoder(forKey: "attributes"))
        var relationships = container.nestedContainer(keyedBy: JSONAPICodingKey.self, forKey: "relationships")
        try relationships.encode(
            ToOneRelationship(data: ResourceIdentifier(type: "item_type", id: block.itemTypeID)), forKey: "item_type")
        try container.encodeIfPresent(meta, forKey: "meta")
    }
}

/// A block in a field value (modular content, single block, structured text `block` and
/// `inlineBlock` nodes), as the wire has it: a bare ID or a whole record.
///
/// ```swift
/// article.content = [.id(existingBlockID),              // keep that block as it is
///                    .new(.hero(HeroBlock(title: "Hi"))),  // create one
///                    .update(otherID, to: .quote(quote))]  // change one
/// ```
public enum BlockValue<Block: BlockUnion>: Codable, Sendable, Equatable {
    /// The block's ID: what responses carry without `nested=true`; in a request, keeps that
    /// block unchanged.
    case id(String)
    /// The whole block: what responses carry with `nested=true`; in a request, a block to create
    /// (no ID) or to update (with its ID).
    case record(BlockRecord<Block>)

    /// A block to create.
    public static func new(_ block: Block) -> Self { .record(BlockRecord(block)) }

    /// New content for the existing block `id`.
    public static func update(_ id: String, to block: Block) -> Self { .record(BlockRecord(id: id, block)) }

    /// The block's ID, when there is one (`nil` for a block not created yet).
    public var id: String? {
        switch self {
        case .id(let id): return id
        case .record(let record): return record.id
        }
    }

    /// The block's content, when the value carries it (`nil` for a bare ID: read the record
    /// with `nested: true` to get it).
    public var block: Block? {
        if case .record(let record) = self { return record.block }
        return nil
    }

    /// A JSON string is an ID; an object is a block record.
    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self = .id(id)
        } else {
            self = .record(try BlockRecord(from: decoder))
        }
    }

    /// Writes the ID as a string, a record as an object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .id(let id):
            var container = encoder.singleValueContainer()
            try container.encode(id)
        case .record(let record):
            try record.encode(to: encoder)
        }
    }
}
