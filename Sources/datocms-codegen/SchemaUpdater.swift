import DatoCMSGenerator
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `datocms-codegen update-schema`: replaces a checked-in hyper-schema with a newer one, but only
/// after the new one has been shown to parse and generate, so a bad download never breaks the build.
enum SchemaUpdater {
    static let defaultSource = "https://site-api.datocms.com/docs/site-api-hyperschema.json"

    static func run(arguments: [String]) async {
        var arguments = arguments
        var source: String?
        var destination: String?
        var dryRun = false
        var keepPrivateLinks = true
        while !arguments.isEmpty {
            let argument = arguments.removeFirst()
            switch argument {
            case "--destination":
                guard !arguments.isEmpty else { fail("error: --destination needs a value\n\(usage)") }
                destination = arguments.removeFirst()
            case "--dry-run": dryRun = true
            case "--drop-private-links": keepPrivateLinks = false
            default:
                if argument.hasPrefix("-") || source != nil { fail("error: unexpected argument \(argument)\n\(usage)") }
                source = argument
            }
        }
        guard let destination else { fail("error: update-schema needs --destination <schema.json>\n\(usage)") }
        let sourceName = source ?? defaultSource

        var bytes: [UInt8]
        do {
            bytes = try await fetch(sourceName)
        } catch let error as FetchError {
            fail("\(sourceName): error: \(error.description)\nerror: \(destination) was left unchanged")
        } catch {
            fail("\(sourceName): error: cannot download the schema: \(error.localizedDescription)\nerror: \(destination) was left unchanged")
        }

        let existing = FileManager.default.contents(atPath: destination)
        // Private links the checked-in schema has and the new one lacks are kept (see PrivateLinks).
        var privateLinksReport: [String] = []
        if keepPrivateLinks, let existing, (try? SchemaParser.parse(Array(existing), file: destination)) != nil {
            do {
                let merge = try PrivateLinks.carryOver(from: Array(existing), into: bytes, file: sourceName)
                bytes = merge.bytes
                if !merge.kept.isEmpty {
                    privateLinksReport.append("Kept \(merge.kept.count) private link(s) of \(destination) that \(sourceName) does not have (--drop-private-links to drop them):")
                    privateLinksReport += merge.kept.map { "  = link \($0)" }
                }
                if !merge.dropped.isEmpty {
                    privateLinksReport.append("warning: \(merge.dropped.count) private link(s) of \(destination) could not be kept:")
                    privateLinksReport += merge.dropped.map { "  - link \($0.link): \($0.reason)" }
                }
            } catch {
                fail("\(error.description)\nerror: \(destination) was left unchanged")
            }
        }

        // The new schema must survive the whole pipeline; its diagnostics name the source.
        let newSchema: HyperSchema
        let output: Generator.Output
        do {
            newSchema = try SchemaParser.parse(bytes, file: sourceName)
            output = try Generator.generate(schemaBytes: bytes, file: sourceName)
        } catch {
            fail("\(error.description)\nerror: \(destination) was left unchanged")
        }
        for warning in output.warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }

        if let existing, Array(existing) == bytes {
            print("\(destination) is already up to date with \(sourceName).")
            return
        }
        let summary: String
        if let existing, let oldSchema = try? SchemaParser.parse(Array(existing), file: destination) {
            summary = SchemaChanges(from: oldSchema, to: newSchema).summary
        } else {
            let links = newSchema.resources.reduce(0) { $0 + $1.links.count }
            summary = "New schema: \(newSchema.resources.count) resource(s), \(links) link(s)."
        }
        print("Changes from \(destination) to \(sourceName):")
        print(summary)
        for line in privateLinksReport { print(line) }
        if dryRun {
            print("Dry run: \(destination) was not changed.")
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            fail("\(destination): error: cannot write the schema: \(error.localizedDescription)")
        }
        print("Updated \(destination) (\(output.files.count) Swift files will be generated at the next build).")
    }

    struct FetchError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads an `http(s)://` URL, a `file://` URL or a local path.
    static func fetch(_ source: String) async throws -> [UInt8] {
        if let url = URL(string: source), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            var request = URLRequest(url: url)
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            request.timeoutInterval = 60
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw FetchError(description: "not an HTTP response") }
            guard (200..<300).contains(http.statusCode) else {
                throw FetchError(description: "the server answered HTTP \(http.statusCode)")
            }
            return Array(data)
        }
        let path = source.hasPrefix("file://") ? (URL(string: source)?.path ?? source) : source
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FetchError(description: "cannot read the file")
        }
        return Array(data)
    }
}
