import Foundation

/// `/item-types/:id/fields` and `/fields/:id` endpoints. Creating, updating and deleting fields
/// are jobs, as in the real API; whether the model/field exists, whether the `api_key` is free
/// and whether the models the validators name exist is decided when the job runs. An unknown
/// `field_type` is refused at once (FieldTypes.swift).
extension SimulatorState {
    func listFields(_ request: APIRequest) throws -> Reply {
        let itemType = try existingItemType(request.parameter)
        return .json(200, Document.collection(itemType.fieldIDs.compactMap { fields[$0]?.resource }))
    }

    func showField(_ request: APIRequest) throws -> Reply {
        .resource(200, try existingField(request.parameter).resource)
    }

    /// Job → 201 `{data: field, included: [item_type]}`, as in the recorded sessions.
    mutating func createField(_ request: APIRequest) throws -> Reply {
        let input = try parseFieldInput(request)
        for name in ["label", "field_type", "api_key"] { _ = try input.requiredString(name) }
        let fieldType = try input.requiredString("field_type")
        try checkFieldDefinition(fieldType: fieldType, validators: nil)
        let itemTypeID = request.parameter
        let chosenID = try clientChosenID(input, unusedIn: { fields[$0] == nil }, kind: "field")
        return startJob { state, _ in .catching {
            guard state.itemTypes[itemTypeID] != nil else { throw APIError.notFound }
            try state.checkFieldAPIKeyIsFree(input.attributes["api_key"]?.stringValue ?? "", in: itemTypeID, except: nil)
            try state.checkFieldDefinition(fieldType: fieldType, validators: input.attributes["validators"])
            // Checked again: another create may have taken the ID while this job waited.
            if chosenID != nil { _ = try state.clientChosenID(input, unusedIn: { state.fields[$0] == nil }, kind: "field") }
            let id = chosenID ?? Identifiers.resource()
            var field = FieldEntity(id: id, itemTypeID: itemTypeID, attributes: input.attributes)
            if let fieldset = input.relationships["fieldset"]?["data"] { field.fieldset = fieldset }
            state.fields[field.id] = field
            state.place(fieldID: field.id, at: input.attributes["position"]?.intValue)
            // A model's first text field becomes its title field, as the recording shows.
            if field.fieldType == "string", state.itemTypes[itemTypeID]?.linkedFieldID("title_field") == nil {
                state.itemTypes[itemTypeID]?.relationships["title_field"] = Document.relationship("field", field.id)
            }
            return state.fieldOutcome(status: 201, fieldID: field.id)
        } }
    }

    mutating func updateField(_ request: APIRequest) throws -> Reply {
        let input = try parseFieldInput(request)
        let id = request.parameter
        try checkIDMatches(input, id)
        for name in ["label", "field_type", "api_key"] where input.attributes[name] != nil { _ = try input.requiredString(name) }
        if let fieldType = input.attributes["field_type"]?.stringValue { try checkFieldDefinition(fieldType: fieldType, validators: nil) }
        return startJob { state, _ in .catching {
            guard let field = state.fields[id] else { throw APIError.notFound }
            let newAPIKey = input.attributes["api_key"]?.stringValue ?? field.apiKey
            try state.checkFieldAPIKeyIsFree(newAPIKey, in: field.itemTypeID, except: id)
            if input.attributes["field_type"] != nil || input.attributes["validators"] != nil {
                try state.checkFieldDefinition(fieldType: input.attributes["field_type"]?.stringValue ?? field.fieldType,
                                               validators: input.attributes["validators"] ?? field.attributes["validators"])
            }
            var updated = field
            updated.apply(input.attributes)
            if let fieldset = input.relationships["fieldset"]?["data"] { updated.fieldset = fieldset }
            state.fields[id] = updated
            state.migrateValues(from: field, to: updated)
            if let position = input.attributes["position"]?.intValue { state.place(fieldID: id, at: position) }
            return state.fieldOutcome(status: 200, fieldID: id)
        } }
    }

    mutating func destroyField(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        return startJob { state, _ in
            guard let field = state.fields[id] else { return .failure(.notFound) }
            let outcome = state.fieldOutcome(status: 200, fieldID: id)
            // The blocks the field holds go with it; looked up while the field still exists.
            var heldBlocks: Set<String> = []
            if field.knownType?.holdsBlocks == true {
                for record in state.records.all where record.itemTypeID == field.itemTypeID {
                    guard let value = record.attributes[field.apiKey] else { continue }
                    heldBlocks.formUnion(state.blockIDs(in: [field.apiKey: value], of: field.itemTypeID))
                }
            }
            for blockID in heldBlocks where state.records[blockID]?.parentID != nil { state.records[blockID] = nil }
            state.fields[id] = nil
            if var itemType = state.itemTypes[field.itemTypeID] {
                itemType.fieldIDs.removeAll { $0 == id }
                for (name, relationship) in itemType.relationships where relationship["data"]?["id"]?.stringValue == id {
                    itemType.relationships[name] = ["data": nil]
                }
                state.itemTypes[field.itemTypeID] = itemType
                state.renumberPositions(of: field.itemTypeID)
            }
            for record in state.records.all where record.itemTypeID == field.itemTypeID {
                state.records[record.id]?.attributes[field.apiKey] = nil
            }
            return outcome
        }
    }

    /// Job copying the field to the end of its model: label `<label> (copy)`, API key
    /// `<api_key>_copy` (`_copy2`, … when taken). Record values are not copied. Payload 201 as for
    /// creation.
    mutating func duplicateField(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        return startJob { state, _ in
            guard let original = state.fields[id] else { return .failure(.notFound) }
            let taken = Set((state.itemTypes[original.itemTypeID]?.fieldIDs ?? []).compactMap { state.fields[$0]?.apiKey })
            var apiKey = original.apiKey + "_copy"
            var suffix = 1
            while taken.contains(apiKey) {
                suffix += 1
                apiKey = original.apiKey + "_copy\(suffix)"
            }
            var copy = FieldEntity(id: Identifiers.resource(), itemTypeID: original.itemTypeID, attributes: original.attributes)
            copy.attributes["api_key"] = .string(apiKey)
            copy.attributes["label"] = .string((original.attributes["label"]?.stringValue ?? original.apiKey) + " (copy)")
            copy.fieldset = original.fieldset
            state.fields[copy.id] = copy
            state.place(fieldID: copy.id, at: nil)
            return state.fieldOutcome(status: 201, fieldID: copy.id)
        }
    }

    // MARK: Helpers

    func existingField(_ id: String) throws -> FieldEntity {
        guard let field = fields[id] else { throw APIError.notFound }
        return field
    }

    private func parseFieldInput(_ request: APIRequest) throws -> ResourceInput {
        let input = try ResourceInput.parse(request.body, type: "field", attributes: .only(FieldEntity.writableAttributes),
                                            relationships: ["fieldset"])
        try input.checkAttributes(["localized", "deep_filtering_enabled", "content_link_enabled"], are: .bool)
        try input.checkAttributes(["validators", "appearance", "appeareance"], are: .object)
        try input.checkAttributes(["position"], are: .integer)
        try input.checkAttributes(["hint"], are: .string, nullable: true)
        return input
    }

    private func checkFieldAPIKeyIsFree(_ apiKey: String, in itemTypeID: String, except id: String?) throws {
        let taken = itemTypes[itemTypeID]?.fieldIDs.contains { fields[$0]?.apiKey == apiKey && $0 != id } ?? false
        if taken {
            throw APIError.invalidField("api_key", code: "VALIDATION_UNIQUENESS", "another field of this model already uses api_key \"\(apiKey)\"")
        }
    }

    private func fieldOutcome(status: Int, fieldID: String) -> JobOutcome {
        guard let field = fields[fieldID] else { return .failure(.notFound) }
        let included = itemTypes[field.itemTypeID].map { [$0.resource] } ?? []
        return JobOutcome(status: status, payload: Document.single(field.resource, included: included))
    }

    /// Moves a field to 1-based `position` (or the end) and renumbers its siblings 1…n.
    private mutating func place(fieldID: String, at position: Int?) {
        guard let itemTypeID = fields[fieldID]?.itemTypeID, var itemType = itemTypes[itemTypeID] else { return }
        itemType.fieldIDs.removeAll { $0 == fieldID }
        // Clamped before subtracting: a client may send any integer, Int.min included.
        let index = min(max(position ?? Int.max, 1), itemType.fieldIDs.count + 1) - 1
        itemType.fieldIDs.insert(fieldID, at: index)
        itemTypes[itemTypeID] = itemType
        renumberPositions(of: itemTypeID)
    }

    private mutating func renumberPositions(of itemTypeID: String) {
        for (index, fieldID) in (itemTypes[itemTypeID]?.fieldIDs ?? []).enumerated() {
            fields[fieldID]?.attributes["position"] = .number(Double(index + 1))
        }
    }

    /// Keeps record values in step with a field change: renamed `api_key`s move the values, and
    /// toggling `localized` wraps the value in (or takes it out of) the first locale.
    private mutating func migrateValues(from old: FieldEntity, to new: FieldEntity) {
        guard old.apiKey != new.apiKey || old.localized != new.localized else { return }
        let mainLocale = locales.first ?? "en"
        for record in records.all where record.itemTypeID == old.itemTypeID {
            guard var value = record.attributes[old.apiKey] else { continue }
            if !old.localized && new.localized {
                value = .object(Dictionary(uniqueKeysWithValues: locales.map { ($0, $0 == mainLocale ? value : .null) }))
            } else if old.localized && !new.localized {
                value = value[mainLocale] ?? .null
            }
            records[record.id]?.attributes[old.apiKey] = nil
            records[record.id]?.attributes[new.apiKey] = value
        }
    }
}
