import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// A project with a model using every field type (localized and not) and two block models,
/// built through the SDK over loopback, as the models generator's end-to-end tests need it.
private struct Showcase {
    let harness: Harness
    let model: ItemType
    let hero: ItemType
    let quote: ItemType
    let uploadID: String
    /// A record of `model` that links and structured-text links can point at.
    let targetID: String

    var client: DatoCMSClient { harness.client }

    static func make() async throws -> Showcase {
        let harness = try Harness()
        let client = harness.client
        let quote = try await client.itemTypes.create(name: "Quote", apiKey: "quote_block", modularBlock: true)
        _ = try await client.fields.create(quote.id, label: "Text", fieldType: .text, apiKey: "text", validators: ["required": [:]])
        _ = try await client.fields.create(quote.id, label: "Author", fieldType: .string, apiKey: "author")
        let hero = try await client.itemTypes.create(name: "Hero", apiKey: "hero_block", modularBlock: true)
        _ = try await client.fields.create(hero.id, label: "Heading", fieldType: .string, apiKey: "heading", validators: ["required": [:]])
        _ = try await client.fields.create(hero.id, label: "Image", fieldType: .file, apiKey: "image")
        // Blocks inside a block: the quotes of a hero.
        _ = try await client.fields.create(hero.id, label: "Quotes", fieldType: .richText, apiKey: "quotes",
                                           validators: ["rich_text_blocks": ["item_types": [.string(quote.id)]]])

        let model = try await client.itemTypes.create(name: "Showcase", apiKey: "showcase")
        let blocks: JSONValue = [.string(hero.id), .string(quote.id)]
        let definitions: [(String, FieldAttributesFieldType, Bool, JSONValue?)] = [
            ("title", .string, true, ["required": [:]]),
            ("body", .text, false, nil),
            ("published", .boolean, false, nil),
            ("rank", .integer, false, nil),
            ("score", .float, false, nil),
            ("day", .date, false, nil),
            ("moment", .dateTime, false, nil),
            ("tint", .color, false, nil),
            ("place", .latLon, false, nil),
            ("seo_meta", .seo, false, nil),
            ("slug", .slug, false, nil),
            ("data", .json, true, nil),
            ("clip", .video, false, nil),
            ("cover", .file, false, nil),
            ("photos", .gallery, false, nil),
            ("related", .link, false, ["item_item_type": ["item_types": [.string(model.id)]]]),
            ("related_list", .links, false, ["items_item_type": ["item_types": [.string(model.id)]]]),
            ("sections", .richText, false, ["rich_text_blocks": ["item_types": blocks]]),
            ("feature", .singleBlock, false, ["single_block_blocks": ["item_types": [.string(hero.id)]]]),
            ("article", .structuredText, false, [
                "structured_text_blocks": ["item_types": [.string(quote.id)]],
                "structured_text_inline_blocks": ["item_types": [.string(hero.id)]],
                "structured_text_links": ["item_types": [.string(model.id)]],
            ]),
            ("localized_sections", .richText, true, ["rich_text_blocks": ["item_types": [.string(quote.id)]]]),
        ]
        for (apiKey, type, localized, validators) in definitions {
            _ = try await client.fields.create(model.id, label: apiKey, fieldType: type, apiKey: apiKey, localized: localized, validators: validators)
        }
        let upload = try await client.uploads.upload(data: Data("not really a picture".utf8), filename: "cover.txt")
        let target = try await client.items.create(attributes: ["title": ["en": "Target"]] as JSONValue, itemType: model.id)
        return Showcase(harness: harness, model: model, hero: hero, quote: quote, uploadID: upload.id, targetID: target.id)
    }

    func newBlock(_ model: ItemType, _ attributes: JSONValue) -> JSONValue {
        ["type": "item", "attributes": attributes, "relationships": ["item_type": ["data": ["type": "item_type", "id": .string(model.id)]]]]
    }

    /// A value for every field; three new blocks at the top (plus one inside the hero) and two
    /// in structured text.
    var everyField: JSONValue {
        [
            "title": ["en": "Every field", "it": "Ogni campo"],
            "body": "Long text",
            "published": true,
            "rank": 3,
            "score": 4.5,
            "day": "2026-03-01",
            "moment": "2026-03-01T09:30:00+01:00",
            "tint": ["red": 10, "green": 20, "blue": 30, "alpha": 255],
            "place": ["latitude": 45.46, "longitude": 9.19],
            "seo_meta": ["title": "SEO", "description": "About", "image": .string(uploadID), "twitter_card": "summary", "no_index": false],
            "slug": "every-field",
            "data": ["en": "{\"a\": [1, 2]}", "it": "null"],
            "clip": ["provider": "youtube", "provider_uid": "abc", "url": "https://youtu.be/abc", "width": 640, "height": 480,
                     "thumbnail_url": "https://i.ytimg.com/abc.jpg", "title": "Clip"],
            "cover": ["upload_id": .string(uploadID), "alt": "Alt"],
            "photos": [["upload_id": .string(uploadID)], ["upload_id": .string(uploadID), "focal_point": ["x": 0.5, "y": 0.25]]],
            "related": .string(targetID),
            "related_list": [.string(targetID)],
            "sections": [
                newBlock(hero, ["heading": "Welcome", "quotes": [newBlock(quote, ["text": "Inside a hero"])]]),
                newBlock(quote, ["text": "Top quote", "author": "Ada"]),
            ],
            "feature": newBlock(hero, ["heading": "Featured", "image": ["upload_id": .string(uploadID)]]),
            "article": [
                "schema": "dast",
                "document": ["type": "root", "children": [
                    ["type": "paragraph", "children": [
                        ["type": "span", "value": "See "],
                        ["type": "itemLink", "item": .string(targetID), "children": [["type": "span", "value": "this"]]],
                        ["type": "inlineBlock", "item": newBlock(hero, ["heading": "Inline"])],
                    ]],
                    ["type": "block", "item": newBlock(quote, ["text": "Quoted in text"])],
                ]],
            ],
            "localized_sections": ["en": [newBlock(quote, ["text": "English quote"])], "it": []],
        ]
    }
}

final class SimulatorFieldTypesTests: XCTestCase {
    func testARecordWithEveryFieldTypeIsStoredWithBlockIDsAndReadBackNested() async throws {
        let showcase = try await Showcase.make()
        defer { showcase.harness.stop() }
        let client = showcase.client

        let created = try await client.items.create(attributes: showcase.everyField, itemType: showcase.model.id)
        let values = created.attributes
        XCTAssertEqual(values["rank"], 3)
        XCTAssertEqual(values["title"], ["en": "Every field", "it": "Ogni campo"])
        XCTAssertEqual(values["data"], ["en": "{\"a\": [1, 2]}", "it": "null"])
        XCTAssertEqual(values["cover"], ["upload_id": .string(showcase.uploadID), "alt": "Alt", "title": nil, "custom_data": [:],
                                         "focal_point": nil, "poster_time": nil], "file values get the API's defaults")
        XCTAssertEqual(values["photos"]?[1]?["focal_point"], ["x": 0.5, "y": 0.25])
        XCTAssertEqual(values["photos"]?[0]?["custom_data"], [:])

        // Plain reads: blocks are IDs.
        let plain = try await client.items.find(created.id)
        let sectionIDs = try XCTUnwrap(plain.attributes["sections"]?.arrayValue?.compactMap(\.stringValue))
        XCTAssertEqual(sectionIDs.count, 2)
        let featureID = try XCTUnwrap(plain.attributes["feature"]?.stringValue)
        let paragraph = try XCTUnwrap(plain.attributes["article"]?["document"]?["children"]?[0])
        let inlineID = try XCTUnwrap(paragraph["children"]?[2]?["item"]?.stringValue)
        XCTAssertEqual(paragraph["children"]?[1]?["item"]?.stringValue, showcase.targetID, "links stay record IDs")
        let blockNodeID = try XCTUnwrap(plain.attributes["article"]?["document"]?["children"]?[1]?["item"]?.stringValue)
        XCTAssertNotNil(plain.attributes["localized_sections"]?["en"]?[0]?.stringValue)
        XCTAssertEqual(plain.attributes["localized_sections"]?["it"], [])
        XCTAssertEqual(Set(sectionIDs + [featureID, inlineID, blockNodeID]).count, 5, "every block has an ID of its own")

        // Nested reads: block records in place of the IDs, recursively.
        let nested = try await client.items.find(created.id, nested: true)
        let heroBlock = try XCTUnwrap(nested.attributes["sections"]?[0])
        XCTAssertEqual(heroBlock["id"]?.stringValue, sectionIDs[0])
        XCTAssertEqual(heroBlock["type"], "item")
        XCTAssertEqual(heroBlock["relationships"]?["item_type"]?["data"]?["id"]?.stringValue, showcase.hero.id)
        XCTAssertEqual(heroBlock["attributes"]?["heading"], "Welcome")
        XCTAssertEqual(heroBlock["attributes"]?["image"], .some(.null), "a block's empty fields are rendered too")
        XCTAssertEqual(heroBlock["attributes"]?["quotes"]?[0]?["attributes"]?["text"], "Inside a hero", "blocks inside blocks are nested too")
        XCTAssertEqual(nested.attributes["sections"]?[1]?["attributes"]?["author"], "Ada")
        XCTAssertEqual(nested.attributes["feature"]?["attributes"]?["image"]?["custom_data"], [:])
        XCTAssertEqual(nested.attributes["article"]?["document"]?["children"]?[0]?["children"]?[2]?["item"]?["attributes"]?["heading"], "Inline")
        XCTAssertEqual(nested.attributes["article"]?["document"]?["children"]?[1]?["item"]?["attributes"]?["text"], "Quoted in text")
        XCTAssertEqual(nested.attributes["localized_sections"]?["en"]?[0]?["attributes"]?["text"], "English quote")

        // Lists: blocks only when asked for by ID or block model.
        let listed = try await client.items.list()
        XCTAssertEqual(Set(listed.map(\.id)), [showcase.targetID, created.id], "block records are not listed among records")
        let nestedList = try await client.items.list(nested: true, filterIds: [created.id])
        XCTAssertEqual(nestedList.first?.attributes["feature"]?["id"]?.stringValue, featureID)
        let heroes = try await client.items.list(filterType: showcase.hero.id)
        XCTAssertEqual(Set(heroes.map(\.id)), [sectionIDs[0], featureID, inlineID])
        let feature = try await client.items.find(featureID)
        XCTAssertEqual(feature.attributes["heading"], "Featured", "block records are found by ID")
    }

    func testBlocksAreUpdatedByIDKeptByBareIDAndDeletedWithTheirRecord() async throws {
        let showcase = try await Showcase.make()
        defer { showcase.harness.stop() }
        let client = showcase.client
        let created = try await client.items.create(attributes: showcase.everyField, itemType: showcase.model.id)
        let sectionIDs = try XCTUnwrap(created.attributes["sections"]?.arrayValue?.compactMap(\.stringValue))
        let heroBefore = try await client.items.find(sectionIDs[0])
        let innerQuoteID = try XCTUnwrap(heroBefore.attributes["quotes"]?[0]?.stringValue)

        // Update the hero by ID (only its heading), keep the quote by bare ID, in reverse order.
        let updated = try await client.items.update(created.id, attributes: [
            "sections": [.string(sectionIDs[1]), ["type": "item", "id": .string(sectionIDs[0]), "attributes": ["heading": "Hello again"]]],
        ] as JSONValue)
        XCTAssertEqual(updated.attributes["sections"], [.string(sectionIDs[1]), .string(sectionIDs[0])])
        let hero = try await client.items.find(sectionIDs[0])
        XCTAssertEqual(hero.attributes["heading"], "Hello again")
        XCTAssertEqual(hero.attributes["quotes"], [.string(innerQuoteID)], "fields not sent keep their blocks")
        let kept = try await client.items.find(sectionIDs[1])
        XCTAssertEqual(kept.attributes["author"], "Ada")

        // A block left out of the field is deleted, with the blocks inside it.
        _ = try await client.items.update(created.id, attributes: ["sections": [.string(sectionIDs[1])]] as JSONValue)
        for gone in [sectionIDs[0], innerQuoteID] {
            do {
                _ = try await client.items.find(gone)
                XCTFail("block \(gone) outlived its removal")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 404)
            }
        }

        // Another record cannot take this record's block.
        do {
            _ = try await client.items.create(attributes: ["title": ["en": "Thief"], "sections": [.string(sectionIDs[1])]] as JSONValue,
                                              itemType: showcase.model.id)
            XCTFail("a record took another record's block")
        } catch let error as ApiError {
            XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": "sections", "code": "VALIDATION_INVALID"]), "\(error)")
        }

        // Deleting the record deletes its blocks.
        let featureID = try XCTUnwrap(created.attributes["feature"]?.stringValue)
        _ = try await client.items.destroy(created.id)
        XCTAssertNil(showcase.harness.simulator.record(id: featureID))
        XCTAssertNil(showcase.harness.simulator.record(id: sectionIDs[1]))
        XCTAssertEqual(showcase.harness.simulator.records().map(\.id), [showcase.targetID], "no block is left behind")
    }

    func testEachKindOfInvalidValueIsRefusedNamingTheField() async throws {
        let showcase = try await Showcase.make()
        defer { showcase.harness.stop() }
        let title: JSONValue = ["en": "Valid title"]
        let unknownUpload = "AAAAAAAAAAAAAAAAAAAAAA"
        let cases: [(name: String, attributes: JSONValue, field: String, code: String)] = [
            ("unknown attribute", ["title": title, "subtitle": "x"], "subtitle", "VALIDATION_UNKNOWN_FIELD"),
            ("string for an integer", ["title": title, "rank": "3"], "rank", "VALIDATION_FORMAT"),
            ("fraction for an integer", ["title": title, "rank": 3.5], "rank", "VALIDATION_FORMAT"),
            ("string for a boolean", ["title": title, "published": "yes"], "published", "VALIDATION_FORMAT"),
            ("color without alpha", ["title": title, "tint": ["red": 1, "green": 2, "blue": 3]], "tint", "VALIDATION_FORMAT"),
            ("latitude out of range", ["title": title, "place": ["latitude": 91, "longitude": 0]], "place", "VALIDATION_FORMAT"),
            ("json that is not JSON", ["title": title, "data": ["en": "{not json"]], "data", "VALIDATION_FORMAT"),
            ("json as an object", ["title": title, "data": ["en": ["a": 1]]], "data", "VALIDATION_FORMAT"),
            ("date not YYYY-MM-DD", ["title": title, "day": "01/03/2026"], "day", "VALIDATION_FORMAT"),
            ("date that does not exist", ["title": title, "day": "2026-02-30"], "day", "VALIDATION_FORMAT"),
            ("date_time without time", ["title": title, "moment": "2026-03-01"], "moment", "VALIDATION_FORMAT"),
            ("file of no upload", ["title": title, "cover": ["upload_id": .string(unknownUpload)]], "cover", "VALIDATION_INVALID"),
            ("file as a bare ID", ["title": title, "cover": .string(showcase.uploadID)], "cover", "VALIDATION_FORMAT"),
            ("gallery element of no upload", ["title": title, "photos": [["upload_id": .string(unknownUpload)]]], "photos", "VALIDATION_INVALID"),
            ("seo with an unknown member", ["title": title, "seo_meta": ["keywords": "a"]], "seo_meta", "VALIDATION_FORMAT"),
            ("video of an unknown provider", ["title": title, "clip": ["provider": "tiktok", "provider_uid": "1", "url": "u"]], "clip", "VALIDATION_FORMAT"),
            ("link to no record", ["title": title, "related": .string(unknownUpload)], "related", "VALIDATION_INVALID"),
            ("links not an array", ["title": title, "related_list": .string(showcase.targetID)], "related_list", "VALIDATION_FORMAT"),
            ("localized value not keyed by locale", ["title": "Plain"], "title", "VALIDATION_FORMAT"),
            ("unknown locale", ["title": ["en": "A", "fr": "B"]], "title", "VALIDATION_FORMAT"),
            ("non-localized value keyed by locale", ["title": title, "body": ["en": "Hello"]], "body", "VALIDATION_FORMAT"),
            ("required field missing", ["body": "no title"], "title", "VALIDATION_REQUIRED"),
            ("required field null", ["title": nil], "title", "VALIDATION_REQUIRED"),
            ("block of a model the validator does not list", ["title": title, "feature": showcase.newBlock(showcase.quote, ["text": "q"])],
             "feature", "VALIDATION_INVALID"),
            ("block of a regular model", ["title": title, "sections": [showcase.newBlock(showcase.model, ["title": title])]],
             "sections", "VALIDATION_INVALID"),
            ("block ID that does not exist", ["title": title, "sections": [.string(unknownUpload)]], "sections", "VALIDATION_INVALID"),
            ("block with a bad value", ["title": title, "sections": [showcase.newBlock(showcase.quote, ["text": "q", "author": 7])]],
             "sections", "VALIDATION_FORMAT"),
            ("new block missing a required field", ["title": title, "sections": [showcase.newBlock(showcase.quote, ["author": "Ada"])]],
             "sections", "VALIDATION_REQUIRED"),
            ("block without its model", ["title": title, "sections": [["type": "item", "attributes": ["text": "q"]]]], "sections", "VALIDATION_FORMAT"),
            ("structured text without dast", ["title": title, "article": ["document": ["type": "root", "children": []]]], "article", "VALIDATION_FORMAT"),
            ("structured text link to no record", ["title": title, "article": ["schema": "dast", "document": ["type": "root", "children": [
                ["type": "paragraph", "children": [["type": "inlineItem", "item": .string(unknownUpload)]]],
            ]]]], "article", "VALIDATION_INVALID"),
        ]
        for testCase in cases {
            do {
                _ = try await showcase.client.items.create(attributes: testCase.attributes, itemType: showcase.model.id)
                XCTFail("\(testCase.name): accepted")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 422, testCase.name)
                XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": .string(testCase.field), "code": .string(testCase.code)]),
                                "\(testCase.name): \(error.entities.map(\.details))")
            }
        }
        XCTAssertEqual(showcase.harness.simulator.records().map(\.id), [showcase.targetID], "a refused request leaves nothing behind")

        // Updates are checked too: a required field cannot be emptied, a value must keep its shape.
        for (attributes, field, code) in [(["title": nil] as JSONValue, "title", "VALIDATION_REQUIRED"),
                                          (["rank": "four"] as JSONValue, "rank", "VALIDATION_FORMAT")] {
            do {
                _ = try await showcase.client.items.update(showcase.targetID, attributes: attributes)
                XCTFail("update accepted \(attributes)")
            } catch let error as ApiError {
                XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": .string(field), "code": .string(code)]), "\(error)")
            }
        }
    }

    func testFieldsOfEveryTypeAreCreatedAndBadDefinitionsAreRefused() async throws {
        let showcase = try await Showcase.make()
        defer { showcase.harness.stop() }
        let client = showcase.client
        let types = try await client.fields.list(showcase.model.id).map(\.attributes.fieldType.rawValue)
        XCTAssertEqual(Set(types), Set(FieldAttributesFieldType.knownValues.map(\.rawValue)), "every field type was accepted")

        let refusals: [(FieldAttributesFieldType, JSONValue?, String)] = [
            (FieldAttributesFieldType(rawValue: "markdown"), nil, "field_type"),
            (.richText, ["rich_text_blocks": ["item_types": [.string(showcase.model.id)]]], "validators"),
            (.singleBlock, ["single_block_blocks": ["item_types": ["no-such-model"]]], "validators"),
            (.link, ["item_item_type": ["item_types": [.string(showcase.hero.id)]]], "validators"),
            (.string, ["rich_text_blocks": ["item_types": [.string(showcase.hero.id)]]], "validators"),
        ]
        for (index, (type, validators, field)) in refusals.enumerated() {
            do {
                _ = try await client.fields.create(showcase.model.id, label: "Bad \(index)", fieldType: type, apiKey: "bad_\(index)", validators: validators)
                XCTFail("field \(index) (\(type.rawValue)) accepted")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 422)
                XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": .string(field)]), "field \(index): \(error)")
            }
        }
        let fields = try await client.fields.list(showcase.model.id)
        XCTAssertFalse(fields.contains { $0.attributes.apiKey.hasPrefix("bad_") }, "no refused field was stored")
    }

    /// A model without any field is checked like every other: DatoCMS refuses an attribute the
    /// model has no field for, so a fieldless model takes no attribute at all.
    func testModelWithoutFieldsRefusesEveryAttribute() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.client.itemTypes.create(name: "Bare", apiKey: "bare")
        do {
            _ = try await harness.client.items.create(attributes: ["title": "x"] as JSONValue, itemType: model.id)
            XCTFail("a model without fields accepted a title")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
            XCTAssertNotNil(error.findError("INVALID_FIELD", details: ["field": "title", "code": "VALIDATION_UNKNOWN_FIELD"]), "\(error)")
        }
        XCTAssertEqual(harness.simulator.records().count, 0, "the refused record was not stored")

        // The refusal is about the attribute: a record without attributes is fine.
        _ = try await harness.client.items.create(attributes: [:] as JSONValue, itemType: model.id)
        XCTAssertEqual(harness.simulator.records().count, 1)
    }
}
