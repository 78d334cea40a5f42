import Foundation
import XCTest

@testable import DatoCMSGenerator

/// The `datocms-codegen` tool as the build plugin runs it: what it writes, and what it leaves alone.
final class CodegenToolTests: XCTestCase {
    /// The tool, built beside this test bundle.
    private func tool() throws -> URL { try Support.builtExecutable("datocms-codegen") }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Support.run(try tool(), arguments)
    }

    /// When one file cannot be written, none is: the previous output stays whole, and the error says why.
    func testTheOutputIsWrittenWhollyOrNotAtAll() throws {
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("schema.json")
        try Data(Fixtures.library.utf8).write(to: schema)
        let output = directory.appendingPathComponent("out")

        let first = try run([schema.path, "--output", output.path, "--quiet"])
        XCTAssertEqual(first.status, 0, first.output)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        XCTAssertGreaterThan(names.count, 2)

        // A second generation with another client name changes every file; make one of them
        // impossible to replace (a non-empty folder where the file goes).
        var before: [String: Data] = [:]
        for name in names { before[name] = try Data(contentsOf: output.appendingPathComponent(name)) }
        let blocked = output.appendingPathComponent(names.last!)
        try FileManager.default.removeItem(at: blocked)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("occupied"), withIntermediateDirectories: true)

        let second = try run([schema.path, "--output", output.path, "--client-name", "OtherClient", "--quiet"])
        XCTAssertNotEqual(second.status, 0, "writing over a folder succeeded")
        XCTAssertTrue(second.output.contains("cannot write the generated files"), second.output)
        for name in names.dropLast() {
            XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent(name)), before[name], "\(name) was changed by a failed generation")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".datocms-codegen-") }
        XCTAssertEqual(leftovers, [], "temporary files were left behind")
    }

    /// SwiftPM keeps a plugin's list of outputs until the manifest changes: given an older list, the
    /// tool still produces exactly those files, and the code of a new resource lands in the client file.
    func testTheOutputFitsAnOlderListOfDeclaredFiles() throws {
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = directory.appendingPathComponent("schema.json")
        try Data(Fixtures.library.utf8).write(to: schema)
        let output = directory.appendingPathComponent("out")
        let full = try Support.generate(Fixtures.library).files.map(\.name)
        XCTAssertGreaterThan(full.count, 3)
        // As if the last resource were new, and a resource since removed were still declared.
        let declared = Array(full.dropLast()) + ["Generated_gone.swift"]

        let run = try run([schema.path, "--output", output.path, "--declared-files", declared.joined(separator: ","), "--quiet"])
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted(), declared.sorted())
        let client = try String(contentsOf: output.appendingPathComponent("Generated_Client.swift"), encoding: .utf8)
        XCTAssertTrue(client.contains("From \(full.last!)"), "the new resource's code is not in the client file")

        // And it compiles as one module, as SwiftPM would build it.
        var files: [(name: String, contents: String)] = []
        for name in declared { files.append((name, try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8))) }
        let result = try TypeChecker.check(Generator.Output(files: files, warnings: []))
        XCTAssertTrue(result.succeeded, result.log)
        XCTAssertEqual(result.warnings, [])
    }
}
