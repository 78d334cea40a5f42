import XCTest

@testable import DatoCMSGenerator

/// `SchemaChanges`: the summary `update-schema` prints before replacing a schema.
final class SchemaChangesTests: XCTestCase {
    private func schema(_ resources: [String: [(rel: String, method: String, href: String)]]) throws -> HyperSchema {
        var definitions: [String] = []
        for (name, links) in resources.sorted(by: { $0.key < $1.key }) {
            let linkJSON = links.map { #"{"rel": "\#($0.rel)", "method": "\#($0.method)", "href": "\#($0.href)"}"# }
            definitions.append(#"""
                "\#(name)": {
                  "type": "object",
                  "definitions": {"id": {"type": "string"}, "identity": {"$ref": "#/definitions/\#(name)/definitions/id"}},
                  "links": [\#(linkJSON.joined(separator: ", "))]
                }
                """#)
        }
        return try Support.parse("{\"definitions\": {\(definitions.joined(separator: ",\n"))}}")
    }

    private func identity(_ resource: String) -> String { Support.identity(resource) }

    func testIdenticalSchemasHaveNoChanges() throws {
        let old = try schema(["item": [("instances", "GET", "/items")]])
        let changes = SchemaChanges(from: old, to: old)
        XCTAssertTrue(changes.isEmpty)
        XCTAssertEqual(changes.summary, "No resources or links changed.")
    }

    func testAddedAndRemovedResourcesAndLinks() throws {
        let old = try schema([
            "item": [("instances", "GET", "/items"), ("destroy", "DELETE", "/items/\(identity("item"))")],
            "menu_item": [("instances", "GET", "/menu-items")],
        ])
        let new = try schema([
            "item": [("instances", "GET", "/items"), ("bulk_publish", "POST", "/items/bulk/publish")],
            "upload": [("self", "GET", "/uploads/\(identity("upload"))")],
        ])
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.addedResources, ["upload"])
        XCTAssertEqual(changes.removedResources, ["menu_item"])
        XCTAssertEqual(changes.addedLinks.map(\.description), ["item.bulk_publish (POST /items/bulk/publish)", "upload.self (GET /uploads/:id)"])
        XCTAssertEqual(changes.removedLinks.map(\.description), ["item.destroy (DELETE /items/:id)", "menu_item.instances (GET /menu-items)"])
        XCTAssertTrue(changes.changedLinks.isEmpty)
        XCTAssertEqual(changes.summary, """
            + resource upload
            - resource menu_item
            + link item.bulk_publish (POST /items/bulk/publish)
            + link upload.self (GET /uploads/:id)
            - link item.destroy (DELETE /items/:id)
            - link menu_item.instances (GET /menu-items)
            1 resource(s) added, 1 removed; 2 link(s) added, 2 removed, 0 changed.
            """)
    }

    func testALinkThatMovedIsReportedAsChanged() throws {
        let old = try schema(["field": [("duplicate", "POST", "/fields/\(identity("field"))/duplicate")]])
        let new = try schema(["field": [("duplicate", "POST", "/item-types/\(identity("field"))/fields/\(identity("field"))/duplicate")]])
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.changedLinks.count, 1)
        XCTAssertTrue(changes.addedLinks.isEmpty && changes.removedLinks.isEmpty)
        XCTAssertTrue(changes.summary.contains("~ link field.duplicate (POST /fields/:id/duplicate) → POST /item-types/:id/fields/:id/duplicate"), changes.summary)
    }

    func testSeveralLinksUnderOneRelAreMatchedByMethodAndHref() throws {
        let old = try schema(["item": [("publish", "PUT", "/items/\(identity("item"))/publish"), ("publish", "PUT", "/items/publish")]])
        let new = try schema(["item": [("publish", "PUT", "/items/\(identity("item"))/publish")]])
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.removedLinks.map(\.description), ["item.publish (PUT /items/publish)"])
        XCTAssertTrue(changes.changedLinks.isEmpty)
    }
}
