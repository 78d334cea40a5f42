import Foundation

/// Turns JSON Schemas into Swift type references, declaring named types as it meets them.
///
/// Rules, in order: resource roots are their resource struct; `{type, id}` objects are
/// `ResourceIdentifier`; `{data: …}` relationship objects are `ToOne`/`ToManyRelationship`;
/// `anyOf`/`oneOf` whose branches agree collapse to that type, otherwise free-form JSON;
/// string enums are open enums; `date-time` strings are `DateTime`; objects with properties are
/// structs; maps (`additionalProperties`/`patternProperties` schemas) are dictionaries; anything
/// else free-form is `JSONValue`.
struct TypeTranslator {
    let schema: HyperSchema
    /// Resource key → its Swift type name.
    private(set) var resourceTypeNames: [String: String] = [:]
    /// Resource keys whose attributes are free-form, so their struct is generic over them.
    private(set) var genericResources: Set<String> = []
    /// Names taken by generated types.
    var takenTypeNames: Set<String> = []
    /// Named types already translated, by the pointer of the schema they came from.
    private var namedTypes: [JSONPointer: TypeRef] = [:]
    /// Names of generated open enums (usable as query values).
    private(set) var enumTypeNames: Set<String> = []
    /// Declarations made since the last ``takeDeclarations()``.
    var pending: [TypeDecl] = []
    /// Object schemas being translated, to cut recursive definitions.
    private var inProgress: Set<JSONPointer> = []
    /// Set while translating a request body: an `anyOf` of objects there becomes a typed choice.
    var inBody = false
    /// Set while translating a resource's `relationships` and `meta`: their members decode
    /// leniently (all optional), since the API omits some that the schema calls required.
    private var lenient = false
    var warnings: [GeneratorWarning] = []

    /// The generic parameter of record-like resources.
    static let genericParameter = "Attributes"

    init(schema: HyperSchema) {
        self.schema = schema
        var taken = Naming.reservedTypeNames
        defer { takenTypeNames = taken }
        for resource in schema.resources {
            let name = uniqueName(for: resource.name, Self.safeTypeName(resource.name), in: &taken, at: resource.schema)
            resourceTypeNames[resource.name] = name
            if let attributes = resource.schema.property("attributes"), isFreeFormObject(resolve(attributes)) {
                genericResources.insert(resource.name)
            }
        }
        // Resource structs are named up front; their inner types get the resource's prefix.
        for resource in schema.resources {
            if let name = resourceTypeNames[resource.name] {
                namedTypes[resource.schema.pointer] = genericResources.contains(resource.name)
                    ? .generic(name, [.json]) : .named(name)
            }
        }
    }

    static func safeTypeName(_ raw: String) -> String {
        let name = Naming.typeName(raw)
        return Naming.reservedTypeNames.contains(name) ? name + "Model" : name
    }

    mutating func takeDeclarations() -> [TypeDecl] {
        defer { pending = [] }
        return pending
    }

    /// A unique Swift name for the JSON name `key` among `taken`. Two JSON names that map to one
    /// Swift name (`self` and `Self`, `api_key` and `apiKey`) are told apart by a counter, in
    /// schema order, so the result is stable; the rename is reported, since users will see it.
    mutating func uniqueName(for key: String, _ candidate: String, in taken: inout Set<String>, at schema: Schema) -> String {
        let dropped = Naming.droppedCharacters(key)
        if !dropped.isEmpty {
            warn(schema, "\"\(key)\" has characters a Swift name cannot hold (\(dropped)); it is generated as `\(candidate)`")
        }
        let name = Naming.unique(candidate, in: &taken)
        if name != candidate {
            warn(schema, "\"\(key)\" would be named `\(candidate)`, which another name here already takes; it is generated as `\(name)`")
        }
        return name
    }

    /// Reports `message` about `schema`, once: a schema reached from several places warns once.
    mutating func warn(_ schema: Schema, _ message: String, isNote: Bool = false) {
        var warning = GeneratorWarning(file: self.schema.file, pointer: schema.pointer.description, line: schema.line, message: message)
        warning.isNote = isNote
        guard !warnings.contains(where: { $0.pointer == warning.pointer && $0.message == warning.message }) else { return }
        warnings.append(warning)
    }

    // MARK: - Resolution and shape tests

    /// Follows `$ref`s to the schema they end at (the parser has checked they resolve and do not loop).
    func resolve(_ schema: Schema) -> Schema {
        var current = schema
        while let target = current.ref, let next = self.schema.schemasByPointer[target] {
            current = next
        }
        return current
    }

    /// The resource key when `schema` is a resource's root schema (`#/definitions/<key>`).
    func resourceKey(of schema: Schema) -> String? {
        let tokens = schema.pointer.tokens
        guard tokens.count == 2, tokens[0] == "definitions", resourceTypeNames[tokens[1]] != nil else { return nil }
        return tokens[1]
    }

    func isObject(_ schema: Schema) -> Bool {
        if let types = schema.types { return schema.nonNullTypes == ["object"] || (types.contains("object") && schema.nonNullTypes.count == 1) }
        return !schema.properties.isEmpty
    }

    /// An object that says nothing about its members.
    func isFreeFormObject(_ schema: Schema) -> Bool {
        schema.nonNullTypes == ["object"] && schema.properties.isEmpty && schema.additionalPropertiesSchema == nil
            && schema.patternProperties.isEmpty && schema.anyOf.isEmpty && schema.oneOf.isEmpty && schema.allOf.isEmpty
    }

    /// The constant JSON:API type of a `{type, id}` object, e.g. `item` for `item/definitions/data`.
    func identifierType(_ schema: Schema) -> String? {
        let resolved = resolve(schema)
        guard let typeSchema = resolved.property("type"), resolved.property("id") != nil else { return nil }
        let names = Set(resolved.properties.map(\.name))
        guard names.isSubset(of: ["type", "id", "meta"]) else { return nil }
        let typeResolved = resolve(typeSchema)
        if let constant = Naming.constant(fromPattern: typeResolved.pattern) { return constant }
        if let values = typeResolved.enumValues, values.count == 1, let value = values[0].string { return value }
        return nil
    }

    /// Whether `schema` is a `{type, id}` identifier object (with or without a pinned type).
    func isIdentifier(_ schema: Schema) -> Bool {
        let resolved = resolve(schema)
        if resourceKey(of: resolved) != nil { return false }
        let names = Set(resolved.properties.map(\.name))
        return names.contains("type") && names.contains("id") && names.isSubset(of: ["type", "id", "meta"])
    }

    /// The identifiers a relationship's `data` may hold: one type, several, or an array of them.
    enum RelationshipShape {
        case toOne(type: String?, nullable: Bool)
        case toOnePolymorphic(nullable: Bool)
        case toMany(type: String?)
        case toManyPolymorphic
    }

    /// Whether `schema` is `{ "data": <identifier(s)> }`, and which kind.
    func relationshipShape(_ schema: Schema) -> RelationshipShape? {
        let resolved = resolve(schema)
        guard let data = resolved.property("data") else { return nil }
        let extra = Set(resolved.properties.map(\.name)).subtracting(["data", "meta", "links"])
        guard extra.isEmpty else { return nil }
        let dataResolved = resolve(data)
        if dataResolved.nonNullTypes == ["array"] {
            guard let items = dataResolved.items else { return nil }
            switch identifierAlternatives(items) {
            case .single(let type): return .toMany(type: type)
            case .several: return .toManyPolymorphic
            case nil: return nil
            }
        }
        let nullable = dataResolved.allowsNull || alternatives(of: dataResolved).contains { resolve($0).types == ["null"] }
        switch identifierAlternatives(dataResolved) {
        case .single(let type): return .toOne(type: type, nullable: nullable)
        case .several: return .toOnePolymorphic(nullable: nullable)
        case nil: return nil
        }
    }

    private enum IdentifierAlternatives {
        case single(String?)
        case several
    }

    private func alternatives(of schema: Schema) -> [Schema] {
        schema.anyOf.isEmpty ? schema.oneOf : schema.anyOf
    }

    private func identifierAlternatives(_ schema: Schema) -> IdentifierAlternatives? {
        let resolved = resolve(schema)
        let options = alternatives(of: resolved).filter { resolve($0).types != ["null"] }
        if !options.isEmpty {
            guard options.allSatisfy(isIdentifier) else { return nil }
            let types = Set(options.map { identifierType($0) ?? "" })
            return types.count == 1 ? .single(types.first.flatMap { $0.isEmpty ? nil : $0 }) : .several
        }
        guard isIdentifier(resolved) else { return nil }
        return .single(identifierType(resolved))
    }

    // MARK: - Translation

    /// The Swift type for `schema`, and whether JSON `null` is allowed.
    /// - Parameter hint: the name to give a struct or enum declared for an inline schema.
    mutating func typeRef(for schema: Schema, hint: String) -> (type: TypeRef, nullable: Bool) {
        let resolved = resolve(schema)
        // `null` may be allowed by `type` or, as DatoCMS often writes it, by an `anyOf` branch.
        let nullable = resolved.allowsNull || (schema !== resolved && schema.allowsNull)
            || alternatives(of: resolved).contains { resolve($0).types == ["null"] }
        if let known = namedTypes[resolved.pointer] {
            return (known, nullable)
        }
        // A referenced schema is named after where it is defined, so every use shares one type.
        let name = schema.ref != nil ? Self.hint(for: resolved.pointer) ?? hint : hint
        return (translate(resolved, name: name), nullable)
    }

    /// A type name derived from a definition's pointer: `/definitions/item/definitions/meta` → `ItemMeta`.
    static func hint(for pointer: JSONPointer) -> String? {
        let skip: Set<String> = ["definitions", "properties", "items", "links", "schema", "targetSchema", "jobSchema", "hrefSchema"]
        let words = pointer.tokens.filter { !skip.contains($0) && Int($0) == nil }
        guard !words.isEmpty else { return nil }
        return words.map(Naming.typeName).joined()
    }

    private mutating func translate(_ schema: Schema, name: String) -> TypeRef {
        if !schema.allOf.isEmpty {
            if schema.allOf.count == 1 { return typeRef(for: schema.allOf[0], hint: name).type }
            warn(schema, "`allOf` with several schemas is read as free-form JSON (JSONValue)")
            return .json
        }
        let options = alternatives(of: schema).filter { resolve($0).types != ["null"] }
        if !options.isEmpty {
            if options.allSatisfy(isIdentifier) { return .runtime("ResourceIdentifier") }
            var seen: [TypeRef] = []
            for (index, option) in options.enumerated() {
                let type = typeRef(for: option, hint: name + (options.count > 1 ? "Option\(index + 1)" : "")).type
                if !seen.contains(type) { seen.append(type) }
            }
            if seen.count == 1 { return seen[0] }
            // An object or a list of them (one resource, or several): structured JSON either way.
            if options.allSatisfy({ isObject(resolve($0)) || resolve($0).nonNullTypes == ["array"] }),
               !options.allSatisfy({ isObject(resolve($0)) }) {
                return .json
            }
            if options.allSatisfy({ isObject(resolve($0)) }) {
                // In a request body, the caller picks one shape: a typed choice.
                if inBody, let choice = translateChoice(schema, options: options, types: seen, name: name) { return choice }
                // Elsewhere (resources of several types, as in `included`) they are JSON by design:
                // callers decode each one as the type its `type` member names.
                return .json
            }
            let keyword = schema.anyOf.isEmpty ? "oneOf" : "anyOf"
            warn(schema, "`\(keyword)` whose options are of different types is read as free-form JSON (JSONValue)")
            return .json
        }
        if let values = schema.enumValues, !values.isEmpty {
            return translateEnum(schema, values: values, name: name)
        }

        var types = schema.nonNullTypes
        if schema.types == nil {
            if !schema.properties.isEmpty || schema.additionalPropertiesSchema != nil || !schema.patternProperties.isEmpty {
                types = ["object"]
            } else if schema.items != nil {
                types = ["array"]
            } else if schema.pattern != nil || schema.format != nil {
                types = ["string"]
            }
        }
        guard types.count == 1, let type = types.first else {
            // A value that may also be an object or array is "any JSON", which JSONValue is exactly;
            // a union of scalars alone (`["string", "integer"]`) loses its precision there.
            let anyJSON = types.contains("object") || types.contains("array")
            if schema.types != nil && !anyJSON {
                warn(schema, types.isEmpty
                    ? "`type` names no type (or only `null`); the value is read as free-form JSON (JSONValue)"
                    : "`type` allows several scalar types (\(types.joined(separator: ", "))); the value is read as free-form JSON (JSONValue)")
            }
            return .json
        }
        switch type {
        case "string":
            return schema.format == "date-time" ? .runtime("DateTime") : .builtin("String")
        case "integer":
            return .builtin("Int")
        case "number":
            return .builtin("Double")
        case "boolean":
            return .builtin("Bool")
        case "array":
            if schema.itemsIsTuple {
                warn(schema, "a tuple `items` (one schema per position) is read as a list of free-form JSON ([JSONValue])")
                return .array(.json)
            }
            guard let items = schema.items else { return .array(.json) }
            return .array(Self.nullable(typeRef(for: items, hint: Self.elementName(name))))
        case "object":
            return translateObject(schema, name: name)
        default:
            return .json
        }
    }

    /// An enum with a case per option, for an `anyOf`/`oneOf` of objects in a request body; each case
    /// is named after the option's title, its JSON:API type, or the key only it has. `nil`
    /// (and free-form JSON) when an option is generic or two options have the same type.
    private mutating func translateChoice(_ schema: Schema, options: [Schema], types: [TypeRef], name: String) -> TypeRef? {
        let optionTypes = options.map { typeRef(for: $0, hint: name).type }
        guard types.count == options.count, optionTypes.allSatisfy({ if case .named = $0 { return true } else { return false } }) else { return nil }
        let typeName = Naming.unique(name, in: &takenTypeNames)
        var taken: Set<String> = []
        var cases: [ChoiceDecl.Case] = []
        for (index, option) in options.enumerated() {
            let resolved = resolve(option)
            let others = options.enumerated().filter { $0.offset != index }.map { keys(of: resolve($0.element)) }
            let distinguishing = keys(of: resolved).first { key in !others.contains { $0.contains(key) } }
            // A title, else the option's JSON:API type (`email_credentials`, `password_reset`), else
            // the key only it has.
            let typeConstant = resolved.property("type").flatMap { Naming.constant(fromPattern: resolve($0).pattern) }
            let candidate = (resolved.title ?? option.title ?? typeConstant ?? distinguishing).map(Naming.memberName) ?? "option\(index + 1)"
            cases.append(ChoiceDecl.Case(name: uniqueName(for: candidate, candidate, in: &taken, at: option), type: optionTypes[index], doc: documentation(option)))
        }
        pending.append(.choice(ChoiceDecl(name: typeName, doc: documentation(schema), cases: cases)))
        let ref = TypeRef.named(typeName)
        namedTypes[schema.pointer] = ref
        return ref
    }

    /// The member names of an object and of its `attributes`, which tell JSON:API options apart.
    private func keys(of schema: Schema) -> [String] {
        var result = schema.properties.map(\.name)
        if let attributes = schema.property("attributes") { result += resolve(attributes).properties.map(\.name) }
        return result.filter { !["type", "id", "attributes", "relationships", "meta"].contains($0) }
    }

    static func elementName(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("s") && !name.hasSuffix("ss") { return String(name.dropLast()) }
        return name + "Element"
    }

    private mutating func translateEnum(_ schema: Schema, values: [JSONNode], name: String) -> TypeRef {
        let strings = values.compactMap(\.string)
        let hasNull = values.contains { if case .null = $0.value { return true } else { return false } }
        guard strings.count + (hasNull ? 1 : 0) == values.count, !strings.isEmpty else {
            let numbers = values.allSatisfy { if case .number = $0.value { return true } else { return false } }
            if numbers { return schema.types?.contains("number") == true ? .builtin("Double") : .builtin("Int") }
            warn(schema, "an `enum` mixing strings with other kinds of values is read as free-form JSON (JSONValue)")
            return .json
        }
        let typeName = Naming.unique(name, in: &takenTypeNames)
        var taken: Set<String> = ["rawValue", "description", "queryValue", "knownValues"]
        var cases: [OpenEnumDecl.Case] = []
        for value in strings where !cases.contains(where: { $0.value == value }) {
            var candidate = Naming.memberName(value)
            if ["none", "some"].contains(candidate) {
                // `.none` would be ambiguous with `Optional.none` wherever the value is optional.
                warn(schema, "the enum value \"\(value)\" is generated as `\(candidate)Value`, since `.\(candidate)` would be read as Optional's", isNote: true)
                candidate += "Value"
            }
            let caseName = uniqueName(for: value, candidate, in: &taken, at: schema)
            cases.append(OpenEnumDecl.Case(name: caseName, value: value, doc: Documentation(summary: schema.enumDescriptions[value])))
        }
        let decl = OpenEnumDecl(name: typeName, doc: documentation(schema), cases: cases)
        pending.append(.openEnum(decl))
        enumTypeNames.insert(typeName)
        let ref = TypeRef.named(typeName)
        namedTypes[schema.pointer] = ref
        return ref
    }

    /// An element or value type, `Wrapped?` when the schema lets it be `null` (free-form JSON
    /// holds `null` itself).
    private static func nullable(_ translated: (type: TypeRef, nullable: Bool)) -> TypeRef {
        translated.nullable && translated.type != .json ? .optional(translated.type) : translated.type
    }

    private mutating func translateObject(_ schema: Schema, name: String) -> TypeRef {
        if let shape = relationshipShape(schema) {
            switch shape {
            case .toOne, .toOnePolymorphic: return .runtime("ToOneRelationship")
            case .toMany, .toManyPolymorphic: return .runtime("ToManyRelationship")
            }
        }
        if isIdentifier(schema) { return .runtime("ResourceIdentifier") }
        if schema.properties.isEmpty {
            if let values = schema.additionalPropertiesSchema {
                return .dictionary(Self.nullable(typeRef(for: values, hint: name + "Value")))
            }
            if !schema.patternProperties.isEmpty {
                var seen: [TypeRef] = []
                for (index, entry) in schema.patternProperties.enumerated() {
                    let type = typeRef(for: entry.schema, hint: name + (index == 0 ? "Value" : "Value\(index + 1)")).type
                    if !seen.contains(type) { seen.append(type) }
                }
                if seen.count > 1 {
                    warn(schema, "`patternProperties` of different types are read as a dictionary of free-form JSON ([String: JSONValue])")
                }
                return .dictionary(seen.count == 1 ? seen[0] : .json)
            }
            return .json
        }
        if inProgress.contains(schema.pointer) {
            warn(schema, "a recursive definition is read as free-form JSON (JSONValue) where it recurs")
            return .json
        }
        inProgress.insert(schema.pointer)
        defer { inProgress.remove(schema.pointer) }

        let typeName = Naming.unique(name, in: &takenTypeNames)
        let ref = TypeRef.named(typeName)
        namedTypes[schema.pointer] = ref
        let properties = makeProperties(of: schema, prefix: typeName)
        let dynamic = properties.first { $0.name == "attributes" && !$0.isOptional }.map(\.name)
        var doc = documentation(schema)
        if doc.summary == nil {
            // Point readers at the schema, so they can look the object up there.
            doc = Documentation(summary: "The object at `#\(schema.pointer)` in the schema, which gives it no description.", details: doc.details)
        }
        pending.append(.structure(StructDecl(name: typeName, doc: doc, properties: properties, dynamicMemberProperty: dynamic)))
        return ref
    }

    /// Stored properties for an object schema's `properties`, named and deduplicated.
    mutating func makeProperties(of schema: Schema, prefix: String, reserved: Set<String> = []) -> [PropertyDecl] {
        var taken = reserved
        var result: [PropertyDecl] = []
        for (key, propertySchema) in schema.properties {
            let (type, nullable) = typeRef(for: propertySchema, hint: prefix + Naming.typeName(key))
            let name = uniqueName(for: key, Naming.memberName(key), in: &taken, at: propertySchema)
            result.append(PropertyDecl(
                name: name, key: key, type: type,
                isOptional: nullable || !schema.required.contains(key) || lenient,
                doc: documentation(propertySchema)))
        }
        return result
    }

    /// The resource's own struct: its properties, generic over free-form attributes.
    mutating func translateResource(_ resource: HyperSchema.Resource) -> [TypeDecl] {
        let root = resolve(resource.schema)
        guard let name = resourceTypeNames[resource.name] else { return [] }
        guard !root.properties.isEmpty else {
            let target = root === resource.schema ? TypeRef.json : typeRef(for: resource.schema, hint: name + "Value").type
            return takeDeclarations() + [.alias(name: name, doc: documentation(resource.schema), target: target)]
        }
        let generic = genericResources.contains(resource.name)
        inProgress.insert(root.pointer)
        var properties: [PropertyDecl] = []
        var taken: Set<String> = []
        for (key, propertySchema) in root.properties {
            let propertyName = uniqueName(for: key, Naming.memberName(key), in: &taken, at: propertySchema)
            let optional = !root.required.contains(key)
            if generic && key == "attributes" {
                properties.append(PropertyDecl(
                    name: propertyName, key: key, type: .parameter(Self.genericParameter),
                    isOptional: false, doc: documentation(propertySchema)))
                continue
            }
            // Real answers omit members the schema requires (`relationships.creator` of block
            // records): a record must not fail to decode, and take its page with it, for that.
            lenient = ["relationships", "meta"].contains(key)
            let (type, nullable) = typeRef(for: propertySchema, hint: name + Naming.typeName(key))
            lenient = false
            properties.append(PropertyDecl(name: propertyName, key: key, type: type, isOptional: optional || nullable, doc: documentation(propertySchema)))
        }
        inProgress.remove(root.pointer)
        let attributes = properties.first { $0.key == "attributes" && !$0.isOptional }
        let decl = StructDecl(
            name: name, doc: documentation(resource.schema),
            genericParameter: generic ? Self.genericParameter : nil,
            properties: properties, dynamicMemberProperty: attributes?.name)
        return takeDeclarations() + [.structure(decl)]
    }

    /// Documentation from a schema's title and description (following `$ref`s when the use site has none).
    func documentation(_ schema: Schema) -> Documentation {
        let resolved = resolve(schema)
        let title = schema.title ?? resolved.title
        let description = schema.description ?? resolved.description
        var details: [String] = []
        var summary = title
        if let description {
            if summary == nil { summary = description } else if description != title { details.append(description) }
        }
        if let example = schema.example ?? resolved.example, example.count <= 200 {
            details.append("Example: `\(example.replacingOccurrences(of: "`", with: "'"))`")
        }
        if let deprecated = schema.deprecated ?? resolved.deprecated {
            details.append(deprecated.isEmpty ? "Deprecated." : "Deprecated: \(deprecated)")
        }
        return Documentation(summary: summary, details: details)
    }
}
