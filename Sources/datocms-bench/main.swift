import DatoCMSGenerator
import DatoCMSSoak
import Foundation

// datocms-bench: prints the figures behind the SDK's speed targets, and soaks the SDK.
//
//   swift run -c release datocms-bench codegen [--schema FILE] [--iterations N] [--skip-build]
//   swift run -c release datocms-bench soak [--operations N] [--fault-rate R] [--seed N] [--concurrency N]
//   swift run -c release datocms-bench hostile
//   swift run -c release datocms-bench paging [--records N] [--page-size N] [--concurrency N]
//
// soak: mixed operations through the SDK against a simulator injecting random faults, then an
// audit of the records (no duplicates, no losses); exits 1 when the audit finds a problem.
//
// hostile: the client's default settings against misbehaving loopback servers (endless bodies, a
// 2 GB Content-Length, a gzip bomb, a trickle, silence): how each call ends, its time, and the
// growth of resident memory while it ran.
//
// paging: iterates 100,000 records of a simulator (in a child process) with `items.listAll`, and
// prints the time and the client's peak resident memory (see Paging.swift).
//
// codegen:
// - generator wall time on a hyper-schema (default: DatoCMS's official one in ../shared),
// - generated files and lines,
// - the clean debug build time of a package holding only that generated client (on this
//   package's runtime), and the time of a no-op rebuild of it,
// - the time to rebuild a target whose client the build plugin generates, after editing its
//   schema (a description; a new attribute).

struct BenchOptions {
    var schema: String
    var iterations = 10
    var skipBuild = false
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func parseOptions() -> BenchOptions {
    var arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "codegen" { arguments.removeFirst() }
    var options = BenchOptions(schema: packageRoot.appendingPathComponent("../shared/datocms/site-api-hyperschema-2021-05.json").standardizedFileURL.path)
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        switch argument {
        case "--schema": options.schema = arguments.isEmpty ? options.schema : arguments.removeFirst()
        case "--iterations": options.iterations = max(1, Int(arguments.isEmpty ? "" : arguments.removeFirst()) ?? 10)
        case "--skip-build": options.skipBuild = true
        default: fail("usage: datocms-bench codegen [--schema FILE] [--iterations N] [--skip-build]")
        }
    }
    return options
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ duration: Duration) -> String { String(format: "%.3f s", seconds(duration)) }

/// Runs a command, returning its exit status and combined output.
func run(_ executable: String, _ arguments: [String], in directory: URL) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return (-1, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `datocms-bench soak …`: runs a soak and prints its report.
func runSoak(_ arguments: [String]) async -> Never {
    var arguments = arguments
    var configuration = SoakRun.Configuration()
    let usage = "usage: datocms-bench soak [--operations N] [--fault-rate R] [--seed N] [--concurrency N]"
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        guard !arguments.isEmpty else { fail(usage) }
        let value = arguments.removeFirst()
        switch argument {
        case "--operations": configuration.operations = Int(value) ?? { fail(usage) }()
        case "--fault-rate": configuration.faultRate = Double(value) ?? { fail(usage) }()
        case "--seed": configuration.seed = UInt64(value) ?? { fail(usage) }()
        case "--concurrency": configuration.concurrency = max(1, Int(value) ?? { fail(usage) }())
        default: fail(usage)
        }
    }
    do {
        let report = try await SoakRun(configuration: configuration).run()
        print(report)
        exit(report.isClean ? 0 : 1)
    } catch {
        fail("soak setup failed: \(error)")
    }
}

if CommandLine.arguments.dropFirst().first == "soak" {
    await runSoak(Array(CommandLine.arguments.dropFirst(2)))
}
if CommandLine.arguments.dropFirst().first == "hostile" {
    await runHostile()
}
if CommandLine.arguments.dropFirst().first == "paging" {
    await runPaging(Array(CommandLine.arguments.dropFirst(2)))
}
if CommandLine.arguments.dropFirst().first == "paging-server" {
    await runPagingServer(Array(CommandLine.arguments.dropFirst(2)))
}

let options = parseOptions()
guard let bytes = FileManager.default.contents(atPath: options.schema) else {
    fail("cannot read \(options.schema) (pass --schema FILE; the default is DatoCMS's official schema in ../shared)")
}

// Generator wall time: parse → translate → render, in memory, best and median of N runs.
let clock = ContinuousClock()
var times: [Duration] = []
var output: Generator.Output?
for _ in 0..<options.iterations {
    let start = clock.now
    do {
        output = try Generator.generate(schemaBytes: Array(bytes), file: options.schema)
    } catch {
        fail(error.description)
    }
    times.append(clock.now - start)
}
guard let output else { fail("no output") }
times.sort()
let lines = output.files.reduce(0) { $0 + $1.contents.split(separator: "\n", omittingEmptySubsequences: false).count }
let bytesOut = output.files.reduce(0) { $0 + $1.contents.utf8.count }

print("schema:                 \(options.schema) (\(bytes.count / 1024) KiB)")
print("generator wall time:    best \(format(times[0])), median \(format(times[times.count / 2])) over \(options.iterations) runs (target < 0.5 s)")
let notes = output.warnings.filter(\.isNote).count
print("generated:              \(output.files.count) files, \(lines) lines, \(bytesOut / 1024) KiB; \(output.warnings.count - notes) warnings, \(notes) notes")

guard !options.skipBuild else { exit(0) }

// A package holding only the generated client, on this package's runtime.
let work = FileManager.default.temporaryDirectory.appendingPathComponent("datocms-bench-\(UUID().uuidString)")
let sources = work.appendingPathComponent("Sources/GeneratedClient")
do {
    try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
    let manifest = """
        // swift-tools-version:6.0
        import PackageDescription
        let package = Package(
            name: "bench-generated-client",
            platforms: [.macOS(.v13)],
            dependencies: [.package(path: "\(packageRoot.path)")],
            targets: [.target(name: "GeneratedClient", dependencies: [.product(name: "DatoCMSRuntime", package: "\(packageRoot.lastPathComponent)")])]
        )
        """
    try Data(manifest.utf8).write(to: work.appendingPathComponent("Package.swift"))
    for file in output.files {
        try Data(file.contents.utf8).write(to: sources.appendingPathComponent(file.name))
    }
} catch {
    fail("cannot write the benchmark package: \(error)")
}
defer { try? FileManager.default.removeItem(at: work) }

// Resolve first so the timed build is compilation only. The runtime is built on its own first, so
// the figures show what the generated code costs apart from the runtime and the toolchain's module
// cache (Foundation's and Glibc's Clang modules, built once per clean build directory).
_ = run("swift", ["package", "resolve"], in: work)
let runtimeStart = clock.now
let runtimeBuild = run("swift", ["build", "--target", "DatoCMSRuntime"], in: work)
let runtimeTime = clock.now - runtimeStart
guard runtimeBuild.status == 0 else { fail("the runtime did not build:\n\(runtimeBuild.output.suffix(4000))") }
let buildStart = clock.now
let build = run("swift", ["build", "--target", "GeneratedClient"], in: work)
let buildTime = clock.now - buildStart
guard build.status == 0 else { fail("the generated client did not build:\n\(build.output.suffix(4000))") }
let warnings = build.output.components(separatedBy: "\n").filter { $0.contains("warning:") && $0.contains("GeneratedClient") }.count
print("clean debug build:      \(format(runtimeTime + buildTime)) (generated client + runtime, \(ProcessInfo.processInfo.activeProcessorCount) cores; target ≤ 40 s), \(warnings) warnings")
print("  runtime + module cache: \(format(runtimeTime)); generated client: \(format(buildTime))")

let rebuildStart = clock.now
let rebuild = run("swift", ["build", "--target", "GeneratedClient"], in: work)
print("no-op rebuild:          \(format(clock.now - rebuildStart))" + (rebuild.status == 0 ? "" : " (failed)"))

// Schema edit → rebuild, as a user works: a target that generates its client through the build
// plugin from its own copy of the schema; the schema is edited, and the package rebuilt.
let pluginWork = FileManager.default.temporaryDirectory.appendingPathComponent("datocms-bench-plugin-\(UUID().uuidString)")
let pluginSources = pluginWork.appendingPathComponent("Sources/PluginClient")
let pluginSchema = pluginSources.appendingPathComponent("schema.hyperschema.json")
do {
    try FileManager.default.createDirectory(at: pluginSources, withIntermediateDirectories: true)
    let manifest = """
        // swift-tools-version:6.0
        import PackageDescription
        let package = Package(
            name: "bench-plugin-client",
            platforms: [.macOS(.v13)],
            dependencies: [.package(path: "\(packageRoot.path)")],
            targets: [.target(
                name: "PluginClient",
                dependencies: [.product(name: "DatoCMSRuntime", package: "\(packageRoot.lastPathComponent)")],
                plugins: [.plugin(name: "DatoCMSGeneratorPlugin", package: "\(packageRoot.lastPathComponent)")]
            )]
        )
        """
    try Data(manifest.utf8).write(to: pluginWork.appendingPathComponent("Package.swift"))
    try Data("// The client is generated from schema.hyperschema.json by the build plugin.\n".utf8).write(to: pluginSources.appendingPathComponent("PluginClient.swift"))
    try Data(bytes).write(to: pluginSchema)
} catch {
    fail("cannot write the plugin benchmark package: \(error)")
}
defer { try? FileManager.default.removeItem(at: pluginWork) }

_ = run("swift", ["package", "resolve"], in: pluginWork)
let firstStart = clock.now
let first = run("swift", ["build"], in: pluginWork)
guard first.status == 0 else { fail("the plugin-generated client did not build:\n\(first.output.suffix(4000))") }
print("first build via plugin: \(format(clock.now - firstStart)) (also builds datocms-codegen and the runtime)")
// The build after a clean one relinks the plugin's tool and re-runs it (see the README's "No-op
// builds after a clean build"); that is SwiftPM's one-off, not the cost of an edit.
for _ in 0..<2 { _ = run("swift", ["build"], in: pluginWork) }

/// Applies `edit` to the schema's text, rebuilds, and prints the time.
func timeRebuild(after label: String, _ edit: (String) -> String?) {
    guard let text = try? String(contentsOf: pluginSchema, encoding: .utf8), let edited = edit(text), edited != text else {
        print("\(label) (skipped: the schema has no spot for this edit)")
        return
    }
    do { try Data(edited.utf8).write(to: pluginSchema) } catch { fail("cannot edit the schema: \(error)") }
    let start = clock.now
    let rebuild = run("swift", ["build"], in: pluginWork)
    print("\(label)\(format(clock.now - start)) (target ≤ 5 s)" + (rebuild.status == 0 ? "" : " (failed:\n\(rebuild.output.suffix(2000)))"))
}

// A description: one resource's doc comments change.
timeRebuild(after: "edit a description:     ") { text in
    guard let links = text.range(of: "\"links\""), let description = text.range(of: "\"description\": \"", range: links.upperBound..<text.endIndex) else { return nil }
    return text.replacingCharacters(in: description, with: "\"description\": \"Edited by datocms-bench. ")
}
// A shape: a new optional attribute in the first resource whose attributes list properties.
timeRebuild(after: "add an attribute:       ") { text in
    guard let attributes = text.range(of: "\"attributes\": {"),
          let properties = text.range(of: "\"properties\": {", range: attributes.upperBound..<text.endIndex) else { return nil }
    return text.replacingCharacters(in: properties, with: "\"properties\": {\"bench_added_flag\": {\"description\": \"Added by datocms-bench.\", \"type\": \"boolean\"}, ")
}
