import Foundation

/// Block records: records of block models (`modular_block: true`) that live inside a field of
/// another record (or block). They are stored among the records, with ``RecordEntity/parentID``
/// set, so `GET /items/:id` and `filter[ids]`/`filter[type]` find them as the real API does,
/// while the unfiltered `GET /items` leaves them out. A record's stored values hold its blocks'
/// IDs; `?nested=true` renders the blocks in their place, recursively. Deleting a record deletes
/// its blocks, and a block no longer in its record after an update is deleted.
extension SimulatorState {
    typealias BlockJSON = DatoCMSSimulator.JSON

    /// Stores the blocks a checked request creates or changes.
    mutating func apply(_ plan: ContentPlan, now: Date) {
        for write in plan.blockWrites {
            if write.isNew || records[write.id] == nil {
                var block = RecordEntity(id: write.id, itemTypeID: write.itemTypeID, creatorID: configuration.creatorID,
                                         attributes: write.attributes, now: now)
                block.parentID = write.parentID
                block.publish(locales: locales, nonLocalized: true, now: now)
                records[write.id] = block
            } else if var block = records[write.id] {
                block.attributes = write.attributes
                block.parentID = write.parentID
                block.updatedAt = now
                block.currentVersion = Identifiers.resource()
                records[write.id] = block
            }
        }
    }

    /// The IDs of every block inside `attributes` of a record of `itemTypeID`, recursively
    /// (blocks inside blocks included).
    func blockIDs(in attributes: [String: BlockJSON], of itemTypeID: String) -> Set<String> {
        var found: Set<String> = []
        var pending: [(attributes: [String: BlockJSON], itemTypeID: String)] = [(attributes, itemTypeID)]
        while let (values, modelID) = pending.popLast() {
            for id in directBlockIDs(in: values, of: modelID) where found.insert(id).inserted {
                if let block = records[id] { pending.append((block.attributes, block.itemTypeID)) }
            }
        }
        return found
    }

    /// The IDs of the blocks directly in `attributes` (not those inside them).
    private func directBlockIDs(in attributes: [String: BlockJSON], of itemTypeID: String) -> [String] {
        var ids: [String] = []
        for field in fieldsByAPIKey(of: itemTypeID).values where field.knownType?.holdsBlocks == true {
            guard let value = attributes[field.apiKey] else { continue }
            let values = field.localized ? (value.objectValue.map { $0.keys.sorted().compactMap { value[$0] } } ?? []) : [value]
            for value in values { Self.collectBlockIDs(value, type: field.knownType, into: &ids) }
        }
        return ids
    }

    private static func collectBlockIDs(_ value: BlockJSON, type: FieldType?, into ids: inout [String]) {
        switch type {
        case .richText: ids += value.arrayValue?.compactMap(\.stringValue) ?? []
        case .singleBlock: if let id = value.stringValue { ids.append(id) }
        case .structuredText: collectNodeBlockIDs(value["document"] ?? .null, into: &ids)
        default: break
        }
    }

    private static func collectNodeBlockIDs(_ node: BlockJSON, into ids: inout [String]) {
        if let type = node["type"]?.stringValue, type == "block" || type == "inlineBlock", let id = node["item"]?.stringValue {
            ids.append(id)
        }
        for child in node["children"]?.arrayValue ?? [] { collectNodeBlockIDs(child, into: &ids) }
    }

    /// Deletes the blocks of a record about to be deleted (cheap when the project has no blocks).
    mutating func deleteBlocks(of record: RecordEntity) {
        guard hasBlockModels else { return }
        for id in blockIDs(in: record.attributes, of: record.itemTypeID) where records[id]?.parentID != nil {
            records[id] = nil
        }
    }

    /// Deletes the blocks that were in a record before an update and are not any more.
    mutating func deleteBlocksDropped(from before: Set<String>, keeping record: RecordEntity) {
        guard !before.isEmpty else { return }
        let after = blockIDs(in: record.attributes, of: record.itemTypeID)
        for id in before.subtracting(after) where records[id]?.parentID != nil { records[id] = nil }
    }

    /// Copies the blocks of `attributes` (recursively) under `ownerID`, returning the values
    /// with the copies' IDs: a duplicated record gets blocks of its own.
    mutating func copyBlocks(in attributes: [String: BlockJSON], of itemTypeID: String, ownerID: String, now: Date) -> [String: BlockJSON] {
        guard hasBlockModels else { return attributes }
        var copied = attributes
        for field in fieldsByAPIKey(of: itemTypeID).values where field.knownType?.holdsBlocks == true {
            guard let value = attributes[field.apiKey] else { continue }
            copied[field.apiKey] = Self.mapBlockIDs(in: value, field: field) { id in
                guard let original = self.records[id] else { return .string(id) }
                let copyID = Identifiers.resource()
                var copy = RecordEntity(id: copyID, itemTypeID: original.itemTypeID, creatorID: original.creatorID,
                                        attributes: [:], now: now)
                copy.parentID = ownerID
                copy.publish(locales: self.locales, nonLocalized: true, now: now)
                copy.attributes = self.copyBlocks(in: original.attributes, of: original.itemTypeID, ownerID: copyID, now: now)
                self.records[copyID] = copy
                return .string(copyID)
            }
        }
        return copied
    }

    /// `value` of `field` (per locale, for localized fields) with each block ID replaced by
    /// `transform(id)`: the block's rendering for `nested=true`, a copy's ID for duplicates.
    static func mapBlockIDs(in value: BlockJSON, field: FieldEntity, _ transform: (String) -> BlockJSON) -> BlockJSON {
        guard let type = field.knownType, type.holdsBlocks else { return value }
        if field.localized {
            guard case .object(let perLocale) = value else { return value }
            return .object(perLocale.mapValues { mapBlockIDs(in: $0, type: type, transform) })
        }
        return mapBlockIDs(in: value, type: type, transform)
    }

    private static func mapBlockIDs(in value: BlockJSON, type: FieldType, _ transform: (String) -> BlockJSON) -> BlockJSON {
        switch type {
        case .richText:
            guard case .array(let elements) = value else { return value }
            return .array(elements.map { $0.stringValue.map(transform) ?? $0 })
        case .singleBlock:
            return value.stringValue.map(transform) ?? value
        case .structuredText:
            guard case .object(var members) = value, let document = members["document"] else { return value }
            members["document"] = mapNodeBlockIDs(document, transform)
            return .object(members)
        default:
            return value
        }
    }

    private static func mapNodeBlockIDs(_ node: BlockJSON, _ transform: (String) -> BlockJSON) -> BlockJSON {
        guard case .object(var members) = node else { return node }
        if let type = members["type"]?.stringValue, type == "block" || type == "inlineBlock", let id = members["item"]?.stringValue {
            members["item"] = transform(id)
        }
        if case .array(let children) = members["children"] {
            members["children"] = .array(children.map { mapNodeBlockIDs($0, transform) })
        }
        return .object(members)
    }

    /// The record's values with every block rendered in full in place of its ID, recursively:
    /// what `?nested=true` answers.
    func nestedAttributes(_ attributes: [String: BlockJSON], of itemTypeID: String, depth: Int = 0) -> [String: BlockJSON] {
        // Blocks cannot contain their own ancestors through the API; the depth bound only guards
        // against values seeded by hand.
        guard depth < 32 else { return attributes }
        var nested = attributes
        for field in fieldsByAPIKey(of: itemTypeID).values where field.knownType?.holdsBlocks == true {
            guard let value = attributes[field.apiKey] else { continue }
            nested[field.apiKey] = Self.mapBlockIDs(in: value, field: field) { id in
                guard let block = records[id] else { return .string(id) }
                return render(block, nested: true, depth: depth + 1)
            }
        }
        return nested
    }
}
