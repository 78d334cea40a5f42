import Foundation

/// Prints a resource's endpoints: a namespace struct on the client with one friendly function
/// per link (flat parameters, unwrapped data) and a `Raw` twin (structs in, whole documents out).
struct EndpointRenderer {
    let clientName: String

    private static let runtime = TypeRenderer.runtime
    private static let attributesTypeParameter = "attributesType"

    func write(_ namespace: NamespaceDecl, into out: inout SwiftWriter) {
        out.block("extension \(clientName)") { out in
            out.doc(namespace.doc, extra: ["Reach it as `client.\(namespace.property)`."])
            out.line("public var \(Naming.escaped(namespace.property)): \(namespace.typeName) { \(namespace.typeName)(core: core) }")
            out.line()
            out.doc(namespace.doc.summary == nil ? Documentation(summary: "The `\(namespace.resource)` endpoints.") : Documentation(summary: "Endpoints of: \(namespace.doc.summary!)"))
            out.block("public struct \(namespace.typeName): Sendable") { out in
                out.line("let core: \(Self.runtime)APIClient")
                out.line()
                out.line("/// The same endpoints answering with whole JSON:API documents (`data`, `included`, `meta`).")
                out.line("public var raw: Raw { Raw(core: core) }")
                for endpoint in namespace.endpoints {
                    out.line()
                    writeFriendly(endpoint, into: &out)
                    if let paging = endpoint.paging {
                        out.line()
                        writePaged(endpoint, paging: paging, into: &out)
                    }
                }
                out.line()
                out.line("/// The endpoints with request structs in and whole response documents out.")
                out.block("public struct Raw: Sendable") { out in
                    out.line("let core: \(Self.runtime)APIClient")
                    for endpoint in namespace.endpoints {
                        out.line()
                        writeRaw(endpoint, into: &out)
                    }
                }
            }
        }
    }

    // MARK: Signatures

    private struct Parameter {
        var label: String?
        var name: String
        var type: String
        var defaultValue: String?
        var doc: String?

        var declaration: String {
            let head: String
            if let label {
                // Argument labels may be keywords, except these three.
                let writtenLabel = ["inout", "var", "let"].contains(label) ? "`\(label)`" : label
                head = label == name ? writtenLabel : "\(writtenLabel) \(Naming.escaped(name))"
            } else {
                head = "_ \(Naming.escaped(name))"
            }
            return "\(head): \(type)" + (defaultValue.map { " = \($0)" } ?? "")
        }

        /// How a call passes this parameter on (`label: name` or just `name`).
        var argument: String {
            let value = Naming.escaped(name)
            return label.map { "\(Naming.argumentLabel($0)): \(value)" } ?? value
        }
    }

    private static func optionalType(_ type: TypeRef, _ optional: Bool) -> String {
        TypeRenderer.render(type) + (optional ? "?" : "")
    }

    private func pathParameters(_ endpoint: EndpointDecl) -> [Parameter] {
        endpoint.pathParameters.map { Parameter(label: nil, name: $0.name, type: "String", defaultValue: nil, doc: $0.doc) }
    }

    private func typeParameter(_ endpoint: EndpointDecl) -> Parameter? {
        guard let generic = endpoint.genericParameter, endpoint.body?.envelope?.genericParameter == nil else { return nil }
        return Parameter(
            label: "as", name: Self.attributesTypeParameter, type: "\(generic).Type", defaultValue: "\(generic).self",
            doc: "Your model for the records' attributes (a `Codable` struct); without one they come back as `JSONValue`.")
    }

    private func genericClause(_ endpoint: EndpointDecl) -> String {
        endpoint.genericParameter.map { "<\($0): Codable & Sendable>" } ?? ""
    }

    // MARK: Raw

    private func rawParameters(_ endpoint: EndpointDecl) -> [Parameter] {
        var parameters = pathParameters(endpoint)
        if let body = endpoint.body {
            parameters.append(Parameter(
                label: nil, name: "body", type: Self.optionalType(body.type, body.isOptional),
                defaultValue: body.isOptional ? "nil" : nil,
                doc: body.isOptional ? "The request body, or `nil` to send none at all." : "The request body."))
        }
        if let query = endpoint.query {
            let allOptional = query.type.properties.allSatisfy(\.isOptional)
            parameters.append(Parameter(label: "query", name: "query", type: query.type.name, defaultValue: allOptional ? "\(query.type.name)()" : nil, doc: "The query parameters."))
        }
        if let typeParameter = typeParameter(endpoint) { parameters.append(typeParameter) }
        return parameters
    }

    private func rawReturnType(_ endpoint: EndpointDecl) -> String? {
        switch endpoint.response {
        case .none: return nil
        case .document(let type), .job(let type): return TypeRenderer.render(type) + (endpoint.isDeletion ? "?" : "")
        }
    }

    /// What a deletion's `- Returns:` adds: why the result is optional.
    private static let deletionNote = " `nil` when the call was retried after a failure that may have deleted it, and the retry found it gone."

    private func writeRaw(_ endpoint: EndpointDecl, into out: inout SwiftWriter) {
        let parameters = rawParameters(endpoint)
        let returnType = rawReturnType(endpoint)
        let returns = returnType == nil ? nil : (endpoint.response.isJob ? "The job's result document." : "The response document.") + (endpoint.isDeletion ? Self.deletionNote : "")
        writeDoc(endpoint, parameters: parameters, returns: returns, into: &out)
        writeAttributes(endpoint, returnsValue: returnType != nil, into: &out)
        let signature = "public func \(Naming.escaped(endpoint.name))\(genericClause(endpoint))(\(parameters.map(\.declaration).joined(separator: ", "))) async throws" + (returnType.map { " -> \($0)" } ?? "")
        out.block(signature) { out in
            let path = "[" + endpoint.path.map(pathExpression).joined(separator: ", ") + "]"
            let method = SwiftWriter.literal(endpoint.method)
            let query = endpoint.query == nil ? "nil" : "query"
            if endpoint.body != nil {
                out.line("let request = try \(Self.runtime)APIRequest(method: \(method), pathSegments: \(path), query: \(query), body: body)")
            } else {
                out.line("let request = \(Self.runtime)APIRequest(method: \(method), pathSegments: \(path), query: \(query))")
            }
            switch endpoint.response {
            case .none:
                out.line("try await core.send(request)")
            case .document(let type):
                let function = endpoint.isDeletion ? "sendDeletion" : "send"
                out.line("return try await core.\(function)(request, decoding: \(TypeRenderer.render(type)).self)")
            case .job(let type):
                let function = endpoint.isDeletion ? "sendDeletionJob" : "sendJob"
                out.line("return try await core.\(function)(request, decoding: \(TypeRenderer.render(type)).self)")
            }
        }
    }

    private func pathExpression(_ segment: PathSegmentDecl) -> String {
        switch segment {
        case .literal(let text):
            return SwiftWriter.literal(text)
        case .parts(let parts):
            if parts.count == 1, case .parameter(let name) = parts[0] { return Naming.escaped(name) }
            return parts.map { part -> String in
                switch part {
                case .text(let text): return SwiftWriter.literal(text)
                case .parameter(let name): return Naming.escaped(name)
                }
            }.joined(separator: " + ")
        }
    }

    // MARK: Friendly

    /// The flat parameters: path IDs, body fields (for a required JSON:API body), query fields.
    private func friendlyParameters(_ endpoint: EndpointDecl) -> (parameters: [Parameter], bodyFields: [(field: EnvelopeDecl.Field, parameter: Parameter)], queryFields: [(property: PropertyDecl, parameter: Parameter)], passesBody: Bool) {
        var parameters = pathParameters(endpoint)
        var taken = Set(parameters.map(\.name)).union([Self.attributesTypeParameter])
        var bodyFields: [(field: EnvelopeDecl.Field, parameter: Parameter)] = []
        var queryFields: [(property: PropertyDecl, parameter: Parameter)] = []
        var passesBody = false
        if let body = endpoint.body {
            if let envelope = body.envelope, !body.isOptional {
                for field in envelope.fields where !(field.location == .id && body.idFromPathParameter != nil) {
                    var name = field.property.name
                    if taken.contains(name) { name = Naming.unique("body" + Naming.typeName(name), in: &taken) } else { taken.insert(name) }
                    let parameter = Parameter(
                        label: name, name: name, type: Self.friendlyType(of: field),
                        defaultValue: field.property.isOptional ? "nil" : nil, doc: field.property.doc.summary)
                    bodyFields.append((field, parameter))
                    parameters.append(parameter)
                }
            } else {
                passesBody = true
                taken.insert("body")
                parameters.append(Parameter(
                    label: nil, name: "body", type: Self.optionalType(body.type, body.isOptional),
                    defaultValue: body.isOptional ? "nil" : nil,
                    doc: body.isOptional ? "The request body, or `nil` to send none at all." : "The request body."))
            }
        }
        if let query = endpoint.query {
            for property in query.type.properties {
                var name = property.name
                if taken.contains(name) { name = Naming.unique("query" + Naming.typeName(name), in: &taken) } else { taken.insert(name) }
                let parameter = Parameter(
                    label: name, name: name, type: TypeRenderer.render(property),
                    defaultValue: property.isOptional ? "nil" : nil, doc: property.doc.summary)
                queryFields.append((property, parameter))
                parameters.append(parameter)
            }
        }
        if let typeParameter = typeParameter(endpoint) { parameters.append(typeParameter) }
        return (parameters, bodyFields, queryFields, passesBody)
    }

    /// A relationship argument takes the related resource itself or what names it: an ID
    /// (`ResourceReference`), or type and ID for relationships to several types
    /// (`TypedResourceReference`). `nil` for other fields, which take their property's type.
    private static func reference(of field: EnvelopeDecl.Field) -> (protocol: String, member: String)? {
        switch field.location {
        case .toOne where field.property.type == .builtin("String"), .toMany: return ("ResourceReference", "resourceID")
        case .toOneIdentifier where field.property.type == .runtime("ResourceIdentifier"), .toManyIdentifiers: return ("TypedResourceReference", "resourceIdentifier")
        default: return nil
        }
    }

    private static func friendlyType(of field: EnvelopeDecl.Field) -> String {
        guard let reference = reference(of: field) else { return TypeRenderer.render(field.property) }
        let existential = "any \(runtime)\(reference.protocol)"
        switch field.location {
        case .toMany, .toManyIdentifiers: return "[\(existential)]" + (field.property.isOptional ? "?" : "")
        default: return field.property.isOptional ? "(\(existential))?" : existential
        }
    }

    /// How a friendly argument becomes the body field's value: relationship arguments give their IDs.
    private static func fieldValue(_ name: String, of field: EnvelopeDecl.Field) -> String {
        guard let reference = reference(of: field) else { return name }
        let optional = field.property.isOptional ? "?" : ""
        switch field.location {
        case .toMany, .toManyIdentifiers: return name + optional + ".map(\\.\(reference.member))"
        default: return name + optional + "." + reference.member
        }
    }

    private func friendlyReturnType(_ endpoint: EndpointDecl) -> String? {
        if let unwrapped = endpoint.unwrappedData { return Self.optionalType(unwrapped.type, unwrapped.isOptional || endpoint.isDeletion) }
        return rawReturnType(endpoint)
    }

    private func writeFriendly(_ endpoint: EndpointDecl, chunked: Bool = true, into out: inout SwiftWriter) {
        if chunked, let chunking = endpoint.chunking {
            writeChunked(endpoint, chunking: chunking, into: &out)
            return
        }
        let (parameters, bodyFields, queryFields, passesBody) = friendlyParameters(endpoint)
        let returnType = friendlyReturnType(endpoint)
        let returns: String?
        if returnType == nil {
            returns = nil
        } else if endpoint.unwrappedData != nil {
            returns = "The response's primary data (use `raw.\(endpoint.name)` for the whole document)."
        } else {
            returns = endpoint.response.isJob ? "The job's result." : "The response."
        }
        let friendlyReturns = returns.map { $0 + (endpoint.isDeletion ? Self.deletionNote : "") }
        writeDoc(endpoint, parameters: parameters, returns: friendlyReturns, into: &out)
        writeAttributes(endpoint, returnsValue: returnType != nil, into: &out)
        let signature = "public func \(Naming.escaped(endpoint.name))\(genericClause(endpoint))(\(parameters.map(\.declaration).joined(separator: ", "))) async throws" + (returnType.map { " -> \($0)" } ?? "")

        out.block(signature) { out in
            var arguments = writeRequestValues(endpoint, bodyFields: bodyFields, queryFields: queryFields, passesBody: passesBody, into: &out)
            if typeParameter(endpoint) != nil { arguments.append("as: \(Self.attributesTypeParameter)") }
            // `self.`: a parameter may be named `raw`.
            let call = "try await self.raw.\(Naming.escaped(endpoint.name))(\(arguments.joined(separator: ", ")))"
            if returnType == nil {
                out.line(call)
            } else {
                out.line("return " + call + (endpoint.unwrappedData == nil ? "" : endpoint.isDeletion ? "?.data" : ".data"))
            }
        }

        // Without a model, records come back with free-form attributes.
        if let generic = endpoint.genericParameter, typeParameter(endpoint) != nil {
            let untypedParameters = parameters.filter { $0.name != Self.attributesTypeParameter }
            let untypedReturn = returnType.map { $0.replacingOccurrences(of: "<\(generic)>", with: "<\(Self.runtime)JSONValue>") }
            out.line()
            writeDoc(endpoint, parameters: untypedParameters, returns: friendlyReturns, into: &out, untyped: true)
            writeAttributes(endpoint, returnsValue: returnType != nil, into: &out)
            let untypedSignature = "public func \(Naming.escaped(endpoint.name))(\(untypedParameters.map(\.declaration).joined(separator: ", "))) async throws" + (untypedReturn.map { " -> \($0)" } ?? "")
            out.block(untypedSignature) { out in
                let arguments = untypedParameters.map(\.argument) + ["as: \(Self.runtime)JSONValue.self"]
                out.line((returnType == nil ? "" : "return ") + "try await \(Naming.escaped(endpoint.name))(\(arguments.joined(separator: ", ")))")
            }
        }
    }

    /// Writes `let __body = …` and `let __query = …` from the flat parameters, and returns the raw
    /// function's arguments (without `as:`).
    /// - Parameter values: what to pass instead of a parameter, by parameter name.
    private func writeRequestValues(
        _ endpoint: EndpointDecl, bodyFields: [(field: EnvelopeDecl.Field, parameter: Parameter)],
        queryFields: [(property: PropertyDecl, parameter: Parameter)], passesBody: Bool,
        values: [String: String] = [:], into out: inout SwiftWriter
    ) -> [String] {
        func value(_ parameter: Parameter) -> String { values[parameter.name] ?? Naming.escaped(parameter.name) }
        var arguments = endpoint.pathParameters.map { Naming.escaped($0.name) }
        if let body = endpoint.body {
            if passesBody {
                arguments.append("body")
            } else if let envelope = body.envelope {
                var initArguments: [String] = []
                for field in envelope.fields {
                    let label = Naming.argumentLabel(field.property.name)
                    if field.location == .id, let pathParameter = body.idFromPathParameter {
                        initArguments.append("\(label): \(Naming.escaped(pathParameter))")
                    } else if let match = bodyFields.first(where: { $0.field.property.name == field.property.name }) {
                        let argument = values[match.parameter.name] ?? Self.fieldValue(Naming.escaped(match.parameter.name), of: field)
                        initArguments.append("\(label): \(argument)")
                    }
                }
                out.line("let __body = \(TypeRenderer.render(body.type))(\(initArguments.joined(separator: ", ")))")
                arguments.append("__body")
            }
        }
        if let query = endpoint.query {
            let initArguments = queryFields.map { "\(Naming.argumentLabel($0.property.name)): \(value($0.parameter))" }
            out.line("let __query = \(query.type.name)(\(initArguments.joined(separator: ", ")))")
            arguments.append("query: __query")
        }
        return arguments
    }

    // MARK: Chunked

    /// A bulk or batch link's friendly function: any number of IDs, sent in chunks the API accepts
    /// by the runtime's `BulkOperation`, with one merged result.
    private func writeChunked(_ endpoint: EndpointDecl, chunking: ChunkingDecl, into out: inout SwiftWriter) {
        let (all, bodyFields, queryFields, passesBody) = friendlyParameters(endpoint)
        let idsParameter: Parameter?
        switch chunking.source {
        case .bodyField(let name): idsParameter = bodyFields.first { $0.field.property.name == name }?.parameter
        case .queryProperty(let name): idsParameter = queryFields.first { $0.property.name == name }?.parameter
        }
        guard let idsParameter, let chunkResult = rawReturnType(endpoint) else {
            writeFriendly(endpoint, chunked: false, into: &out)
            return
        }
        var ids = Naming.escaped(idsParameter.name)
        if case .bodyField(let name) = chunking.source, let field = bodyFields.first(where: { $0.field.property.name == name })?.field {
            ids = Self.fieldValue(ids, of: field)
        }
        var taken = Set(all.map(\.name))
        let chunkSize = Naming.unique("chunkSize", in: &taken)
        let concurrency = Naming.unique("concurrency", in: &taken)
        let progress = Naming.unique("progress", in: &taken)
        let limit = chunking.maximumChunkSize
        let parameters = all + [
            Parameter(label: chunkSize, name: chunkSize, type: "Int", defaultValue: "\(limit)", doc: "IDs per request (at most \(limit), the endpoint's limit; the default sends the fewest requests)."),
            Parameter(label: concurrency, name: concurrency, type: "Int", defaultValue: "1", doc: "Chunks sent and awaited at the same time."),
            Parameter(label: progress, name: progress, type: "(@Sendable (\(Self.runtime)BulkProgress) -> Void)?", defaultValue: "nil", doc: "Called after each chunk ends, one call at a time."),
        ]
        var doc = endpoint.doc
        doc.details.append("Takes any number of IDs in `\(idsParameter.name)`: repeats are dropped, and the rest is sent in chunks of at most `\(chunkSize)` (one job each, awaited), `\(concurrency)` at a time, through the client's rate-limit pacing (see `BulkOperation`). A failed chunk does not stop the others; cancelling the task sends no further chunk and stops waiting for those in flight.")
        let counted = chunking.counters == nil ? "" : ", with the records the jobs processed (`successful`, `failed`, summed)"
        writeDoc(
            endpoint, parameters: parameters, returns: "Every chunk's job result, in order\(counted).", into: &out, doc: doc,
            throws: "`BulkOperationError` when a chunk failed or the task was cancelled: it lists the chunks that completed, those that failed (with their IDs and errors), those interrupted and those never sent. `DatoCMSError.invalidRequest` for a chunk size or concurrency out of range, before any request.")
        writeAttributes(endpoint, returnsValue: true, into: &out)
        let returnType = "\(Self.runtime)BulkResult<\(chunkResult)>"
        out.block("public func \(Naming.escaped(endpoint.name))(\(parameters.map(\.declaration).joined(separator: ", "))) async throws -> \(returnType)") { out in
            let counters: String
            if let fields = chunking.counters {
                let meta = "__result\(endpoint.isDeletion ? "?" : "").\(Naming.escaped(fields.meta))"
                let tuple = { (base: String) in "(successful: \(base).\(Naming.escaped(fields.successful)), failed: \(base).\(Naming.escaped(fields.failed)))" }
                counters = endpoint.isDeletion || fields.metaIsOptional ? "{ __result in (\(meta)).map { __meta in \(tuple("__meta")) } }" : "{ __result in \(tuple(meta)) }"
            } else {
                counters = "{ _ in nil }"
            }
            out.line("try await \(Self.runtime)BulkOperation.run(")
            out.indent { out in
                out.line("ids: \(ids), chunkSize: \(Naming.escaped(chunkSize)), maximumChunkSize: \(limit),")
                out.line("concurrency: \(Naming.escaped(concurrency)), progress: \(Naming.escaped(progress)),")
                out.line("counters: \(counters)")
            }
            out.line(") { (__chunk: [String]) async throws -> \(chunkResult) in")
            out.indent { out in
                let arguments = writeRequestValues(
                    endpoint, bodyFields: bodyFields, queryFields: queryFields, passesBody: passesBody,
                    values: [idsParameter.name: "__chunk"], into: &out)
                out.line("return try await self.raw.\(Naming.escaped(endpoint.name))(\(arguments.joined(separator: ", ")))")
            }
            out.line("}")
        }
    }

    // MARK: Paged

    /// `<name>Pages` (a `PageSequence`) and `<name>All` (its elements): the listing's parameters
    /// without the page ones, plus the page size and how many pages to fetch ahead.
    private func writePaged(_ endpoint: EndpointDecl, paging: PagingDecl, into out: inout SwiftWriter) {
        let (all, _, queryFields, _) = friendlyParameters(endpoint)
        let pageFields = queryFields.filter { [paging.offsetProperty, paging.limitProperty].contains($0.property.name) }
        var taken = Set(all.map(\.name))
        let pageSize = Naming.unique("pageSize", in: &taken)
        let concurrency = Naming.unique("concurrency", in: &taken)
        var parameters = all.filter { parameter in
            parameter.name != Self.attributesTypeParameter && !pageFields.contains { $0.parameter.name == parameter.name }
        }
        let limitText = paging.maximumPageSize.map { " (at most \($0); the default asks for the largest pages, for the fewest requests)" } ?? ""
        parameters.append(Parameter(label: pageSize, name: pageSize, type: "Int", defaultValue: "\(paging.defaultPageSize)", doc: "Elements per request\(limitText)."))
        parameters.append(Parameter(label: concurrency, name: concurrency, type: "Int", defaultValue: "3", doc: "Pages fetched at the same time, ahead of your loop (memory holds about this many pages plus one)."))
        let typeParameter = typeParameter(endpoint)
        if let typeParameter { parameters.append(typeParameter) }
        let element = TypeRenderer.render(paging.element)
        let summary = endpoint.doc.summary ?? endpoint.name
        let walk = "Walks `\(endpoint.method) \(endpoint.displayPath)` page by page as you iterate: the first page tells how many there are, the next ones are fetched `\(concurrency)` at a time and yielded in order (see `PageSequence`). Errors surface from the loop, and leaving the loop or cancelling its task stops the requests."
        let pagesDoc = Documentation(summary: summary + ": every page.", details: [walk])
        let elementsDoc = Documentation(summary: summary + ": every element, across pages.", details: [walk])
        let pagesType = "\(Self.runtime)PageSequence<\(element)>"
        let elementsType = "\(Self.runtime)PagedElements<\(element)>"

        writeDoc(endpoint, parameters: parameters, returns: Self.pagedReturns("The pages; `.elements` gives the elements.", endpoint), into: &out, doc: pagesDoc)
        out.block("public func \(paging.pagesFunctionName)\(genericClause(endpoint))(\(parameters.map(\.declaration).joined(separator: ", "))) -> \(pagesType)") { out in
            // `__`: no parameter takes these names.
            out.line("let __raw = self.raw")
            out.line("return \(Self.runtime)PageSequence(pageSize: \(Naming.escaped(pageSize)), concurrency: \(Naming.escaped(concurrency)), maximumPageSize: \(paging.maximumPageSize.map(String.init) ?? "nil")) { __offset, __limit in")
            out.indent { out in
                let queryArguments = queryFields.map { field -> String in
                    let value = field.property.name == paging.offsetProperty ? "__offset" : field.property.name == paging.limitProperty ? "__limit" : Naming.escaped(field.parameter.name)
                    return "\(Naming.argumentLabel(field.property.name)): \(value)"
                }
                out.line("let __query = \(endpoint.query!.type.name)(\(queryArguments.joined(separator: ", ")))")
                var arguments = endpoint.pathParameters.map { Naming.escaped($0.name) } + ["query: __query"]
                if typeParameter != nil { arguments.append("as: \(Self.attributesTypeParameter)") }
                out.line("let __document = try await __raw.\(Naming.escaped(endpoint.name))(\(arguments.joined(separator: ", ")))")
                let total = paging.totalCount.map { "__document.\(Naming.escaped($0.meta))\($0.metaIsOptional ? "?" : "").\(Naming.escaped($0.count))" } ?? "nil"
                out.line("return \(Self.runtime)Page(elements: __document.data, offset: __offset, totalCount: \(total))")
            }
            out.line("}")
        }
        out.line()
        writeDoc(endpoint, parameters: parameters, returns: Self.pagedReturns("The elements, in order.", endpoint), into: &out, doc: elementsDoc)
        out.block("public func \(paging.elementsFunctionName)\(genericClause(endpoint))(\(parameters.map(\.declaration).joined(separator: ", "))) -> \(elementsType)") { out in
            out.line("\(paging.pagesFunctionName)(\(parameters.map(\.argument).joined(separator: ", "))).elements")
        }

        // Without a model, records come back with free-form attributes, as from the listing itself.
        guard let generic = endpoint.genericParameter, typeParameter != nil else { return }
        let untyped = parameters.filter { $0.name != Self.attributesTypeParameter }
        let untypedElement = element.replacingOccurrences(of: "<\(generic)>", with: "<\(Self.runtime)JSONValue>")
        let arguments = (untyped.map(\.argument) + ["as: \(Self.runtime)JSONValue.self"]).joined(separator: ", ")
        for (name, doc, type, returns) in [
            (paging.pagesFunctionName, pagesDoc, "PageSequence", "The pages; `.elements` gives the elements."),
            (paging.elementsFunctionName, elementsDoc, "PagedElements", "The elements, in order."),
        ] {
            out.line()
            writeDoc(endpoint, parameters: untyped, returns: Self.pagedReturns(returns, endpoint), into: &out, untyped: true, doc: doc)
            out.block("public func \(name)(\(untyped.map(\.declaration).joined(separator: ", "))) -> \(Self.runtime)\(type)<\(untypedElement)>") { out in
                out.line("\(name)(\(arguments))")
            }
        }
    }

    private static func pagedReturns(_ text: String, _ endpoint: EndpointDecl) -> String {
        text + " Iterating throws what `\(endpoint.name)` throws, and `DatoCMSError.invalidRequest` for a page size or concurrency out of range, before any request."
    }

    // MARK: Shared

    private func writeAttributes(_ endpoint: EndpointDecl, returnsValue: Bool, into out: inout SwiftWriter) {
        if let deprecated = endpoint.deprecated {
            out.line("@available(*, deprecated, message: \(SwiftWriter.literal(deprecated.isEmpty ? "Deprecated by DatoCMS" : deprecated)))")
        }
        if returnsValue && endpoint.method != "GET" { out.line("@discardableResult") }
    }

    /// - Parameters:
    ///   - doc: Replaces the endpoint's own documentation, for the paged helpers, which do not
    ///     throw (their sequences do) and so get no `- Throws:` unless `throws` says one.
    ///   - throws: The `- Throws:` text, when it is not the endpoint's usual one.
    private func writeDoc(_ endpoint: EndpointDecl, parameters: [Parameter], returns: String?, into out: inout SwiftWriter, untyped: Bool = false, doc: Documentation? = nil, throws throwsText: String? = nil) {
        var extra = ["`\(endpoint.method) \(endpoint.displayPath)`"]
        if untyped { extra.append("Records come back with their attributes as `JSONValue`; pass `as:` your model to type them.") }
        if !parameters.isEmpty {
            extra.append("- Parameters:")
            for parameter in parameters {
                let text = (parameter.doc ?? "").split(separator: "\n").first.map(String.init) ?? ""
                extra.append("  - \(parameter.name): \(text.isEmpty ? "See the schema." : text)")
            }
        }
        if let returns { extra.append("- Returns: \(returns)") }
        if let throwsText {
            extra.append("- Throws: " + throwsText)
        } else if doc == nil {
            extra.append("- Throws: `ApiError` for an error answer (or a failed job), `DatoCMSError` for transport, decoding and job time-out failures.")
        }
        out.doc(doc ?? endpoint.doc, extra: extra)
    }
}

extension EndpointDecl {
    /// A `DELETE`: retried after a lost answer, its `404` means done, so its result is optional.
    var isDeletion: Bool { method.uppercased() == "DELETE" }
}

extension ResponseKind {
    var isJob: Bool {
        if case .job = self { return true }
        return false
    }
}
