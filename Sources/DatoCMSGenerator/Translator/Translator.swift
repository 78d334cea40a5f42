import Foundation

/// Options for a translation.
public struct GeneratorOptions: Sendable {
    /// The generated client type's name.
    public var clientName: String
    /// The file name prefix of generated files (SwiftPM needs them unique within a module).
    public var filePrefix: String
    /// Put in front of every generated type's name (not the client's), e.g. `Dashboard` for
    /// `DashboardSite`, so that two generated modules can be imported into one file.
    public var typePrefix: String

    /// Creates options.
    public init(clientName: String = "DatoCMSClient", filePrefix: String = "Generated_", typePrefix: String = "") {
        self.clientName = clientName
        self.filePrefix = filePrefix
        self.typePrefix = typePrefix
    }
}

/// Translates a parsed ``HyperSchema`` into a ``ModuleDecl``: one file per resource (its own
/// types, the types its links need, and its endpoints) plus one for the client.
public struct Translator {
    /// Warnings raised while translating.
    public private(set) var warnings: [GeneratorWarning] = []

    /// Creates a translator.
    public init() {}

    /// The file names a schema generates, in order: a client file, then one per resource.
    /// The build plugin declares exactly these as its outputs.
    public static func fileNames(resourceNames: [String], options: GeneratorOptions) -> [String] {
        [options.filePrefix + "Client.swift"] + resourceNames.map { options.filePrefix + fileSafe($0) + ".swift" }
    }

    /// A file name part for a resource key. Lowercase letters, digits, `_` and `-` are kept; any
    /// other byte becomes `+` and two hex digits. The mapping is one-to-one and never yields two
    /// names differing only by case, so two resources can never share a file, even on a
    /// case-insensitive file system. Names longer than 100 bytes are shortened with a hash. The
    /// build plugin mirrors it to declare its outputs.
    public static func fileSafe(_ name: String) -> String {
        var result = ""
        for (index, byte) in name.utf8.enumerated() {
            switch byte {
            // `client` would share the client file's name on a case-insensitive file system.
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !(index == 0 && name == "client"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "+" + String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
            }
        }
        // File systems cap names at 255 bytes: a long name keeps its start and gains a hash of the
        // whole (`~` never occurs in the encoding above, so shortened names stay distinct).
        guard result.utf8.count > 100 else { return result }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(hash, radix: 16)
        return String(result.prefix(80)) + "~" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Translates `schema`.
    public mutating func translate(_ schema: HyperSchema, options: GeneratorOptions = GeneratorOptions()) throws(GeneratorError) -> ModuleDecl {
        var types = TypeTranslator(schema: schema)
        types.takenTypeNames.insert(options.clientName)
        var files: [FileDecl] = []
        var namespaces: [NamespaceDecl] = []
        let names = Self.fileNames(resourceNames: schema.resources.map(\.name), options: options)
        for (index, resource) in schema.resources.enumerated() {
            var declarations = types.translateResource(resource)
            let namespace = try types.translateEndpoints(of: resource)
            declarations += types.takeDeclarations()
            if let namespace { namespaces.append(namespace) }
            files.append(FileDecl(name: names[index + 1], types: declarations, namespace: namespace))
        }
        var propertyNames: Set<String> = ["core", "configuration", "jobs"]
        for index in namespaces.indices {
            let original = namespaces[index].property
            namespaces[index].property = Naming.unique(original, in: &propertyNames)
            if namespaces[index].property != original {
                types.warnings.append(GeneratorWarning(file: schema.file, pointer: "/definitions/\(namespaces[index].resource)", line: nil,
                    message: "the client property `\(original)` is taken; resource `\(namespaces[index].resource)` is reachable as `\(namespaces[index].property)`"))
            }
        }
        for index in files.indices {
            if let resource = files[index].namespace?.resource {
                files[index].namespace = namespaces.first { $0.resource == resource }
            }
        }
        TypePrefixer.apply(options.typePrefix, to: &files)
        namespaces = files.compactMap(\.namespace)
        RecursionBreaker.breakCycles(in: &files)
        files.insert(FileDecl(name: names[0], types: [], namespace: nil), at: 0)
        warnings = types.warnings
        // The site API had environments before its schema listed the `environment` resource.
        let hasEnvironments = schema.resources.contains { $0.name == "environment" }
            || (schema.baseURL.flatMap { URL(string: $0)?.host } == "site-api.datocms.com")
        return ModuleDecl(
            clientName: options.clientName,
            baseURL: schema.baseURL,
            hasEnvironments: hasEnvironments,
            doc: Documentation(summary: schema.title.map { "A client for the \($0)." } ?? "A generated API client.", details: [schema.description ?? ""]),
            namespaces: namespaces,
            files: files)
    }
}
