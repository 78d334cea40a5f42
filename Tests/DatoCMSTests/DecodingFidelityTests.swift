import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The faster decoding (issue 13 §4) must read every answer exactly as before: `JSONValue`s the
/// SDK reads in one pass equal those `JSONDecoder` finds by probing each type, dates read by hand
/// equal `ISO8601DateFormatter`'s to the bit, and the depth check still skips strings. Timing is
/// the benchmark's business (`datocms-bench decode`), not these tests'.
final class DecodingFidelityTests: XCTestCase {
    /// A records page whose only record has `attributes` (JSON text), served over loopback.
    private func serveRecord(attributes: String) throws -> (LoopbackHTTPServer, DatoCMSClient, Data) {
        let body = Data("""
            {"data":[{"id":"r1","type":"item","attributes":\(attributes),
            "relationships":{"item_type":{"data":{"type":"item_type","id":"m1"}}},
            "meta":{"created_at":"2026-12-01T10:15:30.123+00:00"}}],"meta":{"total_count":1}}
            """.utf8)
        let server = try LoopbackHTTPServer { _ in .init(status: 200, headers: [("Content-Type", "application/json")], body: body) }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))
        return (server, client, body)
    }

    /// The attributes as the SDK reads them, and as plain `JSONDecoder` reads them (each value's
    /// type found by trying them in turn, the behaviour to keep).
    private func sdkAndProbed(_ attributes: String) async throws -> (sdk: JSONValue, probed: JSONValue) {
        let (server, client, body) = try serveRecord(attributes: attributes)
        defer { server.stop() }
        let sdk = try await client.items.list()
        let probed = try JSONDecoder().decode(ItemListResponse<JSONValue>.self, from: body)
        return (try XCTUnwrap(sdk.first?.attributes), try XCTUnwrap(probed.data.first?.attributes))
    }

    func testEveryKindOfValueReadsAsBefore() async throws {
        let attributes = #"""
            {"small": 0, "negative_zero": -0, "max": 9223372036854775807, "min": -9223372036854775808,
             "beyond_double": 9007199254740993, "too_big": 9223372036854775808, "too_small": -9223372036854775809,
             "huge": 123456789012345678901234567890,
             "tenth": 0.1, "half": 1.5, "tiny": -2.5e-3, "subnormal": 5e-324, "largest": 1.7976931348623157e308,
             "sum": 0.30000000000000004, "underflow": 1e-400,
             "whole_fraction": 1.0, "whole_exponent": 1e2, "upper_exponent": 1E+2, "scaled": 100e-2, "negative_zero_fraction": -0.0,
             "long_fraction": 1.000000000000000000001, "max_fraction": 9223372036854775807.0,
             "min_fraction": -9223372036854775809.0, "exact_fraction": 9007199254740993.0,
             "text": "plain", "empty": "", "escapes": "q\"b\\s\/n\nt\tr\ru\u00e9", "emoji": "\ud83d\ude00", "raw_utf8": "é漢字🙂",
             "nul": "a\u0000b", "yes": true, "no": false, "nothing": null,
             "list": [1, 1.5, "x", null, true, [], {}], "nested": {"a": {"b": [{"c": [[-1]]}]}},
             "empty_list": [], "empty_object": {}, "twice": 1, "twice": 2}
            """#
        let (sdk, probed) = try await sdkAndProbed(attributes)
        XCTAssertEqual(sdk, probed)
        // Pinned too, so a change to both paths shows.
        XCTAssertEqual(sdk["negative_zero"], .integer(0))
        XCTAssertEqual(sdk["max"], .integer(.max))
        XCTAssertEqual(sdk["min"], .integer(.min))
        XCTAssertEqual(sdk["beyond_double"], .integer(9_007_199_254_740_993))
        XCTAssertEqual(sdk["too_big"], .double(9_223_372_036_854_775_808))
        XCTAssertEqual(sdk["too_small"], .double(-9_223_372_036_854_775_808))
        XCTAssertEqual(sdk["tenth"], .double(0.1))
        XCTAssertEqual(sdk["subnormal"], .double(.leastNonzeroMagnitude))
        XCTAssertEqual(sdk["whole_fraction"], .integer(1))
        XCTAssertEqual(sdk["whole_exponent"], .integer(100))
        XCTAssertEqual(sdk["scaled"], .integer(1))
        XCTAssertEqual(sdk["exact_fraction"], .integer(9_007_199_254_740_993))
        XCTAssertEqual(sdk["escapes"], .string("q\"b\\s/n\nt\tr\ru\u{e9}"))
        XCTAssertEqual(sdk["emoji"], .string("😀"))
        XCTAssertEqual(sdk["raw_utf8"], .string("é漢字🙂"))
        XCTAssertEqual(sdk["nul"], .string("a\u{0}b"))
        XCTAssertEqual(sdk["nothing"], .null)
        XCTAssertEqual(sdk["list"], [1, 1.5, "x", nil, true, [], [:]])
        XCTAssertEqual(sdk["nested"]?["a"]?["b"]?[0]?["c"]?[0]?[0], .integer(-1))
        XCTAssertEqual(sdk["twice"], .integer(1), "the first of duplicate members wins, as with JSONDecoder")
    }

    func testManyNumberSpellingsReadAsBefore() async throws {
        var generator = SystemRandomNumberGenerator()
        var literals: [String] = []
        for _ in 0..<400 {
            let double = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            literals.append("\(double)")
            literals.append(String(format: "%.17g", Double.random(in: -1e6...1e6)))
            literals.append("\(Int.random(in: .min ... .max))")
            literals.append("\(Int.random(in: -1000...1000)).\(String(repeating: "0", count: Int.random(in: 1...3)))")
            literals.append("\(Int.random(in: 1...99))e\(Int.random(in: -30...30))")
        }
        let (sdk, probed) = try await sdkAndProbed("{\"numbers\": [\(literals.joined(separator: ","))]}")
        let sdkNumbers = try XCTUnwrap(sdk["numbers"]?.arrayValue)
        let probedNumbers = try XCTUnwrap(probed["numbers"]?.arrayValue)
        XCTAssertEqual(sdkNumbers.count, literals.count)
        for (index, literal) in literals.enumerated() where sdkNumbers[index] != probedNumbers[index] {
            XCTFail("\(literal): the SDK reads \(sdkNumbers[index]), JSONDecoder \(probedNumbers[index])")
        }
    }

    func testWhatTheFastReaderDoesNotTakeOnStillReadsAsJSONDecoderDoes() async throws {
        // A lone surrogate: JSONDecoder refuses it (this Foundation) or reads it somehow; the SDK
        // does the same.
        let (loneServer, loneClient, loneBody) = try serveRecord(attributes: #"{"lone": "a\ud800b", "fine": [1, 2.5]}"#)
        defer { loneServer.stop() }
        let probed = try? JSONDecoder().decode(ItemListResponse<JSONValue>.self, from: loneBody).data.first?.attributes
        let sdk = try? await loneClient.items.list().first?.attributes
        XCTAssertEqual(sdk, probed)

        // A number beyond Double: JSONDecoder refuses it, and so does the SDK, saying where.
        let (server, client, _) = try serveRecord(attributes: #"{"title": "ok", "overflow": [1, 1e400]}"#)
        defer { server.stop() }
        do {
            _ = try await client.items.list()
            XCTFail("decoded a number beyond Double")
        } catch DatoCMSError.decoding(_, _, let path, _) {
            XCTAssertTrue(path.contains("attributes"), path)
        }
    }

    func testJSONValueConversionsReadAsBefore() throws {
        struct Sample: Codable, Equatable {
            var whole: Double = 1.0
            var fraction: Double = 0.25
            var count: Int = 3
            var name: String = "é\"\n"
            var tags: [String] = ["a", "b"]
            var maybe: String? = nil
        }
        let value = try JSONValue(encoding: Sample())
        XCTAssertEqual(value, try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(Sample())))
        XCTAssertEqual(try value.decode(as: Sample.self), Sample())
        let wrapped: JSONValue = ["inner": value, "list": [value, nil]]
        struct Holder: Codable, Equatable {
            var inner: JSONValue
            var list: [JSONValue]
        }
        XCTAssertEqual(try wrapped.decode(as: Holder.self), Holder(inner: value, list: [value, nil]))
    }

    // MARK: - Dates

    private func formatterDate(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let withoutFraction = ISO8601DateFormatter()
        withoutFraction.formatOptions = [.withInternetDateTime]
        return withFraction.date(from: text) ?? withoutFraction.date(from: text)
    }

    func testDatesReadByHandEqualTheFormattersToTheBit() {
        var texts: [String] = []
        for _ in 0..<1500 {
            let year = Int.random(in: 1970...2100)
            let month = Int.random(in: 1...12)
            let day = Int.random(in: 1...28)
            var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, Int.random(in: 0...23), Int.random(in: 0...59), Int.random(in: 0...59))
            let digits = Int.random(in: 0...7)
            if digits > 0 { text += "." + (0..<digits).map { _ in String(Int.random(in: 0...9)) }.joined() }
            switch Int.random(in: 0...2) {
            case 0: text += "Z"
            case 1: text += String(format: "+%02d:%02d", Int.random(in: 0...14), [0, 30, 45].randomElement()!)
            default: text += String(format: "-%02d:%02d", Int.random(in: 0...12), [0, 30].randomElement()!)
            }
            texts.append(text)
        }
        texts += [
            "2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00.000+00:00", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59.9999999-12:00",
            "2026-12-01T10:15:30.1Z", "2026-12-01T10:15:30.12+01:00",
        ]
        for text in texts {
            let handRead = DateTime(rawValue: text).date
            XCTAssertNotNil(handRead, text)
            XCTAssertEqual(handRead?.timeIntervalSinceReferenceDate.bitPattern, formatterDate(text)?.timeIntervalSinceReferenceDate.bitPattern, text)
        }
    }

    func testOtherDateSpellingsAreTheFormattersCall() {
        let texts = [
            "2026-12-01t10:15:30.123z", "2026-12-01 10:15:30Z", "2026-12-01T10:15:30.123+0200", "2023-02-29T10:15:30Z",
            "2026-02-30T10:15:30Z", "2026-12-01T24:00:00Z", "2026-12-01T10:15:60Z", "2026-12-01T10:15:30.Z", "2026-12-01T10:15:30",
            "2026-12-01", "", "not a date", "2026-12-01T10:15:30.123+00:00 ", "1582-10-10T00:00:00Z",
        ]
        for text in texts {
            XCTAssertEqual(DateTime(rawValue: text).date, formatterDate(text), text)
        }
    }

    func testDateTimeFromADateRoundTrips() {
        let date = Date(timeIntervalSince1970: 1_764_584_130.123)
        let text = DateTime(date)
        XCTAssertEqual(text.rawValue, "2025-12-01T10:15:30.123Z")
        XCTAssertEqual(text.date, formatterDate(text.rawValue))
    }

    func testRecordDatesReadFromAnAnswer() async throws {
        let (server, client, _) = try serveRecord(attributes: "{}")
        defer { server.stop() }
        let record = try await client.items.list().first
        let expected = formatterDate("2026-12-01T10:15:30.123+00:00")
        XCTAssertNotNil(expected)
        XCTAssertEqual(record?.meta.createdAt?.date, expected)
    }

    // MARK: - Depth check

    private func listReason(_ body: String) async throws -> String? {
        let data = Data(body.utf8)
        let server = try LoopbackHTTPServer { _ in .init(status: 200, headers: [("Content-Type", "application/json")], body: data) }
        defer { server.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))
        do {
            _ = try await client.items.list()
            return nil
        } catch DatoCMSError.unexpectedResponse(_, _, let reason, _) {
            return reason
        }
    }

    private func page(attributes: String) -> String {
        #"{"data":[{"id":"r1","type":"item","attributes":"# + attributes + #","relationships":{},"meta":{}}],"meta":{"total_count":1}}"#
    }

    func testTheDepthCheckSkipsBracketsInsideStrings() async throws {
        let brackets = String(repeating: "[{", count: 400)
        let reason = try await listReason(page(attributes: #"{"a": "\#(brackets)", "b": "\"\#(brackets)\\", "c": "\\\"\#(brackets)"}"#))
        XCTAssertNil(reason, "brackets inside strings were counted: \(reason ?? "")")
    }

    func testTheDepthCheckCountsNestingAfterAnEscapedBackslash() async throws {
        // `"x\\"` ends the string: a reader that took `\"` for an escaped quote would miss the nesting.
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let reason = try await listReason(page(attributes: #"{"a": "x\\", "b": \#(deep)}"#))
        XCTAssertTrue(reason?.contains("deeper than 256") == true, reason ?? "decoded")
        let justUnder = String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
        let accepted = try await listReason(page(attributes: #"{"a": "x\\", "b": \#(justUnder)}"#))
        XCTAssertNil(accepted)
    }
}
