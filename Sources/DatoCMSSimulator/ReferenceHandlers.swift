import Foundation

/// Who points at what: `GET /items/:id/references`, `GET /uploads/:id/references`,
/// `GET /item-types/:id/referencing`, `GET /item-types/:id/fields/referencing` and
/// `GET /item-types/:id/fields/related`.
///
/// A record references a record or an asset when the ID appears anywhere in its field values (a
/// link, a list of links, a file or gallery field's `upload_id`, a block's content). A field
/// references a model when the model's ID appears in its validators (`item_item_type`,
/// `items_item_type`, `rich_text_blocks`, `structured_text_blocks`, …). The `version` query
/// parameter is accepted and ignored: references are looked up in the current content.
extension SimulatorState {
    func listRecordReferences(_ request: APIRequest) throws -> Reply {
        let target = try existingRecord(request.parameter)
        return .json(200, Document.collection(recordsMentioning(target.id).map(render)))
    }

    func listUploadReferences(_ request: APIRequest) throws -> Reply {
        let target = try existingUpload(request.parameter)
        return .json(200, Document.collection(recordsMentioning(target.id).map(render)))
    }

    func listReferencingItemTypes(_ request: APIRequest) throws -> Reply {
        let target = try existingItemType(request.parameter)
        let modelIDs = Set(fieldsReferencing(target.id).map(\.itemTypeID))
        return .json(200, Document.collection(itemTypes.all.filter { modelIDs.contains($0.id) }.map(\.resource)))
    }

    func listReferencingFields(_ request: APIRequest) throws -> Reply {
        let target = try existingItemType(request.parameter)
        return .json(200, Document.collection(fieldsReferencing(target.id).map(\.resource)))
    }

    /// The model's fields, then those of the block models they embed (and of the blocks those embed).
    func listRelatedFields(_ request: APIRequest) throws -> Reply {
        var modelIDs = [try existingItemType(request.parameter).id]
        var index = 0
        while index < modelIDs.count {
            for fieldID in itemTypes[modelIDs[index]]?.fieldIDs ?? [] {
                guard let validators = fields[fieldID]?.attributes["validators"] else { continue }
                for block in itemTypes.all where block.attributes["modular_block"]?.boolValue == true
                    && !modelIDs.contains(block.id) && validators.mentions(block.id) {
                    modelIDs.append(block.id)
                }
            }
            index += 1
        }
        let related = modelIDs.flatMap { itemTypes[$0]?.fieldIDs ?? [] }.compactMap { fields[$0]?.resource }
        return .json(200, Document.collection(related))
    }

    /// The records whose values mention `id`; a mention inside a block counts for the record the
    /// block belongs to, as the API names top-level records only.
    private func recordsMentioning(_ id: String) -> [RecordEntity] {
        var seen: Set<String> = []
        var mentioning: [RecordEntity] = []
        for record in records.all where record.id != id && record.attributes.values.contains(where: { $0.mentions(id) }) {
            let rootID = rootRecordID(of: record.id) ?? record.id
            guard rootID != id, seen.insert(rootID).inserted, let root = records[rootID] else { continue }
            mentioning.append(root)
        }
        return mentioning
    }

    private func fieldsReferencing(_ itemTypeID: String) -> [FieldEntity] {
        fields.all.filter { $0.attributes["validators"]?.mentions(itemTypeID) == true }
    }
}

extension DatoCMSSimulator.JSON {
    /// Whether the string `id` is this value or appears anywhere inside it.
    func mentions(_ id: String) -> Bool {
        switch self {
        case .string(let value): value == id
        case .array(let elements): elements.contains { $0.mentions(id) }
        case .object(let members): members.values.contains { $0.mentions(id) }
        default: false
        }
    }
}
