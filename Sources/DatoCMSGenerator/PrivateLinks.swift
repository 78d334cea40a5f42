/// Keeps a schema's private links across a refresh.
///
/// DatoCMS's published hyper-schema leaves out some links its own clients use (marked
/// `"private": true` where a schema documents them, like the batch publish and destroy links of
/// records and uploads). A schema that added them by hand would lose them at every refresh;
/// ``carryOver(from:into:)`` copies each private link the new schema lacks into it, under the
/// same resource, so refreshing never drops an endpoint silently.
public enum PrivateLinks {
    /// The result of carrying private links over.
    public struct Merge: Sendable {
        /// The new schema's text with the kept links added (unchanged when none was missing).
        public var bytes: [UInt8]
        /// Private links of the old schema now in the result although the new schema lacked them.
        public var kept: [SchemaChanges.LinkName]
        /// Private links of the old schema that could not be kept, with why (their resource is
        /// gone, or they refer to definitions the new schema no longer has).
        public var dropped: [(link: SchemaChanges.LinkName, reason: String)]
    }

    /// Copies into `newBytes` every private link of `oldBytes` that the new schema does not have
    /// (same resource, `rel`, method and `href`). A link whose resource is gone, or whose `$ref`s
    /// no longer resolve, is reported in ``Merge/dropped`` instead.
    ///
    /// When a link is added, the result is re-serialized with two-space indentation, member order
    /// kept (the generated code's parameter order follows it).
    public static func carryOver(from oldBytes: [UInt8], into newBytes: [UInt8], file: String) throws(GeneratorError) -> Merge {
        let oldSchema = try SchemaParser.parse(oldBytes, file: file)
        let newSchema = try SchemaParser.parse(newBytes, file: file)
        let oldRoot: JSONNode
        var newRoot: JSONNode
        do {
            oldRoot = try JSONReader.parse(oldBytes)
            newRoot = try JSONReader.parse(newBytes)
        } catch {
            throw GeneratorError(file: file, pointer: "", line: error.line, column: error.column, message: "malformed JSON: \(error.message)")
        }
        func key(_ resource: String, _ link: HyperSchema.Link) -> String { "\(resource) \(link.rel) \(link.method) \(link.href)" }
        let present = Set(newSchema.resources.flatMap { resource in resource.links.map { key(resource.name, $0) } })
        let newResources = Set(newSchema.resources.map(\.name))

        var candidates: [(name: SchemaChanges.LinkName, node: JSONNode)] = []
        var dropped: [(link: SchemaChanges.LinkName, reason: String)] = []
        for resource in oldSchema.resources {
            for link in resource.links where link.isPrivate && !present.contains(key(resource.name, link)) {
                let name = SchemaChanges.LinkName(resource: resource.name, rel: link.rel, method: link.method, href: link.href)
                guard newResources.contains(resource.name) else {
                    dropped.append((name, "the new schema has no resource `\(resource.name)`"))
                    continue
                }
                if let node = oldRoot.node(at: link.pointer) { candidates.append((name, node)) }
            }
        }
        func adding(_ links: [(name: SchemaChanges.LinkName, node: JSONNode)], to root: JSONNode) -> JSONNode {
            var result = root
            for link in links { result.appendLink(link.node, toResource: link.name.resource) }
            return result
        }
        // The copied links must still resolve against the new definitions: all are tried at once
        // (one parse), and only when that fails one by one, to tell which cannot be kept.
        var kept: [SchemaChanges.LinkName] = []
        var merged = newRoot
        if !candidates.isEmpty {
            let all = adding(candidates, to: newRoot)
            if (try? SchemaParser.parse(Array(all.serialized().utf8), file: file)) != nil {
                merged = all
                kept = candidates.map(\.name)
            } else {
                for candidate in candidates {
                    let attempt = adding([candidate], to: merged)
                    do {
                        _ = try SchemaParser.parse(Array(attempt.serialized().utf8), file: file)
                        merged = attempt
                        kept.append(candidate.name)
                    } catch {
                        dropped.append((candidate.name, error.message))
                    }
                }
            }
        }
        newRoot = merged
        return Merge(bytes: kept.isEmpty ? newBytes : Array((newRoot.serialized() + "\n").utf8), kept: kept, dropped: dropped)
    }
}

extension JSONNode {
    /// The node at `pointer`, if there is one.
    func node(at pointer: JSONPointer) -> JSONNode? {
        var current = self
        for token in pointer.tokens {
            switch current.value {
            case .object: guard let next = current[token] else { return nil }; current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default: return nil
            }
        }
        return current
    }

    /// Appends `link` to `definitions/<resource>/links`, creating the list if needed.
    mutating func appendLink(_ link: JSONNode, toResource resource: String) {
        guard case .object(var members) = value,
              let definitionsIndex = members.lastIndex(where: { $0.key == "definitions" }),
              case .object(var definitions) = members[definitionsIndex].value.value,
              let resourceIndex = definitions.lastIndex(where: { $0.key == resource }),
              case .object(var resourceMembers) = definitions[resourceIndex].value.value else { return }
        if let linksIndex = resourceMembers.lastIndex(where: { $0.key == "links" }), case .array(let links) = resourceMembers[linksIndex].value.value {
            resourceMembers[linksIndex].value.value = .array(links + [link])
        } else {
            resourceMembers.append((key: "links", value: JSONNode(value: .array([link]), line: 0, column: 0, pointer: .root)))
        }
        definitions[resourceIndex].value.value = .object(resourceMembers)
        members[definitionsIndex].value.value = .object(definitions)
        value = .object(members)
    }

    /// JSON text, two-space indented, members in their order, numbers as written.
    func serialized(indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return Self.quoted(text)
        case .array(let elements):
            guard !elements.isEmpty else { return "[]" }
            return "[\n" + elements.map { inner + $0.serialized(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n" + members.map { inner + Self.quoted($0.key) + ": " + $0.value.serialized(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
