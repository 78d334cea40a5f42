import Foundation

/// The field types DatoCMS offers, and what the simulator needs to know about each: which
/// validators name other models (and whether those must be block models), and what an empty
/// value renders as.
enum FieldType: String, CaseIterable, Sendable {
    case string, text, boolean, integer, float, date
    case dateTime = "date_time"
    case color
    case latLon = "lat_lon"
    case seo, slug, json, video, file, gallery, link, links
    case richText = "rich_text"
    case singleBlock = "single_block"
    case structuredText = "structured_text"

    /// The comma-separated list of every type, for error messages.
    static let allNames = allCases.map(\.rawValue).joined(separator: ", ")

    /// The validators of this type whose `item_types` name models, with whether those must be
    /// block models (`modular_block: true`) or regular models.
    var modelValidators: [(name: String, blockModels: Bool)] {
        switch self {
        case .link: [("item_item_type", false)]
        case .links: [("items_item_type", false)]
        case .richText: [("rich_text_blocks", true)]
        case .singleBlock: [("single_block_blocks", true)]
        case .structuredText: [("structured_text_blocks", true), ("structured_text_inline_blocks", true), ("structured_text_links", false)]
        default: []
        }
    }

    /// Every validator that names models, whatever the field type: used to refuse one on a
    /// type it does not belong to (a `rich_text_blocks` on a string field means nothing).
    static let allModelValidators: Set<String> = Set(allCases.flatMap { $0.modelValidators.map(\.name) })

    /// Whether values of this type are lists, which the API renders as `[]` when empty.
    var isList: Bool { self == .gallery || self == .links || self == .richText }

    /// Whether values of this type hold blocks (IDs in storage, records in nested responses).
    var holdsBlocks: Bool { self == .richText || self == .singleBlock || self == .structuredText }

    /// What the API renders for a field of this type that has no value.
    var emptyValue: DatoCMSSimulator.JSON { isList ? [] : .null }
}

extension ItemTypeEntity {
    /// Whether this is a block model, whose records only live inside other records' fields.
    var isBlockModel: Bool { attributes["modular_block"]?.boolValue ?? false }
}

extension FieldEntity {
    /// The field's type, `nil` for a type the simulator does not know (only possible for fields
    /// stored before types were checked).
    var knownType: FieldType? { FieldType(rawValue: fieldType) }

    var isRequired: Bool { attributes["validators"]?["required"] != nil }

    /// The model IDs validator `name` lists in `item_types`; `nil` when the field has no such
    /// validator (then any model of the right kind is accepted).
    func allowedItemTypes(_ name: String) -> [String]? {
        guard let list = attributes["validators"]?[name]?["item_types"]?.arrayValue else { return nil }
        return list.compactMap(\.stringValue)
    }
}

extension SimulatorState {
    /// Whether the project has a block model, so that records may have blocks. Models are few,
    /// so this is cheap, and lets projects without blocks skip every block-related scan.
    var hasBlockModels: Bool { itemTypes.all.contains { $0.isBlockModel } }

    /// Checks a field's `field_type` and the validators naming models, as `POST
    /// /item-types/:id/fields` and `PUT /fields/:id` do: 422 `INVALID_FIELD` naming
    /// `field_type` or `validators`.
    func checkFieldDefinition(fieldType: String, validators: DatoCMSSimulator.JSON?) throws {
        guard let type = FieldType(rawValue: fieldType) else {
            throw APIError.invalidField("field_type", code: "VALIDATION_INCLUSION",
                                        "\"\(fieldType)\" is not a field type; use one of: \(FieldType.allNames)")
        }
        guard let validators = validators?.objectValue else { return }
        let ownValidators = Dictionary(uniqueKeysWithValues: type.modelValidators.map { ($0.name, $0.blockModels) })
        for (name, validator) in validators.sorted(by: { $0.key < $1.key }) {
            guard validator.objectValue != nil else {
                throw APIError.invalidField("validators", code: "VALIDATION_INVALID", "validator \"\(name)\" must be an object")
            }
            guard FieldType.allModelValidators.contains(name) else { continue }
            guard let blockModels = ownValidators[name] else {
                throw APIError.invalidField("validators", code: "VALIDATION_INVALID",
                                            "validator \"\(name)\" does not apply to \(fieldType) fields")
            }
            guard let list = validator["item_types"], JSONKind.stringArray.matches(list) else {
                throw APIError.invalidField("validators", code: "VALIDATION_INVALID",
                                            "validator \"\(name)\" needs \"item_types\", an array of model IDs")
            }
            for id in list.arrayValue?.compactMap(\.stringValue) ?? [] {
                guard let model = itemTypes[id] else {
                    throw APIError.invalidField("validators", code: "VALIDATION_INVALID",
                                                "validator \"\(name)\" names \"\(id)\", which is no model of this environment")
                }
                if model.isBlockModel != blockModels {
                    throw APIError.invalidField("validators", code: "VALIDATION_INVALID",
                                                "validator \"\(name)\" must name \(blockModels ? "block models" : "models, not block models"); \"\(model.apiKey)\" is \(model.isBlockModel ? "a block model" : "a model")")
                }
            }
        }
    }
}
