import Foundation

/// Reads a hyper-schema document into a ``HyperSchema``, checking its structure:
/// keyword value kinds, known `type` names, local `$ref`s that resolve and do not loop,
/// and link `href` placeholders.
public struct SchemaParser {
    /// The file name used in diagnostics.
    public let file: String
    private var schemas: [JSONPointer: Schema] = [:]

    /// The JSON Schema type names the generator knows.
    public static let knownTypes: Set<String> = ["string", "integer", "number", "boolean", "object", "array", "null"]
    /// The HTTP methods a link may use.
    public static let knownMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// Creates a parser for diagnostics naming `file`.
    public init(file: String) { self.file = file }

    /// Parses JSON text into a hyper-schema.
    public static func parse(_ bytes: [UInt8], file: String) throws(GeneratorError) -> HyperSchema {
        let root: JSONNode
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw GeneratorError(file: file, pointer: "", line: error.line, column: error.column, message: "malformed JSON: \(error.message)")
        }
        var parser = SchemaParser(file: file)
        return try parser.parseDocument(root)
    }

    private func fail(_ node: JSONNode, _ message: String) -> GeneratorError {
        GeneratorError(file: file, pointer: node.pointer.description, line: node.line, column: node.column, message: message)
    }

    /// Fails on a key written twice in a map of names (`definitions`, `properties`): one of the
    /// two would be dropped silently, and JSON readers disagree on which.
    private func checkUniqueKeys(_ entries: [(key: String, value: JSONNode)], in map: String) throws(GeneratorError) {
        var seen: Set<String> = []
        for (key, node) in entries where !seen.insert(key).inserted {
            throw fail(node, "`\(map)` has the key \"\(key)\" twice; remove or rename one")
        }
    }

    private mutating func parseDocument(_ root: JSONNode) throws(GeneratorError) -> HyperSchema {
        guard root.object != nil else { throw fail(root, "a hyper-schema must be a JSON object, not \(root.kindName)") }
        guard let definitions = root["definitions"] else {
            throw fail(root, "no `definitions`: a DatoCMS hyper-schema lists its resources under `definitions`")
        }
        guard let entries = definitions.object else { throw fail(definitions, "`definitions` must be an object") }
        try checkUniqueKeys(entries, in: "definitions")

        var resources: [HyperSchema.Resource] = []
        for (name, node) in entries {
            let schema = try parseSchema(node)
            var links: [HyperSchema.Link] = []
            if let linksNode = node["links"] {
                guard let list = linksNode.array else { throw fail(linksNode, "`links` must be an array") }
                for linkNode in list {
                    links.append(try parseLink(linkNode))
                }
            }
            resources.append(HyperSchema.Resource(name: name, schema: schema, links: links))
        }
        // Top-level `properties` only repeat `$ref`s to the resources; parse them so refs are checked.
        if let properties = root["properties"] {
            guard properties.object != nil else { throw fail(properties, "`properties` must be an object") }
            for (_, node) in properties.object ?? [] { _ = try parseSchema(node) }
        }
        try checkReferences()
        return HyperSchema(
            file: file,
            title: root["title"]?.string,
            description: root["description"]?.string,
            resources: resources,
            schemasByPointer: schemas,
            documentPointers: Self.pointers(in: root),
            baseURL: Self.baseURL(of: root)
        )
    }

    private static func pointers(in node: JSONNode) -> Set<JSONPointer> {
        var result: Set<JSONPointer> = [node.pointer]
        switch node.value {
        case .object(let members): for member in members { result.formUnion(pointers(in: member.value)) }
        case .array(let elements): for element in elements { result.formUnion(pointers(in: element)) }
        default: break
        }
        return result
    }

    /// The `href` of the root link with `rel: self`, when it is an absolute http(s) URL.
    private static func baseURL(of root: JSONNode) -> String? {
        for link in root["links"]?.array ?? [] where link["rel"]?.string == "self" {
            guard let href = link["href"]?.string, let url = URL(string: href), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false, url.query == nil, url.fragment == nil
            else { continue }
            return href
        }
        return nil
    }

    private mutating func parseLink(_ node: JSONNode) throws(GeneratorError) -> HyperSchema.Link {
        guard node.object != nil else { throw fail(node, "a link must be an object, not \(node.kindName)") }
        func requiredString(_ key: String) throws(GeneratorError) -> String {
            guard let value = node[key] else { throw fail(node, "the link has no `\(key)`") }
            guard let text = value.string, !text.isEmpty else { throw fail(value, "`\(key)` must be a non-empty string") }
            return text
        }
        let rel = try requiredString("rel")
        let method = try requiredString("method").uppercased()
        guard Self.knownMethods.contains(method) else {
            throw fail(node["method"] ?? node, "unknown HTTP method `\(method)`")
        }
        let href = try requiredString("href")
        let path = try parseHref(href, node: node["href"]!)
        func optionalSchema(_ key: String) throws(GeneratorError) -> Schema? {
            guard let child = node[key] else { return nil }
            return try parseSchema(child)
        }
        var deprecated: String?
        if let flag = node["deprecated"] {
            deprecated = flag.string ?? (flag.bool == true ? "" : nil)
        }
        return HyperSchema.Link(
            pointer: node.pointer,
            line: node.line,
            rel: rel,
            method: method,
            href: href,
            path: path,
            title: node["title"]?.string,
            description: node["description"]?.string,
            isPrivate: node["private"]?.bool ?? false,
            deprecated: deprecated,
            schema: try optionalSchema("schema"),
            hrefSchema: try optionalSchema("hrefSchema"),
            targetSchema: try optionalSchema("targetSchema"),
            jobSchema: try optionalSchema("jobSchema")
        )
    }

    /// Splits `/items/{(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}/publish`
    /// into literal and placeholder segments.
    private func parseHref(_ href: String, node: JSONNode) throws(GeneratorError) -> [HyperSchema.PathSegment] {
        guard href.hasPrefix("/") else { throw fail(node, "`href` must start with '/': \(href)") }
        if href.contains("?") || href.contains("#") {
            throw fail(node, "`href` must be a path without query or fragment (query parameters belong in `hrefSchema`): \(href)")
        }
        var segments: [HyperSchema.PathSegment] = []
        for rawSegment in href.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            guard rawSegment.contains("{") || rawSegment.contains("}") else {
                segments.append(.literal(String(rawSegment)))
                continue
            }
            var parts: [HyperSchema.PathPart] = []
            var rest = Substring(rawSegment)
            while !rest.isEmpty {
                guard let open = rest.firstIndex(of: "{") else {
                    if rest.contains("}") { throw fail(node, "unbalanced '}' in `href` \(href)") }
                    parts.append(.text(String(rest)))
                    break
                }
                if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
                guard let close = rest[open...].firstIndex(of: "}") else { throw fail(node, "unbalanced '{' in `href` \(href)") }
                var inner = rest[rest.index(after: open)..<close]
                if inner.hasPrefix("(") && inner.hasSuffix(")") { inner = inner.dropFirst().dropLast() }
                guard let decoded = String(inner).removingPercentEncoding,
                    let hash = decoded.firstIndex(of: "#"),
                    let pointer = JSONPointer(parsing: String(decoded[hash...]))
                else {
                    throw fail(node, "the `href` placeholder {\(inner)} is not an encoded schema reference like {(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}")
                }
                parts.append(.placeholder(pointer))
                rest = rest[rest.index(after: close)...]
            }
            segments.append(.template(parts))
        }
        return segments
    }

    private mutating func parseSchema(_ node: JSONNode) throws(GeneratorError) -> Schema {
        guard node.object != nil else {
            throw fail(node, "a schema must be an object, not \(node.kindName)")
        }

        var ref: JSONPointer?
        if let refNode = node["$ref"] {
            guard let text = refNode.string else { throw fail(refNode, "`$ref` must be a string") }
            guard text.hasPrefix("#"), let pointer = JSONPointer(parsing: text) else {
                throw fail(refNode, "`$ref` \"\(text)\" is not a local reference (only `#/…` pointers within the file are supported)")
            }
            ref = pointer
        }

        var types: [String]?
        if let typeNode = node["type"] {
            if let single = typeNode.string {
                types = [single]
            } else if let list = typeNode.array {
                var names: [String] = []
                for element in list {
                    guard let name = element.string else { throw fail(element, "`type` entries must be strings") }
                    names.append(name)
                }
                types = names
            } else {
                throw fail(typeNode, "`type` must be a string or an array of strings")
            }
            for name in types ?? [] where !Self.knownTypes.contains(name) {
                throw fail(typeNode, "unknown type `\(name)` (known: \(Self.knownTypes.sorted().joined(separator: ", ")))")
            }
        }

        func schemaMap(_ key: String) throws(GeneratorError) -> [(name: String, schema: Schema)] {
            guard let mapNode = node[key] else { return [] }
            guard let entries = mapNode.object else { throw fail(mapNode, "`\(key)` must be an object") }
            try checkUniqueKeys(entries, in: key)
            var result: [(name: String, schema: Schema)] = []
            for (name, child) in entries {
                result.append((name, try parseSchema(child)))
            }
            return result
        }
        func schemaList(_ key: String) throws(GeneratorError) -> [Schema] {
            guard let listNode = node[key] else { return [] }
            guard let list = listNode.array else { throw fail(listNode, "`\(key)` must be an array of schemas") }
            var result: [Schema] = []
            for child in list { result.append(try parseSchema(child)) }
            return result
        }
        func text(_ key: String) throws(GeneratorError) -> String? {
            guard let child = node[key] else { return nil }
            guard let value = child.string else { throw fail(child, "`\(key)` must be a string") }
            return value
        }

        let properties = try schemaMap("properties")
        var required: [String] = []
        if let requiredNode = node["required"] {
            guard let list = requiredNode.array else { throw fail(requiredNode, "`required` must be an array of strings") }
            for element in list {
                guard let name = element.string else { throw fail(element, "`required` entries must be strings") }
                required.append(name)
            }
        }

        var items: Schema?
        var itemsIsTuple = false
        if let itemsNode = node["items"] {
            if let tuple = itemsNode.array {
                itemsIsTuple = true
                // Every position is parsed, so its `$ref`s are checked, though only the first is kept.
                for element in tuple.dropFirst() { _ = try parseSchema(element) }
                items = try tuple.first.map { element throws(GeneratorError) in try parseSchema(element) }
            } else {
                items = try parseSchema(itemsNode)
            }
        }

        var additionalSchema: Schema?
        var additionalAllowed: Bool?
        if let additional = node["additionalProperties"] {
            if let flag = additional.bool {
                additionalAllowed = flag
            } else if additional.object != nil {
                additionalSchema = try parseSchema(additional)
            } else {
                throw fail(additional, "`additionalProperties` must be a Boolean or a schema")
            }
        }

        var enumValues: [JSONNode]?
        if let enumNode = node["enum"] {
            guard let list = enumNode.array else { throw fail(enumNode, "`enum` must be an array") }
            enumValues = list
        }
        var enumDescriptions: [String: String] = [:]
        if let descriptions = node["enumDescription"]?.object {
            for (value, description) in descriptions {
                if let text = description.string { enumDescriptions[value] = text }
            }
        }

        var example: String?
        if let exampleNode = node["example"] { example = exampleNode.literalText }
        var deprecated: String?
        if let flag = node["deprecated"] { deprecated = flag.string ?? (flag.bool == true ? "" : nil) }

        let schema = Schema(
            pointer: node.pointer,
            line: node.line,
            ref: ref,
            types: types,
            title: try text("title"),
            description: try text("description"),
            properties: properties,
            required: required,
            items: items,
            itemsIsTuple: itemsIsTuple,
            additionalPropertiesSchema: additionalSchema,
            additionalPropertiesAllowed: additionalAllowed,
            patternProperties: try schemaMap("patternProperties").map { (pattern: $0.name, schema: $0.schema) },
            anyOf: try schemaList("anyOf"),
            oneOf: try schemaList("oneOf"),
            allOf: try schemaList("allOf"),
            enumValues: enumValues,
            enumDescriptions: enumDescriptions,
            pattern: try text("pattern"),
            format: try text("format"),
            example: example,
            deprecated: deprecated,
            definitions: try schemaMap("definitions"),
            // Lenient: a bound that is not a whole number only loses the helpers built on it.
            maximum: node["maximum"].flatMap(Self.wholeNumber),
            maxItems: node["maxItems"].flatMap(Self.wholeNumber).flatMap { $0 >= 0 ? $0 : nil }
        )
        schemas[node.pointer] = schema
        return schema
    }

    /// The value of a number node written as a whole number (`500`, `500.0`), if it is one.
    private static func wholeNumber(_ node: JSONNode) -> Int? {
        guard case .number(let text) = node.value else { return nil }
        if let value = Int(text) { return value }
        guard let value = Double(text), value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// Every `$ref` must land on a schema, and no chain of `$ref`s may loop.
    private func checkReferences() throws(GeneratorError) {
        for pointer in schemas.keys.sorted() {
            guard let schema = schemas[pointer], schema.ref != nil else { continue }
            var seen: [JSONPointer] = [pointer]
            var current = schema
            while let target = current.ref {
                guard let next = schemas[target] else {
                    throw GeneratorError(
                        file: file, pointer: current.pointer.appending("$ref").description, line: current.line,
                        message: "`$ref` \"\(target.fragment)\" resolves nowhere in this file")
                }
                if seen.contains(target) {
                    throw GeneratorError(
                        file: file, pointer: current.pointer.appending("$ref").description, line: current.line,
                        message: "cyclic `$ref`: " + (seen + [target]).map(\.fragment).joined(separator: " → "))
                }
                seen.append(target)
                current = next
            }
        }
    }
}
