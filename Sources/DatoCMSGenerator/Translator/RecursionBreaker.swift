/// Makes recursive definitions storable: a struct cannot hold a value of its own type inline
/// (`Tree.next: Tree?`), only through a collection or a box. Every property whose type leads back
/// to its own struct without passing through an array or a dictionary is boxed in the runtime's
/// `Indirect`, which reads like the value it holds.
enum RecursionBreaker {
    static func breakCycles(in files: inout [FileDecl]) {
        // What each named type stores inline: the named types of its properties (or alias target).
        var edges: [String: [String]] = [:]
        for declaration in files.flatMap(\.types) {
            switch declaration {
            case .structure(let structure):
                edges[structure.name] = structure.properties.flatMap { inlineNames(in: $0.type) }
            case .alias(let name, _, let target):
                edges[name] = inlineNames(in: target)
            case .choice(let choice):
                edges[choice.name] = choice.cases.flatMap { inlineNames(in: $0.type) }
            case .documentAlias(let document):
                edges[document.name] = inlineNames(in: document.data)
            case .openEnum, .envelope:
                break
            }
        }
        for fileIndex in files.indices {
            for typeIndex in files[fileIndex].types.indices {
                guard case .structure(var structure) = files[fileIndex].types[typeIndex] else { continue }
                var changed = false
                for propertyIndex in structure.properties.indices {
                    let type = structure.properties[propertyIndex].type
                    if inlineNames(in: type).contains(where: { reaches($0, structure.name, edges: edges) }) {
                        structure.properties[propertyIndex].type = .runtime("Indirect<\(TypeRenderer.render(type))>")
                        changed = true
                    }
                }
                if changed { files[fileIndex].types[typeIndex] = .structure(structure) }
            }
        }
    }

    /// The generated types a value of `type` stores inline (not behind an array or dictionary).
    private static func inlineNames(in type: TypeRef) -> [String] {
        switch type {
        case .named(let name): return [name]
        case .generic(let name, let arguments): return [name] + arguments.flatMap(inlineNames)
        case .runtime, .builtin, .array, .dictionary, .parameter: return []
        case .optional(let wrapped), .nullable(let wrapped): return inlineNames(in: wrapped)
        }
    }

    /// Whether `start` stores `target` inline, directly or through other types.
    private static func reaches(_ start: String, _ target: String, edges: [String: [String]]) -> Bool {
        var seen: Set<String> = []
        var stack = [start]
        while let name = stack.popLast() {
            if name == target { return true }
            guard seen.insert(name).inserted else { continue }
            stack += edges[name] ?? []
        }
        return false
    }
}
