import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Refreshing a schema from DatoCMS's published one (which leaves private links out) keeps the
/// private links the checked-in schema has.
final class PrivateLinksTests: XCTestCase {
    private func privateLinks(of schema: HyperSchema) -> [String] {
        schema.resources.flatMap { resource in
            resource.links.filter(\.isPrivate).map { "\(resource.name).\($0.rel) \($0.method) \($0.href)" }
        }.sorted()
    }

    /// The checked-in schema without its private links, as DatoCMS publishes it: re-serialized by
    /// Foundation, so the member order differs too.
    private func withoutPrivateLinks(_ bytes: Data, droppingResource: String? = nil) throws -> Data {
        var root = try XCTUnwrap(JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        var definitions = try XCTUnwrap(root["definitions"] as? [String: Any])
        for (name, value) in definitions {
            guard var resource = value as? [String: Any], let links = resource["links"] as? [[String: Any]] else { continue }
            resource["links"] = links.filter { ($0["private"] as? Bool) != true }
            definitions[name] = resource
        }
        if let droppingResource {
            definitions[droppingResource] = nil
            if var properties = root["properties"] as? [String: Any] {
                properties[droppingResource] = nil
                root["properties"] = properties
            }
        }
        root["definitions"] = definitions
        return try JSONSerialization.data(withJSONObject: root)
    }

    func testEveryPrivateLinkOfTodaysSchemaSurvivesARefreshThatLacksThem() throws {
        let checkedIn = try Data(contentsOf: Support.checkedInSchema)
        let original = try SchemaParser.parse(Array(checkedIn), file: "cma-hyperschema.json")
        let expected = privateLinks(of: original)
        XCTAssertGreaterThanOrEqual(expected.count, 4, "the 4 batch links at least are private")
        XCTAssertTrue(expected.contains { $0.hasPrefix("item.batch_publish PUT /items/publish") }, "\(expected)")

        let published = try withoutPrivateLinks(checkedIn)
        XCTAssertEqual(privateLinks(of: try SchemaParser.parse(Array(published), file: "published.json")), [])

        let merge = try PrivateLinks.carryOver(from: Array(checkedIn), into: Array(published), file: "published.json")
        XCTAssertEqual(merge.kept.count, expected.count)
        XCTAssertTrue(merge.dropped.isEmpty, "\(merge.dropped)")
        let merged = try SchemaParser.parse(merge.bytes, file: "merged.json")
        XCTAssertEqual(privateLinks(of: merged), expected)
        // The kept links generate the same functions as before.
        let before = try Generator.generate(schemaBytes: Array(checkedIn), file: "before.json").files.map(\.contents).joined()
        let after = try Generator.generate(schemaBytes: merge.bytes, file: "after.json").files.map(\.contents).joined()
        for function in ["func batchPublish(", "func batchUnpublish(", "func batchDestroy("] {
            XCTAssertEqual(before.components(separatedBy: function).count, after.components(separatedBy: function).count, function)
        }

        // Nothing to keep: the new schema's bytes are left as they are.
        let same = try PrivateLinks.carryOver(from: Array(checkedIn), into: Array(checkedIn), file: "same.json")
        XCTAssertEqual(same.kept.count, 0)
        XCTAssertEqual(same.bytes, Array(checkedIn))
    }

    func testAPrivateLinkWhoseResourceIsGoneIsReportedAsDropped() throws {
        let checkedIn = try Data(contentsOf: Support.checkedInSchema)
        let published = try withoutPrivateLinks(checkedIn, droppingResource: "session")
        let merge = try PrivateLinks.carryOver(from: Array(checkedIn), into: Array(published), file: "published.json")
        let dropped = merge.dropped.map { "\($0.link.resource).\($0.link.rel)" }.sorted()
        XCTAssertEqual(dropped, ["session.create", "session.destroy"])
        XCTAssertTrue(merge.dropped.allSatisfy { $0.reason.contains("no resource `session`") }, "\(merge.dropped)")
        XCTAssertFalse(merge.kept.isEmpty)
    }

    /// The tool says what it kept, and `--drop-private-links` drops them.
    func testUpdateSchemaReportsTheKeptLinks() throws {
        let tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("datocms-codegen")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw XCTSkip("datocms-codegen not found beside the test bundle (\(tool.path)): build the package first")
        }
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkedIn = try Data(contentsOf: Support.checkedInSchema)
        let destination = directory.appendingPathComponent("schema.json")
        let source = directory.appendingPathComponent("published.json")
        try checkedIn.write(to: destination)
        try withoutPrivateLinks(checkedIn).write(to: source)
        let expected = privateLinks(of: try SchemaParser.parse(Array(checkedIn), file: "schema.json"))

        let kept = try Support.run(tool, ["update-schema", source.path, "--destination", destination.path])
        XCTAssertEqual(kept.status, 0, kept.output)
        XCTAssertTrue(kept.output.contains("Kept \(expected.count) private link(s)"), kept.output)
        XCTAssertTrue(kept.output.contains("No resources, links or properties changed."), kept.output)
        XCTAssertEqual(privateLinks(of: try SchemaParser.parse(Array(try Data(contentsOf: destination)), file: "schema.json")), expected)

        let dropped = try Support.run(tool, ["update-schema", source.path, "--destination", destination.path, "--drop-private-links"])
        XCTAssertEqual(dropped.status, 0, dropped.output)
        XCTAssertTrue(dropped.output.contains("\(expected.count) removed"), dropped.output)
        XCTAssertEqual(privateLinks(of: try SchemaParser.parse(Array(try Data(contentsOf: destination)), file: "schema.json")), [])
    }
}
