import Foundation
import XCTest

@testable import DatoCMSGenerator

/// The rendered Swift: every link becomes a function, nothing is dropped, the output is stable,
/// documented, and syntactically valid even for awkward names.
final class GeneratedOutputTests: XCTestCase {
    /// `definitions` key → number of links, read with Foundation's JSON parser (not ours).
    private func linkCounts(_ url: URL) throws -> [String: Int] {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let definitions = try XCTUnwrap(root["definitions"] as? [String: [String: Any]])
        return definitions.mapValues { ($0["links"] as? [Any])?.count ?? 0 }
    }

    private func generate(_ url: URL) throws -> Generator.Output {
        try Generator.generate(schemaBytes: Array(Data(contentsOf: url)), file: url.lastPathComponent)
    }

    /// Checks that each resource's file declares one raw function per link.
    private func assertEveryLinkIsGenerated(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let counts = try linkCounts(url)
        let output = try generate(url)
        XCTAssertEqual(output.files.count, counts.count + 1, "one file per resource plus the client", file: file, line: line)
        var total = 0
        for (resource, links) in counts.sorted(by: { $0.key < $1.key }) {
            let contents = try XCTUnwrap(Support.contents(output, "Generated_\(Translator.fileSafe(resource)).swift"), resource, file: file, line: line)
            XCTAssertEqual(Support.rawFunctionCount(in: contents), links, "raw functions of \(resource)", file: file, line: line)
            total += links
        }
        return total
    }

    func testEveryLinkOfTheCheckedInSchemaHasAFunction() throws {
        let total = try assertEveryLinkIsGenerated(Support.checkedInSchema)
        XCTAssertGreaterThan(total, 40)
    }

    func testEveryLinkOfTheOfficialSchemaHasAFunction() throws {
        let schema = try Support.requireSiteAPISchema()
        let counts = try linkCounts(schema)
        XCTAssertEqual(counts.count, 42)
        let total = try assertEveryLinkIsGenerated(schema)
        XCTAssertEqual(total, 148)
    }

    func testTheSeedsEndpointsReadNaturally() throws {
        let output = try generate(Support.checkedInSchema)
        let items = try XCTUnwrap(Support.contents(output, "Generated_item.swift"))
        for signature in [
            "public func publish<Attributes: Codable & Sendable>(_ itemId: String, _ body: ItemPublishBody? = nil, recursive: Bool? = nil, as attributesType: Attributes.Type = Attributes.self) async throws -> Item<Attributes>",
            "public func bulkPublish(items: [any DatoCMSRuntime.ResourceReference], chunkSize: Int = 200, concurrency: Int = 1, progress: (@Sendable (DatoCMSRuntime.BulkProgress) -> Void)? = nil) async throws -> DatoCMSRuntime.BulkResult<ItemBulkPublishJobResult>",
            "public func batchPublish(filterIds: [String]",
        ] {
            XCTAssertTrue(items.contains(signature), "missing: \(signature)")
        }
        let uploads = try XCTUnwrap(Support.contents(output, "Generated_upload.swift"))
        XCTAssertTrue(uploads.contains("public func batchDestroy(filterIds: [String]"), "upload batch destroy")
    }

    func testGenerationIsDeterministic() throws {
        let first = try generate(Support.checkedInSchema)
        let second = try generate(Support.checkedInSchema)
        XCTAssertEqual(first.files.map(\.name), second.files.map(\.name))
        XCTAssertEqual(first.files.map(\.contents), second.files.map(\.contents))
    }

    func testPublicDeclarationsAreDocumented() throws {
        let output = try generate(Support.checkedInSchema)
        var undocumented: [String] = []
        for file in output.files {
            let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            for (index, line) in lines.enumerated() where line.hasPrefix("public ") {
                // Protocol requirements documented by the protocol itself.
                if line.hasPrefix("public init(from decoder") || line.hasPrefix("public func encode(to encoder") { continue }
                var previous = index - 1
                while previous >= 0, lines[previous].hasPrefix("@") { previous -= 1 }
                if previous < 0 || !lines[previous].hasPrefix("///") { undocumented.append("\(file.name): \(line)") }
            }
        }
        XCTAssertEqual(undocumented, [], "\(undocumented.count) undocumented declarations")
    }

    func testSchemaDescriptionsBecomeDocComments() throws {
        let output = try Support.generate(Fixtures.library)
        let itemTypes = try XCTUnwrap(Support.contents(output, "Generated_item_type.swift"))
        XCTAssertTrue(itemTypes.contains("/// Publication status.\n"))
        XCTAssertTrue(itemTypes.contains("/// Never published\n    public static let draft = ItemTypeStatus(rawValue: \"draft\")"))
        XCTAssertTrue(itemTypes.contains("    /// Display name.\n    ///\n    /// Example: `Blog post`\n    public var name: String\n"))
        let items = try XCTUnwrap(Support.contents(output, "Generated_item.swift"))
        XCTAssertTrue(items.contains("/// List records"), "a link's title is its function's summary")
    }

    /// `swiftc -parse` on the output for awkward names: keywords, digits, quotes, backslashes.
    func testAwkwardNamesProduceValidSwift() throws {
        guard let swiftc = Support.executable(named: "swiftc") else { throw XCTSkip("swiftc is not on PATH") }
        for (name, fixture) in [("oddNames", Fixtures.oddNames), ("library", Fixtures.library)] {
            let output = try Support.generate(fixture)
            let directory = try Support.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            var paths: [String] = []
            for file in output.files {
                let url = directory.appendingPathComponent(file.name)
                try Data(file.contents.utf8).write(to: url)
                paths.append(url.path)
            }
            let process = Process()
            process.executableURL = swiftc
            process.arguments = ["-parse"] + paths
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(name): \(message)")
        }
    }
}
