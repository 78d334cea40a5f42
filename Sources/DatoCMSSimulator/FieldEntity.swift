import Foundation

/// A field of a model.
struct FieldEntity: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    let id: String
    let itemTypeID: String
    var attributes: [String: JSON]
    var fieldset: JSON = nil

    static let writableAttributes: Set<String> = [
        "label", "field_type", "api_key", "localized", "validators", "appeareance", "appearance",
        "position", "hint", "default_value", "deep_filtering_enabled", "content_link_enabled",
    ]

    init(id: String, itemTypeID: String, attributes given: [String: JSON]) {
        self.id = id
        self.itemTypeID = itemTypeID
        let fieldType = given["field_type"]?.stringValue ?? "string"
        let appearance: JSON = [
            "editor": .string(Self.defaultEditor(for: fieldType)),
            "parameters": fieldType == "string" ? ["heading": false] : [:],
            "addons": [],
        ]
        attributes = [
            "hint": nil, "localized": false, "validators": [:], "appearance": appearance,
            "appeareance": appearance, "default_value": nil,
        ]
        apply(given)
    }

    var apiKey: String { attributes["api_key"]?.stringValue ?? "" }
    var fieldType: String { attributes["field_type"]?.stringValue ?? "" }
    var localized: Bool { attributes["localized"]?.boolValue ?? false }
    var position: Int { attributes["position"]?.intValue ?? 0 }

    mutating func apply(_ changes: [String: JSON]) {
        attributes.merge(changes) { _, new in new }
        if let appearance = changes["appearance"] ?? changes["appeareance"] {
            attributes["appearance"] = appearance
            attributes["appeareance"] = appearance
        }
    }

    var resource: JSON {
        [
            "id": .string(id), "type": "field", "attributes": .object(attributes),
            "relationships": [
                "item_type": Document.relationship("item_type", itemTypeID),
                "fieldset": ["data": fieldset],
            ],
        ]
    }

    /// The editor the real API picks when a field is created without an appearance.
    static func defaultEditor(for fieldType: String) -> String {
        switch fieldType {
        case "string": "single_line"
        case "text": "textarea"
        case "date": "date_picker"
        case "date_time": "date_time_picker"
        case "json": "json_editor"
        case "lat_lon": "map"
        case "color": "color_picker"
        case "link": "link_select"
        case "links": "links_select"
        case "single_block": "framed_single_block"
        default: fieldType
        }
    }
}
