import Foundation

/// Names a resource by its ID: what relationship arguments of the generated functions take, so
/// that you may pass an ID or the resource itself, as another call returned it.
///
/// ```swift
/// let model = try await client.itemTypes.find("article")
/// try await client.items.create(attributes: draft, itemType: model)          // the resource
/// try await client.items.create(attributes: draft, itemType: model.id)       // or its ID
/// try await client.items.bulkPublish(items: records)                         // records, or their IDs
/// ```
///
/// `String` and every generated type `Identifiable` by a `String` ID conform.
public protocol ResourceReference: Sendable {
    /// The ID of the resource named.
    var resourceID: String { get }
}

/// Names a resource by type and ID: what a relationship to resources of several types takes
/// (a record's `creator` may be a user or an API token), as a `ResourceIdentifier` or as the
/// resource itself.
public protocol TypedResourceReference: Sendable {
    /// The resource's type and ID.
    var resourceIdentifier: ResourceIdentifier { get }
}

/// A resource as the API returns it, with its `type` and `id`: generated resource types conform,
/// so they can be passed to any relationship argument.
public protocol JSONAPIResource: ResourceReference, TypedResourceReference, Identifiable where ID == String {
    /// The JSON:API type, e.g. `item_type`.
    var type: String { get }
}

extension String: ResourceReference {
    /// The string itself: an ID.
    public var resourceID: String { self }
}

extension ResourceIdentifier: ResourceReference, TypedResourceReference {
    /// The identifier's `id`.
    public var resourceID: String { id }
    /// The identifier itself.
    public var resourceIdentifier: ResourceIdentifier { self }
}

extension ResourceReference where Self: Identifiable, ID == String {
    /// The resource's `id`.
    public var resourceID: String { id }
}

extension JSONAPIResource {
    /// The resource's `type` and `id`.
    public var resourceIdentifier: ResourceIdentifier { ResourceIdentifier(type: type, id: id) }
}
