/// Turns a ``ProjectSchema`` into the declarations of ``ModelFileDecl``: names every model,
/// property and block union (Swift style, told apart when they would collide), and types every
/// field by its `field_type`.
struct ModelTranslator {
    let schema: ProjectSchema
    let file: String
    private(set) var warnings: [GeneratorWarning] = []

    init(schema: ProjectSchema, file: String) {
        self.schema = schema
        self.file = file
    }

    /// Names the generated types must not take: what generated code refers to unqualified.
    static let reservedTypeNames: Set<String> = Naming.reservedTypeNames.union([
        "AnyBlock", "BlockRecord", "BlockUnion", "BlockValue", "CalendarDate", "ColorValue", "DatoCMS", "DatoCMSModel",
        "FileValue", "JSONString", "LatLonValue", "Localized", "SEOValue", "StructuredText", "StructuredTextListStyle",
        "StructuredTextMark", "StructuredTextMetaEntry", "StructuredTextNode", "VideoValue",
    ])

    /// The value type of each field type, before localization and block unions.
    static let valueTypes: [String: String] = [
        "string": "String", "text": "String", "slug": "String", "boolean": "Bool", "integer": "Int", "float": "Double",
        "date": "CalendarDate", "date_time": "DateTime", "color": "ColorValue", "lat_lon": "LatLonValue", "seo": "SEOValue",
        "json": "JSONString", "video": "VideoValue", "file": "FileValue", "gallery": "[FileValue]", "link": "String",
        "links": "[String]",
    ]

    mutating func translate() -> [ModelFileDecl] {
        var takenTypes = Self.reservedTypeNames
        var typeNames: [String: String] = [:]
        for itemType in schema.itemTypes {
            let candidate = Naming.typeName(itemType.apiKey)
            let name = Naming.unique(Self.reservedTypeNames.contains(candidate) ? candidate + "Model" : candidate, in: &takenTypes)
            if name != candidate {
                warn("model \"\(itemType.apiKey)\" is generated as \(name): \(candidate) is taken", at: itemType.pointer)
            }
            typeNames[itemType.id] = name
        }
        var takenFiles: Set<String> = []
        return schema.itemTypes.map { itemType in
            let typeName = typeNames[itemType.id]!
            var fileName = typeName
            var counter = 2
            while !takenFiles.insert(fileName.lowercased()).inserted {
                fileName = typeName + "_\(counter)"
                counter += 1
            }
            var unions: [BlockUnionDecl] = []
            var takenMembers: Set<String> = ["itemTypeID", "apiKey"]
            let properties = schema.fields(of: itemType).map { field in
                property(for: field, of: typeName, typeNames: typeNames, takenMembers: &takenMembers, takenTypes: &takenTypes, unions: &unions)
            }
            var details: [String] = []
            if let hint = itemType.hint { details.append(hint) }
            details.append("\(itemType.isBlock ? "Block model" : "Model") `\(itemType.apiKey)` (ID `\(itemType.id)`).")
            let model = ModelDecl(typeName: typeName, itemTypeID: itemType.id, apiKey: itemType.apiKey,
                                  doc: Documentation(summary: itemType.name, details: details), properties: properties)
            return ModelFileDecl(fileName: fileName + ".swift", model: model, unions: unions)
        }
    }

    private mutating func property(
        for field: ProjectSchema.Field, of modelType: String, typeNames: [String: String],
        takenMembers: inout Set<String>, takenTypes: inout Set<String>, unions: inout [BlockUnionDecl]
    ) -> ModelPropertyDecl {
        let candidate = Naming.memberName(field.apiKey)
        let name = Naming.unique(candidate, in: &takenMembers)
        if name != candidate {
            warn("field \"\(field.apiKey)\" is generated as \(name): \(candidate) is taken", at: field.pointer)
        }
        func union(_ validator: String, suffix: String) -> String {
            let blockTypes = (field.validatorItemTypes[validator] ?? []).compactMap { id -> (id: String, type: String)? in
                guard let type = typeNames[id] else {
                    warn("field \"\(field.apiKey)\" accepts block model \(id), which the schema does not include: its blocks decode as AnyBlock", at: field.pointer)
                    return nil
                }
                return (id, type)
            }
            guard !blockTypes.isEmpty else { return "AnyBlock" }
            // Fields of one model accepting the same block models share one enum: the same
            // blocks read the same way, and the file stays short.
            let usage = "`\(field.apiKey)`\(suffix == "InlineBlock" ? " (inline)" : "")"
            if let index = unions.firstIndex(where: { $0.cases.map(\.modelType) == blockTypes.map(\.type) }) {
                unions[index].doc.details.insert("Also the blocks of the field \(usage).", at: unions[index].doc.details.count - 1)
                return unions[index].typeName
            }
            let unionName = Naming.unique(modelType + Naming.typeName(field.apiKey) + suffix, in: &takenTypes)
            var takenCases: Set<String> = ["unknown", "itemTypeID", "encodeAttributes"]
            let cases = blockTypes.map { block in
                let apiKey = schema.itemTypes.first { $0.id == block.id }?.apiKey ?? block.id
                return BlockUnionDecl.Case(name: Naming.unique(Naming.memberName(apiKey), in: &takenCases), modelType: block.type, apiKey: apiKey)
            }
            let doc = Documentation(summary: "The blocks the field `\(field.apiKey)` of ``\(modelType)`` accepts\(suffix == "InlineBlock" ? " inline" : "").",
                                    details: ["A block of a model added to the project after this code was generated decodes as `unknown`."])
            unions.append(BlockUnionDecl(typeName: unionName, doc: doc, cases: cases))
            return unionName
        }
        var type: String
        switch field.fieldType {
        case "rich_text": type = "[BlockValue<\(union("rich_text_blocks", suffix: "Block"))>]"
        case "single_block": type = "BlockValue<\(union("single_block_blocks", suffix: "Block"))>"
        case "structured_text":
            let blocks = union("structured_text_blocks", suffix: "Block")
            let inlineBlocks = union("structured_text_inline_blocks", suffix: "InlineBlock")
            type = "StructuredText<\(blocks), \(inlineBlocks)>"
        default:
            if let known = Self.valueTypes[field.fieldType] {
                type = known
            } else {
                type = "JSONValue"
                warn("field \"\(field.apiKey)\" has field type \"\(field.fieldType)\", unknown to this generator: its value is left as JSONValue", at: field.pointer)
            }
        }
        if field.localized { type = "Localized<\(type)>" }
        var details: [String] = []
        if let hint = field.hint { details.append(hint) }
        var traits = [field.fieldType]
        if field.localized { traits.append("localized") }
        if field.isRequired { traits.append("required") }
        let linked = ["item_item_type", "items_item_type", "structured_text_links"].flatMap { field.validatorItemTypes[$0] ?? [] }
        let linkedNames = linked.map { id in typeNames[id].map { "``\($0)``" } ?? "`\(id)`" }
        var line = "Field `\(field.apiKey)`: \(traits.joined(separator: ", "))."
        if !linkedNames.isEmpty { line += " Links to records of \(linkedNames.joined(separator: ", "))." }
        details.append(line)
        let summary = field.label.isEmpty ? field.apiKey : field.label
        return ModelPropertyDecl(name: name, apiKey: field.apiKey, type: type, isOptional: !field.isRequired,
                                 doc: Documentation(summary: summary, details: details))
    }

    private mutating func warn(_ message: String, at pointer: String) {
        warnings.append(GeneratorWarning(file: file, pointer: pointer, line: nil, message: message))
    }
}
