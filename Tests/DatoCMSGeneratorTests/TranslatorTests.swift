import XCTest

@testable import DatoCMSGenerator

/// The translation rules, checked on the intermediate model (what will be declared), not on text.
final class TranslatorTests: XCTestCase {
    private var module: ModuleDecl!
    private var warnings: [GeneratorWarning] = []

    override func setUpWithError() throws {
        (module, warnings) = try Support.translate(Fixtures.library)
    }

    // MARK: Resources and namespaces

    func testOneFilePerResourcePlusTheClient() {
        XCTAssertEqual(module.files.map(\.name), ["Generated_Client.swift", "Generated_item.swift", "Generated_item_type.swift", "Generated_field.swift", "Generated_plugin.swift"])
        XCTAssertEqual(module.clientName, "DatoCMSClient")
        XCTAssertEqual(module.doc.summary, "A client for the Test API.")
    }

    func testResourceFileNamesNeverCollideEvenIgnoringCase() {
        XCTAssertEqual(Translator.fileSafe("item_type"), "item_type")
        XCTAssertEqual(Translator.fileSafe("3d-model"), "3d-model")
        let keys = ["a.b", "a_b", "a+2eb", "Item", "item", "ITEM", "client", "Client", "+63lient", "é", "e\u{301}", "a b", "a/b"]
        let names = keys.map(Translator.fileSafe)
        XCTAssertEqual(Set(names.map { $0.lowercased() }).count, keys.count, "\(names)")
        XCTAssertFalse(names.contains { $0.lowercased() == "client" }, "the client file is Generated_Client.swift")
        XCTAssertTrue(names.allSatisfy { $0.allSatisfy { $0.isASCII && !"/\\:*?\"<>| .".contains($0) } }, "\(names)")
    }

    /// A plugin cannot import the generator, so the build plugin keeps its own copy of
    /// `fileSafe` to declare its outputs; the two copies must not drift apart.
    func testThePluginNamesFilesAsTheGeneratorDoes() throws {
        func body(in path: String) throws -> String {
            let text = try String(contentsOf: Support.packageRoot.appendingPathComponent(path), encoding: .utf8)
            let start = try XCTUnwrap(text.range(of: "static func fileSafe(_ name: String) -> String {\n"), path)
            let end = try XCTUnwrap(text.range(of: "\n    }\n", range: start.upperBound..<text.endIndex), path)
            return String(text[start.upperBound..<end.lowerBound])
        }
        XCTAssertEqual(
            try body(in: "Plugins/DatoCMSGeneratorPlugin/Plugin.swift"),
            try body(in: "Sources/DatoCMSGenerator/Translator/Translator.swift"))
    }

    func testNamespacesArePluralLowerCamelCase() {
        XCTAssertEqual(module.namespaces.map(\.property), ["items", "itemTypes", "fields"])
        XCTAssertEqual(module.namespaces.map(\.typeName), ["ItemsEndpoints", "ItemTypesEndpoints", "FieldsEndpoints"])
        XCTAssertNil(module.namespace("plugin"), "a resource without links gets types but no namespace")
        XCTAssertNotNil(module.structure("Plugin"))
    }

    func testRelsBecomeFunctionNames() {
        XCTAssertEqual(module.namespace("item")?.endpoints.map(\.name), ["list", "find", "create", "publish", "destroy", "bulkPublish"])
    }

    func testTwoLinksWithOneRelAreBothKeptAndTheSecondIsRenamedWithAWarning() throws {
        let endpoints = try XCTUnwrap(module.namespace("field")?.endpoints)
        XCTAssertEqual(endpoints.map(\.name), ["find", "findDelete"])
        XCTAssertEqual(endpoints.map(\.method), ["GET", "DELETE"])
        let warning = try XCTUnwrap(warnings.first { $0.message.contains("findDelete") })
        XCTAssertEqual(warning.pointer, "/definitions/field/links/1/rel")
        XCTAssertEqual(warning.file, "fixture.json")
        XCTAssertNotNil(warning.line)
    }

    // MARK: Records are generic

    func testFreeFormAttributesMakeTheResourceGeneric() throws {
        let item = try XCTUnwrap(module.structure("Item"))
        XCTAssertEqual(item.genericParameter, "Attributes")
        XCTAssertEqual(item.property("attributes")?.type, .parameter("Attributes"))
        XCTAssertEqual(item.dynamicMemberProperty, "attributes")
        XCTAssertNil(module.structure("ItemType")?.genericParameter, "typed attributes stay concrete")
    }

    func testEndpointsReturningRecordsAreGenericAndUnwrapData() throws {
        let find = try XCTUnwrap(module.endpoint("item", "find"))
        XCTAssertEqual(find.genericParameter, "Attributes")
        XCTAssertEqual(find.response, .document(.generic("ItemFindResponse", [.parameter("Attributes")])))
        XCTAssertEqual(find.unwrappedData?.type, .generic("Item", [.parameter("Attributes")]))
        XCTAssertEqual(find.unwrappedData?.isOptional, false)

        let list = try XCTUnwrap(module.endpoint("item", "list"))
        XCTAssertEqual(list.unwrappedData?.type, .array(.generic("Item", [.parameter("Attributes")])))

        let bulk = try XCTUnwrap(module.endpoint("item", "bulkPublish"))
        XCTAssertNil(bulk.genericParameter, "a job payload without records is not generic")
    }

    func testDocumentsOfOnlyDataNameTheRuntimeDocumentAndOthersAreStructs() throws {
        var aliases: [String: DocumentAliasDecl] = [:]
        for case .documentAlias(let alias) in module.allTypes { aliases[alias.name] = alias }
        let find = try XCTUnwrap(aliases["ItemFindResponse"], "a data-only document is an alias, not a struct")
        XCTAssertEqual(find.data, .generic("Item", [.parameter("Attributes")]))
        XCTAssertEqual(find.genericParameter, "Attributes")
        XCTAssertNil(module.structure("ItemFindResponse"))
        XCTAssertNotNil(module.structure("ItemBulkPublishJobResult"), "a document with more than `data` keeps its struct")
        XCTAssertNil(aliases["ItemBulkPublishJobResult"])

        let rendered = Renderer().render(module, enumNames: []).map(\.contents).joined()
        XCTAssertTrue(rendered.contains("public typealias ItemFindResponse<Attributes: Codable & Sendable> = DatoCMSRuntime.JSONAPIDocument<Item<Attributes>>"))
    }

    // MARK: Paths

    func testPathIDsAreNamedAfterTheResourceTheyIdentify() throws {
        let find = try XCTUnwrap(module.endpoint("field", "find"))
        XCTAssertEqual(find.pathParameters.map(\.name), ["itemTypeId", "fieldId"])
        XCTAssertEqual(find.pathParameters.map(\.label), [nil, nil], "path IDs go first, unlabeled")
        XCTAssertEqual(find.displayPath, "/item-types/{itemTypeId}/fields/{fieldId}")
        XCTAssertEqual(find.path, [.literal("item-types"), .parts([.parameter("itemTypeId")]), .literal("fields"), .parts([.parameter("fieldId")])])
    }

    // MARK: Bodies

    func testJSONAPIBodiesAreFlattenedWithTheirTypeConstant() throws {
        let create = try XCTUnwrap(module.endpoint("item", "create")?.body)
        let envelope = try XCTUnwrap(create.envelope)
        XCTAssertEqual(envelope.typeConstant, "item")
        XCTAssertEqual(envelope.genericParameter, "Attributes")
        XCTAssertEqual(envelope.fields.map(\.property.name), ["attributes", "itemType"])
        XCTAssertEqual(envelope.fields.map(\.location), [.wholeAttributes, .toOne(type: "item_type")])
        XCTAssertFalse(create.isOptional)
    }

    func testRelationshipsTakeIDsAndKeepTheirCardinality() throws {
        let update = try XCTUnwrap(module.endpoint("item_type", "update")?.body?.envelope)
        let fields = Dictionary(uniqueKeysWithValues: update.fields.map { ($0.property.name, $0) })
        XCTAssertEqual(fields["fields"]?.location, .toMany(type: "field"))
        XCTAssertEqual(fields["fields"]?.property.type, .array(.builtin("String")))
        XCTAssertEqual(fields["orderingField"]?.location, .toOne(type: "field"))
        XCTAssertEqual(fields["orderingField"]?.property.isOptional, true, "anyOf with null is a nullable to-one")
        XCTAssertEqual(fields["name"]?.property.isOptional, false)
        XCTAssertEqual(fields["apiKey"]?.property.isOptional, true)
    }

    func testTheBodyIDComesFromThePathWhenItNamesTheSameResource() throws {
        let update = try XCTUnwrap(module.endpoint("item_type", "update")?.body)
        XCTAssertEqual(update.idFromPathParameter, "itemTypeId")
        XCTAssertEqual(update.envelope?.fields.first?.location, .id)
    }

    func testANullableBodyIsOptionalSoNothingIsSent() throws {
        let publish = try XCTUnwrap(module.endpoint("item", "publish")?.body)
        XCTAssertTrue(publish.isOptional)
        XCTAssertEqual(publish.envelope?.typeConstant, "selective_publish_operation")
        XCTAssertEqual(publish.envelope?.fields.map(\.property.name), ["contentInLocales"])
    }

    func testBulkBodiesTakeAListOfIDs() throws {
        let bulk = try XCTUnwrap(module.endpoint("item", "bulkPublish")?.body?.envelope)
        XCTAssertEqual(bulk.typeConstant, "item_bulk_publish_operation")
        XCTAssertEqual(bulk.fields.map(\.location), [.toMany(type: "item")])
    }

    // MARK: Queries

    func testBracketedQueryKeysKeepTheirWireNames() throws {
        let query = try XCTUnwrap(module.endpoint("item", "list")?.query?.type)
        XCTAssertTrue(query.isQuery)
        XCTAssertEqual(query.properties.map(\.name), ["filterIds", "pageLimit"])
        XCTAssertEqual(query.properties.map(\.key), ["filter[ids]", "page[limit]"])
        XCTAssertEqual(query.properties.map(\.type), [.builtin("String"), .builtin("Int")])
        XCTAssertTrue(query.properties.allSatisfy(\.isOptional))
        XCTAssertEqual(query.properties.first?.doc.summary, "Comma-separated IDs.")
    }

    // MARK: Jobs

    func testJobLinksDecodeTheJobSchema() throws {
        let bulk = try XCTUnwrap(module.endpoint("item", "bulkPublish"))
        XCTAssertEqual(bulk.response, .job(.named("ItemBulkPublishJobResult")))
        let meta = try XCTUnwrap(module.structure("ItemBulkPublishJobResultMeta"))
        XCTAssertEqual(meta.property("successful")?.type, .builtin("Int"))
        XCTAssertEqual(meta.property("successful")?.isOptional, false)
        XCTAssertTrue(bulk.doc.details.contains { $0.contains("asynchronous job") })

        let destroy = try XCTUnwrap(module.endpoint("item", "destroy"))
        XCTAssertEqual(destroy.response, .job(.generic("ItemDestroyJobResult", [.parameter("Attributes")])), "jobSchema wins over targetSchema")
    }

    // MARK: Types

    func testRefChainsResolveToTheirTarget() throws {
        let attributes = try XCTUnwrap(module.structure("ItemTypeAttributes"))
        XCTAssertEqual(attributes.property("name")?.type, .builtin("String"))
        XCTAssertEqual(attributes.property("name")?.doc.summary, "Display name.", "documentation follows the $ref")
        XCTAssertEqual(module.structure("Item")?.property("id")?.doc.summary, "The record's ID.")
    }

    func testAReferencedSchemaIsDeclaredOnceAndShared() throws {
        XCTAssertEqual(module.declarationCount("ItemMeta"), 1)
        XCTAssertEqual(module.structure("Item")?.property("meta")?.type, .named("ItemMeta"))
        XCTAssertEqual(module.structure("Plugin")?.property("meta")?.type, .named("ItemMeta"), "a chain into another resource reuses its type")
    }

    func testNullableTypesAreOptionalEvenWhenRequired() throws {
        let attributes = try XCTUnwrap(module.structure("ItemTypeAttributes"))
        let apiKey = try XCTUnwrap(attributes.property("api_key".camelCased))
        XCTAssertEqual(apiKey.type, .builtin("String"))
        XCTAssertTrue(apiKey.isOptional)
        XCTAssertEqual(attributes.property("default")?.isOptional, false)
        XCTAssertEqual(attributes.property("hint")?.isOptional, true, "not required")
        XCTAssertEqual(module.structure("ItemMeta")?.property("status")?.isOptional, true, "nullable enum")
    }

    func testMixedTypeArraysAreFreeFormJSON() throws {
        let value = try XCTUnwrap(module.structure("ItemTypeAttributes")?.property("value"))
        XCTAssertEqual(value.type, .json)
        XCTAssertTrue(value.isOptional)
    }

    func testScalarsDatesMapsAndArrays() throws {
        let attributes = try XCTUnwrap(module.structure("ItemTypeAttributes"))
        XCTAssertEqual(attributes.property("createdAt")?.type, .runtime("DateTime"))
        XCTAssertEqual(attributes.property("settings")?.type, .dictionary(.builtin("Int")))
        XCTAssertEqual(attributes.property("tags")?.type, .array(.builtin("String")))
        XCTAssertEqual(attributes.property("position")?.type, .builtin("Double"))
    }

    func testPatternPropertiesAndWideTypeArrays() throws {
        let (module, _) = try Support.translate(#"""
            {"definitions": {"widget": {"type": "object", "properties": {
              "locales": {"type": "object", "patternProperties": {"^[a-z]{2}$": {"type": "string"}}},
              "anything": {"type": ["boolean", "null", "string", "number", "object"]},
              "bare": {}
            }, "required": ["locales", "anything", "bare"]}}}
            """#)
        let widget = try XCTUnwrap(module.structure("Widget"))
        XCTAssertEqual(widget.property("locales")?.type, .dictionary(.builtin("String")))
        XCTAssertEqual(widget.property("anything")?.type, .json)
        XCTAssertEqual(widget.property("anything")?.isOptional, true)
        XCTAssertEqual(widget.property("bare")?.type, .json)
    }

    func testAnyOfOfIdentifiersIsAResourceIdentifier() throws {
        XCTAssertEqual(module.structure("ItemTypeAttributes")?.property("owner")?.type, .runtime("ResourceIdentifier"))
    }

    func testAnyOfOfDifferentObjectsIsJSONWithEachOptionDeclared() throws {
        XCTAssertEqual(module.structure("ItemTypeAttributes")?.property("shape")?.type, .json)
        // The alternatives stay available to decode the value with `JSONValue.decode(as:)`.
        XCTAssertEqual(module.structure("ItemTypeAttributesShapeOption1")?.property("width")?.type, .builtin("Int"))
        XCTAssertEqual(module.structure("ItemTypeAttributesShapeOption2")?.property("label")?.type, .builtin("String"))
    }

    func testStringEnumsAreOpenWithTheirDescriptions() throws {
        let status = try XCTUnwrap(module.openEnum("ItemTypeStatus"))
        XCTAssertEqual(status.cases.map(\.name), ["draft", "published", "notUsed"])
        XCTAssertEqual(status.cases.map(\.value), ["draft", "published", "not_used"])
        XCTAssertEqual(status.cases.map(\.doc.summary), ["Never published", "Live", nil])
        XCTAssertEqual(status.doc.summary, "Publication status.")
        XCTAssertEqual(module.structure("ItemTypeAttributes")?.property("status")?.type, .named("ItemTypeStatus"))
    }

    func testIdentifierObjectsInResourcesAreRelationships() throws {
        let relationships = try XCTUnwrap(module.structure("ItemRelationships"))
        XCTAssertEqual(relationships.property("itemType")?.type, .runtime("ToOneRelationship"))
    }

    // MARK: Awkward names

    func testSwiftKeywordsAndOddKeysBecomeUsableNames() throws {
        let (odd, _) = try Support.translate(Fixtures.oddNames)
        let attributes = try XCTUnwrap(odd.structure("WidgetAttributes"))
        let names = Dictionary(uniqueKeysWithValues: attributes.properties.map { ($0.key, $0.name) })
        XCTAssertEqual(names["default"], "default", "escaped with backticks when rendered, not renamed")
        XCTAssertEqual(names["class"], "class")
        XCTAssertEqual(names["3d_model"], "_3dModel")
        XCTAssertEqual(names["filter[ids]"], "filterIds")
        XCTAssertEqual(names["statusText"], "statusText")
        XCTAssertEqual(names["self"], "self_", "`self` cannot be a member name even in backticks")
        XCTAssertEqual(names["Self"], "self_2", "two keys that map to one name are told apart deterministically")
        XCTAssertEqual(Set(names.values).count, names.count)
        XCTAssertNotNil(odd.structure("_3dModel"), "a type name cannot start with a digit")
        XCTAssertEqual(odd.namespace("3d_model")?.property, "_3dModels")
    }

    func testEnumValuesThatAreNotIdentifiersGetDistinctNames() throws {
        let (odd, _) = try Support.translate(Fixtures.oddNames)
        let kind = try XCTUnwrap(odd.openEnum("WidgetKind"))
        XCTAssertEqual(kind.cases.map(\.value), ["not_used", "-", "default", "class", "self", "Self", "init", "1st", "", "in", "Type", "protocol"])
        XCTAssertEqual(Set(kind.cases.map(\.name)).count, kind.cases.count)
        XCTAssertEqual(kind.cases.first { $0.value == "1st" }?.name, "_1st")
    }

    func testKeywordRelsAreStillFunctions() throws {
        let (odd, _) = try Support.translate(Fixtures.oddNames)
        XCTAssertEqual(odd.namespace("widget")?.endpoints.map(\.name), ["list", "update", "default", "protocol"])
    }

    func testTheTranslationIsDeterministic() throws {
        let again = try Support.translate(Fixtures.library).module
        XCTAssertEqual(again.allTypes, module.allTypes)
        XCTAssertEqual(again.namespaces, module.namespaces)
    }
}

private extension String {
    /// `api_key` → `apiKey`, as the translator names members.
    var camelCased: String { Naming.memberName(self) }
}
