/// A model or block model of your project as a Swift type: its field values, keyed by API key.
///
/// `swift package generate-models` writes one conforming struct per model, so calls that need the
/// model find it from the type instead of an ID you pass along:
///
/// ```swift
/// let draft = try await client.items.create(Article(title: ["en": "Hello"], slug: "hello"))
/// let articles = try await client.items.list(as: Article.self)        // only articles
/// ```
///
/// A hand-written conformance works the same way; its coding keys must be the fields' API keys.
public protocol DatoCMSModel: Codable, Sendable, Equatable {
    /// The model's ID (`item_type.id`): what records name in `relationships.item_type`, and what
    /// `filter[type]` takes. Fixed for the life of the model, unlike its API key.
    static var itemTypeID: String { get }
    /// The model's API key (`item_type.attributes.api_key`), for messages and for calls that
    /// accept either form.
    static var apiKey: String { get }
}
