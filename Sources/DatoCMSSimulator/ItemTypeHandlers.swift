import Foundation

/// `/item-types` endpoints.
extension SimulatorState {
    typealias JSON = DatoCMSSimulator.JSON

    func listItemTypes(_ request: APIRequest) throws -> Reply {
        .json(200, Document.collection(itemTypes.all.map(\.resource)))
    }

    func showItemType(_ request: APIRequest) throws -> Reply {
        .resource(200, try existingItemType(request.parameter).resource)
    }

    mutating func createItemType(_ request: APIRequest) throws -> Reply {
        let input = try parseItemTypeInput(request)
        _ = try input.requiredString("name")
        let apiKey = try input.requiredString("api_key")
        try checkItemTypeAPIKeyIsFree(apiKey, except: nil)
        let id = try clientChosenID(input, unusedIn: { itemTypes[$0] == nil }, kind: "model") ?? Identifiers.resource()
        let itemType = ItemTypeEntity(id: id, attributes: input.attributes, relationships: input.relationships)
        itemTypes[itemType.id] = itemType
        return .resource(201, itemType.resource)
    }

    /// Answers synchronously with the updated model, as in the recorded sessions.
    mutating func updateItemType(_ request: APIRequest) throws -> Reply {
        var itemType = try existingItemType(request.parameter)
        let input = try parseItemTypeInput(request)
        try checkIDMatches(input, request.parameter)
        for name in ["name", "api_key"] where input.attributes[name] != nil { _ = try input.requiredString(name) }
        if let apiKey = input.attributes["api_key"]?.stringValue { try checkItemTypeAPIKeyIsFree(apiKey, except: itemType.id) }
        itemType.apply(attributes: input.attributes, relationships: input.relationships)
        itemTypes[itemType.id] = itemType
        return .resource(200, itemType.resource)
    }

    /// Copies a model and its fields (not its records) as "Name (copy #N)" / "api_key_copyN".
    mutating func duplicateItemType(_ request: APIRequest) throws -> Reply {
        let original = try existingItemType(request.parameter)
        var copyNumber = 1
        while itemTypes.all.contains(where: { $0.apiKey == "\(original.apiKey)_copy\(copyNumber)" }) { copyNumber += 1 }
        var attributes = original.attributes
        attributes["name"] = .string("\(original.name) (copy #\(copyNumber))")
        attributes["api_key"] = .string("\(original.apiKey)_copy\(copyNumber)")
        // The recorded session shows the copy with these reset, whatever the original had.
        attributes["all_locales_required"] = false
        attributes["has_singleton_item"] = false
        var copy = ItemTypeEntity(id: Identifiers.resource(), attributes: attributes, relationships: original.relationships)
        copy.relationships["singleton_item"] = ["data": nil]

        var fieldIDMap: [String: String] = [:]
        for fieldID in original.fieldIDs {
            guard let field = fields[fieldID] else { continue }
            var fieldCopy = FieldEntity(id: Identifiers.resource(), itemTypeID: copy.id, attributes: field.attributes)
            fieldCopy.fieldset = field.fieldset
            fields[fieldCopy.id] = fieldCopy
            fieldIDMap[fieldID] = fieldCopy.id
            copy.fieldIDs.append(fieldCopy.id)
        }
        for (name, relationship) in copy.relationships {
            if let oldID = relationship["data"]?["id"]?.stringValue, let newID = fieldIDMap[oldID] {
                copy.relationships[name] = Document.relationship("field", newID)
            }
        }
        itemTypes[copy.id] = copy
        return .resource(201, copy.resource)
    }

    /// A job whose payload is the deleted model; its fields and records go with it.
    mutating func destroyItemType(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        return startJob { state, _ in
            guard let itemType = state.itemTypes[id] else { return .failure(.notFound) }
            state.itemTypes[id] = nil
            state.fields.removeAll { $0.itemTypeID == id }
            state.records.removeAll { $0.itemTypeID == id }
            return JobOutcome(status: 200, payload: Document.single(itemType.resource))
        }
    }

    // MARK: Helpers

    func existingItemType(_ id: String) throws -> ItemTypeEntity {
        guard let itemType = itemTypes[id] else { throw APIError.notFound }
        return itemType
    }

    private func parseItemTypeInput(_ request: APIRequest) throws -> ResourceInput {
        let input = try ResourceInput.parse(request.body, type: "item_type",
                                            attributes: .only(ItemTypeEntity.writableAttributes),
                                            relationships: ItemTypeEntity.writableRelationships)
        try input.checkAttributes(ItemTypeEntity.booleanAttributes, are: .bool)
        try input.checkAttributes(["hint", "ordering_direction"], are: .string, nullable: true)
        try input.checkAttributes(["collection_appearance", "collection_appeareance"], are: .string)
        return input
    }

    private func checkItemTypeAPIKeyIsFree(_ apiKey: String, except id: String?) throws {
        if itemTypes.all.contains(where: { $0.apiKey == apiKey && $0.id != id }) {
            throw APIError.invalidField("api_key", code: "VALIDATION_UNIQUENESS", "another model already uses api_key \"\(apiKey)\"")
        }
    }

    /// The `data.id` a create request chose, if any: it must have the API's shape and be free.
    func clientChosenID(_ input: ResourceInput, unusedIn isFree: (String) -> Bool, kind: String) throws -> String? {
        guard let id = input.id else { return nil }
        guard Identifiers.isResourceShaped(id) else {
            throw APIError.invalidFormat(field: "data.id", "must be a UUID in URL-safe base64 (22 characters)")
        }
        guard isFree(id) else {
            throw APIError.invalidField("id", code: "VALIDATION_UNIQUENESS", "a \(kind) with ID \"\(id)\" already exists")
        }
        return id
    }

    /// `data.id`, when sent, must name the resource in the URL.
    func checkIDMatches(_ input: ResourceInput, _ id: String) throws {
        if let sent = input.id, sent != id {
            throw APIError.invalidFormat(field: "data.id", "must match the ID in the URL (\(id))")
        }
    }
}
