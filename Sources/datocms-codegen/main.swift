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
// name; only when all are written do they replace the old ones, each old file kept aside until
// the last is in place, so a failure part-way restores the previous output. Unchanged files are
// left alone so the compiler's incremental build can skip them.
let directory = URL(fileURLWithPath: outputPath, isDirectory: true)
let fileManager = FileManager.default
var staged: [(temporary: URL, destination: URL)] = []
var replaced: [(destination: URL, backup: URL?)] = []
func temporaryURL(_ index: Int, _ kind: String) -> URL {
    directory.appendingPathComponent(".datocms-codegen-\(ProcessInfo.processInfo.processIdentifier)-\(index).\(kind)")
}
do {
    try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    for (index, file) in output.files.enumerated() {
        let url = directory.appendingPathComponent(file.name)
        let contents = Data(file.contents.utf8)
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "\(url.path) is a folder"])
        }
        if fileManager.contents(atPath: url.path) == contents { continue }
        let temporary = temporaryURL(index, "new")
        try contents.write(to: temporary)
        staged.append((temporary, url))
    }
    for (index, file) in staged.enumerated() {
        var backup: URL?
        if fileManager.fileExists(atPath: file.destination.path) {
            backup = temporaryURL(index, "old")
            guard rename(file.destination.path, backup!.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.destination.path])
            }
        }
        replaced.append((file.destination, backup))
        guard rename(file.temporary.path, file.destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.destination.path])
        }
    }
    for file in replaced { if let backup = file.backup { try? fileManager.removeItem(at: backup) } }
} catch {
    for file in replaced.reversed() {
        if let backup = file.backup {
            _ = rename(backup.path, file.destination.path)
        } else {
            try? fileManager.removeItem(at: file.destination)
        }
    }
    for file in staged { try? fileManager.removeItem(at: file.temporary) }
    fail("\(outputPath): error: cannot write the generated files: \(error.localizedDescription)")
}
