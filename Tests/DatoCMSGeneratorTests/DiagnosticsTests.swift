import XCTest

@testable import DatoCMSGenerator

/// Every structural problem is reported as a `GeneratorError` naming the file, the position and
/// the JSON pointer — never a crash or a hang.
final class DiagnosticsTests: XCTestCase {
    /// A one-resource schema with `body` spliced into the resource.
    private func schema(resource body: String) -> String {
        """
        {
          "definitions": {
            "item": {
        \(body)
            }
          }
        }
        """
    }

    // MARK: - Description format

    func testDescriptionFormat() {
        let full = GeneratorError(file: "a.json", pointer: "/definitions/item", line: 3, column: 7, message: "bad")
        XCTAssertEqual(full.description, "a.json:3:7: error: bad (at #/definitions/item)")
        let lineOnly = GeneratorError(file: "a.json", pointer: "/x", line: 3, message: "bad")
        XCTAssertEqual(lineOnly.description, "a.json:3: error: bad (at #/x)")
        let nowhere = GeneratorError(file: "a.json", pointer: "", message: "bad")
        XCTAssertEqual(nowhere.description, "a.json: error: bad (at #)")
        let warning = GeneratorWarning(file: "a.json", pointer: "/definitions/item/links/1/rel", line: 9, message: "renamed")
        XCTAssertEqual(warning.description, "a.json:9: warning: renamed (at #/definitions/item/links/1/rel)")
    }

    // MARK: - Malformed JSON

    func testMalformedJSONNamesFileLineAndColumn() throws {
        let text = "{\n  \"definitions\": {,\n}"
        let error = try XCTUnwrap(Support.generationError(text, file: "schemas/broken.json"))
        XCTAssertEqual(error.file, "schemas/broken.json")
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.column, 19)
        XCTAssertEqual(error.pointer, "")
        XCTAssertEqual(error.description, "schemas/broken.json:2:19: error: malformed JSON: expected a string key (at #)")
    }

    func testMalformedJSONThroughTheParser() throws {
        let error = try XCTUnwrap(Support.parseError(#"{"definitions": {}} trailing"#, file: "x.json"))
        XCTAssertEqual(error.description, "x.json:1:21: error: malformed JSON: unexpected text after the end of the JSON document (at #)")
    }

    func testDocumentMustBeAnObjectWithDefinitions() throws {
        let array = try XCTUnwrap(Support.parseError("[]", file: "f.json"))
        XCTAssertEqual(array.description, "f.json:1:1: error: a hyper-schema must be a JSON object, not an array (at #)")

        let missing = try XCTUnwrap(Support.parseError(#"{"title": "x"}"#, file: "f.json"))
        XCTAssertEqual(missing.pointer, "")
        XCTAssertTrue(missing.message.hasPrefix("no `definitions`"), missing.message)

        let wrongKind = try XCTUnwrap(Support.parseError(#"{"definitions": []}"#, file: "f.json"))
        XCTAssertEqual(wrongKind.description, "f.json:1:17: error: `definitions` must be an object (at #/definitions)")
    }

    // MARK: - References

    func testUnresolvedRefNamesThePointerOfTheRef() throws {
        let text = schema(resource: """
                  "type": "object",
                  "properties": {
                    "meta": {"$ref": "#/definitions/item/definitions/missing"}
                  }
            """)
        let error = try XCTUnwrap(Support.generationError(text, file: "s.json"))
        let line = try XCTUnwrap(Support.location(of: #"{"$ref""#, in: text)).line
        XCTAssertEqual(error.pointer, "/definitions/item/properties/meta/$ref")
        XCTAssertEqual(error.line, line)
        XCTAssertEqual(error.message, "`$ref` \"#/definitions/item/definitions/missing\" resolves nowhere in this file")
        XCTAssertEqual(
            error.description,
            "s.json:\(line): error: `$ref` \"#/definitions/item/definitions/missing\" resolves nowhere in this file (at #/definitions/item/properties/meta/$ref)")
        // The parser alone reports the same.
        XCTAssertEqual(Support.parseError(text, file: "s.json"), error)
    }

    func testUnresolvedRefInsideALinkSchema() throws {
        let text = schema(resource: """
                  "type": "object",
                  "links": [
                    {"rel": "self", "method": "GET", "href": "/items",
                     "targetSchema": {"properties": {"data": {"items": {"$ref": "#/definitions/nothing"}}}}}
                  ]
            """)
        let error = try XCTUnwrap(Support.generationError(text))
        XCTAssertEqual(error.pointer, "/definitions/item/links/0/targetSchema/properties/data/items/$ref")
        XCTAssertTrue(error.message.contains("#/definitions/nothing"), error.message)
    }

    func testNonLocalRefIsRejected() throws {
        let text = schema(resource: """
                  "properties": {"a": {"$ref": "other.json#/definitions/a"}}
            """)
        let error = try XCTUnwrap(Support.parseError(text))
        XCTAssertEqual(error.pointer, "/definitions/item/properties/a/$ref")
        let position = try XCTUnwrap(Support.location(of: #""other.json"#, in: text))
        XCTAssertEqual(error.line, position.line)
        XCTAssertEqual(error.column, position.column)
        XCTAssertTrue(error.message.contains("not a local reference"), error.message)
    }

    func testCyclicRefChainIsReported() throws {
        let text = schema(resource: """
                  "definitions": {
                    "a": {"$ref": "#/definitions/item/definitions/b"},
                    "b": {"$ref": "#/definitions/item/definitions/a"}
                  },
                  "properties": {"p": {"$ref": "#/definitions/item/definitions/a"}}
            """)
        let error = try XCTUnwrap(Support.generationError(text, file: "cycle.json"))
        XCTAssertEqual(error.pointer, "/definitions/item/definitions/b/$ref")
        XCTAssertEqual(error.line, Support.location(of: #""b": {"#, in: text)?.line)
        XCTAssertEqual(
            error.message,
            "cyclic `$ref`: #/definitions/item/definitions/a → #/definitions/item/definitions/b → #/definitions/item/definitions/a")
        XCTAssertTrue(error.description.hasPrefix("cycle.json:\(error.line ?? 0): error: cyclic `$ref`"), error.description)
        XCTAssertTrue(error.description.hasSuffix("(at #/definitions/item/definitions/b/$ref)"), error.description)
    }

    func testSelfReferenceIsReported() throws {
        let text = schema(resource: """
                  "definitions": {"loop": {"$ref": "#/definitions/item/definitions/loop"}}
            """)
        let error = try XCTUnwrap(Support.generationError(text))
        XCTAssertEqual(error.pointer, "/definitions/item/definitions/loop/$ref")
        XCTAssertEqual(error.message, "cyclic `$ref`: #/definitions/item/definitions/loop → #/definitions/item/definitions/loop")
    }

    func testRefIntoACycleIsReported() throws {
        // `p` is not in the cycle itself but leads into it.
        let text = schema(resource: """
                  "properties": {"p": {"$ref": "#/definitions/item/properties/q"},
                                 "q": {"$ref": "#/definitions/item/properties/r"},
                                 "r": {"$ref": "#/definitions/item/properties/q"}}
            """)
        let error = try XCTUnwrap(Support.generationError(text))
        XCTAssertTrue(error.message.hasPrefix("cyclic `$ref`: "), error.message)
    }

    // MARK: - Types and keywords

    func testUnknownTypeName() throws {
        let text = schema(resource: """
                  "properties": {"name": {"type": "strin"}}
            """)
        let error = try XCTUnwrap(Support.generationError(text, file: "t.json"))
        let position = try XCTUnwrap(Support.location(of: #""strin""#, in: text))
        XCTAssertEqual(error.pointer, "/definitions/item/properties/name/type")
        XCTAssertEqual(
            error.description,
            "t.json:\(position.line):\(position.column): error: unknown type `strin` (known: array, boolean, integer, null, number, object, string) (at #/definitions/item/properties/name/type)")
    }

    func testUnknownTypeNameInATypeArray() throws {
        let text = schema(resource: """
                  "properties": {"when": {"type": ["null", "date"]}}
            """)
        let error = try XCTUnwrap(Support.generationError(text))
        XCTAssertEqual(error.pointer, "/definitions/item/properties/when/type")
        XCTAssertTrue(error.message.hasPrefix("unknown type `date`"), error.message)
        XCTAssertEqual(error.column, Support.location(of: #"["null""#, in: text)?.column)
    }

    func testPropertiesThatAreNotAnObject() throws {
        let text = schema(resource: """
                  "type": "object",
                  "properties": ["id", "name"]
            """)
        let error = try XCTUnwrap(Support.generationError(text, file: "p.json"))
        let position = try XCTUnwrap(Support.location(of: #"["id""#, in: text))
        XCTAssertEqual(error.pointer, "/definitions/item/properties")
        XCTAssertEqual(error.description, "p.json:\(position.line):\(position.column): error: `properties` must be an object (at #/definitions/item/properties)")
    }

    func testTopLevelPropertiesThatAreNotAnObject() throws {
        let error = try XCTUnwrap(Support.generationError(#"{"definitions": {}, "properties": 3}"#, file: "p.json"))
        XCTAssertEqual(error.description, "p.json:1:35: error: `properties` must be an object (at #/properties)")
    }

    func testOtherMistypedKeywords() throws {
        let cases: [(body: String, pointer: String, message: String)] = [
            (#""required": "id""#, "/definitions/item/required", "`required` must be an array of strings"),
            (#""enum": "a""#, "/definitions/item/enum", "`enum` must be an array"),
            (#""anyOf": {}"#, "/definitions/item/anyOf", "`anyOf` must be an array of schemas"),
            (#""additionalProperties": 1"#, "/definitions/item/additionalProperties", "`additionalProperties` must be a Boolean or a schema"),
            (#""type": 3"#, "/definitions/item/type", "`type` must be a string or an array of strings"),
            (#""properties": {"a": true}"#, "/definitions/item/properties/a", "a schema must be an object, not a Boolean"),
            (#""links": {}"#, "/definitions/item/links", "`links` must be an array"),
            (#""links": [3]"#, "/definitions/item/links/0", "a link must be an object, not a number"),
        ]
        for entry in cases {
            let text = schema(resource: "      " + entry.body)
            guard let error = Support.generationError(text) else {
                XCTFail("no error for \(entry.body)")
                continue
            }
            XCTAssertEqual(error.pointer, entry.pointer, entry.body)
            XCTAssertEqual(error.message, entry.message, entry.body)
            XCTAssertEqual(error.line, 4, entry.body)
            XCTAssertNotNil(error.column, entry.body)
        }
    }

    // MARK: - Links

    private func linkError(_ link: String, file: String = "l.json") -> GeneratorError? {
        Support.generationError(schema(resource: """
                  "type": "object",
                  "links": [
                    \(link)
                  ]
            """), file: file)
    }

    func testLinkWithoutRel() throws {
        let error = try XCTUnwrap(linkError(#"{"method": "GET", "href": "/items"}"#))
        XCTAssertEqual(error.description, "l.json:6:9: error: the link has no `rel` (at #/definitions/item/links/0)")
    }

    func testLinkWithoutMethod() throws {
        let error = try XCTUnwrap(linkError(#"{"rel": "self", "href": "/items"}"#))
        XCTAssertEqual(error.description, "l.json:6:9: error: the link has no `method` (at #/definitions/item/links/0)")
    }

    func testLinkWithoutHref() throws {
        let error = try XCTUnwrap(linkError(#"{"rel": "self", "method": "GET"}"#))
        XCTAssertEqual(error.description, "l.json:6:9: error: the link has no `href` (at #/definitions/item/links/0)")
    }

    func testLinkWithEmptyRel() throws {
        let error = try XCTUnwrap(linkError(#"{"rel": "", "method": "GET", "href": "/items"}"#))
        XCTAssertEqual(error.description, "l.json:6:17: error: `rel` must be a non-empty string (at #/definitions/item/links/0/rel)")
    }

    func testUnknownHTTPMethod() throws {
        let error = try XCTUnwrap(linkError(#"{"rel": "self", "method": "FETCH", "href": "/items"}"#))
        XCTAssertEqual(error.description, "l.json:6:35: error: unknown HTTP method `FETCH` (at #/definitions/item/links/0/method)")
    }

    func testLowercaseMethodIsAccepted() throws {
        let schema = try Support.parse(self.schema(resource: """
                  "type": "object",
                  "links": [{"rel": "self", "method": "get", "href": "/items"}]
            """))
        XCTAssertEqual(schema.resources.first?.links.first?.method, "GET")
    }

    func testHrefPlaceholderPointingNowhere() throws {
        let href = "/items/" + Support.identity("ghost")
        let error = try XCTUnwrap(linkError(#"{"rel": "self", "method": "GET", "href": "\#(href)"}"#))
        XCTAssertEqual(error.pointer, "/definitions/item/links/0/href")
        XCTAssertEqual(error.line, 6)
        XCTAssertEqual(error.message, "the `href` placeholder refers to #/definitions/ghost/definitions/identity, which resolves nowhere in this file")
        XCTAssertEqual(
            error.description,
            "l.json:6: error: the `href` placeholder refers to #/definitions/ghost/definitions/identity, which resolves nowhere in this file (at #/definitions/item/links/0/href)")
    }

    func testHrefPlaceholderThatIsNotAReference() throws {
        let error = try XCTUnwrap(linkError(#"{"rel": "self", "method": "GET", "href": "/items/{id}"}"#))
        XCTAssertEqual(error.pointer, "/definitions/item/links/0/href")
        XCTAssertEqual(error.line, 6)
        XCTAssertEqual(error.column, 50)
        XCTAssertTrue(error.message.hasPrefix("the `href` placeholder {id} is not an encoded schema reference"), error.message)
    }

    func testMalformedHrefs() throws {
        let cases: [(href: String, message: String)] = [
            ("items", "`href` must start with '/': items"),
            ("/items?page=1", "`href` must be a path without query or fragment (query parameters belong in `hrefSchema`): /items?page=1"),
            ("/items/{(%2Fschemata", "unbalanced '{' in `href` /items/{(%2Fschemata"),
            ("/items/x}", "unbalanced '}' in `href` /items/x}"),
        ]
        for entry in cases {
            guard let error = linkError(#"{"rel": "self", "method": "GET", "href": "\#(entry.href)"}"#) else {
                XCTFail("no error for \(entry.href)")
                continue
            }
            XCTAssertEqual(error.pointer, "/definitions/item/links/0/href", entry.href)
            XCTAssertEqual(error.message, entry.message, entry.href)
            XCTAssertEqual(error.column, 50, entry.href)
        }
    }

    func testHrefIsSplitIntoSegments() throws {
        let schema = try Support.parse(self.schema(resource: """
                  "type": "object",
                  "definitions": {"identity": {"type": "string"}},
                  "links": [{"rel": "self", "method": "GET", "href": "/items/\(Support.identity("item"))/v-\(Support.identity("item")).json"}]
            """))
        let link = try XCTUnwrap(schema.resources.first?.links.first)
        let identity = try XCTUnwrap(JSONPointer(parsing: "#/definitions/item/definitions/identity"))
        XCTAssertEqual(link.path, [
            .literal("items"),
            .template([.placeholder(identity)]),
            .template([.text("v-"), .placeholder(identity), .text(".json")]),
        ])
    }
}
