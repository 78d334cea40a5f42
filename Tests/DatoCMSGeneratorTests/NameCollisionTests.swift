import XCTest

@testable import DatoCMSGenerator

/// Schema names that meet in one Swift name: told apart deterministically and reported where
/// safe (the JSON keys stay as they are), refused where something would be lost.
final class NameCollisionTests: XCTestCase {
    private func schema(definitions: String) -> String {
        #"{"definitions": {\#(definitions)}}"#
    }

    func testPropertiesMeetingInOneNameAreNumberedInSchemaOrderWithAWarning() throws {
        let json = schema(definitions: #"""
            "widget": {"type": "object", "properties": {
              "api_key": {"type": "string"},
              "apiKey": {"type": "integer"},
              "API_KEY": {"type": "boolean"}
            }}
            """#)
        let (module, warnings) = try Support.translate(json)
        let widget = try XCTUnwrap(module.structure("Widget"))
        XCTAssertEqual(widget.properties.map(\.name), ["apiKey", "apiKey2", "apiKey3"])
        XCTAssertEqual(widget.properties.map(\.key), ["api_key", "apiKey", "API_KEY"], "the wire names are untouched")
        XCTAssertEqual(widget.properties.map(\.type), [.builtin("String"), .builtin("Int"), .builtin("Bool")])
        XCTAssertEqual(warnings.map(\.pointer), ["/definitions/widget/properties/apiKey", "/definitions/widget/properties/API_KEY"])
        XCTAssertTrue(warnings[0].message.contains("`apiKey2`"), warnings[0].message)
        XCTAssertEqual(warnings[0].line, 3)
        XCTAssertEqual(try Support.translate(json).module.structure("Widget"), widget, "deterministic")
    }

    func testResourcesMeetingInOneTypeNameAreNumberedWithWarnings() throws {
        let json = schema(definitions: #"""
            "item_type": {"type": "object", "properties": {"id": {"type": "string"}},
              "links": [{"rel": "self", "method": "GET", "href": "/a"}]},
            "ItemType": {"type": "object", "properties": {"id": {"type": "string"}},
              "links": [{"rel": "self", "method": "GET", "href": "/b"}]}
            """#)
        let (module, warnings) = try Support.translate(json)
        XCTAssertNotNil(module.structure("ItemType"))
        XCTAssertNotNil(module.structure("ItemType2"))
        XCTAssertEqual(Set(module.namespaces.map(\.property)).count, 2, "both reachable on the client")
        XCTAssertEqual(Set(module.files.map { $0.name.lowercased() }).count, 3, "no two files share a name, whatever the file system")
        XCTAssertTrue(warnings.contains { $0.pointer == "/definitions/ItemType" && $0.message.contains("`ItemType2`") }, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.message.contains("client property `itemTypes` is taken") }, "\(warnings)")
    }

    func testEnumValuesMeetingInOneNameAndMembersOfTheEnumType() throws {
        let json = schema(definitions: #"""
            "widget": {"type": "object", "properties": {
              "mode": {"type": "string", "enum": ["fast_mode", "fastMode", "known_values", "raw_value", "query_value"]}
            }}
            """#)
        let (module, warnings) = try Support.translate(json)
        let mode = try XCTUnwrap(module.openEnum("WidgetMode"))
        XCTAssertEqual(mode.cases.map(\.name), ["fastMode", "fastMode2", "knownValues2", "rawValue2", "queryValue2"])
        XCTAssertEqual(warnings.count, 4)
    }

    func testAKeyWrittenTwiceInPropertiesIsAnError() throws {
        let json = schema(definitions: #"""
            "widget": {"type": "object", "properties": {
              "title": {"type": "string"},
              "title": {"type": "integer"}
            }}
            """#)
        let error = try XCTUnwrap(Support.generationError(json))
        XCTAssertEqual(error.pointer, "/definitions/widget/properties/title")
        XCTAssertEqual(error.line, 3, "the second occurrence")
        XCTAssertTrue(error.message.contains("\"title\" twice"), error.message)
    }

    func testAResourceWrittenTwiceIsAnErrorNotADroppedResource() throws {
        let json = schema(definitions: #"""
            "widget": {"type": "object", "links": [{"rel": "self", "method": "GET", "href": "/a"}]},
            "widget": {"type": "object", "links": [{"rel": "destroy", "method": "DELETE", "href": "/a"}]}
            """#)
        let error = try XCTUnwrap(Support.generationError(json))
        XCTAssertEqual(error.pointer, "/definitions/widget")
        XCTAssertTrue(error.message.contains("`definitions`"), error.message)
        XCTAssertTrue(error.description.hasPrefix("fixture.json:"), error.description)
    }

    func testFriendlyParametersFromBodyAndQueryNeverClash() throws {
        let json = schema(definitions: #"""
            "widget": {"type": "object", "definitions": {"identity": {"type": "string"}},
              "properties": {"id": {"type": "string"}},
              "links": [{"rel": "update", "method": "PUT",
                "href": "/widgets/{(%2Fschemata%2Fwidget%23%2Fdefinitions%2Fwidget%2Fdefinitions%2Fidentity)}",
                "hrefSchema": {"type": "object", "properties": {"name": {"type": "string"}, "widget_id": {"type": "string"}}},
                "schema": {"type": "object", "properties": {"data": {"type": "object",
                  "properties": {"type": {"type": "string", "pattern": "^widget$"},
                    "attributes": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}},
                  "required": ["type", "attributes"]}}, "required": ["data"]}}]}
            """#)
        let output = try Support.generate(json)
        let contents = try XCTUnwrap(Support.contents(output, "Generated_widget.swift"))
        XCTAssertTrue(
            contents.contains("public func update(_ widgetId: String, name: String, queryName: String? = nil, queryWidgetId: String? = nil)"),
            Support.lines(containing: "public func update(", in: contents).joined(separator: "\n"))
    }
}
