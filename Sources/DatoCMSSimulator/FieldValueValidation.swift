import Foundation

/// Record values checked against their model's fields, as `POST /items` and `PUT /items/:id`
/// check them.
///
/// A refused value is 422 `INVALID_FIELD` with `details`:
/// - `field`: the API key of the record's field the value was sent for (the top-level one, for a
///   value inside a block), `field_type` and `field_id` when the field exists;
/// - `path`: where in the value, e.g. `content[0].attributes.quote` or `title.en`;
/// - `locale`, for a value of a localized field;
/// - `code`, one of:
///
/// | code | when |
/// |---|---|
/// | `VALIDATION_UNKNOWN_FIELD` | the model has no field with that API key |
/// | `VALIDATION_REQUIRED` | a field with the `required` validator is missing, null or empty |
/// | `VALIDATION_FORMAT` | the value does not have its type's shape (a string for an integer, a color without `alpha`, a date not `YYYY-MM-DD`, a localized value not keyed by locale…) |
/// | `VALIDATION_INVALID` | the value names something that is not there or not allowed: an upload, a record, a block, a block model the field's validator does not list |
///
/// Every model is checked the same way: a model without any field refuses every attribute with
/// `VALIDATION_UNKNOWN_FIELD`, as DatoCMS does.
///
/// Checking never changes the state: it returns a ``ContentPlan`` that
/// ``SimulatorState/apply(_:)`` carries out, so a refused request leaves nothing behind.
struct ContentPlan: Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    /// A block record to store: a new one (`isNew`) or new values for an existing one.
    struct BlockWrite: Sendable {
        var id: String
        var itemTypeID: String
        /// The record or block whose field holds it.
        var parentID: String
        var attributes: [String: JSON]
        var isNew: Bool
    }

    /// The values to store, blocks replaced by their IDs and file values completed with defaults.
    var attributes: [String: JSON] = [:]
    /// Blocks to create or update, parents before children.
    var blockWrites: [BlockWrite] = []
    /// Every block the values hold (kept, updated or new): a block belongs in one place only.
    var blockIDs: Set<String> = []
}

/// Where a value sits, for error details.
private struct ValuePath {
    /// The top-level field's API key, and that field.
    var rootKey: String
    var rootField: FieldEntity?
    var locale: String?
    var text: String

    func appending(_ component: String) -> ValuePath {
        var copy = self
        copy.text += component
        return copy
    }

    func error(_ code: String, _ message: String) -> APIError {
        var details: [String: DatoCMSSimulator.JSON] = [
            "field": .string(rootKey), "code": .string(code), "message": .string(message), "path": .string(text),
        ]
        if let rootField {
            details["field_id"] = .string(rootField.id)
            details["field_type"] = .string(rootField.fieldType)
            if let label = rootField.attributes["label"] { details["field_label"] = label }
        }
        if let locale { details["locale"] = .string(locale) }
        return APIError(status: 422, code: "INVALID_FIELD", details: .object(details))
    }
}

extension SimulatorState {
    typealias FieldJSON = DatoCMSSimulator.JSON

    /// The fields of a model, by API key.
    func fieldsByAPIKey(of itemTypeID: String) -> [String: FieldEntity] {
        var result: [String: FieldEntity] = [:]
        for id in itemTypes[itemTypeID]?.fieldIDs ?? [] {
            if let field = fields[id] { result[field.apiKey] = field }
        }
        return result
    }

    /// Checks `values` sent for a record (or block) of `itemType`.
    ///
    /// - Parameters:
    ///   - ownerID: The ID the record has (or will have once created): new blocks hang under it.
    ///   - rootRecordID: The top-level record whose blocks may be kept or updated by ID.
    ///   - creating: Whether the record is new, so that every required field must be given.
    func planContent(_ values: [String: FieldJSON], of itemType: ItemTypeEntity, ownerID: String,
                     rootRecordID: String, creating: Bool) throws -> ContentPlan {
        var plan = ContentPlan()
        plan.attributes = try checkAttributes(values, of: itemType, ownerID: ownerID, rootRecordID: rootRecordID,
                                              creating: creating, pathPrefix: nil, plan: &plan)
        return plan
    }

    /// The checked attributes of one record or block; blocks inside are added to `plan`.
    /// `pathPrefix` is set inside blocks: errors then name the top-level field.
    private func checkAttributes(_ values: [String: FieldJSON], of itemType: ItemTypeEntity, ownerID: String, rootRecordID: String,
                                 creating: Bool, pathPrefix: ValuePath?, plan: inout ContentPlan) throws -> [String: FieldJSON] {
        let modelFields = fieldsByAPIKey(of: itemType.id)
        func path(_ key: String) -> ValuePath {
            if let pathPrefix { return pathPrefix.appending(".\(key)") }
            return ValuePath(rootKey: key, rootField: modelFields[key], locale: nil, text: key)
        }
        var checked: [String: FieldJSON] = [:]
        for key in values.keys.sorted() {
            guard let field = modelFields[key] else {
                let known = modelFields.keys.sorted().joined(separator: ", ")
                throw path(key).error("VALIDATION_UNKNOWN_FIELD",
                                      "\(itemType.isBlockModel ? "block model" : "model") \"\(itemType.apiKey)\" has no field \"\(key)\" (its fields: \(known.isEmpty ? "none" : known))")
            }
            checked[key] = try checkFieldValue(values[key] ?? .null, field: field, ownerID: ownerID, rootRecordID: rootRecordID,
                                               path: path(key), plan: &plan)
        }
        if creating {
            for field in modelFields.values.sorted(by: { $0.position < $1.position }) where field.isRequired && checked[field.apiKey] == nil {
                throw path(field.apiKey).error("VALIDATION_REQUIRED", "field \"\(field.apiKey)\" is required")
            }
        }
        return checked
    }

    /// One field's value: localized ones must be objects keyed by the environment's locales.
    private func checkFieldValue(_ value: FieldJSON, field: FieldEntity, ownerID: String, rootRecordID: String,
                                 path: ValuePath, plan: inout ContentPlan) throws -> FieldJSON {
        guard let type = field.knownType else { return value }
        if field.localized {
            if value == .null && !field.isRequired {
                return .object(Dictionary(uniqueKeysWithValues: locales.map { ($0, type.emptyValue) }))
            }
            guard case .object(let perLocale) = value else {
                throw path.error(value == .null ? "VALIDATION_REQUIRED" : "VALIDATION_FORMAT",
                                 "field \"\(field.apiKey)\" is localized: send an object keyed by locale (\(locales.joined(separator: ", ")))")
            }
            if let unknown = perLocale.keys.sorted().first(where: { !locales.contains($0) }) {
                throw path.error("VALIDATION_FORMAT",
                                 "\"\(unknown)\" is not a locale of this environment (\(locales.joined(separator: ", "))); field \"\(field.apiKey)\" is localized, so its value must be keyed by locale")
            }
            if field.isRequired && perLocale.isEmpty {
                throw path.error("VALIDATION_REQUIRED", "field \"\(field.apiKey)\" is required: give a value for at least one locale")
            }
            var checked: [String: FieldJSON] = [:]
            for locale in perLocale.keys.sorted() {
                var localePath = path.appending(".\(locale)")
                localePath.locale = locale
                checked[locale] = try checkSingleValue(perLocale[locale] ?? .null, type: type, field: field, ownerID: ownerID,
                                                       rootRecordID: rootRecordID, path: localePath, plan: &plan)
            }
            return .object(checked)
        }
        if case .object(let members) = value, !members.isEmpty, members.keys.allSatisfy(locales.contains) {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" is not localized: send its value itself, not an object keyed by locale")
        }
        return try checkSingleValue(value, type: type, field: field, ownerID: ownerID, rootRecordID: rootRecordID, path: path, plan: &plan)
    }

    /// One value (of one locale, for localized fields) of a field of `type`.
    private func checkSingleValue(_ value: FieldJSON, type: FieldType, field: FieldEntity, ownerID: String, rootRecordID: String,
                                  path: ValuePath, plan: inout ContentPlan) throws -> FieldJSON {
        func format(_ expected: String) -> APIError {
            path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (\(type.rawValue)) takes \(expected); got \(value.shortDescription)")
        }
        if value == .null {
            if field.isRequired { throw path.error("VALIDATION_REQUIRED", "field \"\(field.apiKey)\" is required") }
            return type.emptyValue
        }
        let checked: FieldJSON
        switch type {
        case .string, .text, .slug:
            guard let string = value.stringValue else { throw format("a string") }
            if field.isRequired && string.isEmpty { throw path.error("VALIDATION_REQUIRED", "field \"\(field.apiKey)\" is required") }
            checked = value
        case .boolean:
            guard value.boolValue != nil else { throw format("true or false") }
            checked = value
        case .integer:
            guard value.intValue != nil else { throw format("an integer") }
            checked = value
        case .float:
            guard value.doubleValue != nil else { throw format("a number") }
            checked = value
        case .date:
            guard let string = value.stringValue, CalendarDateFormat.isDate(string) else { throw format("a date \"YYYY-MM-DD\"") }
            checked = value
        case .dateTime:
            guard let string = value.stringValue, CalendarDateFormat.isDateTime(string) else {
                throw format("an ISO 8601 date and time, e.g. \"2026-03-01T09:30:00Z\"")
            }
            checked = value
        case .color:
            guard case .object(let members) = value else { throw format("an object with red, green, blue and alpha") }
            for channel in ["red", "green", "blue", "alpha"] {
                guard let level = members[channel]?.intValue, (0...255).contains(level) else {
                    throw path.appending(".\(channel)").error("VALIDATION_FORMAT",
                                                              "field \"\(field.apiKey)\" (color) needs \"\(channel)\", an integer from 0 to 255")
                }
            }
            try rejectExtraMembers(members, allowed: ["red", "green", "blue", "alpha"], path: path, field: field)
            checked = value
        case .latLon:
            guard case .object(let members) = value else { throw format("an object with latitude and longitude") }
            for (name, limit) in [("latitude", 90.0), ("longitude", 180.0)] {
                guard let degrees = members[name]?.doubleValue, abs(degrees) <= limit else {
                    throw path.appending(".\(name)").error("VALIDATION_FORMAT",
                                                           "field \"\(field.apiKey)\" (lat_lon) needs \"\(name)\", a number from -\(Int(limit)) to \(Int(limit))")
                }
            }
            try rejectExtraMembers(members, allowed: ["latitude", "longitude"], path: path, field: field)
            checked = value
        case .seo:
            checked = try checkSEO(value, field: field, path: path)
        case .json:
            guard let text = value.stringValue else { throw format("a string holding JSON") }
            guard (try? DatoCMSSimulator.JSON(parsing: Data(text.utf8))) != nil else {
                throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (json) takes a string holding valid JSON; \(value.shortDescription) is not")
            }
            checked = value
        case .video:
            checked = try checkVideo(value, field: field, path: path)
        case .file:
            checked = try checkFile(value, field: field, path: path)
        case .gallery:
            guard case .array(let elements) = value else { throw format("an array of file objects") }
            checked = .array(try elements.enumerated().map { try checkFile($1, field: field, path: path.appending("[\($0)]")) })
        case .link:
            try checkLinkedRecord(value, allowed: field.allowedItemTypes("item_item_type"), field: field, path: path)
            checked = value
        case .links:
            guard case .array(let elements) = value else { throw format("an array of record IDs") }
            for (index, element) in elements.enumerated() {
                try checkLinkedRecord(element, allowed: field.allowedItemTypes("items_item_type"), field: field, path: path.appending("[\(index)]"))
            }
            checked = value
        case .richText:
            guard case .array(let elements) = value else { throw format("an array of blocks (IDs or block records)") }
            checked = .array(try elements.enumerated().map { index, element in
                .string(try checkBlock(element, allowed: field.allowedItemTypes("rich_text_blocks"), field: field, ownerID: ownerID,
                                       rootRecordID: rootRecordID, path: path.appending("[\(index)]"), plan: &plan))
            })
        case .singleBlock:
            checked = .string(try checkBlock(value, allowed: field.allowedItemTypes("single_block_blocks"), field: field, ownerID: ownerID,
                                             rootRecordID: rootRecordID, path: path, plan: &plan))
        case .structuredText:
            checked = try checkStructuredText(value, field: field, ownerID: ownerID, rootRecordID: rootRecordID, path: path, plan: &plan)
        }
        if field.isRequired, type.isList, checked.arrayValue?.isEmpty == true {
            throw path.error("VALIDATION_REQUIRED", "field \"\(field.apiKey)\" is required: give at least one element")
        }
        return checked
    }

    private func rejectExtraMembers(_ members: [String: FieldJSON], allowed: Set<String>, path: ValuePath, field: FieldEntity) throws {
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw path.appending(".\(extra)").error("VALIDATION_FORMAT",
                                                    "field \"\(field.apiKey)\" (\(field.fieldType)) has no member \"\(extra)\" (members: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private func checkSEO(_ value: FieldJSON, field: FieldEntity, path: ValuePath) throws -> FieldJSON {
        guard case .object(let members) = value else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (seo) takes an object with title, description, image, twitter_card, no_index")
        }
        try rejectExtraMembers(members, allowed: ["title", "description", "image", "twitter_card", "no_index"], path: path, field: field)
        for name in ["title", "description"] {
            if let member = members[name], member != .null, member.stringValue == nil {
                throw path.appending(".\(name)").error("VALIDATION_FORMAT", "\"\(name)\" of field \"\(field.apiKey)\" must be a string or null")
            }
        }
        if let image = members["image"], image != .null {
            guard let id = image.stringValue else {
                throw path.appending(".image").error("VALIDATION_FORMAT", "\"image\" of field \"\(field.apiKey)\" must be an upload ID or null")
            }
            guard uploads[id] != nil else {
                throw path.appending(".image").error("VALIDATION_INVALID", "\"image\" of field \"\(field.apiKey)\" names upload \"\(id)\", which does not exist")
            }
        }
        if let card = members["twitter_card"], card != .null, !["summary", "summary_large_image"].contains(card.stringValue ?? "") {
            throw path.appending(".twitter_card").error("VALIDATION_FORMAT", "\"twitter_card\" of field \"\(field.apiKey)\" must be \"summary\", \"summary_large_image\" or null")
        }
        if let noIndex = members["no_index"], noIndex.boolValue == nil {
            throw path.appending(".no_index").error("VALIDATION_FORMAT", "\"no_index\" of field \"\(field.apiKey)\" must be true or false")
        }
        return value
    }

    private func checkVideo(_ value: FieldJSON, field: FieldEntity, path: ValuePath) throws -> FieldJSON {
        guard case .object(let members) = value else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (video) takes an object with provider, provider_uid, url, width, height, thumbnail_url, title")
        }
        let strings = ["provider", "provider_uid", "url", "thumbnail_url", "title"]
        try rejectExtraMembers(members, allowed: Set(strings + ["width", "height"]), path: path, field: field)
        for name in ["provider", "provider_uid", "url"] where members[name]?.stringValue == nil {
            throw path.appending(".\(name)").error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (video) needs \"\(name)\", a string")
        }
        if let provider = members["provider"]?.stringValue, !["youtube", "vimeo", "facebook"].contains(provider) {
            throw path.appending(".provider").error("VALIDATION_FORMAT", "\"provider\" of field \"\(field.apiKey)\" must be youtube, vimeo or facebook")
        }
        for name in ["thumbnail_url", "title"] {
            if let member = members[name], member.stringValue == nil {
                throw path.appending(".\(name)").error("VALIDATION_FORMAT", "\"\(name)\" of field \"\(field.apiKey)\" must be a string")
            }
        }
        for name in ["width", "height"] {
            if let member = members[name], member.intValue == nil {
                throw path.appending(".\(name)").error("VALIDATION_FORMAT", "\"\(name)\" of field \"\(field.apiKey)\" must be an integer")
            }
        }
        return value
    }

    /// A file value (or gallery element), completed with the defaults the API renders.
    private func checkFile(_ value: FieldJSON, field: FieldEntity, path: ValuePath) throws -> FieldJSON {
        guard case .object(var members) = value else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (\(field.fieldType)) takes {\"upload_id\": …} objects; got \(value.shortDescription)")
        }
        try rejectExtraMembers(members, allowed: ["upload_id", "alt", "title", "custom_data", "focal_point", "poster_time"], path: path, field: field)
        guard let uploadID = members["upload_id"]?.stringValue else {
            throw path.appending(".upload_id").error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (\(field.fieldType)) needs \"upload_id\", an upload's ID")
        }
        guard uploads[uploadID] != nil else {
            throw path.appending(".upload_id").error("VALIDATION_INVALID", "field \"\(field.apiKey)\" names upload \"\(uploadID)\", which does not exist")
        }
        for name in ["alt", "title"] {
            if let member = members[name], member != .null, member.stringValue == nil {
                throw path.appending(".\(name)").error("VALIDATION_FORMAT", "\"\(name)\" of field \"\(field.apiKey)\" must be a string or null")
            }
        }
        if let customData = members["custom_data"], customData != .null, customData.objectValue == nil {
            throw path.appending(".custom_data").error("VALIDATION_FORMAT", "\"custom_data\" of field \"\(field.apiKey)\" must be an object")
        }
        if let focalPoint = members["focal_point"], focalPoint != .null {
            let inRange = { (member: String) in focalPoint[member]?.doubleValue.map { (0...1).contains($0) } ?? false }
            guard focalPoint.objectValue?.count == 2, inRange("x"), inRange("y") else {
                throw path.appending(".focal_point").error("VALIDATION_FORMAT", "\"focal_point\" of field \"\(field.apiKey)\" must be {\"x\": 0…1, \"y\": 0…1} or null")
            }
        }
        if let posterTime = members["poster_time"], posterTime != .null, posterTime.doubleValue == nil {
            throw path.appending(".poster_time").error("VALIDATION_FORMAT", "\"poster_time\" of field \"\(field.apiKey)\" must be a number or null")
        }
        for name in ["alt", "title", "focal_point", "poster_time"] where members[name] == nil { members[name] = .null }
        if members["custom_data"] == nil || members["custom_data"] == .null { members["custom_data"] = [:] }
        return .object(members)
    }

    /// A link to a record: an existing record (not a block) of a model the validator allows.
    private func checkLinkedRecord(_ value: FieldJSON, allowed: [String]?, field: FieldEntity, path: ValuePath) throws {
        guard let id = value.stringValue else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (\(field.fieldType)) takes record IDs; got \(value.shortDescription)")
        }
        guard let target = records[id], target.parentID == nil else {
            throw path.error("VALIDATION_INVALID", "field \"\(field.apiKey)\" links to record \"\(id)\", which does not exist")
        }
        if let allowed, !allowed.contains(target.itemTypeID) {
            throw path.error("VALIDATION_INVALID", "field \"\(field.apiKey)\" cannot link to records of model \"\(itemTypes[target.itemTypeID]?.apiKey ?? target.itemTypeID)\"; its validator allows \(describeModels(allowed))")
        }
    }

    private func describeModels(_ ids: [String]) -> String {
        ids.isEmpty ? "none" : ids.map { itemTypes[$0]?.apiKey ?? $0 }.joined(separator: ", ")
    }

    /// The root record a block belongs to (the block's chain of parents, up to a record).
    func rootRecordID(of blockID: String) -> String? {
        var current = blockID
        var seen: Set<String> = []
        while let record = records[current], let parent = record.parentID {
            guard seen.insert(current).inserted else { return nil }
            current = parent
        }
        return records[current] == nil ? nil : current
    }

    /// A block in a request: a bare ID (kept), a block record with `id` (updated) or without
    /// (created). Returns the block's ID.
    private func checkBlock(_ value: FieldJSON, allowed: [String]?, field: FieldEntity, ownerID: String, rootRecordID: String,
                            path: ValuePath, plan: inout ContentPlan) throws -> String {
        func checkAllowed(_ itemTypeID: String) throws {
            guard let model = itemTypes[itemTypeID], model.isBlockModel else {
                throw path.error("VALIDATION_INVALID", "\"\(itemTypeID)\" is not a block model of this environment")
            }
            if let allowed, !allowed.contains(itemTypeID) {
                throw path.error("VALIDATION_INVALID", "field \"\(field.apiKey)\" does not accept blocks of \"\(model.apiKey)\"; its validator allows \(describeModels(allowed))")
            }
        }
        func existingBlock(_ id: String) throws -> RecordEntity {
            guard let block = records[id], block.parentID != nil, self.rootRecordID(of: id) == rootRecordID else {
                throw path.error("VALIDATION_INVALID", "no block with ID \"\(id)\" belongs to this record; send a block record without \"id\" to create one")
            }
            return block
        }
        if let id = value.stringValue {
            let block = try existingBlock(id)
            try checkAllowed(block.itemTypeID)
            guard plan.blockIDs.insert(id).inserted else {
                throw path.error("VALIDATION_INVALID", "block \"\(id)\" appears twice in the record")
            }
            return id
        }
        guard case .object(let members) = value, members["type"] == "item" else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (\(field.fieldType)) takes blocks: a block ID, or {\"type\": \"item\", \"attributes\": {…}, \"relationships\": {\"item_type\": …}}; got \(value.shortDescription)")
        }
        if let extra = members.keys.sorted().first(where: { !["id", "type", "attributes", "relationships", "meta"].contains($0) }) {
            throw path.appending(".\(extra)").error("VALIDATION_FORMAT", "a block record has no member \"\(extra)\"")
        }
        let sentAttributes = members["attributes"] ?? [:]
        guard case .object(let attributes) = sentAttributes else {
            throw path.appending(".attributes").error("VALIDATION_FORMAT", "a block record's \"attributes\" must be an object")
        }
        var linkedModelID: String?
        if let linkage = members["relationships"]?["item_type"]?["data"] {
            guard linkage["type"] == "item_type", let id = linkage["id"]?.stringValue else {
                throw path.appending(".relationships.item_type").error("VALIDATION_FORMAT", "must be {\"data\": {\"type\": \"item_type\", \"id\": …}}")
            }
            linkedModelID = id
        }
        let blockID: String
        let itemTypeID: String
        var merged: [String: FieldJSON]
        let isNew: Bool
        if let rawID = members["id"] {
            guard let id = rawID.stringValue else { throw path.appending(".id").error("VALIDATION_FORMAT", "a block's \"id\" must be a string") }
            let block = try existingBlock(id)
            if let linkedModelID, linkedModelID != block.itemTypeID {
                throw path.error("VALIDATION_INVALID", "block \"\(id)\" is of model \"\(block.itemTypeID)\"; a block cannot change model")
            }
            blockID = id
            itemTypeID = block.itemTypeID
            merged = block.attributes
            isNew = false
        } else {
            guard let linkedModelID else {
                throw path.appending(".relationships.item_type").error("VALIDATION_FORMAT", "a new block needs its block model in relationships.item_type")
            }
            blockID = Identifiers.resource()
            itemTypeID = linkedModelID
            merged = [:]
            isNew = true
        }
        try checkAllowed(itemTypeID)
        guard plan.blockIDs.insert(blockID).inserted else {
            throw path.error("VALIDATION_INVALID", "block \"\(blockID)\" appears twice in the record")
        }
        guard let model = itemTypes[itemTypeID] else { throw path.error("VALIDATION_INVALID", "no block model \"\(itemTypeID)\"") }
        // The parent's write comes first, so blocks are stored parents before children.
        let index = plan.blockWrites.count
        plan.blockWrites.append(ContentPlan.BlockWrite(id: blockID, itemTypeID: itemTypeID, parentID: ownerID, attributes: [:], isNew: isNew))
        let checked = try checkAttributes(attributes, of: model, ownerID: blockID, rootRecordID: rootRecordID, creating: isNew,
                                          pathPrefix: path.appending(".attributes"), plan: &plan)
        merged.merge(checked) { _, new in new }
        plan.blockWrites[index].attributes = merged
        return blockID
    }

    /// A structured-text value: `{"schema": "dast", "document": {"type": "root", …}}`, whose
    /// `block`/`inlineBlock` nodes hold blocks and `itemLink`/`inlineItem` nodes record IDs.
    private func checkStructuredText(_ value: FieldJSON, field: FieldEntity, ownerID: String, rootRecordID: String,
                                     path: ValuePath, plan: inout ContentPlan) throws -> FieldJSON {
        guard case .object(var members) = value, members["schema"] == "dast",
              let document = members["document"], document["type"] == "root" else {
            throw path.error("VALIDATION_FORMAT", "field \"\(field.apiKey)\" (structured_text) takes {\"schema\": \"dast\", \"document\": {\"type\": \"root\", \"children\": […]}}")
        }
        members["document"] = try checkNode(document, field: field, ownerID: ownerID, rootRecordID: rootRecordID,
                                            path: path.appending(".document"), plan: &plan)
        return .object(members)
    }

    private func checkNode(_ node: FieldJSON, field: FieldEntity, ownerID: String, rootRecordID: String,
                           path: ValuePath, plan: inout ContentPlan) throws -> FieldJSON {
        guard case .object(var members) = node, let type = members["type"]?.stringValue else {
            throw path.error("VALIDATION_FORMAT", "every node of field \"\(field.apiKey)\" must be an object with a \"type\"")
        }
        switch type {
        case "block", "inlineBlock":
            let validator = type == "block" ? "structured_text_blocks" : "structured_text_inline_blocks"
            members["item"] = .string(try checkBlock(members["item"] ?? .null, allowed: field.allowedItemTypes(validator), field: field,
                                                     ownerID: ownerID, rootRecordID: rootRecordID, path: path.appending(".item"), plan: &plan))
        case "itemLink", "inlineItem":
            try checkLinkedRecord(members["item"] ?? .null, allowed: field.allowedItemTypes("structured_text_links"), field: field,
                                  path: path.appending(".item"))
        default:
            break
        }
        if let children = members["children"] {
            guard case .array(let nodes) = children else {
                throw path.appending(".children").error("VALIDATION_FORMAT", "\"children\" must be an array of nodes")
            }
            members["children"] = .array(try nodes.enumerated().map { index, child in
                try checkNode(child, field: field, ownerID: ownerID, rootRecordID: rootRecordID,
                              path: path.appending(".children[\(index)]"), plan: &plan)
            })
        }
        return .object(members)
    }
}

/// Date and date-time shapes, checked without a formatter so that no locale or time zone of the
/// machine gets involved.
enum CalendarDateFormat {
    /// `YYYY-MM-DD`, a day that exists.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction, optional `Z` or `±HH:MM`.
    static func isDateTime(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count >= 19, isDate(String(characters[0..<10])), characters[10] == "T",
              isClock(characters[11..<19], withSeconds: true) else { return false }
        var rest = characters[19...]
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { $0.isASCIIDigit }
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        if rest.isEmpty || Array(rest) == ["Z"] { return true }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return false }
        return rest.count == 6 && isClock(rest.dropFirst(), withSeconds: false)
    }

    private static func isClock(_ characters: ArraySlice<Character>, withSeconds: Bool) -> Bool {
        let text = String(characters)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == (withSeconds ? 3 : 2), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60 else { return false }
        return !withSeconds || (Int(parts[2]) ?? 60) < 60
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension DatoCMSSimulator.JSON {
    /// The value's JSON text, cut short for error messages.
    var shortDescription: String {
        let text = description
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
