/// What changed between two versions of a hyper-schema, at the level a user of the generated client
/// notices: resources and links (by resource and `rel`) that appeared or disappeared, links whose
/// method or URL changed, and properties of resources kept in both versions that appeared,
/// disappeared or changed type, nullability or whether they are required. Printed by
/// `update-schema` before it replaces a schema.
public struct SchemaChanges: Sendable, Equatable {
    /// A link named the way the generated client names its namespace and function source.
    public struct LinkName: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var resource: String
        public var rel: String
        public var method: String
        public var href: String

        public var description: String { "\(resource).\(rel) (\(method) \(readableHref))" }

        /// The `href` with identity placeholders shown as `:id`, as DatoCMS's docs write them.
        var readableHref: String {
            var result = ""
            var depth = 0
            for character in href {
                switch character {
                case "{":
                    if depth == 0 { result += ":id" }
                    depth += 1
                case "}":
                    depth = max(0, depth - 1)
                default:
                    if depth == 0 { result.append(character) }
                }
            }
            return result
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.resource, lhs.rel, lhs.method, lhs.href) < (rhs.resource, rhs.rel, rhs.method, rhs.href)
        }
    }

    /// A property of a resource's JSON:API object, with what the generated record's field depends on.
    public struct Property: Sendable, Hashable, CustomStringConvertible {
        /// The resource key, e.g. `item_type`.
        public var resource: String
        /// Where the property sits in the resource object: `attributes.name`, `relationships.fields`,
        /// `meta.created_at`, or a top-level key such as `id` (also `attributes` when it has no
        /// declared properties).
        public var path: String
        /// Its JSON types other than `null`, sorted; empty when the schema does not say.
        public var types: [String]
        /// Whether `null` is allowed.
        public var isNullable: Bool
        /// Whether the property is listed in its object's `required`.
        public var isRequired: Bool

        /// E.g. `item_type.attributes.hint (string or null, required)`.
        public var description: String { "\(resource).\(path) (\(shape))" }

        /// Type, nullability and presence, e.g. `string or null, required`.
        var shape: String {
            let type = types.isEmpty ? "any type" : types.joined(separator: " or ")
            return (isNullable ? type + " or null" : type) + (isRequired ? ", required" : ", optional")
        }
    }

    public var addedResources: [String]
    public var removedResources: [String]
    public var addedLinks: [LinkName]
    public var removedLinks: [LinkName]
    /// Links present in both versions (same resource and `rel`) whose method or `href` differ.
    public var changedLinks: [(old: LinkName, new: LinkName)]
    /// Properties of resources present in both versions that only the new version has.
    public var addedProperties: [Property]
    /// Properties of resources present in both versions that only the old version has.
    public var removedProperties: [Property]
    /// Properties present in both versions whose types, nullability or requiredness differ.
    public var changedProperties: [(old: Property, new: Property)]

    public var isEmpty: Bool {
        addedResources.isEmpty && removedResources.isEmpty && addedLinks.isEmpty && removedLinks.isEmpty && changedLinks.isEmpty
            && addedProperties.isEmpty && removedProperties.isEmpty && changedProperties.isEmpty
    }

    /// Compares `old` with `new`. Links are matched by resource and `rel`; when a resource has several
    /// links with one `rel`, they are matched by method and `href` too.
    public init(from old: HyperSchema, to new: HyperSchema) {
        let oldResources = Set(old.resources.map(\.name))
        let newResources = Set(new.resources.map(\.name))
        addedResources = newResources.subtracting(oldResources).sorted()
        removedResources = oldResources.subtracting(newResources).sorted()

        let oldLinks = Self.links(of: old)
        let newLinks = Self.links(of: new)
        var added: [LinkName] = []
        var removed: [LinkName] = []
        var changed: [(old: LinkName, new: LinkName)] = []
        for key in Set(oldLinks.keys).union(newLinks.keys).sorted(by: { ($0.resource, $0.rel) < ($1.resource, $1.rel) }) {
            let before = Set(oldLinks[key] ?? [])
            let after = Set(newLinks[key] ?? [])
            let gone = before.subtracting(after).sorted()
            let came = after.subtracting(before).sorted()
            // One link out and one in under the same rel is the same endpoint, moved.
            if gone.count == 1, came.count == 1 {
                changed.append((gone[0], came[0]))
            } else {
                removed += gone
                added += came
            }
        }
        addedLinks = added
        removedLinks = removed
        changedLinks = changed

        // Properties of added or removed resources are not listed: the resource line says it all.
        var addedProperties: [Property] = []
        var removedProperties: [Property] = []
        var changedProperties: [(old: Property, new: Property)] = []
        for name in oldResources.intersection(newResources).sorted() {
            let before = Self.properties(of: name, in: old)
            let after = Self.properties(of: name, in: new)
            for path in Set(before.keys).union(after.keys).sorted() {
                switch (before[path], after[path]) {
                case let (nil, new?): addedProperties.append(new)
                case let (old?, nil): removedProperties.append(old)
                case let (old?, new?) where old != new: changedProperties.append((old, new))
                default: break
                }
            }
        }
        self.addedProperties = addedProperties
        self.removedProperties = removedProperties
        self.changedProperties = changedProperties
    }

    private struct ResourceRel: Hashable {
        var resource: String
        var rel: String
    }

    private static func links(of schema: HyperSchema) -> [ResourceRel: [LinkName]] {
        var result: [ResourceRel: [LinkName]] = [:]
        for resource in schema.resources {
            for link in resource.links {
                let name = LinkName(resource: resource.name, rel: link.rel, method: link.method.uppercased(), href: link.href)
                result[ResourceRel(resource: resource.name, rel: link.rel), default: []].append(name)
            }
        }
        return result
    }

    /// The JSON:API sections whose properties become the generated record's fields.
    private static let sections: Set<String> = ["attributes", "relationships", "meta"]

    /// The properties of `resource` by path: the top-level keys, with the JSON:API sections replaced by
    /// their own properties (a section without declared properties, like free-form attributes, stays
    /// one property).
    private static func properties(of resource: String, in schema: HyperSchema) -> [String: Property] {
        guard let resourceSchema = schema.resources.first(where: { $0.name == resource })?.schema else { return [:] }
        var result: [String: Property] = [:]
        func add(_ path: String, _ propertySchema: Schema, required: Bool) {
            let types = self.types(of: propertySchema, in: schema)
            result[path] = Property(resource: resource, path: path, types: types.subtracting(["null"]).sorted(),
                                    isNullable: types.contains("null"), isRequired: required)
        }
        let object = resolve(resourceSchema, in: schema)
        for (key, keySchema) in object.properties {
            let section = resolve(keySchema, in: schema)
            if sections.contains(key), !section.properties.isEmpty {
                for (name, propertySchema) in section.properties {
                    add(key + "." + name, propertySchema, required: section.required.contains(name))
                }
            } else {
                add(key, keySchema, required: object.required.contains(key))
            }
        }
        return result
    }

    /// The types `schema` allows, `null` included; a schema without `type` allows those of its
    /// `anyOf`/`oneOf` alternatives.
    private static func types(of schema: Schema, in document: HyperSchema) -> Set<String> {
        let resolved = resolve(schema, in: document)
        if let types = resolved.types { return Set(types) }
        return (resolved.anyOf + resolved.oneOf).reduce(into: []) { result, alternative in
            result.formUnion(resolve(alternative, in: document).types ?? [])
        }
    }

    /// Follows `$ref`s; a broken or looping one stops at the last schema reached (the old schema is
    /// only parsed, never checked, so it may hold either).
    private static func resolve(_ schema: Schema, in document: HyperSchema) -> Schema {
        var current = schema
        var seen: Set<JSONPointer> = []
        while let target = current.ref, seen.insert(target).inserted, let next = document.schemasByPointer[target] {
            current = next
        }
        return current
    }

    /// A human-readable report, one change per line, or a single line saying nothing changed.
    public var summary: String {
        if isEmpty { return "No resources, links or properties changed." }
        var lines: [String] = []
        lines += addedResources.map { "+ resource \($0)" }
        lines += removedResources.map { "- resource \($0)" }
        lines += addedLinks.map { "+ link \($0)" }
        lines += removedLinks.map { "- link \($0)" }
        lines += changedLinks.map { "~ link \($0.old) → \($0.new.method) \($0.new.readableHref)" }
        lines += addedProperties.map { "+ property \($0)" }
        lines += removedProperties.map { "- property \($0)" }
        lines += changedProperties.map { "~ property \($0.old) → \($0.new.shape)" }
        let counts = "\(addedResources.count) resource(s) added, \(removedResources.count) removed; "
            + "\(addedLinks.count) link(s) added, \(removedLinks.count) removed, \(changedLinks.count) changed."
        let propertyCounts = "\(addedProperties.count) property(ies) added, \(removedProperties.count) removed, "
            + "\(changedProperties.count) changed."
        return (lines + [counts, propertyCounts]).joined(separator: "\n")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.addedResources == rhs.addedResources && lhs.removedResources == rhs.removedResources
            && lhs.addedLinks == rhs.addedLinks && lhs.removedLinks == rhs.removedLinks
            && lhs.changedLinks.map(\.old) == rhs.changedLinks.map(\.old)
            && lhs.changedLinks.map(\.new) == rhs.changedLinks.map(\.new)
            && lhs.addedProperties == rhs.addedProperties && lhs.removedProperties == rhs.removedProperties
            && lhs.changedProperties.map(\.old) == rhs.changedProperties.map(\.old)
            && lhs.changedProperties.map(\.new) == rhs.changedProperties.map(\.new)
    }
}
