import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Type-checks generated code the way a user's build would: `swiftc -typecheck` in Swift 6 mode
/// against the package's own runtime module, so "generated" means "compiles", not just "printed".
enum TypeChecker {
    /// What `swiftc` said about one module.
    struct Result {
        var succeeded: Bool
        /// The compiler's diagnostics.
        var log: String
        /// Warning lines that point into generated files.
        var warnings: [String] {
            log.split(separator: "\n").map(String.init).filter { $0.contains("warning:") && $0.contains("/Generated_") }
        }
    }

    /// The folder holding `DatoCMSRuntime.swiftmodule`, built beside this test bundle.
    static func runtimeModules() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("Modules"),
            bundle,
            Support.packageRoot.appendingPathComponent(".build/debug/Modules"),
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("DatoCMSRuntime.swiftmodule").path) {
            return candidate
        }
        throw XCTSkip("DatoCMSRuntime.swiftmodule not found beside the test bundle (\(bundle.path)): build the package first")
    }

    /// Writes `output` to a temporary folder and type-checks it as one module named `moduleName`.
    static func check(_ output: Generator.Output, moduleName: String = "Generated") throws -> Result {
        try check([output], moduleName: moduleName)
    }

    /// Type-checks several outputs as one module, in one compiler run: they must have been
    /// generated with distinct client names, file prefixes and type prefixes.
    static func check(_ outputs: [Generator.Output], moduleName: String = "Generated") throws -> Result {
        try check(files: outputs.flatMap(\.files), moduleName: moduleName)
    }

    /// Type-checks `files` as one module, against the package's modules (the runtime, and the
    /// client when it has been built).
    static func check(files: [(name: String, contents: String)], moduleName: String = "Generated") throws -> Result {
        guard let swiftc = Support.executable(named: "swiftc") else { throw XCTSkip("swiftc is not on PATH") }
        let modules = try runtimeModules()
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: url)
            paths.append(url.path)
        }
        // `-j`: the driver type-checks batches of files in parallel, one per core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let run = try Support.run(swiftc, ["-typecheck", "-swift-version", "6", "-module-name", moduleName, "-I", modules.path, "-j", String(cores)] + paths)
        return Result(succeeded: run.status == 0, log: run.output)
    }
}
