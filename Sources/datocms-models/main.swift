import DatoCMS
import DatoCMSGenerator
import Foundation

// datocms-models: generates a DatoCMS project's models as Swift types, or checks them for drift.
// `swift package generate-models` runs it; it can also be run by hand.

let usage = """
    usage: datocms-models --output <directory> [--check] [--schema <export.json>] [--save-schema <export.json>]
                          [--environment <name>] [--base-url <url>] [--import <module>]
      Reads the project's models and fields through the API with the token in DATOCMS_API_TOKEN
      (of --environment, default the primary one), or offline from an export (--schema), and writes
      one Swift file per model and block model into <directory>. Files the generator wrote for models
      that are gone are deleted; other files are left alone.
      --check        writes nothing; exits 1 with a diff when <directory> does not match the project.
      --save-schema  also writes the export read from the API (for --schema later, e.g. in CI).
      --import       the module the files import (default DatoCMS).
    """

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
var check = false
var schemaPath: String?
var saveSchemaPath: String?
var environment: String?
var baseURL: URL?
var importedModule = "DatoCMS"
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty, !arguments[0].hasPrefix("--") else { fail("error: \(argument) needs a value\n\(usage)") }
        return arguments.removeFirst()
    }
    switch argument {
    case "--output", "-o": output = value()
    case "--check": check = true
    case "--schema": schemaPath = value()
    case "--save-schema": saveSchemaPath = value()
    case "--environment": environment = value()
    case "--base-url":
        let text = value()
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else { fail("error: --base-url \(text) is not an absolute URL") }
        baseURL = url
    case "--import": importedModule = value()
    case "--help", "-h":
        print(usage)
        exit(0)
    default: fail("error: unexpected argument \(argument)\n\(usage)")
    }
}
guard let output else { fail(usage) }
if schemaPath != nil, saveSchemaPath != nil { fail("error: --save-schema writes what the API returns; it cannot be combined with --schema") }

let schemaBytes: [UInt8]
let source: String
if let schemaPath {
    guard let data = FileManager.default.contents(atPath: schemaPath) else { fail("error: cannot read \(schemaPath)") }
    schemaBytes = Array(data)
    source = schemaPath
} else {
    guard let token = ProcessInfo.processInfo.environment["DATOCMS_API_TOKEN"], !token.isEmpty else {
        fail("error: set DATOCMS_API_TOKEN to read the project's models (or pass --schema <export.json>)")
    }
    let configuration = ClientConfiguration(apiToken: token, baseURL: baseURL ?? ClientConfiguration.defaultBaseURL, environment: environment)
    let client = DatoCMSClient(configuration: configuration)
    do {
        let data = try await client.exportModelSchema()
        schemaBytes = Array(data)
        if let saveSchemaPath { try data.write(to: URL(fileURLWithPath: saveSchemaPath), options: .atomic) }
    } catch {
        fail("error: could not read the project's models: \(error)")
    }
    source = "the API\(environment.map { " (environment \($0))" } ?? "")"
}

let generated: ModelGenerator.Output
do {
    generated = try ModelGenerator.generate(schemaBytes: schemaBytes, file: source, importedModule: importedModule)
} catch {
    fail(error.description)
}
for warning in generated.warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
let directory = URL(fileURLWithPath: output)
if check {
    let drift = ModelGenerator.drift(of: generated, against: directory)
    print(drift)
    exit(drift.isEmpty ? 0 : 1)
}
do {
    let drift = try ModelGenerator.write(generated, to: directory)
    print(drift.isEmpty ? "The models in \(output) were already up to date." : "Updated \(output): \(drift.added.count) added, \(drift.changed.count) changed, \(drift.removed.count) removed (\(generated.files.count) models).")
} catch {
    fail("error: could not write \(output): \(error)")
}
