import Foundation
import XCTest

@testable import DatoCMSGenerator

/// `null` where the schema allows it: in list elements and dictionary values of responses, and
/// as an explicit value for request members the API requires but lets be empty.
final class NullabilityTests: XCTestCase {
    private let schema = """
        {
          "definitions": {
            "note": {
              "type": "object",
              "definitions": {
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/note/definitions/id"},
                "attributes": {
                  "type": "object",
                  "required": ["alt_texts", "scores", "body"],
                  "properties": {
                    "alt_texts": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
                    "scores": {"type": "array", "items": {"type": ["integer", "null"]}},
                    "body": {"type": ["string", "null"]},
                    "extra": {"type": "object", "additionalProperties": {}}
                  }
                }
              },
              "properties": {
                "type": {"type": "string", "pattern": "^note$"},
                "id": {"$ref": "#/definitions/note/definitions/id"},
                "attributes": {"$ref": "#/definitions/note/definitions/attributes"}
              },
              "links": [{
                "rel": "create", "method": "POST", "href": "/notes",
                "schema": {"type": "object", "properties": {"data": {"type": "object", "required": ["type", "attributes", "relationships"], "properties": {
                  "type": {"type": "string", "pattern": "^note$"},
                  "attributes": {"type": "object", "required": ["body"], "properties": {
                    "body": {"$ref": "#/definitions/note/definitions/attributes/properties/body"},
                    "title": {"type": ["string", "null"]}}},
                  "relationships": {"type": "object", "required": ["parent"], "properties": {
                    "parent": {"type": "object", "properties": {"data": {"anyOf": [
                      {"type": "object", "properties": {"type": {"type": "string", "pattern": "^note$"}, "id": {"type": "string"}}},
                      {"type": "null"}]}}}}}}}}},
                "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/note"}}}
              }, {
                "rel": "update", "method": "PUT", "href": "/notes/{(%23%2Fdefinitions%2Fnote%2Fdefinitions%2Fidentity)}",
                "schema": {"type": "object", "properties": {"data": {"type": "object", "required": ["type"], "properties": {
                  "type": {"type": "string", "pattern": "^note$"},
                  "attributes": {"type": "object", "properties": {
                    "title": {"type": ["string", "null"]},
                    "extra": {"type": ["object", "null"], "additionalProperties": {}},
                    "count": {"type": "integer"}}},
                  "relationships": {"type": "object", "properties": {
                    "parent": {"type": "object", "properties": {"data": {"anyOf": [
                      {"type": "object", "properties": {"type": {"type": "string", "pattern": "^note$"}, "id": {"type": "string"}}},
                      {"type": "null"}]}}}}}}}}},
                "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/note"}}}
              }]
            }
          }
        }
        """

    func testNullableElementsAndValuesAreOptionalInside() throws {
        let output = try Support.generate(schema)
        let source = try XCTUnwrap(Support.contents(output, "Generated_note.swift"))
        XCTAssertTrue(source.contains("public var altTexts: [String: String?]"), source)
        XCTAssertTrue(source.contains("public var scores: [Int?]"), source)
        // Free-form JSON holds null itself: no `JSONValue?`.
        XCTAssertTrue(source.contains("[String: DatoCMSRuntime.JSONValue]"), source)
        XCTAssertFalse(source.contains("JSONValue?]"), source)
        try Support.assertTypeChecksCleanly(output)
    }

    func testRequiredNullableRequestMembersAreSentAsNull() throws {
        let output = try Support.generate(schema)
        let source = try XCTUnwrap(Support.contents(output, "Generated_note.swift"))
        // Required but nullable: `encode`, which writes null for nil; optional: left out when nil.
        XCTAssertTrue(source.contains("try attributes.encode(self.body, forKey: \"body\")"), source)
        XCTAssertTrue(source.contains("try attributes.encodeIfPresent(self.title, forKey: \"title\")"), source)
        XCTAssertTrue(source.contains("forKey: \"parent\", nullWhenAbsent: true"), source)
        let result = try TypeChecker.check(output)
        XCTAssertTrue(result.succeeded, result.log)
    }

    func testAnUpdatesOptionalNullableMembersCanBeLeftOutSetOrCleared() throws {
        let output = try Support.generate(schema)
        let source = try XCTUnwrap(Support.contents(output, "Generated_note.swift"))
        // Update: three states; create: left out or a value (`null` would mean the same as left out).
        XCTAssertTrue(source.contains("public func update(_ noteId: String, title: DatoCMSRuntime.Nullable<String>? = nil, extra: DatoCMSRuntime.Nullable<[String: DatoCMSRuntime.JSONValue]>? = nil, count: Int? = nil, parent: DatoCMSRuntime.Nullable<String>? = nil)"), source)
        XCTAssertTrue(source.contains("public func create(body: String? = nil, title: String? = nil, parent: (any DatoCMSRuntime.ResourceReference)? = nil)"), source)
        XCTAssertTrue(source.contains("encodeClearableToOne(self.parent"), source)
        XCTAssertTrue(source.contains("decodeNullable(DatoCMSRuntime.Nullable<String>.self, forKey: \"title\""), source)
        try Support.assertTypeChecksCleanly(output)
    }
}
