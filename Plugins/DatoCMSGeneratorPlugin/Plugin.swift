import Foundation
import PackagePlugin

/// Generates a DatoCMS API client from a hyper-schema during the build.
///
/// The schema is the target's own `*.json` file if it has exactly one hyper-schema
/// (a JSON object with `definitions`), otherwise the package's `Schema/*.json`.
/// An optional `datocms-codegen.json` beside the target's sources sets options:
/// `{"clientName": "AccountClient"}` (default `DatoCMSClient`), `{"typePrefix": "CMA"}`, or
/// `{"embedSchemaAs": "name"}` to generate no client but a string constant holding the schema's
/// text (the simulator uses it to serve the schema's endpoints).
/// Outputs go to the plugin's work directory, never into the sources: one Swift file
/// per resource plus a client file. The command re-runs only when the schema (or the
/// generator) changes.
///
/// The target needs a Swift file of its own: SwiftPM leaves out a target without one, only warning,
/// and never calls this plugin for it (swift-package-manager#8061), so it cannot be reported here.
@main
struct DatoCMSGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let jsonFiles = sourceTarget.sourceFiles(withSuffix: ".json").map(\.url)
        let configuration = jsonFiles.first { $0.lastPathComponent == Self.configurationFileName }
        let ownSchemas = jsonFiles
            .filter { $0.lastPathComponent != Self.configurationFileName && HyperSchemaFile.matches($0) }
        let schemas: [URL]
        if !ownSchemas.isEmpty {
            schemas = ownSchemas
        } else {
            let directory = context.package.directoryURL.appending(path: "Schema")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            schemas = names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appending(path: $0) }
        }
        guard schemas.count == 1, let schema = schemas.first else {
            throw PluginError(message: schemas.isEmpty
                ? "\(target.name): no hyper-schema found — add one `*.json` hyper-schema to the target or to the package's Schema/ folder"
                : "\(target.name): \(schemas.count) hyper-schemas found (\(schemas.map(\.lastPathComponent).joined(separator: ", "))) — a target takes exactly one")
        }

        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        var outputs = Self.outputFileNames(schema: schema).map { output.appending(path: $0) }
        // The list SwiftPM will compile, so the tool can fit its files to it when SwiftPM keeps an
        // older list (it re-plans only when the manifest changes, not when the schema does).
        var arguments = [schema.path, "--output", output.path, "--declared-files", outputs.map(\.lastPathComponent).joined(separator: ",")]
        var inputs = [schema]
        if let configuration {
            let data = try Data(contentsOf: configuration)
            guard let options = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PluginError(message: "\(configuration.path): error: not a JSON object (expected e.g. {\"clientName\": \"AccountClient\"})")
            }
            if let clientName = options["clientName"] as? String { arguments += ["--client-name", clientName] }
            if let typePrefix = options["typePrefix"] as? String { arguments += ["--type-prefix", typePrefix] }
            if let constant = options["embedSchemaAs"] as? String {
                // Only the schema's text, as a string constant: no client.
                outputs = [output.appending(path: "Generated_EmbeddedSchema.swift")]
                arguments = [schema.path, "--output", output.path, "--embed-schema-as", constant]
            }
            inputs.append(configuration)
        }
        return [
            .buildCommand(
                displayName: "Generating the DatoCMS client for \(target.name) from \(schema.lastPathComponent)",
                executable: try context.tool(named: "datocms-codegen").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: outputs
            )
        ]
    }

    /// The optional per-target options file.
    static let configurationFileName = "datocms-codegen.json"

    /// Mirrors the generator's file naming (`Translator.fileNames`): a client file, then one file
    /// per `definitions` key. A schema that cannot be read still gets the client file declared, so
    /// the generator runs and reports the problem with its position.
    static func outputFileNames(schema: URL) -> [String] {
        var names = ["Generated_Client.swift"]
        if let data = try? Data(contentsOf: schema),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let definitions = root["definitions"] as? [String: Any]
        {
            names += definitions.keys.sorted().map { key in
                "Generated_" + fileSafe(key) + ".swift"
            }
        }
        return names
    }

    /// The same as the generator's `Translator.fileSafe` (a plugin cannot import the generator).
    static func fileSafe(_ name: String) -> String {
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

}

struct PluginError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
