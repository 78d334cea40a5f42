import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Hand-written schemas a user might bring (`Tests/Fixtures/StressSchemas`): each generates code
/// that type-checks with no warning, and each loss of precision is reported once, with its place.
final class StressCorpusTests: XCTestCase {
    static let folder = Support.packageRoot.appendingPathComponent("Tests/Fixtures/StressSchemas")

    private func generate(_ name: String) throws -> Generator.Output {
        let url = Self.folder.appendingPathComponent(name + ".json")
        return try Generator.generate(schemaBytes: Array(try Data(contentsOf: url)), file: name + ".json")
    }

    /// Generates and type-checks `name`, failing on any error or warning in the generated code.
    @discardableResult
    private func assertCompiles(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Generator.Output {
        let output = try generate(name)
        let result = try TypeChecker.check(output)
        XCTAssertTrue(result.succeeded, "\(name) does not compile:\n\(result.log.prefix(3000))", file: file, line: line)
        XCTAssertEqual(result.warnings, [], "\(name) compiles with warnings", file: file, line: line)
        return output
    }

    func testEveryStressSchemaCompilesWithoutWarnings() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 9)
        for name in names { try assertCompiles(name) }
    }

    func testDescriptionsCannotBreakOutOfTheirComments() throws {
        let output = try assertCompiles("comment_injection")
        let text = output.files.map(\.contents).joined(separator: "\n")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for marker in ["injected", "evil", "let x = 1", "nul"] where trimmed.contains(marker) {
                XCTAssertTrue(trimmed.hasPrefix("///"), "schema text outside a comment: \(trimmed.debugDescription)")
            }
            XCTAssertFalse(line.unicodeScalars.contains { [0x00, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) },
                           "a control or separator character reached the source: \(line.debugDescription)")
        }
    }

    func testAttributesNamedLikeLocalsStillEncodeTheirOwnValue() throws {
        let output = try assertCompiles("local_names")
        let thing = try XCTUnwrap(Support.contents(output, "Generated_thing.swift"))
        XCTAssertTrue(thing.contains("try attributes.encodeIfPresent(self.data, forKey: \"data\")"), thing)
        XCTAssertTrue(thing.contains("try await self.raw.create("), "the friendly function reaches the namespace, not a parameter named raw")
    }

    func testSelfReferencesAreBoxed() throws {
        let output = try assertCompiles("self_recursive")
        let node = try XCTUnwrap(Support.contents(output, "Generated_node.swift"))
        XCTAssertTrue(node.contains("public var next: DatoCMSRuntime.Indirect<NodeTree>?"), node)
        XCTAssertTrue(node.contains("public var name: String?"), "non-recursive properties stay as they are")
    }

    func testCollidingResourcesGetDistinctNamespaces() throws {
        let output = try assertCompiles("resource_collision")
        let text = output.files.map(\.contents).joined()
        XCTAssertEqual(Support.count("public struct UploadTagsEndpoints:", in: text), 1)
        XCTAssertEqual(Support.count("public struct UploadTagsEndpoints2:", in: text), 1)
        XCTAssertEqual(Support.count("public struct ClientsEndpoints:", in: text), 1)
    }

    func testLongResourceNamesGiveShortDistinctFileNames() throws {
        let output = try assertCompiles("long_names")
        let names = output.files.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for name in names { XCTAssertLessThanOrEqual(name.utf8.count, 120, name) }
    }

    func testEveryDegradationIsReportedOnceWithItsPlace() throws {
        let output = try generate("combinators")
        let pointers = output.warnings.map(\.pointer)
        XCTAssertEqual(pointers.count, Set(pointers).count, "a degradation was reported twice: \(output.warnings)")
        let expected = ["all", "one", "nested", "empty_types", "wide", "pp", "odd_enum"]
        for property in expected {
            XCTAssertTrue(pointers.contains { $0.hasSuffix("/properties/\(property)") }, "no warning for \(property): \(output.warnings)")
        }
        // What stays precise is not reported: an `anyOf` of one type and null is an optional.
        XCTAssertFalse(pointers.contains { $0.hasSuffix("/anynull_ref") }, "\(output.warnings)")
        for warning in output.warnings { XCTAssertNotNil(warning.line, "\(warning)") }
    }

    func testTupleArraysAreListsOfJSON() throws {
        let output = try assertCompiles("tuple_array")
        XCTAssertTrue(Support.contents(output, "Generated_thing.swift")?.contains("public var pair: [DatoCMSRuntime.JSONValue]?") == true)
        XCTAssertTrue(output.warnings.contains { $0.message.contains("tuple") })
    }

    func testNamesThatLoseCharactersOrMeetOptionalAreReported() throws {
        let output = try assertCompiles("keywords")
        let messages = output.warnings.map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("\"emoji😀\"") && $0.contains("cannot hold") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("\"none\"") && $0.contains("noneValue") }, "\(messages)")
        let thing = try XCTUnwrap(Support.contents(output, "Generated_thing.swift"))
        XCTAssertTrue(thing.contains("public static let noneValue = ThingAttributesMode(rawValue: \"none\")"), thing)
    }
}

/// The type-name prefix of `datocms-codegen.json`: two generated modules in one file.
final class TypePrefixTests: XCTestCase {
    func testAPrefixRenamesEveryGeneratedTypeButNotTheClient() throws {
        let options = GeneratorOptions(clientName: "DashboardClient", typePrefix: "Dashboard")
        let output = try Support.generate(Fixtures.library, options: options)
        let text = output.files.map(\.contents).joined(separator: "\n")
        let declared = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("public struct ") else { return nil }
            return String(trimmed.dropFirst("public struct ".count).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }
        XCTAssertFalse(declared.isEmpty)
        for name in declared where name != "DashboardClient" && name != "Raw" {
            XCTAssertTrue(name.hasPrefix("Dashboard"), "\(name) has no prefix")
        }
        // Unprefixed and prefixed copies of one schema compile side by side in one module.
        let plain = try Support.generate(Fixtures.library, options: GeneratorOptions(filePrefix: "Plain_"))
        let result = try TypeChecker.check([plain, output])
        XCTAssertTrue(result.succeeded, result.log)
    }
}
