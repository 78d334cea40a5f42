import Foundation

/// Turns one resource's links into endpoint declarations: names, path parameters, the
/// request body (flattened when it is a JSON:API envelope), query parameters and the response.
extension TypeTranslator {
    /// Translates the links of `resource` into a namespace, declaring the types they need.
    mutating func translateEndpoints(of resource: HyperSchema.Resource) throws(GeneratorError) -> NamespaceDecl? {
        guard !resource.links.isEmpty, let resourceTypeName = resourceTypeNames[resource.name] else { return nil }
        var takenFunctionNames: Set<String> = []
        var endpoints: [EndpointDecl] = []
        for link in resource.links {
            var name = Naming.functionName(forRel: link.rel)
            if takenFunctionNames.contains(name) {
                let renamed = Naming.unique(name + Naming.typeName(link.method.lowercased()), in: &takenFunctionNames)
                warnings.append(GeneratorWarning(
                    file: schema.file, pointer: link.pointer.appending("rel").description, line: link.line,
                    message: "two links of `\(resource.name)` are named `\(name)`; this one is generated as `\(renamed)`"))
                name = renamed
            } else {
                takenFunctionNames.insert(name)
            }
            endpoints.append(try translateLink(link, of: resource, functionName: name, prefix: resourceTypeName + Naming.typeName(name)))
        }
        // Named once every link has its name, so a helper never takes a link's.
        for index in endpoints.indices where endpoints[index].paging != nil {
            let base = endpoints[index].name
            endpoints[index].paging?.pagesFunctionName = Naming.unique(base + "Pages", in: &takenFunctionNames)
            endpoints[index].paging?.elementsFunctionName = Naming.unique(base + "All", in: &takenFunctionNames)
        }
        let name = Self.isSingleton(resource) ? Naming.memberName(resource.name) : Naming.plural(resource.name)
        return NamespaceDecl(
            resource: resource.name,
            property: name,
            // Unique among all generated types: two resources may share a plural (`upload_tag`, `upload-tag`).
            typeName: Naming.unique(Naming.typeName(name) + "Endpoints", in: &takenTypeNames),
            doc: documentation(resource.schema),
            endpoints: endpoints)
    }

    private mutating func translateLink(_ link: HyperSchema.Link, of resource: HyperSchema.Resource, functionName: String, prefix: String) throws(GeneratorError) -> EndpointDecl {
        // Path parameters are named after the resource their placeholder identifies.
        var taken: Set<String> = []
        var parameters: [ParameterDecl] = []
        var parameterResources: [String: String] = [:]
        var segments: [PathSegmentDecl] = []
        var display: [String] = []
        for segment in link.path {
            switch segment {
            case .literal(let text):
                segments.append(.literal(text))
                display.append(text)
            case .template(let parts):
                var declParts: [PathPartDecl] = []
                var shown = ""
                for part in parts {
                    switch part {
                    case .text(let text):
                        declParts.append(.text(text))
                        shown += text
                    case .placeholder(let pointer):
                        guard schema.schemasByPointer[pointer] != nil || schema.documentPointers.contains(pointer) else {
                            throw GeneratorError(
                                file: schema.file, pointer: link.pointer.appending("href").description, line: link.line,
                                message: "the `href` placeholder refers to \(pointer.fragment), which resolves nowhere in this file")
                        }
                        let placeholder = Self.placeholder(pointer, in: link, of: resource)
                        let name = Naming.unique(placeholder.name, in: &taken)
                        if let owner = placeholder.resource { parameterResources[name] = owner }
                        parameters.append(ParameterDecl(
                            label: nil, name: name, type: .builtin("String"), isOptional: false, defaultValue: nil,
                            doc: placeholder.doc))
                        declParts.append(.parameter(name))
                        shown += "{\(name)}"
                    }
                }
                segments.append(.parts(declParts))
                display.append(shown)
            }
        }

        // Draft-04 hyper-schemas (DatoCMS's older ones) describe a GET's query string in `schema`:
        // a GET, HEAD or DELETE has no body, so its `schema` is read as query parameters.
        var bodySchema = link.schema
        var querySchema = link.hrefSchema
        if ["GET", "HEAD", "DELETE"].contains(link.method), let schema = link.schema {
            bodySchema = nil
            if querySchema == nil {
                querySchema = schema
            } else {
                warn(schema, "a \(link.method) link sends no body; its `schema` is ignored (its query parameters come from `hrefSchema`)")
            }
        }

        var body: BodyDecl?
        if let bodySchema {
            body = translateBody(bodySchema, prefix: prefix, clearsWithNull: ["PUT", "PATCH"].contains(link.method.uppercased()))
            // The path's ID fills `data.id` only when the body's ID *is* the resource's ID (a `$ref`
            // to its `id` definition): a fork's or rename's body carries a new ID of its own.
            if let envelope = body?.envelope, envelope.fields.contains(where: { $0.location == .id }),
               let idSchema = resolve(bodySchema).property("data").flatMap({ resolve($0).property("id") }),
               idSchema.ref != nil, let ownID = resource.schema.definitions.first(where: { $0.name == "id" })?.schema,
               resolve(idSchema) === resolve(ownID)
            {
                let own = parameters.filter { parameterResources[$0.name] == resource.name }
                if own.count == 1 { body?.idFromPathParameter = own[0].name }
            }
        }

        var query: QueryDecl?
        var pageLimitMaximum: Int?
        var cappedQueryLists: [(key: String, maxItems: Int)] = []
        if let querySchema {
            let resolved = resolve(querySchema)
            if !resolved.properties.isEmpty {
                let structure = translateQuery(resolved, name: Naming.unique(prefix + "Query", in: &takenTypeNames))
                pending.append(.structure(structure))
                query = QueryDecl(type: structure)
                pageLimitMaximum = resolved.property("page[limit]").map(resolve)?.maximum
                cappedQueryLists = resolved.properties.compactMap { key, schema in resolve(schema).maxItems.map { (key, $0) } }
            }
        }

        let route = "\(link.method) /\(display.joined(separator: "/"))"
        var response = ResponseKind.none
        var unwrapped: (type: TypeRef, isOptional: Bool)?
        var totalCount: PagingDecl.TotalCount?
        var jobCounters: ChunkingDecl.Counters?
        var generic = false
        if let jobSchema = link.jobSchema {
            let document = translateDocument(
                jobSchema, name: prefix + "JobResult",
                fallbackSummary: "The result of the `\(functionName)` job (`\(route)`).")
            response = .job(document.type)
            unwrapped = document.unwrapped
            generic = document.isGeneric
            jobCounters = document.counters
        } else if let target = link.targetSchema {
            let document = translateDocument(
                target, name: prefix + "Response",
                fallbackSummary: "The response of `\(functionName)` (`\(route)`).")
            response = .document(document.type)
            unwrapped = document.unwrapped
            totalCount = document.totalCount
            generic = document.isGeneric
        }
        var paging: PagingDecl?
        if let query, body == nil, link.jobSchema == nil, let unwrapped, !unwrapped.isOptional, case .array(let element) = unwrapped.type,
           let offset = query.type.properties.first(where: { $0.key == "page[offset]" && $0.type == .builtin("Int") }),
           let limit = query.type.properties.first(where: { $0.key == "page[limit]" && $0.type == .builtin("Int") }),
           offset.isOptional, limit.isOptional
        {
            paging = PagingDecl(
                offsetProperty: offset.name, limitProperty: limit.name, maximumPageSize: pageLimitMaximum,
                element: element, totalCount: totalCount, pagesFunctionName: "", elementsFunctionName: "")
        }
        if body?.envelope?.genericParameter != nil { generic = true }
        var chunking: ChunkingDecl?
        if link.jobSchema != nil, !generic {
            chunking = chunkingSource(body: body, bodySchema: bodySchema, query: query, cappedQueryLists: cappedQueryLists)
                .map { ChunkingDecl(source: $0.source, maximumChunkSize: $0.limit, counters: jobCounters) }
        }

        var details: [String] = []
        if let description = link.description { details.append(description) }
        if link.jobSchema != nil {
            details.append("The API runs this as an asynchronous job: the call waits for it (see `JobPollingPolicy`) and returns its result.")
        }
        if link.isPrivate { details.append("- Note: DatoCMS marks this endpoint as private.") }
        return EndpointDecl(
            name: functionName,
            doc: Documentation(summary: link.title ?? "\(link.method) \(link.href)", details: details),
            rel: link.rel,
            method: link.method,
            displayPath: "/" + display.joined(separator: "/"),
            path: segments,
            pathParameters: parameters,
            body: body,
            query: query,
            response: response,
            unwrappedData: unwrapped,
            genericParameter: generic ? Self.genericParameter : nil,
            isPrivate: link.isPrivate,
            deprecated: link.deprecated,
            paging: paging,
            chunking: chunking)
    }

    /// The one required ID list of a job link that the schema caps with `maxItems`: a to-many
    /// relationship of the flattened body, or a query parameter. `nil` when there is none, or
    /// several (which one to split would be a guess).
    private func chunkingSource(body: BodyDecl?, bodySchema: Schema?, query: QueryDecl?, cappedQueryLists: [(key: String, maxItems: Int)]) -> (source: ChunkingDecl.Source, limit: Int)? {
        var candidates: [(source: ChunkingDecl.Source, limit: Int)] = []
        if let envelope = body?.envelope, body?.isOptional == false, let bodySchema,
           let relationships = resolve(bodySchema).property("data").map(resolve)?.property("relationships").map(resolve)
        {
            for field in envelope.fields where !field.property.isOptional {
                guard case .toMany = field.location,
                      let limit = relationships.property(field.property.key).map(resolve)?.property("data").map(resolve)?.maxItems
                else { continue }
                candidates.append((.bodyField(field.property.name), limit))
            }
        }
        if let query {
            for capped in cappedQueryLists {
                guard let property = query.type.properties.first(where: { $0.key == capped.key }), !property.isOptional,
                      property.type == .array(.builtin("String")) else { continue }
                candidates.append((.queryProperty(property.name), capped.maxItems))
            }
        }
        return candidates.count == 1 && candidates[0].limit > 0 ? candidates[0] : nil
    }

    /// A resource there is one of (per project, or per record): no link addresses one by its own ID,
    /// and a path names it in the singular (`/site`, `/maintenance-mode`, `/items/{id}/scheduled-publication`).
    /// Its namespace is singular too: `client.site.find()`.
    static func isSingleton(_ resource: HyperSchema.Resource) -> Bool {
        let singular = resource.name.lowercased().filter { $0.isLetter || $0.isNumber }
        var namedInSingular = false
        for link in resource.links {
            for segment in link.path {
                switch segment {
                case .literal(let text):
                    if text.lowercased().filter({ $0.isLetter || $0.isNumber }) == singular { namedInSingular = true }
                case .template(let parts):
                    for case .placeholder(let pointer) in parts {
                        let tokens = pointer.tokens
                        if tokens.count >= 2, tokens[0] == "definitions", tokens[1] == resource.name { return false }
                    }
                }
            }
        }
        return namedInSingular
    }

    // MARK: - Path parameters

    /// How a placeholder becomes a parameter. An identity (`…/definitions/<resource>/definitions/identity`)
    /// is `<resource>Id`; but when a link's only placeholder names another resource that its path
    /// never mentions (`/webhooks/{user identity}`, a slip in DatoCMS's account schema), it is the
    /// link's own resource's ID. Any other member (`…/site_invitation/token`) is named after itself.
    static func placeholder(_ pointer: JSONPointer, in link: HyperSchema.Link, of resource: HyperSchema.Resource) -> (name: String, resource: String?, doc: String) {
        let tokens = pointer.tokens
        func words(_ name: String) -> String { Naming.words(name).joined(separator: " ").lowercased() }
        guard tokens.count >= 2, tokens[0] == "definitions", let last = tokens.last, ["identity", "id"].contains(last) else {
            let name = tokens.last ?? "value"
            return (Naming.memberName(name), nil, "The \(words(name)).")
        }
        var owner = tokens[1]
        if owner != resource.name {
            let placeholders = link.path.reduce(0) { count, segment in
                guard case .template(let parts) = segment else { return count }
                return count + parts.filter { if case .placeholder = $0 { return true } else { return false } }.count
            }
            func squeezed(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
            let mentioned = link.path.contains { segment in
                if case .literal(let text) = segment { return squeezed(text).hasPrefix(squeezed(owner)) }
                return false
            }
            if placeholders == 1 && !mentioned { owner = resource.name }
        }
        return (Naming.memberName(owner) + "Id", owner, "The ID of the \(words(owner)).")
    }

    // MARK: - Bodies

    /// The documentation of a request member that may be left out, set, or cleared with `.null`.
    static func clearable(_ doc: Documentation, _ isClearable: Bool) -> Documentation {
        guard isClearable else { return doc }
        return Documentation(summary: (doc.summary ?? "A value") + " (`.null` clears it)", details: doc.details)
    }

    /// A JSON:API envelope becomes a flat struct; any other body keeps its shape.
    /// - Parameter clearsWithNull: whether the link changes a resource, so that its optional
    ///   nullable members are `Nullable` (left out, set, or cleared); in a create, left out and
    ///   `null` mean the same, and a plain optional reads better.
    private mutating func translateBody(_ bodySchema: Schema, prefix: String, clearsWithNull: Bool) -> BodyDecl {
        let resolved = resolve(bodySchema)
        let optional = bodySchema.allowsNull || resolved.allowsNull
        if let envelope = translateEnvelope(resolved, name: prefix + "Body", clearsWithNull: clearsWithNull) {
            let type: TypeRef = envelope.genericParameter.map { .generic(envelope.name, [.parameter($0)]) } ?? .named(envelope.name)
            return BodyDecl(type: type, isOptional: optional, envelope: envelope)
        }
        inBody = true
        defer { inBody = false }
        let type = typeRef(for: bodySchema, hint: prefix + "Body").type
        return BodyDecl(type: type, isOptional: optional, envelope: nil)
    }

    private mutating func translateEnvelope(_ schema: Schema, name: String, clearsWithNull: Bool) -> EnvelopeDecl? {
        guard let dataSchema = schema.property("data") else { return nil }
        let data = resolve(dataSchema)
        let sections = Set(data.properties.map(\.name))
        guard let typeSchema = data.property("type"), sections.isSubset(of: ["type", "id", "attributes", "relationships", "meta"]) else { return nil }
        let typeResolved = resolve(typeSchema)
        guard let constant = Naming.constant(fromPattern: typeResolved.pattern)
            ?? typeResolved.enumValues.flatMap({ $0.count == 1 ? $0[0].string : nil })
        else { return nil }

        let typeName = Naming.unique(name, in: &takenTypeNames)
        var taken: Set<String> = []
        var fields: [EnvelopeDecl.Field] = []
        var genericParameter: String?
        func isRequired(_ key: String, in container: Schema, section: String) -> Bool {
            data.required.contains(section) && container.required.contains(key)
        }

        if let idSchema = data.property("id") {
            let (type, nullable) = typeRef(for: idSchema, hint: typeName + "ID")
            fields.append(EnvelopeDecl.Field(
                property: PropertyDecl(
                    name: Naming.unique("id", in: &taken), key: "id", type: type,
                    isOptional: nullable || !data.required.contains("id"), doc: documentation(idSchema)),
                location: .id))
        }
        if let attributesSchema = data.property("attributes") {
            let attributes = resolve(attributesSchema)
            if isFreeFormObject(attributes) {
                genericParameter = Self.genericParameter
                fields.append(EnvelopeDecl.Field(
                    property: PropertyDecl(
                        name: Naming.unique("attributes", in: &taken), key: "attributes", type: .parameter(Self.genericParameter),
                        isOptional: !data.required.contains("attributes"), doc: documentation(attributesSchema)),
                    location: .wholeAttributes))
            } else {
                for (key, propertySchema) in attributes.properties {
                    let (type, nullable) = typeRef(for: propertySchema, hint: typeName + Naming.typeName(key))
                    let required = isRequired(key, in: attributes, section: "attributes")
                    // Free-form JSON has a `null` of its own.
                    let clearable = clearsWithNull && nullable && !required && type != .json
                    fields.append(EnvelopeDecl.Field(
                        property: PropertyDecl(
                            name: uniqueName(for: key, Naming.memberName(key), in: &taken, at: propertySchema), key: key,
                            type: clearable ? .nullable(type) : type,
                            isOptional: nullable || !required,
                            doc: Self.clearable(documentation(propertySchema), clearable), sendsNull: nullable && required),
                        location: .attribute))
                }
            }
        }
        if let relationshipsSchema = data.property("relationships") {
            let relationships = resolve(relationshipsSchema)
            for (key, propertySchema) in relationships.properties {
                let required = isRequired(key, in: relationships, section: "relationships")
                var propertyName = Naming.memberName(key)
                if taken.contains(propertyName) { propertyName += "Relationship" }
                propertyName = Naming.unique(propertyName, in: &taken)
                let doc = documentation(propertySchema)
                let field: EnvelopeDecl.Field
                switch relationshipShape(propertySchema) {
                case .toOne(let type?, let nullable):
                    let id: TypeRef = clearsWithNull && nullable && !required ? .nullable(.builtin("String")) : .builtin("String")
                    field = .init(property: PropertyDecl(name: propertyName, key: key, type: id, isOptional: !required || nullable, doc: Self.clearable(doc, clearsWithNull && nullable && !required), sendsNull: required && nullable), location: .toOne(type: type))
                case .toMany(let type?):
                    field = .init(property: PropertyDecl(name: propertyName, key: key, type: .array(.builtin("String")), isOptional: !required, doc: doc), location: .toMany(type: type))
                case .toOne(nil, let nullable), .toOnePolymorphic(let nullable):
                    let identifier: TypeRef = clearsWithNull && nullable && !required ? .nullable(.runtime("ResourceIdentifier")) : .runtime("ResourceIdentifier")
                    field = .init(property: PropertyDecl(name: propertyName, key: key, type: identifier, isOptional: !required || nullable, doc: Self.clearable(doc, clearsWithNull && nullable && !required), sendsNull: required && nullable), location: .toOneIdentifier)
                case .toMany(nil), .toManyPolymorphic:
                    field = .init(property: PropertyDecl(name: propertyName, key: key, type: .array(.runtime("ResourceIdentifier")), isOptional: !required, doc: doc), location: .toManyIdentifiers)
                case nil:
                    let (type, nullable) = typeRef(for: propertySchema, hint: typeName + Naming.typeName(key))
                    field = .init(property: PropertyDecl(name: propertyName, key: key, type: type, isOptional: !required || nullable, doc: doc, sendsNull: required && nullable), location: .rawRelationship)
                }
                fields.append(field)
            }
        }
        if let metaSchema = data.property("meta") {
            let meta = resolve(metaSchema)
            for (key, propertySchema) in meta.properties {
                let (type, nullable) = typeRef(for: propertySchema, hint: typeName + "Meta" + Naming.typeName(key))
                var propertyName = Naming.memberName(key)
                if taken.contains(propertyName) { propertyName = "meta" + Naming.typeName(key) }
                fields.append(EnvelopeDecl.Field(
                    property: PropertyDecl(
                        name: Naming.unique(propertyName, in: &taken), key: key, type: type,
                        isOptional: nullable || !isRequired(key, in: meta, section: "meta"), doc: documentation(propertySchema)),
                    location: .meta))
            }
        }
        let decl = EnvelopeDecl(name: typeName, doc: documentation(schema), typeConstant: constant, genericParameter: genericParameter, fields: fields)
        pending.append(.envelope(decl))
        return decl
    }

    // MARK: - Query parameters

    private mutating func translateQuery(_ schema: Schema, name: String) -> StructDecl {
        var properties = makeProperties(of: schema, prefix: name)
        for index in properties.indices where !isQueryValue(properties[index].type) {
            properties[index].type = .json
        }
        return StructDecl(name: name, doc: Documentation(summary: "Query parameters of `\(name.dropLast(5))`.", details: []), properties: properties, dynamicMemberProperty: nil, isQuery: true)
    }

    /// Whether a query parameter of this type can be written as text by the runtime.
    private func isQueryValue(_ type: TypeRef) -> Bool {
        switch type {
        case .builtin, .runtime("DateTime"), .runtime("JSONValue"): return true
        case .named(let name): return enumTypeNames.contains(name)
        case .array(let element): return isQueryValue(element) && element != .json
        case .dictionary(let value): return isQueryValue(value) && value != .json
        default: return false
        }
    }

    // MARK: - Responses

    struct TranslatedDocument {
        var type: TypeRef
        var unwrapped: (type: TypeRef, isOptional: Bool)?
        var isGeneric: Bool
        /// Where the document says how many elements match across pages (`meta.total_count`).
        var totalCount: PagingDecl.TotalCount?
        /// Where a job's result counts the records it processed (`meta.successful`, `meta.failed`).
        var counters: ChunkingDecl.Counters?
    }

    /// A response document: its `data`, when it is a resource or a list of them, is what the friendly
    /// function returns; documents carrying records are generic over the records' attributes.
    /// - Parameter fallbackSummary: the documentation of the document struct when the schema gives none.
    private mutating func translateDocument(_ documentSchema: Schema, name: String, fallbackSummary: String) -> TranslatedDocument {
        let resolved = resolve(documentSchema)
        guard documentSchema.ref == nil, let dataSchema = resolved.property("data"), isObject(resolved) else {
            return TranslatedDocument(type: typeRef(for: documentSchema, hint: name).type, unwrapped: nil, isGeneric: false)
        }
        let dataResolved = resolve(dataSchema)
        var dataType: TypeRef?
        var generic = false
        if let key = resourceKey(of: dataResolved) {
            generic = genericResources.contains(key)
            dataType = generic ? .generic(resourceTypeNames[key]!, [.parameter(Self.genericParameter)]) : .named(resourceTypeNames[key]!)
        } else if dataResolved.nonNullTypes == ["array"], let items = dataResolved.items, let key = resourceKey(of: resolve(items)) {
            generic = genericResources.contains(key)
            let element: TypeRef = generic ? .generic(resourceTypeNames[key]!, [.parameter(Self.genericParameter)]) : .named(resourceTypeNames[key]!)
            dataType = .array(element)
        }

        let typeName = Naming.unique(name, in: &takenTypeNames)
        var properties: [PropertyDecl] = []
        var taken: Set<String> = []
        var unwrapped: (type: TypeRef, isOptional: Bool)?
        for (key, propertySchema) in resolved.properties {
            let propertyName = Naming.unique(Naming.memberName(key), in: &taken)
            let required = resolved.required.contains(key)
            if key == "data", let dataType {
                let optional = !required || dataResolved.allowsNull || dataSchema.allowsNull
                properties.append(PropertyDecl(name: propertyName, key: key, type: dataType, isOptional: optional, doc: Documentation(summary: "The primary data.")))
                unwrapped = (dataType, optional)
                continue
            }
            let (type, nullable) = typeRef(for: propertySchema, hint: typeName + Naming.typeName(key))
            var doc = documentation(propertySchema)
            if doc.summary == nil {
                doc = Documentation(summary: key == "included" ? "Related resources sent along with the primary data." : key == "meta" ? "Information about the response." : nil)
            }
            properties.append(PropertyDecl(name: propertyName, key: key, type: type, isOptional: nullable || !required, doc: doc))
        }
        var doc = documentation(documentSchema)
        if doc.summary == nil { doc = Documentation(summary: fallbackSummary, details: doc.details) }
        let type: TypeRef = generic ? .generic(typeName, [.parameter(Self.genericParameter)]) : .named(typeName)
        if properties.count == 1, let data = properties.first, data.key == "data", !data.isOptional {
            // The common case gets the runtime's one generic document: a struct per endpoint
            // would cost the build a conformance set each, for the same code.
            pending.append(.documentAlias(DocumentAliasDecl(
                name: typeName, doc: doc, data: data.type,
                genericParameter: generic ? Self.genericParameter : nil)))
            return TranslatedDocument(type: type, unwrapped: unwrapped, isGeneric: generic)
        }
        let decl = StructDecl(
            name: typeName, doc: doc,
            genericParameter: generic ? Self.genericParameter : nil,
            properties: properties, dynamicMemberProperty: nil)
        pending.append(.structure(decl))
        var totalCount: PagingDecl.TotalCount?
        var counters: ChunkingDecl.Counters?
        if let meta = properties.first(where: { $0.key == "meta" }), case .named(let metaName) = meta.type {
            for case .structure(let metaDecl) in pending where metaDecl.name == metaName {
                func integer(_ key: String) -> PropertyDecl? {
                    metaDecl.properties.first { $0.key == key && $0.type == .builtin("Int") && !$0.isOptional }
                }
                if let count = metaDecl.properties.first(where: { $0.key == "total_count" && $0.type == .builtin("Int") }) {
                    totalCount = PagingDecl.TotalCount(meta: meta.name, metaIsOptional: meta.isOptional, count: count.name)
                }
                if let successful = integer("successful"), let failed = integer("failed") {
                    counters = ChunkingDecl.Counters(meta: meta.name, metaIsOptional: meta.isOptional, successful: successful.name, failed: failed.name)
                }
            }
        }
        return TranslatedDocument(type: type, unwrapped: unwrapped, isGeneric: generic, totalCount: totalCount, counters: counters)
    }
}
