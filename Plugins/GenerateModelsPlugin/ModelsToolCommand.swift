import Foundation
import PackagePlugin

// Shared by `generate-models` and `generate-models-from-file`: two plugin targets because SwiftPM
// asks for a command's permissions before running it, and reading an export needs no network.
// Plugins/GenerateModelsFromFilePlugin holds a symbolic link to this file.

/// Runs the `datocms-models` tool with `arguments`, paths made absolute against the directory
/// `swift package` runs in (the tool may run elsewhere).
func runModelsTool(_ arguments: [String], context: PluginContext) throws {
    var forwarded: [String] = []
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        forwarded.append(argument)
        if ["--output", "-o", "--schema", "--save-schema"].contains(argument), let path = rest.popFirst() {
            forwarded.append(absolutePath(path))
        }
    }
    let process = Process()
    process.executableURL = try context.tool(named: "datocms-models").url
    process.arguments = forwarded
    try process.run()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        throw ModelsToolError(status: process.terminationStatus, usage: nil)
    }
}

/// A path as the user typed it, made absolute against the directory `swift package` was run in.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
}

/// The tool failed (or, with `--check`, found drift); it has printed why.
struct ModelsToolError: Error, CustomStringConvertible {
    var status: Int32
    /// Set when the plugin itself refused the arguments.
    var usage: String?
    var description: String {
        if let usage { return usage }
        return status == 1 ? "the generated models are out of date (see above)" : "generate-models failed (see above)"
    }
}
