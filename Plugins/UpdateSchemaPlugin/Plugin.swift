import Foundation
import PackagePlugin

/// `swift package update-schema`: downloads a hyper-schema and refreshes the one the build plugin
/// generates from.
///
///     swift package --allow-network-connections all --allow-writing-to-package-directory \
///         update-schema [--url <url>] [--target <name>] [--dry-run]
///
/// The source defaults to DatoCMS's published CMA schema. The destination is the hyper-schema in
/// `--target`'s sources when given, else the package's single `Schema/*.json`. The download is
/// checked by `datocms-codegen update-schema` (it must parse and generate) before it replaces
/// anything, and what changed is printed. A local file is `update-schema-from-file`'s job, which
/// needs no network permission; `--file <path>` is still accepted here.
@main
struct UpdateSchemaPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let urls = extractor.extractOption(named: "url")
        let files = extractor.extractOption(named: "file")
        let command = try SchemaUpdateCommand(&extractor)
        guard extractor.remainingArguments.isEmpty else {
            throw PluginError("unexpected arguments: \(extractor.remainingArguments.joined(separator: " "))")
        }
        guard urls.count + files.count <= 1 else {
            throw PluginError("give at most one --url or --file")
        }
        try command.run(from: urls.first ?? files.first.map(SchemaUpdateCommand.userPath), context: context)
    }
}
