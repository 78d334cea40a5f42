/// Prints type declarations: structs with explicit coding keys and memberwise initializers,
/// open enums, and flat JSON:API request bodies with their envelope coding.
struct TypeRenderer {
    /// Names of generated open enums (they read as text in queries).
    let enumNames: Set<String>

    static let runtime = "DatoCMSRuntime."
    static let key = "DatoCMSRuntime.JSONAPICodingKey"

    static func render(_ type: TypeRef) -> String {
        switch type {
        case .named(let name): return name
        case .generic(let name, let arguments): return name + "<" + arguments.map(render).joined(separator: ", ") + ">"
        case .runtime(let name): return runtime + name
        case .builtin(let name): return name
        case .array(let element): return "[" + render(element) + "]"
        case .dictionary(let value): return "[String: " + render(value) + "]"
        case .parameter(let name): return name
        case .optional(let wrapped): return render(wrapped) + "?"
        case .nullable(let wrapped): return runtime + "Nullable<" + render(wrapped) + ">"
        }
    }

    static func render(_ property: PropertyDecl) -> String {
        render(property.type) + (property.isOptional ? "?" : "")
    }

    static func genericClause(_ parameter: String?) -> String {
        parameter.map { "<\($0): Codable & Sendable>" } ?? ""
    }

    func write(_ decl: TypeDecl, into out: inout SwiftWriter) {
        switch decl {
        case .structure(let structure): write(structure, into: &out)
        case .openEnum(let enumeration): write(enumeration, into: &out)
        case .envelope(let envelope): write(envelope, into: &out)
        case .alias(let name, let doc, let target):
            out.doc(doc)
            out.line("public typealias \(name) = \(Self.render(target))")
        case .choice(let choice): write(choice, into: &out)
        case .documentAlias(let document):
            out.doc(document.doc)
            out.line("public typealias \(document.name)\(Self.genericClause(document.genericParameter)) = \(Self.runtime)JSONAPIDocument<\(Self.render(document.data))>")
        }
        out.line()
    }

    // MARK: Structs

    private func write(_ decl: StructDecl, into out: inout SwiftWriter) {
        out.doc(decl.doc)
        // Equatable but not Hashable: hashing every model would add five functions and a witness
        // table per type to a module whose build time follows its size, for little use.
        var conformances = ["Codable", "Sendable"]
        if decl.genericParameter == nil { conformances.append("Equatable") }
        if decl.isQuery { conformances.append(Self.runtime + "QueryParameters") }
        func has(_ name: String) -> Bool { decl.properties.contains { $0.name == name && $0.type == .builtin("String") && !$0.isOptional } }
        // Conformances that let the value be passed to relationship arguments.
        if has("id") { conformances += ["Identifiable", Self.runtime + (has("type") ? "JSONAPIResource" : "ResourceReference")] }
        let dynamicProperty = decl.properties.first { $0.name == decl.dynamicMemberProperty }
        let dynamicTarget: String? = dynamicProperty.flatMap { property in
            switch property.type {
            case .parameter: return Self.render(property.type)
            case .named(let name): return enumNames.contains(name) ? nil : name
            default: return nil
            }
        }
        if dynamicTarget != nil { out.line("@dynamicMemberLookup") }
        out.block("public struct \(decl.name)\(Self.genericClause(decl.genericParameter)): \(conformances.joined(separator: ", "))") { out in
            for property in decl.properties {
                out.doc(property.doc)
                out.line("public var \(Naming.escaped(property.name)): \(Self.render(property))")
            }
            if !decl.properties.isEmpty { out.line() }
            writeInitializer(decl.properties, into: &out)
            writeCoding(decl.properties, into: &out)
            if let dynamicTarget, let dynamicProperty {
                out.line()
                out.doc(Documentation(summary: "Reads a member of `\(dynamicProperty.name)` directly, e.g. `record.title`."))
                out.block("public subscript<Value>(dynamicMember keyPath: KeyPath<\(dynamicTarget), Value>) -> Value") { out in
                    out.line("\(Naming.escaped(dynamicProperty.name))[keyPath: keyPath]")
                }
            }
            if decl.isQuery {
                out.line()
                out.doc(Documentation(summary: "Appends these parameters to a query string."))
                out.block("public func encodeQuery(into query: inout \(Self.runtime)QueryItems)") { out in
                    for property in decl.properties {
                        out.line("query.add(\(SwiftWriter.literal(property.key)), self.\(Naming.escaped(property.name)))")
                    }
                }
            }
        }
        if let generic = decl.genericParameter {
            out.line()
            out.line("extension \(decl.name): Equatable where \(generic): Equatable {}")
        }
    }

    private func writeInitializer(_ properties: [PropertyDecl], into out: inout SwiftWriter) {
        out.doc(Documentation(summary: "Creates a value."))
        let parameters = properties.map { property in
            "\(Naming.escaped(property.name)): \(Self.render(property))" + (property.isOptional ? " = nil" : "")
        }
        out.block("public init(\(parameters.joined(separator: ", ")))") { out in
            for property in properties {
                out.line("self.\(Naming.escaped(property.name)) = \(Naming.escaped(property.name))")
            }
        }
    }

    /// `init(from:)` and `encode(to:)` written out over the runtime's one key type, instead of a
    /// `CodingKeys` enum per struct: the compiler synthesizes a dozen members and witness tables
    /// for each such enum, and re-checks all of them whenever the module's interface is emitted
    /// (at every rebuild), while written-out bodies are skipped there.
    private func writeCoding(_ properties: [PropertyDecl], into out: inout SwiftWriter) {
        out.line()
        out.block("public init(from decoder: any Decoder) throws") { out in
            guard !properties.isEmpty else { return out.line("_ = decoder") }
            out.line("let container = try decoder.container(keyedBy: \(Self.key).self)")
            for property in properties {
                let method = property.isOptional ? "decodeIfPresent" : "decode"
                out.line("self.\(Naming.escaped(property.name)) = try container.\(method)(\(Self.render(property.type)).self, forKey: \(SwiftWriter.literal(property.key)))")
            }
        }
        out.line()
        out.block("public func encode(to encoder: any Encoder) throws") { out in
            guard !properties.isEmpty else { return out.line("_ = encoder.container(keyedBy: \(Self.key).self)") }
            out.line("var container = encoder.container(keyedBy: \(Self.key).self)")
            for property in properties {
                let method = property.isOptional ? "encodeIfPresent" : "encode"
                out.line("try container.\(method)(self.\(Naming.escaped(property.name)), forKey: \(SwiftWriter.literal(property.key)))")
            }
        }
    }

    // MARK: Open enums

    private func write(_ decl: OpenEnumDecl, into out: inout SwiftWriter) {
        out.doc(decl.doc, extra: ["Values the schema does not list are kept as they are, in ``rawValue``."])
        let conformances = "RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, \(Self.runtime)QueryValue"
        out.block("public struct \(decl.name): \(conformances)") { out in
            out.line("/// The value as sent by the API.")
            out.line("public var rawValue: String")
            out.line()
            out.line("/// Wraps any value, known or not.")
            out.block("public init(rawValue: String)") { $0.line("self.rawValue = rawValue") }
            for enumCase in decl.cases {
                out.line()
                out.doc(enumCase.doc.summary == nil ? Documentation(summary: "`\(enumCase.value)`") : enumCase.doc)
                out.line("public static let \(Naming.escaped(enumCase.name)) = \(decl.name)(rawValue: \(SwiftWriter.literal(enumCase.value)))")
            }
            out.line()
            out.line("/// The values the schema lists.")
            out.line("public static let knownValues: [\(decl.name)] = [\(decl.cases.map { "." + Naming.escaped($0.name) }.joined(separator: ", "))]")
            out.line()
            out.line("/// The raw value.")
            out.line("public var description: String { rawValue }")
            out.line()
            out.line("/// The raw value, as written in a query string.")
            out.line("public var queryValue: String { rawValue }")
        }
    }

    // MARK: Choices

    private func write(_ decl: ChoiceDecl, into out: inout SwiftWriter) {
        out.doc(decl.doc, extra: ["One of several shapes: each case is encoded exactly as its value."])
        out.block("public enum \(decl.name): Codable, Equatable, Sendable") { out in
            for option in decl.cases {
                out.doc(option.doc)
                out.line("case \(Naming.escaped(option.name))(\(Self.render(option.type)))")
            }
            out.line()
            out.line("/// Encodes the chosen option as it is.")
            out.block("public func encode(to encoder: any Encoder) throws") { out in
                out.block("switch self") { out in
                    for option in decl.cases {
                        out.line("case .\(Naming.escaped(option.name))(let value): try value.encode(to: encoder)")
                    }
                }
            }
            out.line()
            out.line("/// Decodes the first option, in schema order, that the value matches.")
            out.block("public init(from decoder: any Decoder) throws") { out in
                for option in decl.cases {
                    out.block("if let value = try? \(Self.render(option.type))(from: decoder)") { out in
                        out.line("self = .\(Naming.escaped(option.name))(value)")
                        out.line("return")
                    }
                }
                out.line("throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: \(SwiftWriter.literal("the value matches none of the shapes of \(decl.name)"))))")
            }
        }
    }

    // MARK: JSON:API request bodies

    private func write(_ decl: EnvelopeDecl, into out: inout SwiftWriter) {
        out.doc(decl.doc, extra: ["Encoded as a JSON:API document whose `data.type` is `\(decl.typeConstant)`; relationships take IDs."])
        out.block("public struct \(decl.name)\(Self.genericClause(decl.genericParameter)): Codable, Sendable") { out in
            out.line("/// The JSON:API type of the body's `data`.")
            out.line("public static var resourceType: String { \(SwiftWriter.literal(decl.typeConstant)) }")
            out.line()
            for field in decl.fields {
                out.doc(field.property.doc)
                out.line("public var \(Naming.escaped(field.property.name)): \(Self.render(field.property))")
            }
            out.line()
            writeInitializer(decl.fields.map(\.property), into: &out)
            out.line()
            writeEncode(decl, into: &out)
            out.line()
            writeDecode(decl, into: &out)
        }
        if let generic = decl.genericParameter {
            out.line()
            out.line("extension \(decl.name): Equatable where \(generic): Equatable {}")
        } else {
            out.line()
            out.line("extension \(decl.name): Equatable {}")
        }
    }

    private static func section(of location: EnvelopeLocation) -> String? {
        switch location {
        case .id, .wholeAttributes: return nil
        case .attribute: return "attributes"
        case .toOne, .toOneIdentifier, .toMany, .toManyIdentifiers, .rawRelationship: return "relationships"
        case .meta: return "meta"
        }
    }

    private func writeEncode(_ decl: EnvelopeDecl, into out: inout SwiftWriter) {
        out.block("public func encode(to encoder: any Encoder) throws") { out in
            out.line("var document = encoder.container(keyedBy: \(Self.key).self)")
            out.line("var data = document.nestedContainer(keyedBy: \(Self.key).self, forKey: \"data\")")
            out.line("try data.encode(Self.resourceType, forKey: \"type\")")
            // Properties are read through `self.`: a property may be named like a local here
            // (`data`, `attributes`, `document`, `encoder`).
            for field in decl.fields where Self.section(of: field.location) == nil {
                let name = "self." + Naming.escaped(field.property.name)
                let method = field.property.isOptional ? "encodeIfPresent" : "encode"
                out.line("try data.\(method)(\(name), forKey: \(SwiftWriter.literal(field.property.key)))")
            }
            for section in ["attributes", "relationships", "meta"] {
                let fields = decl.fields.filter { Self.section(of: $0.location) == section }
                guard !fields.isEmpty else { continue }
                // A section whose fields are all unset is left out, as DatoCMS's own clients do.
                let alwaysPresent = fields.contains { !$0.property.isOptional || $0.property.sendsNull }
                if !alwaysPresent {
                    out.line("if " + fields.map { "self.\(Naming.escaped($0.property.name)) != nil" }.joined(separator: " || ") + " {")
                }
                writeSection(section, fields: fields, into: &out, indented: !alwaysPresent)
                if !alwaysPresent { out.line("}") }
            }
        }
    }

    private func writeSection(_ section: String, fields: [EnvelopeDecl.Field], into out: inout SwiftWriter, indented: Bool) {
        func body(_ out: inout SwiftWriter) {
            out.line("var \(section) = data.nestedContainer(keyedBy: \(Self.key).self, forKey: \(SwiftWriter.literal(section)))")
            for field in fields {
                let name = "self." + Naming.escaped(field.property.name)
                let key = SwiftWriter.literal(field.property.key)
                let envelope = Self.runtime + "JSONAPIEnvelope"
                let clearable = field.property.type.isNullable
                switch field.location {
                case .toOne(let type) where clearable:
                    out.line("try \(envelope).encodeClearableToOne(\(name), type: \(SwiftWriter.literal(type)), forKey: \(key), in: &\(section))")
                case .toOneIdentifier where clearable:
                    out.line("try \(envelope).encodeClearableToOne(\(name), forKey: \(key), in: &\(section))")
                case .toOne(let type):
                    let null = field.property.sendsNull ? ", nullWhenAbsent: true" : ""
                    out.line("try \(envelope).encodeToOne(\(name), type: \(SwiftWriter.literal(type)), forKey: \(key)\(null), in: &\(section))")
                case .toMany(let type):
                    out.line("try \(envelope).encodeToMany(\(name), type: \(SwiftWriter.literal(type)), forKey: \(key), in: &\(section))")
                case .toOneIdentifier:
                    let null = field.property.sendsNull ? ", nullWhenAbsent: true" : ""
                    out.line("try \(envelope).encodeToOne(\(name), forKey: \(key)\(null), in: &\(section))")
                case .toManyIdentifiers:
                    out.line("try \(envelope).encodeToMany(\(name), forKey: \(key), in: &\(section))")
                default:
                    // `encode` of an optional writes `null` for `nil`, which a required member needs.
                    let method = field.property.isOptional && !field.property.sendsNull ? "encodeIfPresent" : "encode"
                    out.line("try \(section).\(method)(\(name), forKey: \(key))")
                }
            }
        }
        if indented { out.indent(body) } else { body(&out) }
    }

    private func writeDecode(_ decl: EnvelopeDecl, into out: inout SwiftWriter) {
        let envelope = Self.runtime + "JSONAPIEnvelope"
        out.block("public init(from decoder: any Decoder) throws") { out in
            out.line("let document = try decoder.container(keyedBy: \(Self.key).self)")
            out.line("let data = try document.nestedContainer(keyedBy: \(Self.key).self, forKey: \"data\")")
            for section in ["attributes", "relationships", "meta"] where decl.fields.contains(where: { Self.section(of: $0.location) == section }) {
                out.line("let \(section) = try \(envelope).section(\(SwiftWriter.literal(section)), in: data)")
            }
            for field in decl.fields {
                let name = Naming.escaped(field.property.name)
                let key = SwiftWriter.literal(field.property.key)
                let type = Self.render(field.property.type)
                let expression: String
                let clearable = field.property.type.isNullable
                switch field.location {
                case .id, .wholeAttributes:
                    expression = "try data.decodeIfPresent(\(type).self, forKey: \(key))"
                case .toOne where clearable:
                    expression = "try \(envelope).decodeClearableToOne(forKey: \(key), in: relationships)"
                case .toOneIdentifier where clearable:
                    expression = "try \(envelope).decodeClearableToOneIdentifier(forKey: \(key), in: relationships)"
                case .attribute where clearable:
                    expression = "try \(envelope).decodeNullable(\(type).self, forKey: \(key), in: \(Self.section(of: field.location)!))"
                case .toOne:
                    expression = "try \(envelope).decodeToOne(forKey: \(key), in: relationships)"
                case .toMany:
                    expression = "try \(envelope).decodeToMany(forKey: \(key), in: relationships)"
                case .toOneIdentifier:
                    expression = "try \(envelope).decodeToOneIdentifier(forKey: \(key), in: relationships)"
                case .toManyIdentifiers:
                    expression = "try \(envelope).decodeToManyIdentifiers(forKey: \(key), in: relationships)"
                case .attribute, .rawRelationship, .meta:
                    expression = "try \(envelope).decodeIfPresent(\(type).self, forKey: \(key), in: \(Self.section(of: field.location)!))"
                }
                if field.property.isOptional {
                    out.line("self.\(name) = \(expression)")
                } else {
                    out.line("self.\(name) = try \(envelope).required(\(expression), key: \(key), in: data)")
                }
            }
        }
    }
}

extension TypeRef {
    /// Whether the type is `Nullable<…>`, which the envelope encodes and decodes keeping `null`.
    var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }
}
