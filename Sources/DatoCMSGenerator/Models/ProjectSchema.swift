/// A project's models and fields as the API describes them: the input of the models generator.
///
/// Read from any JSON holding the API's `item_type` and `field` resources — the export
/// `datocms-models --save-schema` writes (`{"item_types": […], "fields": […]}`), a JSON:API
/// document with `included` resources, or recorded API answers — because every resource object
/// carries its own `type`, wherever it sits.
public struct ProjectSchema: Sendable, Equatable {
    /// A model or block model (`item_type`).
    public struct ItemType: Sendable, Equatable {
        /// The model's ID.
        public var id: String
        /// The name editors see.
        public var name: String
        /// The model's API key.
        public var apiKey: String
        /// Whether records of this model are blocks, living inside other records' fields.
        public var isBlock: Bool
        /// The help text editors see, if any.
        public var hint: String?
        /// Where the resource was found, for messages.
        public var pointer: String
    }

    /// A field of a model.
    public struct Field: Sendable, Equatable {
        /// The field's ID.
        public var id: String
        /// The ID of the model the field belongs to.
        public var itemTypeID: String
        /// The label editors see.
        public var label: String
        /// The field's API key: its key in records' attributes.
        public var apiKey: String
        /// The API's `field_type` (`string`, `rich_text`, …).
        public var fieldType: String
        /// Whether the value is an object keyed by locale.
        public var localized: Bool
        /// The help text editors see, if any.
        public var hint: String?
        /// The field's place among its model's fields.
        public var position: Int
        /// Whether a `required` validator is set.
        public var isRequired: Bool
        /// Item type IDs named by each validator that lists some (`rich_text_blocks`,
        /// `structured_text_links`, …), keyed by validator name.
        public var validatorItemTypes: [String: [String]]
        /// Where the resource was found, for messages.
        public var pointer: String
    }

    /// Models and block models, by API key.
    public var itemTypes: [ItemType]
    /// Fields, by model and then position.
    public var fields: [Field]

    /// The fields of `itemType`, in the order editors see them.
    public func fields(of itemType: ItemType) -> [Field] {
        fields.filter { $0.itemTypeID == itemType.id }
    }

    /// Reads the `item_type` and `field` resources found anywhere in `bytes`. A resource seen
    /// twice (an answer recorded before and after an update) keeps its last state.
    public static func parse(_ bytes: [UInt8], file: String) throws(GeneratorError) -> ProjectSchema {
        let root: JSONNode
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw GeneratorError(file: file, pointer: "", line: error.line, column: error.column, message: "not valid JSON: \(error.message)")
        }
        var itemTypes: [String: ItemType] = [:]
        var fields: [String: Field] = [:]
        var pending = [root]
        while let node = pending.popLast() {
            if let elements = node.array {
                pending.append(contentsOf: elements.reversed())
                continue
            }
            guard let members = node.object else { continue }
            switch (node["type"]?.string, node["id"].flatMap(Self.identifier), node["attributes"]?.object) {
            case ("item_type", let id?, _?):
                itemTypes[id] = try itemType(node, id: id, file: file)
            case ("field", let id?, _?):
                fields[id] = try field(node, id: id, file: file)
            default:
                pending.append(contentsOf: members.map(\.value).reversed())
            }
        }
        let sortedTypes = itemTypes.values.sorted { ($0.apiKey, $0.id) < ($1.apiKey, $1.id) }
        let sortedFields = fields.values.sorted { ($0.itemTypeID, $0.position, $0.apiKey, $0.id) < ($1.itemTypeID, $1.position, $1.apiKey, $1.id) }
        return ProjectSchema(itemTypes: sortedTypes, fields: sortedFields)
    }

    /// IDs are strings; older answers (and some exports) write numbers.
    private static func identifier(_ node: JSONNode) -> String? {
        switch node.value {
        case .string(let text) where !text.isEmpty: return text
        case .number(let text): return text
        default: return nil
        }
    }

    private static func requiredString(_ node: JSONNode, _ key: String, in resource: JSONNode, file: String) throws(GeneratorError) -> String {
        guard let value = node[key]?.string, !value.isEmpty else {
            throw GeneratorError(file: file, pointer: resource.pointer.description, line: resource.line, column: resource.column,
                                 message: "\(resource["type"]?.string ?? "resource") \(resource["id"]?.literalText ?? "") has no \(key) string in its attributes")
        }
        return value
    }

    private static func itemType(_ node: JSONNode, id: String, file: String) throws(GeneratorError) -> ItemType {
        let attributes = node["attributes"]!
        return ItemType(
            id: id, name: try requiredString(attributes, "name", in: node, file: file),
            apiKey: try requiredString(attributes, "api_key", in: node, file: file),
            isBlock: attributes["modular_block"]?.bool ?? false, hint: attributes["hint"]?.string,
            pointer: node.pointer.description)
    }

    private static func field(_ node: JSONNode, id: String, file: String) throws(GeneratorError) -> Field {
        let attributes = node["attributes"]!
        guard let itemTypeID = node["relationships"]?["item_type"]?["data"]?["id"].flatMap(identifier) else {
            throw GeneratorError(file: file, pointer: node.pointer.description, line: node.line, column: node.column,
                                 message: "field \(id) names no model in relationships.item_type")
        }
        var validatorItemTypes: [String: [String]] = [:]
        var isRequired = false
        for (name, validator) in attributes["validators"]?.object ?? [] {
            if name == "required" { isRequired = true }
            if let ids = validator["item_types"]?.array?.compactMap(identifier) { validatorItemTypes[name] = ids }
        }
        var position = 0
        if case .number(let text)? = attributes["position"]?.value { position = Int(text) ?? 0 }
        return Field(
            id: id, itemTypeID: itemTypeID,
            label: attributes["label"]?.string ?? "",
            apiKey: try requiredString(attributes, "api_key", in: node, file: file),
            fieldType: try requiredString(attributes, "field_type", in: node, file: file),
            localized: attributes["localized"]?.bool ?? false, hint: attributes["hint"]?.string,
            position: position, isRequired: isRequired, validatorItemTypes: validatorItemTypes,
            pointer: node.pointer.description)
    }
}
