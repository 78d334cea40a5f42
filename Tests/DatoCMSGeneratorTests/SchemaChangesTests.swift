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
        XCTAssertEqual(changes.summary, "No resources, links or properties changed.")
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
            0 property(ies) added, 0 removed, 0 changed.
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

    /// A resource whose attributes are declared in its own `definitions` and reached by `$ref`, as
    /// DatoCMS writes them, with `relationships` inline when given.
    private func resource(_ name: String, attributes: String, required: [String], relationships: String? = nil) -> String {
        let requiredJSON = required.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"""
            "\#(name)": {
              "type": "object",
              "required": ["type", "id", "attributes"],
              "definitions": {
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/\#(name)/definitions/id"},
                "name": {"type": "string", "description": "Name"},
                "attributes": {"type": "object", "required": [\#(requiredJSON)], "properties": {\#(attributes)}}
              },
              "properties": {
                "type": {"type": "string"},
                "id": {"$ref": "#/definitions/\#(name)/definitions/id"},
                "attributes": {"$ref": "#/definitions/\#(name)/definitions/attributes"}\#(relationships.map { #", "relationships": {"type": "object", "properties": {\#($0)}}"# } ?? "")
              },
              "links": []
            }
            """#
    }

    private func schema(_ resources: String...) throws -> HyperSchema {
        try Support.parse("{\"definitions\": {\(resources.joined(separator: ",\n"))}}")
    }

    func testAddedRemovedAndChangedPropertiesAreListedPerResource() throws {
        let old = try schema(
            resource("item_type", attributes: #"""
                "name": {"$ref": "#/definitions/item_type/definitions/name"},
                "hint": {"type": ["string", "null"], "description": "Old wording"},
                "singleton": {"type": "boolean"},
                "sortable": {"type": "boolean"}
                """#, required: ["name", "singleton", "sortable"],
                relationships: #""fields": {"type": "object"}"#),
            resource("upload", attributes: #""size": {"type": "integer"}"#, required: ["size"]))
        let new = try schema(
            resource("item_type", attributes: #"""
                "name": {"$ref": "#/definitions/item_type/definitions/name"},
                "hint": {"type": "string", "description": "New wording"},
                "sortable": {"type": "boolean"},
                "draft_saving_active": {"type": "boolean"}
                """#, required: ["name", "hint", "draft_saving_active"],
                relationships: #""fields": {"type": "object"}, "workflow": {"type": ["object", "null"]}"#),
            resource("upload", attributes: #""size": {"type": ["integer", "string"]}"#, required: ["size"]))
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.addedProperties.map(\.description), [
            "item_type.attributes.draft_saving_active (boolean, required)",
            "item_type.relationships.workflow (object or null, optional)",
        ])
        XCTAssertEqual(changes.removedProperties.map(\.description), ["item_type.attributes.singleton (boolean, required)"])
        // `name` keeps its shape through the `$ref`; descriptions do not count.
        XCTAssertEqual(changes.changedProperties.map { "\($0.old) → \($0.new)" }, [
            "item_type.attributes.hint (string or null, optional) → item_type.attributes.hint (string, required)",
            "item_type.attributes.sortable (boolean, required) → item_type.attributes.sortable (boolean, optional)",
            "upload.attributes.size (integer, required) → upload.attributes.size (integer or string, required)",
        ])
        XCTAssertEqual(changes.summary, """
            + property item_type.attributes.draft_saving_active (boolean, required)
            + property item_type.relationships.workflow (object or null, optional)
            - property item_type.attributes.singleton (boolean, required)
            ~ property item_type.attributes.hint (string or null, optional) → string, required
            ~ property item_type.attributes.sortable (boolean, required) → boolean, optional
            ~ property upload.attributes.size (integer, required) → integer or string, required
            0 resource(s) added, 0 removed; 0 link(s) added, 0 removed, 0 changed.
            2 property(ies) added, 1 removed, 3 changed.
            """)
    }

    func testPropertiesOfAddedOrRemovedResourcesAreNotListed() throws {
        let old = try schema(resource("menu_item", attributes: #""label": {"type": "string"}"#, required: ["label"]))
        let new = try schema(resource("upload", attributes: #""size": {"type": "integer"}"#, required: ["size"]))
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.addedResources, ["upload"])
        XCTAssertEqual(changes.removedResources, ["menu_item"])
        XCTAssertTrue(changes.addedProperties.isEmpty && changes.removedProperties.isEmpty && changes.changedProperties.isEmpty)
    }

    func testAnAttributeSectionBecomingFreeFormIsOneChange() throws {
        let old = try schema(resource("item", attributes: #""title": {"type": "string"}"#, required: ["title"]))
        let new = try schema(resource("item", attributes: "", required: []))
        let changes = SchemaChanges(from: old, to: new)
        XCTAssertEqual(changes.removedProperties.map(\.description), ["item.attributes.title (string, required)"])
        XCTAssertEqual(changes.addedProperties.map(\.description), ["item.attributes (object, required)"])
    }

    func testOnlyDescriptionsChangedIsNoChange() throws {
        let old = try schema(resource("site", attributes: #""name": {"type": "string", "description": "Before"}"#, required: ["name"]))
        let new = try schema(resource("site", attributes: #""name": {"type": "string", "description": "After"}"#, required: ["name"]))
        XCTAssertTrue(SchemaChanges(from: old, to: new).isEmpty)
    }
}
