/// What the models generator decides to emit, before any Swift text: one file per model or block
/// model, holding its struct and the block unions its fields use.

/// One generated file.
public struct ModelFileDecl: Sendable, Equatable {
    /// The file name (`Article.swift`), unique even on case-insensitive file systems.
    public var fileName: String
    /// The model's struct.
    public var model: ModelDecl
    /// The block unions of the model's fields, in field order.
    public var unions: [BlockUnionDecl]
}

/// A model or block model as a struct conforming to `DatoCMSModel`.
public struct ModelDecl: Sendable, Equatable {
    /// The Swift type name.
    public var typeName: String
    /// The model's `item_type` ID.
    public var itemTypeID: String
    /// The model's API key.
    public var apiKey: String
    /// Documentation (the model's name and hint).
    public var doc: Documentation
    /// One property per field.
    public var properties: [ModelPropertyDecl]
}

/// A field of a model as a stored property.
public struct ModelPropertyDecl: Sendable, Equatable {
    /// The Swift name (not escaped).
    public var name: String
    /// The field's API key: the JSON key.
    public var apiKey: String
    /// The property's type as written in Swift, without optionality.
    public var type: String
    /// Whether the property is optional (no `required` validator).
    public var isOptional: Bool
    /// Documentation (the field's label, hint, and a line describing the field).
    public var doc: Documentation
}

/// An enum over the block models one field accepts, conforming to `BlockUnion`.
public struct BlockUnionDecl: Sendable, Equatable {
    /// The Swift type name.
    public var typeName: String
    /// Documentation.
    public var doc: Documentation
    /// One case per accepted block model, in the validator's order.
    public var cases: [Case]

    /// An accepted block model.
    public struct Case: Sendable, Equatable {
        /// The case name.
        public var name: String
        /// The block model's struct.
        public var modelType: String
        /// The block model's API key.
        public var apiKey: String
    }
}
