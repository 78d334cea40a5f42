import Foundation
import PackagePlugin

/// `swift package update-schema`: refreshes a hyper-schema the build plugin generates from.
///
///     swift package --allow-network-connections all --allow-writing-to-package-directory \
///         update-schema [--url <url> | --file <path>] [--target <name>] [--dry-run]
///
/// The source defaults to DatoCMS's published CMA schema. The destination is the hyper-schema in
/// `--target`'s sources when given, else the package's single `Schema/*.json`. The download is
/// checked by `datocms-codegen update-schema` (it must parse and generate) before it replaces
/// anything, and what changed is printed.
@main
struct UpdateSchemaPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let urls = extractor.extractOption(named: "url")
        let files = extractor.extractOption(named: "file")
        let targetNames = extractor.extractOption(named: "target")
        let dryRun = extractor.extractFlag(named: "dry-run") > 0
        guard extractor.remainingArguments.isEmpty else {
            throw PluginError("unexpected arguments: \(extractor.remainingArguments.joined(separator: " "))")
        }
        guard urls.count + files.count <= 1, targetNames.count <= 1 else {
            throw PluginError("give at most one --url or --file, and at most one --target")
        }

        let destination = try Self.destination(in: context.package, targetName: targetNames.first)
        var toolArguments = ["update-schema"]
        if let url = urls.first { toolArguments.append(url) }
        if let file = files.first {
            // Relative paths are the user's, i.e. relative to where `swift package` was run.
            toolArguments.append(URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path)
        }
        toolArguments += ["--destination", destination.path]
        if dryRun { toolArguments.append("--dry-run") }

        let process = Process()
        process.executableURL = try context.tool(named: "datocms-codegen").url
        process.arguments = toolArguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw PluginError("the schema was not updated")
        }
    }

    /// The schema file to replace.
    static func destination(in package: Package, targetName: String?) throws -> URL {
        if let targetName {
            guard let target = try package.targets(named: [targetName]).first as? SourceModuleTarget else {
                throw PluginError("\(targetName) is not a source target of \(package.displayName)")
            }
            let schemas = target.sourceFiles(withSuffix: ".json").map(\.url).filter(looksLikeHyperSchema)
            guard schemas.count == 1 else {
                throw PluginError("target \(targetName) has \(schemas.count) hyper-schema files; expected exactly one")
            }
            return schemas[0]
        }
        let directory = package.directoryURL.appending(path: "Schema")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let schemas = names.filter { $0.hasSuffix(".json") }.sorted()
        guard schemas.count == 1 else {
            throw PluginError("\(directory.path) has \(schemas.count) JSON files; expected exactly one (or pass --target)")
        }
        return directory.appending(path: schemas[0])
    }

    static func looksLikeHyperSchema(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return root["definitions"] != nil && (root["$schema"] as? String)?.contains("hyper-schema") == true
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
