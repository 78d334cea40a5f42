import Foundation

/// `/items` endpoints for single records (publishing is in PublishingHandlers.swift, batch and
/// bulk operations in BatchHandlers.swift).
extension SimulatorState {
    /// Attributes the API renders from record metadata; ignored when clients echo them back.
    private static let derivedAttributes = ["created_at", "updated_at"]

    /// `GET /items` with `filter[type]` (model IDs or API keys), `filter[ids]`, pagination and
    /// `nested`. Only the page's records are rendered; filters look at IDs and models only, so
    /// walking a large project page by page stays cheap. Block records are listed only when a
    /// filter asks for them (their IDs, or their block model), as the API documents.
    func listRecords(_ request: APIRequest) throws -> Reply {
        let wantedIDs = try request.idsFilter(required: false, limit: maxIDs).map(Set.init)
        let wantedTypes = request.query("filter[type]").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let nested = try request.nestedFlag()
        let render = { (record: RecordEntity) in self.render(record, nested: nested, depth: 0) }
        guard wantedIDs != nil || wantedTypes != nil else {
            guard hasBlockModels else {
                return try request.paginatedReply(count: records.count) { records.slice($0).map(render) }
            }
            let topLevel = records.ids.filter { records[$0]?.parentID == nil }
            return try request.paginatedReply(count: topLevel.count) { topLevel[$0].compactMap { records[$0] }.map(render) }
        }
        var modelMatches: [String: Bool] = [:]
        var matching: [String] = []
        for id in records.ids {
            if let wantedIDs, !wantedIDs.contains(id) { continue }
            if let wantedTypes, let itemTypeID = records[id]?.itemTypeID {
                let matches = modelMatches[itemTypeID] ?? (wantedTypes.contains(itemTypeID) || itemTypes[itemTypeID].map { wantedTypes.contains($0.apiKey) } == true)
                modelMatches[itemTypeID] = matches
                if !matches { continue }
            }
            matching.append(id)
        }
        return try request.paginatedReply(count: matching.count) { matching[$0].compactMap { records[$0] }.map(render) }
    }

    /// `GET /items/:id`, for records and block records; `?nested=true` renders blocks in full.
    func showRecord(_ request: APIRequest) throws -> Reply {
        .resource(200, render(try existingRecord(request.parameter), nested: try request.nestedFlag(), depth: 0))
    }

    /// 201 with the record and its model in `included`. Records of models without draft mode
    /// are published on creation, as the real API does. Values are checked against the model's
    /// fields (FieldValueValidation.swift); new blocks in them are created.
    mutating func createRecord(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "item", attributes: .any, relationships: ["item_type", "creator"])
        guard let itemTypeID = try input.linkedID("item_type", type: "item_type") else {
            throw APIError.invalidFormat(field: "data.relationships.item_type", "is required")
        }
        guard let itemType = itemTypes[itemTypeID] else {
            throw APIError.invalidField("item_type", code: "VALIDATION_INVALID", "no model with ID \"\(itemTypeID)\" exists")
        }
        if itemType.isBlockModel {
            throw APIError.invalidField("item_type", code: "VALIDATION_INVALID",
                                        "\"\(itemType.apiKey)\" is a block model: its records are created inside a field of another record")
        }
        let id = try clientChosenID(input, unusedIn: { records[$0] == nil }, kind: "record") ?? Identifiers.resource()
        var attributes = input.attributes
        for name in Self.derivedAttributes { attributes[name] = nil }
        let plan = try planContent(attributes, of: itemType, ownerID: id, rootRecordID: id, creating: true)
        apply(plan, now: request.now)
        let record = addRecord(id: id, of: itemType, attributes: plan.attributes, now: request.now)
        return .resource(201, render(record), included: [itemType.resource])
    }

    /// Stores a new record with its first version; records of models without draft mode are
    /// published on creation. Shared by `POST /items` and ``DatoCMSSimulator/insertRecords(itemTypeID:attributes:)``.
    mutating func addRecord(id: String, of itemType: ItemTypeEntity, attributes: [String: DatoCMSSimulator.JSON], now: Date) -> RecordEntity {
        var record = RecordEntity(id: id, itemTypeID: itemType.id, creatorID: configuration.creatorID, attributes: attributes, now: now)
        if !itemType.draftModeActive { record.publish(locales: locales, nonLocalized: true, now: now) }
        records[id] = record
        storeVersion(of: record, now: now)
        return record
    }

    /// Merges the sent attributes. `meta.current_version`, when sent, must be the record's
    /// current version (optimistic locking), else 422 `STALE_ITEM_VERSION`.
    mutating func updateRecord(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "item", attributes: .any, relationships: ["item_type", "creator"])
        var record = try existingRecord(request.parameter)
        try checkIDMatches(input, record.id)
        if let itemTypeID = try input.linkedID("item_type", type: "item_type"), itemTypeID != record.itemTypeID {
            throw APIError.invalidField("item_type", code: "VALIDATION_INVALID", "a record cannot change model")
        }
        if let version = input.meta["current_version"], version != .string(record.currentVersion) {
            throw APIError.staleItemVersion(current: record.currentVersion)
        }
        var changes = input.attributes
        for name in Self.derivedAttributes { changes[name] = nil }
        let rootID = record.parentID.flatMap(rootRecordID(of:)) ?? record.id
        let plan = try planContent(changes, of: try existingItemType(record.itemTypeID), ownerID: record.id,
                                   rootRecordID: rootID, creating: false)
        if let stage = input.meta["stage"]?.stringValue { record.stage = stage }
        let blocksBefore = hasBlockModels ? blockIDs(in: record.attributes, of: record.itemTypeID) : []
        apply(plan, now: request.now)
        record.attributes.merge(plan.attributes) { _, new in new }
        record.touch(now: request.now)
        if itemTypes[record.itemTypeID]?.draftModeActive == false {
            record.publish(locales: locales, nonLocalized: true, now: request.now)
        }
        records[record.id] = record
        deleteBlocksDropped(from: blocksBefore, keeping: record)
        storeVersion(of: record, now: request.now)
        return .resource(200, render(record), included: includedItemType(of: record))
    }

    /// Job whose payload is the deleted record.
    mutating func destroyRecord(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        return startJob { state, _ in
            guard let record = state.records[id] else { return .failure(.notFound) }
            let payload = Document.single(state.render(record))
            state.deleteBlocks(of: record)
            state.records[id] = nil
            return JobOutcome(status: 200, payload: payload)
        }
    }

    /// Job creating an unpublished copy; payload 201 with the copy and its model.
    mutating func duplicateRecord(_ request: APIRequest) throws -> Reply {
        let id = request.parameter
        return startJob { state, now in
            guard let original = state.records[id] else { return .failure(.notFound) }
            let copyID = Identifiers.resource()
            let attributes = state.copyBlocks(in: original.attributes, of: original.itemTypeID, ownerID: copyID, now: now)
            var copy = RecordEntity(id: copyID, itemTypeID: original.itemTypeID,
                                    creatorID: state.configuration.creatorID, attributes: attributes, now: now)
            if state.itemTypes[original.itemTypeID]?.draftModeActive == false {
                copy.publish(locales: state.locales, nonLocalized: true, now: now)
            }
            state.records[copy.id] = copy
            state.storeVersion(of: copy, now: now)
            return JobOutcome(status: 201, payload: Document.single(state.render(copy), included: state.includedItemType(of: copy)))
        }
    }

    func existingRecord(_ id: String) throws -> RecordEntity {
        guard let record = records[id] else { throw APIError.notFound }
        return record
    }
}

extension APIRequest {
    /// `nested`: `true` renders blocks as full block records, `false` (the default) as IDs.
    func nestedFlag() throws -> Bool {
        switch query("nested") {
        case nil, "false": return false
        case "true": return true
        case let other?: throw APIError.invalidFormat(field: "nested", "must be true or false, not \"\(other)\"")
        }
    }
}
