import Foundation
import XCTest

@testable import DatoCMSGenerator

/// The models generator (issue 14): a project's item types and fields in, `DatoCMSModel` structs
/// and block unions out — type-checked against the runtime, deterministic, and checked for drift.
final class ModelGeneratorTests: XCTestCase {
    /// One field of a fixture project.
    struct FieldSpec {
        var apiKey: String
        var type: String
        var localized = false
        var required = false
        var validators: [String: [String]] = [:]
        var label: String?
        var hint: String?
    }

    /// An export as `exportModelSchema()` writes it, built from a compact description.
    static func export(_ models: [(id: String, apiKey: String, block: Bool, fields: [FieldSpec])]) -> String {
        var itemTypes: [String] = []
        var fields: [String] = []
        var fieldNumber = 0
        for model in models {
            itemTypes.append(#"{"type":"item_type","id":"\#(model.id)","attributes":{"name":"\#(model.apiKey.capitalized)","api_key":"\#(model.apiKey)","modular_block":\#(model.block)},"relationships":{}}"#)
            for (position, field) in model.fields.enumerated() {
                fieldNumber += 1
                var validators: [String] = field.required ? [#""required":{}"#] : []
                for (name, ids) in field.validators.sorted(by: { $0.key < $1.key }) {
                    validators.append(#""\#(name)":{"item_types":[\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
                }
                let hint = field.hint.map { #""hint":"\#($0)","# } ?? ""
                fields.append(#"{"type":"field","id":"f\#(fieldNumber)","attributes":{"label":"\#(field.label ?? field.apiKey)",\#(hint)"api_key":"\#(field.apiKey)","field_type":"\#(field.type)","localized":\#(field.localized),"position":\#(position + 1),"validators":{\#(validators.joined(separator: ","))}},"relationships":{"item_type":{"data":{"type":"item_type","id":"\#(model.id)"}}}}"#)
            }
        }
        return #"{"item_types":[\#(itemTypes.joined(separator: ","))],"fields":[\#(fields.joined(separator: ","))]}"#
    }

    /// A model with a field of every type (each also localized), and two block models, one of
    /// which accepts blocks of its own model (recursion).
    static let everyFieldType: String = {
        let types = ["string", "text", "boolean", "integer", "float", "date", "date_time", "color", "lat_lon", "seo", "slug",
                     "json", "video", "file", "gallery", "link", "links"]
        var fields = types.map { FieldSpec(apiKey: $0, type: $0) }
        fields += types.map { FieldSpec(apiKey: "localized_\($0)", type: $0, localized: true) }
        fields[0].required = true
        fields[0].label = "Title"
        fields[0].hint = "Shown in lists"
        fields.append(FieldSpec(apiKey: "content", type: "rich_text", validators: ["rich_text_blocks": ["B1", "B2"]]))
        fields.append(FieldSpec(apiKey: "hero", type: "single_block", localized: true, validators: ["single_block_blocks": ["B1"]]))
        fields.append(FieldSpec(apiKey: "body", type: "structured_text",
                                validators: ["structured_text_blocks": ["B1", "B2"], "structured_text_inline_blocks": ["B2"], "structured_text_links": ["M1"]]))
        fields.append(FieldSpec(apiKey: "notes", type: "structured_text"))
        fields.append(FieldSpec(apiKey: "related", type: "links", validators: ["items_item_type": ["M1"]]))
        return export([
            ("M1", "article", false, fields),
            ("B1", "image_block", true, [FieldSpec(apiKey: "caption", type: "string", required: true), FieldSpec(apiKey: "image", type: "file")]),
            ("B2", "section", true, [FieldSpec(apiKey: "heading", type: "string"),
                                     FieldSpec(apiKey: "children", type: "rich_text", validators: ["rich_text_blocks": ["B2"]]),
                                     FieldSpec(apiKey: "lead", type: "single_block", validators: ["single_block_blocks": ["B2"]])]),
        ])
    }()

    private func generate(_ json: String, module: String = "DatoCMSRuntime") throws -> ModelGenerator.Output {
        try ModelGenerator.generate(schemaBytes: Array(json.utf8), file: "export.json", importedModule: module)
    }

    private func assertTypeChecks(_ output: ModelGenerator.Output, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try TypeChecker.check(files: output.files, moduleName: "Models")
        XCTAssertTrue(result.succeeded, result.log, file: file, line: line)
        XCTAssertFalse(result.log.contains("warning:"), result.log, file: file, line: line)
    }

    func testEveryFieldTypeGeneratesCodeThatTypeChecks() throws {
        let output = try generate(Self.everyFieldType)
        XCTAssertEqual(output.files.map(\.name), ["Article.swift", "ImageBlock.swift", "Section.swift"])
        XCTAssertEqual(output.warnings, [])
        let article = try XCTUnwrap(output.files.first { $0.name == "Article.swift" }?.contents)
        for expected in [
            "public struct Article: DatoCMSModel {",
            #"public static let itemTypeID = "M1""#,
            #"public static let apiKey = "article""#,
            "public var string: String\n",  // required: not optional
            "public var text: String?",
            "public var date: CalendarDate?",
            "public var dateTime: DateTime?",
            "public var json: JSONString?",
            "public var gallery: [FileValue]?",
            "public var localizedLatLon: Localized<LatLonValue>?",
            "public var content: [BlockValue<ArticleContentBlock>]?",
            "public var hero: Localized<BlockValue<ArticleHeroBlock>>?",
            "public var body: StructuredText<ArticleContentBlock, ArticleBodyInlineBlock>?",  // the same blocks as `content`: one enum
            "Also the blocks of the field `body`.",
            "public var notes: StructuredText<AnyBlock, AnyBlock>?",
            #"case dateTime = "date_time""#,
            "case imageBlock(ImageBlock)",
            "/// Title\n    ///\n    /// Shown in lists\n    ///\n    /// Field `string`: string, required.",
            "Links to records of ``Article``.",
        ] {
            XCTAssertTrue(article.contains(expected), "missing \(expected) in:\n\(article)")
        }
        try assertTypeChecks(output)
    }

    func testOutputIsDeterministicWhateverTheOrderOfTheExport() throws {
        let first = try generate(Self.everyFieldType)
        // The same resources, in reverse order and inside a JSON:API document with `included`.
        let node = try JSONReader.parse(Array(Self.everyFieldType.utf8))
        func members(_ key: String) -> [String] { (node[key]?.array ?? []).map(Self.reserialize) }
        let shuffled = #"{"data":[\#(members("fields").reversed().joined(separator: ","))],"included":[\#(members("item_types").reversed().joined(separator: ","))]}"#
        let second = try generate(shuffled)
        XCTAssertEqual(first.files.map(\.name), second.files.map(\.name))
        XCTAssertEqual(first.files.map(\.contents), second.files.map(\.contents))
    }

    /// `node` as JSON text again (the fixture has no escapes, so this is exact enough).
    static func reserialize(_ node: JSONNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return "\"\(text)\""
        case .array(let elements): return "[" + elements.map(reserialize).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { "\"\($0.key)\":\(reserialize($0.value))" }.joined(separator: ",") + "}"
        }
    }

    func testCollidingAndAwkwardNamesAreToldApartAndCompile() throws {
        let json = Self.export([
            ("A", "string", false, [FieldSpec(apiKey: "my_field", type: "string"), FieldSpec(apiKey: "myField", type: "integer"),
                                    FieldSpec(apiKey: "default", type: "boolean"), FieldSpec(apiKey: "init", type: "string"),
                                    FieldSpec(apiKey: "api_key", type: "string"), FieldSpec(apiKey: "item_type_id", type: "string"),
                                    FieldSpec(apiKey: "self", type: "string"), FieldSpec(apiKey: "2nd_title", type: "string"),
                                    FieldSpec(apiKey: "future", type: "hologram")]),
            ("B", "localized", false, []),
            ("C", "file_value", true, [FieldSpec(apiKey: "unknown", type: "string")]),
            ("D", "holder", false, [FieldSpec(apiKey: "blocks", type: "rich_text", validators: ["rich_text_blocks": ["C", "ZZ"]])]),
        ])
        let output = try generate(json)
        XCTAssertEqual(output.files.map(\.name), ["FileValueModel.swift", "Holder.swift", "LocalizedModel.swift", "StringModel.swift"])
        let messages = output.warnings.map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("\"string\" is generated as StringModel") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("\"myField\" is generated as myField2") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("\"api_key\" is generated as apiKey2") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("\"hologram\"") && $0.contains("JSONValue") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("block model ZZ") }, "\(messages)")
        try assertTypeChecks(output)
    }

    func testHostileTextStaysInsideCommentsAndLiterals() throws {
        let json = #"{"item_types":[{"type":"item_type","id":"x\"); fatalError(\"","attributes":{"name":"Evil\n}\nstruct Injected {","api_key":"evil","modular_block":false}}],"fields":[{"type":"field","id":"f","attributes":{"label":"L\u2028public var x = 1","api_key":"title","field_type":"string","localized":false,"validators":{}},"relationships":{"item_type":{"data":{"type":"item_type","id":"x\"); fatalError(\""}}}}]}"#
        let output = try generate(json)
        let contents = output.files[0].contents
        XCTAssertFalse(contents.contains("\nstruct Injected"))
        XCTAssertTrue(contents.contains(#"public static let itemTypeID = "x\"); fatalError(\"""#))
        try assertTypeChecks(output)
    }

    func testDriftNamesTheFieldThatChangedAndIgnoresTheUsersFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try generate(Self.everyFieldType)
        XCTAssertEqual(try ModelGenerator.write(original, to: directory).added.count, 3)
        try Data("// the user's own extension\n".utf8).write(to: directory.appendingPathComponent("Article+Helpers.swift"))
        XCTAssertTrue(ModelGenerator.drift(of: original, against: directory).isEmpty)

        // A field added to a block model, another retyped and a third localized.
        let changed = Self.everyFieldType
            .replacingOccurrences(of: #""api_key":"caption","field_type":"string""#, with: #""api_key":"caption","field_type":"text""#)
            .replacingOccurrences(of: #""api_key":"text","field_type":"text","localized":false"#, with: #""api_key":"text","field_type":"text","localized":true"#)
            .replacingOccurrences(of: #""fields":["#, with: #""fields":[{"type":"field","id":"new","attributes":{"label":"Subtitle","api_key":"subtitle","field_type":"string","localized":false,"position":9,"validators":{}},"relationships":{"item_type":{"data":{"type":"item_type","id":"B1"}}}},"#)
        let drift = ModelGenerator.drift(of: try generate(changed), against: directory)
        XCTAssertEqual(drift.added, [])
        XCTAssertEqual(drift.removed, [])
        XCTAssertEqual(drift.changed.map(\.name), ["Article.swift", "ImageBlock.swift"])
        let report = drift.description
        XCTAssertTrue(report.contains("+     public var subtitle: String?"), report)
        XCTAssertTrue(report.contains("Field `caption`: text, required."), report)
        XCTAssertTrue(report.contains("-     public var text: String?") && report.contains("+     public var text: Localized<String>?"), report)

        // A model removed: its file is reported, then deleted; the user's file stays.
        let withoutSection = try generate(Self.everyFieldType.replacingOccurrences(of: #"{"type":"item_type","id":"B2""#, with: #"{"type":"gone","id":"B2""#))
        XCTAssertEqual(ModelGenerator.drift(of: withoutSection, against: directory).removed, ["Section.swift"])
        try ModelGenerator.write(withoutSection, to: directory)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("Article+Helpers.swift").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("Section.swift").path))
    }

    func testBadExportsAreRefusedWithTheirPlace() throws {
        XCTAssertThrowsError(try generate(#"{"item_types": ["#)) { error in
            XCTAssertTrue("\(error)".contains("not valid JSON"), "\(error)")
        }
        XCTAssertThrowsError(try generate(#"{"item_types": []}"#)) { error in
            XCTAssertTrue("\(error)".contains("no item_type resources"), "\(error)")
        }
        XCTAssertThrowsError(try generate(#"{"item_types":[{"type":"item_type","id":"1","attributes":{"name":"A"}}]}"#)) { error in
            XCTAssertTrue("\(error)".contains("no api_key"), "\(error)")
            XCTAssertTrue("\(error)".contains("#/item_types/0"), "\(error)")
        }
        XCTAssertThrowsError(try generate(#"{"item_types":[{"type":"item_type","id":"1","attributes":{"name":"A","api_key":"a"}}],"fields":[{"type":"field","id":"2","attributes":{"api_key":"t","field_type":"string"}}]}"#)) { error in
            XCTAssertTrue("\(error)".contains("names no model"), "\(error)")
        }
    }

    func testTheModelsInTheRecordedSessionsGenerateCodeThatTypeChecks() throws {
        let directory = Support.packageRoot.appendingPathComponent("../shared/datocms/cassettes").standardizedFileURL
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw XCTSkip("../shared/datocms/cassettes is absent: the recorded sessions are read from ../shared beside the package")
        }
        // Every response body of every cassette, as one JSON array: the generator finds the
        // item_type and field resources wherever they are (job results included).
        var bodies: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let cassette = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            for interaction in cassette?["interactions"] as? [[String: Any]] ?? [] {
                guard let body = (interaction["response"] as? [String: Any])?["body"], JSONSerialization.isValidJSONObject(body) else { continue }
                bodies.append(String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
            }
        }
        let output = try generate("[" + bodies.joined(separator: ",") + "]")
        XCTAssertGreaterThan(output.files.count, 0, "the recorded sessions create models")
        try assertTypeChecks(output)
    }

    /// `datocms-models`, the tool behind `swift package generate-models`, built beside this bundle.
    private func modelsTool() throws -> URL { try Support.builtExecutable("datocms-models") }

    func testTheToolWritesChecksAndReportsDriftWithItsExitStatus() throws {
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = directory.appendingPathComponent("models.json")
        try Data(Self.everyFieldType.utf8).write(to: export)
        let output = directory.appendingPathComponent("Models")

        let written = try Support.run(try modelsTool(), ["--schema", export.path, "--output", output.path])
        XCTAssertEqual(written.status, 0, written.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted(), ["Article.swift", "ImageBlock.swift", "Section.swift"])
        let clean = try Support.run(try modelsTool(), ["--schema", export.path, "--output", output.path, "--check"])
        XCTAssertEqual(clean.status, 0, clean.output)
        XCTAssertTrue(clean.output.contains("up to date"), clean.output)

        let withSubtitle = Self.everyFieldType.replacingOccurrences(
            of: #""fields":["#,
            with: #""fields":[{"type":"field","id":"new","attributes":{"label":"Subtitle","api_key":"subtitle","field_type":"string","localized":true,"validators":{}},"relationships":{"item_type":{"data":{"type":"item_type","id":"M1"}}}},"#)
        try Data(withSubtitle.utf8).write(to: export)
        let drifted = try Support.run(try modelsTool(), ["--schema", export.path, "--output", output.path, "--check"])
        XCTAssertEqual(drifted.status, 1, drifted.output)
        XCTAssertTrue(drifted.output.contains("~ Article.swift"), drifted.output)
        XCTAssertTrue(drifted.output.contains("+     public var subtitle: Localized<String>?"), drifted.output)
        let unchanged = try String(contentsOf: output.appendingPathComponent("Article.swift"), encoding: .utf8)
        XCTAssertFalse(unchanged.contains("subtitle"), "--check writes nothing")

        // Without an export, the tool reads the API, with the token from the environment.
        if ProcessInfo.processInfo.environment["DATOCMS_API_TOKEN"] == nil {
            let noToken = try Support.run(try modelsTool(), ["--output", output.path])
            XCTAssertEqual(noToken.status, 2, noToken.output)
            XCTAssertTrue(noToken.output.contains("DATOCMS_API_TOKEN"), noToken.output)
        }
    }
}
