import Foundation
import PackagePlugin

// Shared by `update-schema` and `update-schema-from-file`: two plugin targets because SwiftPM asks
// for a command's permissions before running it, and reading a local file needs no network.
// Plugins/UpdateSchemaFromFilePlugin holds a symbolic link to this file (plugins cannot share a library).

/// The arguments both verbs take besides the source, and what they run.
struct SchemaUpdateCommand {
    var targetName: String?
    var dryRun: Bool
    var dropPrivateLinks: Bool

    /// Takes `--target <name>`, `--dry-run` and `--drop-private-links` out of `extractor`.
    init(_ extractor: inout ArgumentExtractor) throws {
        let targetNames = extractor.extractOption(named: "target")
        guard targetNames.count <= 1 else { throw PluginError("give at most one --target") }
        targetName = targetNames.first
        dryRun = extractor.extractFlag(named: "dry-run") > 0
        dropPrivateLinks = extractor.extractFlag(named: "drop-private-links") > 0
    }

    /// Runs `datocms-codegen update-schema` from `source` (a URL or an absolute path; `nil` for the
    /// tool's default URL) into the schema the build plugin reads.
    func run(from source: String?, context: PluginContext) throws {
        let destination = try Self.destination(in: context.package, targetName: targetName)
        var arguments = ["update-schema"]
        if let source { arguments.append(source) }
        arguments += ["--destination", destination.path]
        if dryRun { arguments.append("--dry-run") }
        if dropPrivateLinks { arguments.append("--drop-private-links") }

        let process = Process()
        process.executableURL = try context.tool(named: "datocms-codegen").url
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw PluginError("the schema was not updated")
        }
    }

    /// A path as the user typed it, made absolute against the directory `swift package` was run in.
    static func userPath(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
    }

    /// The schema file to replace: the hyper-schema in `targetName`'s sources, else the package's
    /// single `Schema/*.json`.
    static func destination(in package: Package, targetName: String?) throws -> URL {
        if let targetName {
            guard let target = package.targets.first(where: { $0.name == targetName }) else {
                throw PluginError(missingTargetMessage(targetName, in: package))
            }
            guard let target = target as? SourceModuleTarget else {
                throw PluginError("\(targetName) is not a source target of \(package.displayName)")
            }
            let schemas = target.sourceFiles(withSuffix: ".json").map(\.url).filter(HyperSchemaFile.matches)
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

    /// Why `name` is not among the package's targets. SwiftPM silently leaves out a target without a
    /// Swift file (swift-package-manager#8061), so the build plugin never runs for it and cannot say
    /// so; a folder holding only the schema is that mistake.
    static func missingTargetMessage(_ name: String, in package: Package) -> String {
        let folder = package.directoryURL.appending(path: "Sources").appending(path: name)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !files.isEmpty, !files.contains(where: { $0.hasSuffix(".swift") }) else {
            return "\(package.displayName) has no target named \(name)"
        }
        return """
            target \(name) has no Swift file, so SwiftPM leaves it out of the package and never runs \
            the build plugin on it (it only warns "Source files for target \(name) should be located \
            under …"): add one, e.g. \(folder.appending(path: name + ".swift").path) (a comment is enough)
            """
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
