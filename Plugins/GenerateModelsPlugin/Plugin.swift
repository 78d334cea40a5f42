import PackagePlugin

/// `swift package generate-models`: writes the models of a DatoCMS project as Swift types, read
/// from the API with the token in `DATOCMS_API_TOKEN`.
///
///     DATOCMS_API_TOKEN=… swift package --allow-writing-to-package-directory \
///         --allow-network-connections all generate-models --output Sources/MyModels \
///         [--environment <name>] [--save-schema models.json] [--check]
///
/// Paths are relative to the directory `swift package` runs in. Every option goes to the
/// `datocms-models` tool (`swift run datocms-models --help`). Offline, from an export, use
/// `generate-models-from-file`, which needs no network permission.
@main
struct GenerateModelsPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try runModelsTool(arguments, context: context)
    }
}
