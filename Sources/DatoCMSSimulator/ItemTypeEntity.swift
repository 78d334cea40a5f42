import Foundation

/// A model (`item_type`).
struct ItemTypeEntity: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    let id: String
    /// Every attribute as rendered; the two appearance spellings are kept in sync.
    var attributes: [String: JSON]
    /// Relationships other than `fields`, which is derived from ``fieldIDs``.
    var relationships: [String: JSON]
    /// Field IDs in position order.
    var fieldIDs: [String] = []

    /// Attributes `POST /item-types` and `PUT /item-types/:id` accept (today's API).
    static let writableAttributes: Set<String> = [
        "name", "api_key", "singleton", "all_locales_required", "sortable", "modular_block",
        "draft_mode_active", "draft_saving_active", "tree", "ordering_direction", "ordering_meta",
        "collection_appeareance", "collection_appearance", "hint", "inverse_relationships_enabled",
        "has_singleton_item",
    ]

    static let writableRelationships: Set<String> = [
        "ordering_field", "presentation_title_field", "presentation_image_field", "title_field",
        "image_preview_field", "excerpt_field", "workflow",
    ]

    static let booleanAttributes = [
        "singleton", "all_locales_required", "sortable", "modular_block", "draft_mode_active",
        "draft_saving_active", "tree", "inverse_relationships_enabled", "has_singleton_item",
    ]

    /// Defaults as the recorded sessions show them for a freshly created model.
    static let defaultAttributes: [String: JSON] = [
        "singleton": false, "sortable": false, "ordering_direction": nil, "tree": false,
        "modular_block": false, "draft_mode_active": false, "draft_saving_active": false,
        "all_locales_required": false, "collection_appeareance": "compact",
        "collection_appearance": "compact", "has_singleton_item": false, "hint": nil,
        "ordering_meta": nil, "inverse_relationships_enabled": false,
    ]

    static let defaultRelationships: [String: JSON] = [
        "singleton_item": ["data": nil], "ordering_field": ["data": nil], "title_field": ["data": nil],
        "presentation_title_field": ["data": nil], "presentation_image_field": ["data": nil],
        "image_preview_field": ["data": nil], "excerpt_field": ["data": nil], "workflow": ["data": nil],
    ]

    init(id: String, attributes: [String: JSON], relationships: [String: JSON]) {
        self.id = id
        self.attributes = Self.defaultAttributes
        self.relationships = Self.defaultRelationships
        apply(attributes: attributes, relationships: relationships)
    }

    var apiKey: String { attributes["api_key"]?.stringValue ?? "" }
    var name: String { attributes["name"]?.stringValue ?? "" }
    var draftModeActive: Bool { attributes["draft_mode_active"]?.boolValue ?? false }

    /// Merges client-supplied attributes and relationships.
    mutating func apply(attributes changes: [String: JSON], relationships relationshipChanges: [String: JSON]) {
        attributes.merge(changes) { _, new in new }
        // The API accepts both spellings (the misspelt one is historical) and renders both.
        if let appearance = changes["collection_appearance"] ?? changes["collection_appeareance"] {
            attributes["collection_appearance"] = appearance
            attributes["collection_appeareance"] = appearance
        }
        relationships.merge(relationshipChanges) { _, new in new }
    }

    func linkedFieldID(_ relationship: String) -> String? {
        relationships[relationship]?["data"]?["id"]?.stringValue
    }

    /// The resource object, as in the recorded sessions.
    var resource: JSON {
        var rendered = relationships
        rendered["fields"] = ["data": .array(fieldIDs.map { ["type": "field", "id": .string($0)] })]
        return ["id": .string(id), "type": "item_type", "attributes": .object(attributes), "relationships": .object(rendered)]
    }
}
