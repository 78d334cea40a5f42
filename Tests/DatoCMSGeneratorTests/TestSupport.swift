import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Shared helpers for the generator tests: locating the package, running the pipeline on inline
/// fixture schemas, and finding declarations in the result.
enum Support {
    /// The package root, found from this file's path (`<root>/Tests/DatoCMSGeneratorTests/TestSupport.swift`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The schema checked in with the package.
    static var checkedInSchema: URL { packageRoot.appendingPathComponent("Schema/cma-hyperschema.json") }

    /// The real DatoCMS Site API schema, shared beside the repository.
    static var siteAPISchema: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datocms/site-api-hyperschema-2021-05.json")
    }

    /// ``siteAPISchema``, or an `XCTSkip` saying why when `../shared` is not beside the repository.
    static func requireSiteAPISchema() throws -> URL {
        guard FileManager.default.fileExists(atPath: siteAPISchema.path) else {
            throw XCTSkip("../shared/datocms/site-api-hyperschema-2021-05.json not found at \(siteAPISchema.path): this test needs the shared DatoCMS schema")
        }
        return siteAPISchema
    }

    /// An encoded identity placeholder, as DatoCMS writes them in `href`s:
    /// `{(%2Fschemata%2Fitem%23%2Fdefinitions%2Fitem%2Fdefinitions%2Fidentity)}`.
    static func identity(_ resource: String) -> String {
        "{(%2Fschemata%2F\(resource)%23%2Fdefinitions%2F\(resource)%2Fdefinitions%2Fidentity)}"
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Parses a fixture, failing the test (and throwing) on error.
    static func parse(_ json: String, file: String = "fixture.json") throws -> HyperSchema {
        try SchemaParser.parse(bytes(json), file: file)
    }

    /// Runs the whole pipeline on a fixture.
    static func generate(_ json: String, file: String = "fixture.json", options: GeneratorOptions = GeneratorOptions()) throws -> Generator.Output {
        try Generator.generate(schemaBytes: bytes(json), file: file, options: options)
    }

    /// Parses and translates a fixture.
    static func translate(_ json: String, file: String = "fixture.json", options: GeneratorOptions = GeneratorOptions()) throws -> (module: ModuleDecl, warnings: [GeneratorWarning]) {
        let schema = try parse(json, file: file)
        var translator = Translator()
        let module = try translator.translate(schema, options: options)
        return (module, translator.warnings)
    }

    /// The error `Generator.generate` throws for a fixture, or `nil` when it succeeds.
    static func generationError(_ json: String, file: String = "fixture.json") -> GeneratorError? {
        do {
            _ = try Generator.generate(schemaBytes: bytes(json), file: file)
            return nil
        } catch {
            return error
        }
    }

    /// The error `SchemaParser.parse` throws for a fixture, or `nil` when it succeeds.
    static func parseError(_ json: String, file: String = "fixture.json") -> GeneratorError? {
        do {
            _ = try SchemaParser.parse(bytes(json), file: file)
            return nil
        } catch {
            return error
        }
    }

    /// The syntax error `JSONReader.parse` throws, or `nil` when the text parses.
    static func syntaxError(_ text: String) -> JSONReader.SyntaxError? {
        syntaxError(bytes(text))
    }

    static func syntaxError(_ data: [UInt8]) -> JSONReader.SyntaxError? {
        do {
            _ = try JSONReader.parse(data)
            return nil
        } catch {
            return error
        }
    }

    /// The 1-based line and byte column of the `occurrence`-th occurrence of `needle` in `text`.
    static func location(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int)? {
        let haystack = Array(text.utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return nil }
        var found = 0
        var line = 1
        var lineStart = 0
        for index in 0...(haystack.count - pattern.count) {
            if haystack[index..<index + pattern.count].elementsEqual(pattern) {
                found += 1
                if found == occurrence { return (line, index - lineStart + 1) }
            }
            if haystack[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
        }
        return nil
    }

    /// The contents of the generated file named `name`.
    /// Asserts that `output` type-checks (against the built runtime) without a warning.
    static func assertTypeChecksCleanly(_ output: Generator.Output, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try TypeChecker.check(output)
        XCTAssertTrue(result.succeeded, result.log, file: file, line: line)
        XCTAssertEqual(result.warnings, [], file: file, line: line)
    }

    static func contents(_ output: Generator.Output, _ name: String) -> String? {
        output.files.first { $0.name == name }?.contents
    }

    /// The functions declared inside the `Raw` struct of a generated resource file.
    static func rawFunctionCount(in contents: String) -> Int {
        guard let start = contents.range(of: "public struct Raw: Sendable {") else { return 0 }
        return contents[start.upperBound...].components(separatedBy: "public func ").count - 1
    }

    /// Number of non-overlapping occurrences of `needle`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The lines of `text` that contain `needle`, trimmed.
    static func lines(containing needle: String, in text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.contains(needle) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Finds an executable on `PATH`.
    static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `executable` to its end; its exit status and everything it printed (both streams).
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// An executable product of this package, built beside the test bundle; skips the test when
    /// it is not there (a test run without a full build).
    static func builtExecutable(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw XCTSkip("\(name) not found beside the test bundle (\(url.path)): build the package first")
        }
        return url
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("datocms-generator-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension ModuleDecl {
    /// Every type declared in every file.
    var allTypes: [TypeDecl] { files.flatMap(\.types) }

    func structure(_ name: String) -> StructDecl? {
        for case .structure(let decl) in allTypes where decl.name == name { return decl }
        return nil
    }

    func openEnum(_ name: String) -> OpenEnumDecl? {
        for case .openEnum(let decl) in allTypes where decl.name == name { return decl }
        return nil
    }

    func envelope(_ name: String) -> EnvelopeDecl? {
        for case .envelope(let decl) in allTypes where decl.name == name { return decl }
        return nil
    }

    func namespace(_ resource: String) -> NamespaceDecl? {
        namespaces.first { $0.resource == resource }
    }

    func endpoint(_ resource: String, _ name: String) -> EndpointDecl? {
        namespace(resource)?.endpoints.first { $0.name == name }
    }

    /// How many declarations carry `name`.
    func declarationCount(_ name: String) -> Int {
        allTypes.filter { $0.name == name }.count
    }
}

extension StructDecl {
    func property(_ name: String) -> PropertyDecl? {
        properties.first { $0.name == name }
    }
}
