import DatoCMSGenerator
import Foundation

// datocms-codegen: reads a DatoCMS hyper-schema and writes the generated Swift client.
// The build plugin runs it; it can also be run by hand:
//   swift run datocms-codegen Schema/cma-hyperschema.json --output /tmp/generated
// The update-schema command plugin runs its `update-schema` mode.

let usage = """
    usage: datocms-codegen <schema.json> --output <directory> [--client-name <Name>] [--file-prefix <Prefix>] [--type-prefix <Prefix>] [--quiet]
           Writes one Swift file per resource plus a client file into <directory>.
           datocms-codegen update-schema <url-or-file> --destination <schema.json> [--dry-run]
           Fetches a hyper-schema, checks that it parses and generates, then replaces <schema.json>
           and prints what changed (resources, links and their properties added, removed or changed).
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "update-schema" {
    await SchemaUpdater.run(arguments: Array(arguments.dropFirst()))
    exit(0)
}
var schemaPath: String?
var outputPath: String?
var options = GeneratorOptions()
var quiet = false
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("error: \(argument) needs a value\n\(usage)") }
        return arguments.removeFirst()
    }
    switch argument {
    case "--output", "-o": outputPath = value()
    case "--client-name": options.clientName = value()
    case "--file-prefix": options.filePrefix = value()
    case "--type-prefix": options.typePrefix = value()
    case "--quiet": quiet = true
    case "--help", "-h":
        print(usage)
        exit(0)
    default:
        if argument.hasPrefix("-") || schemaPath != nil { fail("error: unexpected argument \(argument)\n\(usage)") }
        schemaPath = argument
    }
}
guard let schemaPath, let outputPath else { fail(usage) }

guard let data = FileManager.default.contents(atPath: schemaPath) else {
    fail("\(schemaPath): error: cannot read the schema file")
}

let output: Generator.Output
do {
    output = try Generator.generate(schemaBytes: Array(data), file: schemaPath, options: options)
} catch {
    fail(error.description)
}

if !quiet {
    for warning in output.warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
}

// All or nothing: every changed file is first written beside its destination under a temporary
// name, and only when all of them are written are they moved into place. A failure part-way
// leaves the previous output as it was. Unchanged files are left alone so the compiler's
// incremental build can skip them.
let directory = URL(fileURLWithPath: outputPath, isDirectory: true)
var staged: [(temporary: URL, destination: URL)] = []
do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (index, file) in output.files.enumerated() {
        let url = directory.appendingPathComponent(file.name)
        let contents = Data(file.contents.utf8)
        if FileManager.default.contents(atPath: url.path) == contents { continue }
        let temporary = directory.appendingPathComponent(".datocms-codegen-\(ProcessInfo.processInfo.processIdentifier)-\(index).tmp")
        try contents.write(to: temporary)
        staged.append((temporary, url))
    }
    for file in staged where rename(file.temporary.path, file.destination.path) != 0 {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.destination.path])
    }
} catch {
    for file in staged { try? FileManager.default.removeItem(at: file.temporary) }
    fail("\(outputPath): error: cannot write the generated files: \(error.localizedDescription)")
}
