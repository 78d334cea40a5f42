/// Puts ``GeneratorOptions/typePrefix`` in front of every generated type's name, so two generated
/// modules imported into one file (`SiteAPI` and `DashboardAPI` both declaring `Site`) do not
/// make each other's names ambiguous. Runs on the finished model, before anything is rendered.
enum TypePrefixer {
    static func apply(_ prefix: String, to files: inout [FileDecl]) {
        guard !prefix.isEmpty else { return }
        var declared: Set<String> = []
        for file in files {
            declared.formUnion(file.types.map(\.name))
            if let namespace = file.namespace { declared.insert(namespace.typeName) }
        }
        let rename = Renamer(prefix: prefix, declared: declared)
        for index in files.indices {
            files[index].types = files[index].types.map(rename.declaration)
            if var namespace = files[index].namespace {
                namespace.typeName = rename.name(namespace.typeName)
                namespace.endpoints = namespace.endpoints.map(rename.endpoint)
                files[index].namespace = namespace
            }
        }
    }

    private struct Renamer {
        let prefix: String
        let declared: Set<String>

        func name(_ name: String) -> String { declared.contains(name) ? prefix + name : name }

        func type(_ type: TypeRef) -> TypeRef {
            switch type {
            case .named(let name): return .named(self.name(name))
            case .generic(let name, let arguments): return .generic(self.name(name), arguments.map(self.type))
            case .array(let element): return .array(self.type(element))
            case .dictionary(let value): return .dictionary(self.type(value))
            case .optional(let wrapped): return .optional(self.type(wrapped))
            case .nullable(let wrapped): return .nullable(self.type(wrapped))
            case .runtime, .builtin, .parameter: return type
            }
        }

        func property(_ property: PropertyDecl) -> PropertyDecl {
            var property = property
            property.type = type(property.type)
            return property
        }

        func structure(_ structure: StructDecl) -> StructDecl {
            var structure = structure
            structure.name = name(structure.name)
            structure.properties = structure.properties.map(property)
            return structure
        }

        func envelope(_ envelope: EnvelopeDecl) -> EnvelopeDecl {
            var envelope = envelope
            envelope.name = name(envelope.name)
            envelope.fields = envelope.fields.map { field in
                var field = field
                field.property = property(field.property)
                return field
            }
            return envelope
        }

        func declaration(_ declaration: TypeDecl) -> TypeDecl {
            switch declaration {
            case .structure(let structure): return .structure(self.structure(structure))
            case .envelope(let envelope): return .envelope(self.envelope(envelope))
            case .openEnum(var enumeration):
                enumeration.name = name(enumeration.name)
                return .openEnum(enumeration)
            case .alias(let name, let doc, let target):
                return .alias(name: self.name(name), doc: doc, target: type(target))
            case .documentAlias(var document):
                document.name = name(document.name)
                document.data = type(document.data)
                return .documentAlias(document)
            case .choice(var choice):
                choice.name = name(choice.name)
                choice.cases = choice.cases.map { option in
                    var option = option
                    option.type = type(option.type)
                    return option
                }
                return .choice(choice)
            }
        }

        func endpoint(_ endpoint: EndpointDecl) -> EndpointDecl {
            var endpoint = endpoint
            endpoint.pathParameters = endpoint.pathParameters.map { parameter in
                var parameter = parameter
                parameter.type = type(parameter.type)
                return parameter
            }
            if var body = endpoint.body {
                body.type = type(body.type)
                body.envelope = body.envelope.map(envelope)
                endpoint.body = body
            }
            endpoint.query = endpoint.query.map { QueryDecl(type: structure($0.type)) }
            switch endpoint.response {
            case .none: break
            case .document(let document): endpoint.response = .document(type(document))
            case .job(let result): endpoint.response = .job(type(result))
            }
            endpoint.unwrappedData = endpoint.unwrappedData.map { (type($0.type), $0.isOptional) }
            if let element = endpoint.paging?.element { endpoint.paging?.element = type(element) }
            return endpoint
        }
    }
}
