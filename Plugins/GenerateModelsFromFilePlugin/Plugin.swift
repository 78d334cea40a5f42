import PackagePlugin

/// `swift package generate-models-from-file <export.json>`: `generate-models` from an export that
/// `generate-models --save-schema` (or `DatoCMSClient.exportModelSchema()`) wrote, without network
/// access: for CI and offline work.
///
///     swift package --allow-writing-to-package-directory \
///         generate-models-from-file models.json --output Sources/MyModels [--check]
@main
struct GenerateModelsFromFilePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        guard let file = arguments.first, !file.hasPrefix("-") else {
            throw ModelsToolError(status: 2, usage: "usage: generate-models-from-file <export.json> --output <directory> [--check]")
        }
        try runModelsTool(["--schema", file] + arguments.dropFirst(), context: context)
    }
}
