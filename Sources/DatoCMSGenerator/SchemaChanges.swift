/// What changed between two versions of a hyper-schema, at the level a user of the generated client
/// notices: resources and links (by resource and `rel`) that appeared or disappeared, and links whose
/// method or URL changed. Printed by `update-schema` before it replaces a schema.
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

    public var addedResources: [String]
    public var removedResources: [String]
    public var addedLinks: [LinkName]
    public var removedLinks: [LinkName]
    /// Links present in both versions (same resource and `rel`) whose method or `href` differ.
    public var changedLinks: [(old: LinkName, new: LinkName)]

    public var isEmpty: Bool {
        addedResources.isEmpty && removedResources.isEmpty && addedLinks.isEmpty && removedLinks.isEmpty && changedLinks.isEmpty
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

    /// A human-readable report, one change per line, or a single line saying nothing changed.
    public var summary: String {
        if isEmpty { return "No resources or links changed." }
        var lines: [String] = []
        lines += addedResources.map { "+ resource \($0)" }
        lines += removedResources.map { "- resource \($0)" }
        lines += addedLinks.map { "+ link \($0)" }
        lines += removedLinks.map { "- link \($0)" }
        lines += changedLinks.map { "~ link \($0.old) → \($0.new.method) \($0.new.readableHref)" }
        let counts = "\(addedResources.count) resource(s) added, \(removedResources.count) removed; "
            + "\(addedLinks.count) link(s) added, \(removedLinks.count) removed, \(changedLinks.count) changed."
        return (lines + [counts]).joined(separator: "\n")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.addedResources == rhs.addedResources && lhs.removedResources == rhs.removedResources
            && lhs.addedLinks == rhs.addedLinks && lhs.removedLinks == rhs.removedLinks
            && lhs.changedLinks.map(\.old) == rhs.changedLinks.map(\.old)
            && lhs.changedLinks.map(\.new) == rhs.changedLinks.map(\.new)
    }
}
