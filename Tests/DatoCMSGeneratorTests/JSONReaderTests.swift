import XCTest

@testable import DatoCMSGenerator

final class JSONReaderTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONNode {
        try JSONReader.parse(Support.bytes(text))
    }

    // MARK: - Well-formed input

    func testObjectKeyOrderIsPreserved() throws {
        let root = try parse(#"{"zebra": 1, "alpha": 2, "mid": {"y": true, "b": false, "x": null}}"#)
        XCTAssertEqual(root.object?.map(\.key), ["zebra", "alpha", "mid"])
        XCTAssertEqual(root["mid"]?.object?.map(\.key), ["y", "b", "x"])
    }

    func testDuplicateKeysAreKeptInOrderAndTheLastWins() throws {
        let root = try parse(#"{"a": "first", "b": 0, "a": "second"}"#)
        XCTAssertEqual(root.object?.map(\.key), ["a", "b", "a"])
        XCTAssertEqual(root["a"]?.string, "second")
    }

    func testLinesAndColumnsOfNodes() throws {
        let text = """
            {
              "a": [1,
                "x"],
              "b": {"c": null}
            }
            """
        let root = try parse(text)
        XCTAssertEqual(root.line, 1)
        XCTAssertEqual(root.column, 1)
        let a = try XCTUnwrap(root["a"])
        XCTAssertEqual(a.line, 2)
        XCTAssertEqual(a.column, 8)
        let elements = try XCTUnwrap(a.array)
        XCTAssertEqual(elements.count, 2)
        XCTAssertEqual(elements[0].line, 2)
        XCTAssertEqual(elements[0].column, 9)
        XCTAssertEqual(elements[1].line, 3)
        XCTAssertEqual(elements[1].column, 5)
        XCTAssertEqual(elements[1].string, "x")
        let c = try XCTUnwrap(root["b"]?["c"])
        XCTAssertEqual(c.line, 4)
        XCTAssertEqual(c.column, 14)
        XCTAssertEqual(c.kindName, "null")
    }

    func testColumnsCountBytes() throws {
        // "é" is two bytes in UTF-8.
        let root = try parse(#"{"é": 1}"#)
        XCTAssertEqual(root["é"]?.column, 8)
    }

    func testPointersOfNodes() throws {
        let root = try parse(#"{"a": [1, {"b": 2}], "a/b": {"m~n": 3}}"#)
        XCTAssertEqual(root.pointer, .root)
        XCTAssertEqual(root.pointer.description, "")
        XCTAssertEqual(root["a"]?.pointer.description, "/a")
        XCTAssertEqual(root["a"]?.array?[1]["b"]?.pointer.description, "/a/1/b")
        XCTAssertEqual(root["a"]?.array?[1]["b"]?.pointer.tokens, ["a", "1", "b"])
        let escaped = try XCTUnwrap(root["a/b"]?["m~n"])
        XCTAssertEqual(escaped.pointer.tokens, ["a/b", "m~n"])
        XCTAssertEqual(escaped.pointer.description, "/a~1b/m~0n")
        XCTAssertEqual(escaped.pointer.fragment, "#/a~1b/m~0n")
    }

    func testPointerParsing() {
        XCTAssertEqual(JSONPointer(parsing: "#/definitions/item/definitions/identity")?.tokens, ["definitions", "item", "definitions", "identity"])
        XCTAssertEqual(JSONPointer(parsing: "/a~1b/m~0n")?.tokens, ["a/b", "m~n"])
        XCTAssertEqual(JSONPointer(parsing: "#/definitions/item%20type")?.tokens, ["definitions", "item type"])
        XCTAssertEqual(JSONPointer(parsing: "#"), .root)
        XCTAssertEqual(JSONPointer(parsing: ""), .root)
        XCTAssertNil(JSONPointer(parsing: "definitions/item"))
        XCTAssertNil(JSONPointer(parsing: "#definitions"))
        XCTAssertEqual(JSONPointer.root.appending("links").appending(3).description, "/links/3")
    }

    func testScalarsAreDecoded() throws {
        let root = try parse(#"[-1.50e+3, 0, true, false, null, "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"]"#)
        let elements = try XCTUnwrap(root.array)
        guard case .number(let number) = elements[0].value else { return XCTFail("not a number: \(elements[0].value)") }
        XCTAssertEqual(number, "-1.50e+3")
        XCTAssertEqual(elements[1].literalText, "0")
        XCTAssertEqual(elements[2].bool, true)
        XCTAssertEqual(elements[3].bool, false)
        XCTAssertEqual(elements[4].kindName, "null")
        XCTAssertEqual(elements[5].string, "a\"b\\c/d\n\té😀")
    }

    func testByteOrderMarkIsTolerated() throws {
        let root = try JSONReader.parse([0xEF, 0xBB, 0xBF] + Support.bytes(#"{"a": 1}"#))
        XCTAssertEqual(root.object?.map(\.key), ["a"])
        XCTAssertEqual(root["a"]?.column, 7)
    }

    func testNestingUpTo512LevelsIsAccepted() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNotNil(try parse(text).array)
    }

    // MARK: - Malformed input

    func testTrailingCommaInObject() throws {
        let error = try XCTUnwrap(Support.syntaxError(#"{"a": 1,}"#))
        XCTAssertEqual(error.message, "expected a string key")
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 9)
    }

    func testTrailingCommaInArray() throws {
        let error = try XCTUnwrap(Support.syntaxError("[\n  1,\n]"))
        XCTAssertEqual(error.message, "unexpected character ']'")
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.column, 1)
    }

    func testUnterminatedStringIsReportedAtTheEndOfInput() throws {
        let error = try XCTUnwrap(Support.syntaxError("{\n  \"a\": \"abc"))
        XCTAssertEqual(error.message, "unterminated string")
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.column, 12)
    }

    func testBadEscapeThrows() throws {
        let error = try XCTUnwrap(Support.syntaxError("[\n\"a\\q\"]"))
        XCTAssertEqual(error.message, "invalid escape '\\q'")
        XCTAssertEqual(error.line, 2)
    }

    func testBadUnicodeEscapePointsAtTheBadDigit() throws {
        let error = try XCTUnwrap(Support.syntaxError(#"["\u12G4"]"#))
        XCTAssertEqual(error.message, "invalid hex digit in \\u escape")
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 7)
    }

    func testUnpairedSurrogateThrows() throws {
        let error = try XCTUnwrap(Support.syntaxError(#"["\ud83d"]"#))
        XCTAssertEqual(error.message, "unpaired UTF-16 surrogate in string")
        XCTAssertEqual(error.line, 1)
    }

    func testControlCharacterInString() throws {
        let error = try XCTUnwrap(Support.syntaxError("[\"a\tb\"]"))
        XCTAssertEqual(error.message, "control character in string")
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 4)
    }

    func testGarbageAfterTheDocument() throws {
        let error = try XCTUnwrap(Support.syntaxError(#"{"a": 1} x"#))
        XCTAssertEqual(error.message, "unexpected text after the end of the JSON document")
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 10)

        let second = try XCTUnwrap(Support.syntaxError("{}\n\n  {}"))
        XCTAssertEqual(second.message, "unexpected text after the end of the JSON document")
        XCTAssertEqual(second.line, 3)
        XCTAssertEqual(second.column, 3)
    }

    func testNestingDeeperThan512LevelsThrows() throws {
        let text = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try XCTUnwrap(Support.syntaxError(text))
        XCTAssertEqual(error.message, "nesting deeper than 512 levels")
        XCTAssertEqual(error.line, 1)
        XCTAssertEqual(error.column, 513)

        let objects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        let objectError = try XCTUnwrap(Support.syntaxError(objects))
        XCTAssertEqual(objectError.message, "nesting deeper than 512 levels")
        XCTAssertEqual(objectError.column, 512 * 5 + 1)
    }

    func testOtherMalformedInputs() throws {
        let cases: [(text: String, message: String, line: Int, column: Int)] = [
            ("", "unexpected end of the document", 1, 1),
            ("   \n ", "unexpected end of the document", 2, 2),
            ("[1 2]", "expected ',' or ']' in array", 1, 4),
            (#"{"a" 1}"#, "expected ':' after key \"a\"", 1, 6),
            (#"{"a": 1 "b": 2}"#, "expected ',' or '}' in object", 1, 9),
            ("{\"a\": 1", "unterminated object", 1, 8),
            ("[tru]", "invalid literal (expected 'true')", 1, 2),
            ("[1.]", "invalid number: digits expected after '.'", 1, 4),
            ("[-]", "invalid number", 1, 3),
            ("[1e]", "invalid number: digits expected in exponent", 1, 4),
            ("{'a': 1}", "expected a string key", 1, 2),
        ]
        for entry in cases {
            guard let error = Support.syntaxError(entry.text) else {
                XCTFail("\(entry.text.debugDescription) parsed")
                continue
            }
            XCTAssertEqual(error.message, entry.message, entry.text)
            XCTAssertEqual(error.line, entry.line, entry.text)
            XCTAssertEqual(error.column, entry.column, entry.text)
        }
    }
}
