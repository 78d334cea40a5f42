import Foundation
import PackagePlugin

/// `swift package build-docs`: builds the documentation of a module as a static website, with the
/// toolchain's own `docc` (no plugin package), and fails on any warning so CI can run it.
///
///     swift package --allow-writing-to-package-directory build-docs \
///         [--target DatoCMS] [--output .build/docs] [--hosting-base-path <path>] [--coverage]
///
/// It builds the target, extracts its public symbols with `swift-symbolgraph-extract` — including
/// those of the modules it re-exports (`@_exported import DatoCMSRuntime`), so the site documents
/// what `import DatoCMS` gives, and the catalog can link to ``ApiError`` as users write it — checks
/// that every public symbol is documented, and runs `docc convert` on the target's `.docc` catalog.
/// It exits non-zero when a public symbol has no documentation or `docc` reports any warning.
@main
struct BuildDocsPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        if extractor.extractFlag(named: "help") > 0 {
            say(DocsOptions.usage)
            return
        }
        let options = try DocsOptions(&extractor, packageDirectory: context.package.directoryURL)
        guard extractor.remainingArguments.isEmpty else {
            throw DocsError("unexpected arguments: \(extractor.remainingArguments.joined(separator: " "))\n\(DocsOptions.usage)")
        }
        let target = try Self.target(named: options.targetName, in: context.package)
        let clock = ContinuousClock()
        let started = clock.now
        let workDirectory = context.pluginWorkDirectoryURL

        // 1. Build the module, and find where the compiler put it.
        say("Building \(target.name)…")
        let packageGraphs = try packageManager.getSymbolGraph(
            for: target,
            options: .init(minimumAccessLevel: .public, includeSynthesized: false, includeSPI: false, emitExtensionBlocks: true))
        let built = try BuiltModule(named: target.moduleName, symbolGraphDirectory: packageGraphs.directoryURL)

        // 2. Its symbols and those of the modules it re-exports, in one graph.
        let reexportable = target.recursiveTargetDependencies.compactMap { ($0 as? SourceModuleTarget)?.moduleName }
        let graphDirectory = workDirectory.appending(path: "symbol-graphs")
        try SymbolGraphExtraction(module: built, reexportable: reexportable)
            .run(tool: try context.tool(named: "swift-symbolgraph-extract").url, into: graphDirectory)
        let afterBuild = clock.now

        // 3. Every public symbol documented.
        let coverage = try DocumentationCoverage(
            graphDirectory: graphDirectory, module: target.moduleName,
            packageSources: context.package.directoryURL.appending(path: "Sources"))
        coverage.printSummary(listingAll: options.coverage)
        for symbol in coverage.undocumented { say(symbol.diagnostic) }

        // 4. The site.
        let catalog = Self.catalog(of: target)
        let diagnostics = try DoccConversion(
            catalog: catalog, graphDirectory: graphDirectory, module: target.moduleName, options: options,
            diagnosticsFile: workDirectory.appending(path: "docc-diagnostics.json")
        ).run(tool: try context.tool(named: "docc").url)
        let finished = clock.now
        say("""
            Symbols: \(Self.seconds(afterBuild - started)) (build and extraction); docc: \(Self.seconds(finished - afterBuild)); \
            catalog: \(catalog.map { Self.relative($0, to: context.package.directoryURL) } ?? "none")
            """)
        var failures: [String] = []
        if !coverage.undocumented.isEmpty {
            failures.append("\(coverage.undocumented.count) public symbol(s) without documentation")
        }
        if diagnostics.warnings + diagnostics.errors > 0 {
            failures.append("docc reported \(diagnostics.errors) error(s) and \(diagnostics.warnings) warning(s)")
        }
        guard failures.isEmpty else {
            throw DocsError("documentation check failed: \(failures.joined(separator: "; "))")
        }
        let site = options.output.standardizedFileURL.path
        let page = "documentation/\(target.moduleName.lowercased())/"
        if let base = options.hostingBasePath {
            let path = "/" + base.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            say("""
                Documentation site: \(site)
                Built to be served under \(path)/ (the module's page is \(path)/\(page)); to look at it
                locally, build it again without --hosting-base-path.
                """)
        } else {
            say("""
                Documentation site: \(site)
                View it over HTTP (the pages load their content with fetch, so file:// URLs show nothing):
                    python3 -m http.server --directory \(site) 8000
                    open http://localhost:8000/\(page)
                """)
        }
    }

    /// The target to document: `name` if given, else `DatoCMS`, else the package's only library target.
    static func target(named name: String?, in package: Package) throws -> SourceModuleTarget {
        let sourceTargets = package.targets.compactMap { $0 as? SourceModuleTarget }
        if let name {
            guard let target = sourceTargets.first(where: { $0.name == name }) else {
                throw DocsError("\(package.displayName) has no source target named \(name)")
            }
            return target
        }
        if let target = sourceTargets.first(where: { $0.name == "DatoCMS" }) { return target }
        let libraries = sourceTargets.filter { $0.kind == .generic }
        guard libraries.count == 1 else {
            throw DocsError("which target? pass --target <name> (one of: \(libraries.map(\.name).joined(separator: ", ")))")
        }
        return libraries[0]
    }

    /// The target's documentation catalog: a `*.docc` folder among its sources. Without one, `docc`
    /// still documents the symbols (with a generated landing page).
    static func catalog(of target: SourceModuleTarget) -> URL? {
        // `directoryURL` needs tools version 6.1 and `Path.string` is deprecated; the description
        // is the same path.
        let directory = URL(fileURLWithPath: String(describing: target.directory), isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".docc") }.sorted().first.map { directory.appending(path: $0) }
    }

    /// `12.3 s`, for the timing line CI logs show.
    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f s", seconds)
    }

    /// `url` relative to `directory` when inside it, so the log names `Sources/DatoCMS/DatoCMS.docc`.
    static func relative(_ url: URL, to directory: URL) -> String {
        let path = url.standardizedFileURL.path, prefix = directory.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// What the command was asked to do.
struct DocsOptions {
    /// `--target`; `nil` picks `DatoCMS` (see ``BuildDocsPlugin/target(named:in:)``).
    var targetName: String?
    /// Where the site is written; `docc` replaces the folder's contents.
    var output: URL
    /// The path the site will be served under (`/datocms-swift` for a GitHub Pages project site).
    var hostingBasePath: String?
    /// Also list the symbols documented only by a protocol, and have `docc` write its own coverage
    /// report (`documentation-coverage.json` in the site folder).
    var coverage: Bool

    static let usage = """
        usage: swift package --allow-writing-to-package-directory build-docs [options]
          --target <name>             the module to document (default: DatoCMS, else the only library target)
          --output <folder>           where the site goes (default: .build/docs); replaced on each run
          --hosting-base-path <path>  the path the site is served under, e.g. datocms-swift for a GitHub Pages project site
          --coverage                  also list the symbols documented only by the protocol they implement,
                                      and write docc's documentation-coverage.json into the site folder
        Fails when a public symbol has no documentation or docc reports a warning.
        """

    /// Takes the options out of `extractor`; relative paths are relative to where `swift package` runs.
    init(_ extractor: inout ArgumentExtractor, packageDirectory: URL) throws {
        let targets = extractor.extractOption(named: "target")
        let outputs = extractor.extractOption(named: "output")
        let basePaths = extractor.extractOption(named: "hosting-base-path")
        guard targets.count <= 1, outputs.count <= 1, basePaths.count <= 1 else {
            throw DocsError("give --target, --output and --hosting-base-path at most once each")
        }
        targetName = targets.first
        hostingBasePath = basePaths.first
        coverage = extractor.extractFlag(named: "coverage") > 0
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        output = outputs.first.map { URL(fileURLWithPath: $0, relativeTo: workingDirectory) }
            ?? packageDirectory.appending(path: ".build").appending(path: "docs")
        try Self.checkReplaceable(output, packageDirectory: packageDirectory)
    }

    /// `docc` deletes what is in its output folder, so it may only be a folder this command wrote
    /// before, an empty one, or a new one: never `--output .` or `--output Sources`.
    static func checkReplaceable(_ output: URL, packageDirectory: URL) throws {
        let path = output.standardizedFileURL.path
        guard path != packageDirectory.standardizedFileURL.path, path != "/" else {
            throw DocsError("--output \(path) would replace the package itself; name a folder of its own, e.g. .build/docs")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let isPreviousSite = names.contains("metadata.json") && names.contains("index.html") && names.contains("documentation")
        guard names.isEmpty || isPreviousSite else {
            throw DocsError("--output \(path) holds files that are not a documentation site built by this command; docc would delete them, so name an empty or new folder")
        }
    }
}

/// A module the build produced: where its `.swiftmodule` is, and the platform it was built for.
struct BuiltModule {
    var name: String
    /// The folder holding `<name>.swiftmodule` and its dependencies' modules.
    var modulesDirectory: URL
    /// The triple the module was built for, e.g. `x86_64-unknown-linux-gnu` or `arm64-apple-macosx13.0`.
    var triple: String

    /// Finds the module from the symbol graph SwiftPM extracted for it (`<build>/extracted-symbols/…`):
    /// the graph names the platform, and the build folder above it holds the module.
    init(named name: String, symbolGraphDirectory: URL) throws {
        self.name = name
        let graphFile = symbolGraphDirectory.appending(path: "\(name).symbols.json")
        let graph: SymbolGraph.Header
        do {
            graph = try JSONDecoder().decode(SymbolGraph.Header.self, from: Data(contentsOf: graphFile))
        } catch {
            throw DocsError("cannot read the symbol graph SwiftPM extracted for \(name) at \(graphFile.path): \(error)")
        }
        triple = graph.module.platform.triple
        // SwiftPM writes the graph to <build>/<triple>/extracted-symbols/<package>/<target> and the
        // module to <build>/<triple>/<configuration>/Modules; the newest module is the one just built.
        var directory = symbolGraphDirectory
        var found: [(folder: URL, modified: Date)] = []
        for _ in 0..<4 where found.isEmpty {
            directory = directory.deletingLastPathComponent()
            for relative in ["Modules", "debug/Modules", "release/Modules", "", "debug", "release"] {
                let folder = relative.isEmpty ? directory : directory.appending(path: relative)
                let module = folder.appending(path: "\(name).swiftmodule").path
                if let attributes = try? FileManager.default.attributesOfItem(atPath: module),
                   let modified = attributes[.modificationDate] as? Date {
                    found.append((folder, modified))
                }
            }
        }
        guard let newest = found.max(by: { $0.modified < $1.modified }) else {
            throw DocsError("cannot find \(name).swiftmodule in the build folders above \(symbolGraphDirectory.path)")
        }
        modulesDirectory = newest.folder
    }
}

/// One `swift-symbolgraph-extract` run: the module's public symbols and those of the modules it
/// re-exports, without members synthesized by the compiler or documentation inherited from protocols
/// (so a symbol's comment is its own, which is what the coverage check counts).
struct SymbolGraphExtraction {
    var module: BuiltModule
    /// Modules whose symbols may be included: the compiler includes those the module `@_exported import`s.
    var reexportable: [String]

    /// Writes the graph files into `directory`, replacing what an earlier run left there.
    func run(tool: URL, into directory: URL) throws {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [
            "-module-name", module.name, "-target", module.triple, "-I", module.modulesDirectory.path,
            "-minimum-access-level", "public", "-skip-synthesized-members", "-skip-inherited-docs",
            "-emit-extension-block-symbols", "-output-dir", directory.path,
        ]
        if !reexportable.isEmpty {
            arguments.append("-experimental-allowed-reexported-modules=\(reexportable.joined(separator: ","))")
        }
        // On Apple platforms the module imports the SDK's; xcrun names it in SDKROOT.
        if let sdk = ProcessInfo.processInfo.environment["SDKROOT"], !sdk.isEmpty { arguments += ["-sdk", sdk] }
        let status = try Subprocess.run(tool, arguments)
        guard status == 0 else { throw DocsError("swift-symbolgraph-extract failed (exit \(status)) for \(module.name)") }
    }
}

/// How many warnings and errors `docc` reported.
struct DoccDiagnostics {
    var warnings = 0
    var errors = 0
}

/// One `docc convert` run writing a static site.
struct DoccConversion {
    var catalog: URL?
    var graphDirectory: URL
    var module: String
    var options: DocsOptions
    var diagnosticsFile: URL

    /// Runs `docc`, its diagnostics going to the terminal, and counts them from the diagnostics
    /// file: `docc` exits 0 despite warnings, and its text output is not meant to be parsed.
    func run(tool: URL) throws -> DoccDiagnostics {
        try? FileManager.default.removeItem(at: diagnosticsFile)
        var arguments = ["convert"]
        if let catalog { arguments.append(catalog.path) }
        arguments += [
            "--additional-symbol-graph-dir", graphDirectory.path,
            "--output-path", options.output.standardizedFileURL.path,
            "--transform-for-static-hosting",
            "--fallback-display-name", module,
            "--fallback-bundle-identifier", module,
            "--diagnostics-file", diagnosticsFile.path,
        ]
        if let base = options.hostingBasePath { arguments += ["--hosting-base-path", base] }
        if options.coverage { arguments += ["--experimental-documentation-coverage", "--coverage-summary-level", "brief"] }
        say("Running docc…")
        let status = try Subprocess.run(tool, arguments)
        var diagnostics = DoccDiagnostics()
        if let data = try? Data(contentsOf: diagnosticsFile),
           let file = try? JSONDecoder().decode(DoccDiagnosticsFile.self, from: data) {
            for diagnostic in file.diagnostics {
                switch diagnostic.severity {
                case "error": diagnostics.errors += 1
                case "warning": diagnostics.warnings += 1
                default: break
                }
            }
        } else if status == 0 {
            throw DocsError("docc wrote no diagnostics file at \(diagnosticsFile.path), so its warnings cannot be counted")
        }
        if status != 0 { diagnostics.errors = max(diagnostics.errors, 1) }
        return diagnostics
    }
}

/// The part of `docc --diagnostics-file` this command reads.
struct DoccDiagnosticsFile: Decodable {
    struct Diagnostic: Decodable { var severity: String }
    var diagnostics: [Diagnostic]
}

/// The tools this command runs, with their output going straight to the user's terminal or CI log.
enum Subprocess {
    /// Runs `tool` with its output going to ours, and returns its exit status.
    static func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }
}

/// A failure SwiftPM prints as `error: <description>`, making `swift package` exit non-zero.
struct DocsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes a line to standard output at once: `print` buffers when the output is a pipe, which puts
/// our lines after those of the tools we run, and after SwiftPM's report of our error.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
