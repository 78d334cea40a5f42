import Foundation
import PackagePlugin

/// `swift package update-schema-from-file`: `update-schema` from a local file, without the network
/// permission the download needs.
///
///     swift package --allow-writing-to-package-directory \
///         update-schema-from-file <path> [--target <name>] [--dry-run]
///
/// `<path>` is relative to the directory `swift package` runs in. The file is checked and the
/// destination chosen exactly as `update-schema` does.
@main
struct UpdateSchemaFromFilePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let command = try SchemaUpdateCommand(&extractor)
        guard extractor.remainingArguments.count == 1, let path = extractor.remainingArguments.first,
            !path.hasPrefix("-")
        else {
            throw PluginError("usage: update-schema-from-file <path> [--target <name>] [--dry-run]")
        }
        try command.run(from: SchemaUpdateCommand.userPath(path), context: context)
    }
}
