import DatoCMS
import DatoCMSGenerator
import DatoCMSSimulator
import Foundation
import XCTest

/// Issue 14 end to end: a project in the simulator with a model using every field type (localized
/// and not) and two block models; its models generated as `GeneratedModels/` (compiled into this
/// test target, as a user's generated models are compiled into theirs), checked for drift, and used
/// to create, read and publish a record with every field filled.
///
/// To regenerate `GeneratedModels/` after changing the project below, run the tests with
/// `DATOCMS_UPDATE_GENERATED_MODELS=1` (the same code `swift package generate-models` runs).
final class ModelWorkflowTests: XCTestCase {
    /// Fixed model IDs, chosen by the client at creation, so the generated constants are stable.
    static let catalogEntryID = "T0ljEVgGTCS2BhAqdXnt4g"
    static let promoBannerID = "NMzeNDDvQe2EXRSv5ZSmeg"
    static let specSheetID = "0Hg4hi6MQ-C2BVxr_E8XtA"

    static var generatedModelsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("GeneratedModels")
    }

    /// Builds the project through the SDK.
    static func makeProject(_ client: DatoCMSClient) async throws {
        _ = try await client.itemTypes.create(id: specSheetID, name: "Spec sheet", apiKey: "spec_sheet", modularBlock: true)
        _ = try await client.fields.create(specSheetID, label: "Label", fieldType: .string, apiKey: "label", validators: ["required": [:]])
        _ = try await client.fields.create(specSheetID, label: "Value", fieldType: .text, apiKey: "value")
        _ = try await client.itemTypes.create(id: promoBannerID, name: "Promo banner", apiKey: "promo_banner", modularBlock: true)
        _ = try await client.fields.create(promoBannerID, label: "Headline", fieldType: .string, apiKey: "headline", hint: "Short and loud")
        _ = try await client.fields.create(promoBannerID, label: "Image", fieldType: .file, apiKey: "image")
        _ = try await client.fields.create(promoBannerID, label: "Specs", fieldType: .richText, apiKey: "specs",
                                           validators: ["rich_text_blocks": ["item_types": [.string(specSheetID)]]])

        _ = try await client.itemTypes.create(id: catalogEntryID, name: "Catalog entry", apiKey: "catalog_entry", draftModeActive: true,
                                              hint: "One product of the catalog")
        let blocks: JSONValue = [.string(promoBannerID), .string(specSheetID)]
        let fields: [(String, String, FieldAttributesFieldType, Bool, JSONValue?)] = [
            ("Name", "name", .string, true, ["required": [:]]),
            ("Summary", "summary", .text, false, nil),
            ("In stock", "in_stock", .boolean, false, nil),
            ("Units", "units", .integer, false, nil),
            ("Price", "price", .float, false, nil),
            ("Launch day", "launch_day", .date, false, nil),
            ("Last audit", "last_audit", .dateTime, false, nil),
            ("Brand color", "brand_color", .color, false, nil),
            ("Warehouse", "warehouse", .latLon, false, nil),
            ("SEO", "seo", .seo, true, nil),
            ("Slug", "slug", .slug, false, nil),
            ("Specification", "specification", .json, false, nil),
            ("Teaser", "teaser", .video, false, nil),
            ("Photo", "photo", .file, false, nil),
            ("Photos", "photos", .gallery, false, nil),
            ("Successor", "successor", .link, false, ["item_item_type": ["item_types": [.string(catalogEntryID)]]]),
            ("Related", "related", .links, false, ["items_item_type": ["item_types": [.string(catalogEntryID)]]]),
            ("Sections", "sections", .richText, false, ["rich_text_blocks": ["item_types": blocks]]),
            ("Banner", "banner", .singleBlock, true, ["single_block_blocks": ["item_types": [.string(promoBannerID)]]]),
            ("Description", "description", .structuredText, false, [
                "structured_text_blocks": ["item_types": [.string(specSheetID)]],
                "structured_text_inline_blocks": ["item_types": [.string(promoBannerID)]],
                "structured_text_links": ["item_types": [.string(catalogEntryID)]],
            ]),
            ("Tagline", "tagline", .string, true, nil),
        ]
        for (position, (label, apiKey, type, localized, validators)) in fields.enumerated() {
            _ = try await client.fields.create(catalogEntryID, label: label, fieldType: type, apiKey: apiKey, localized: localized,
                                               validators: validators, position: position + 1)
        }
    }

    /// The models generated from the project the client sees.
    static func generate(_ client: DatoCMSClient) async throws -> ModelGenerator.Output {
        let export = try await client.exportModelSchema()
        return try ModelGenerator.generate(schemaBytes: Array(export), file: "simulator")
    }

    func testTheGeneratedModelsMatchTheProjectAndCarryARecordWithEveryField() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let client = harness.client
        try await Self.makeProject(client)

        let output = try await Self.generate(client)
        XCTAssertEqual(output.files.map(\.name), ["CatalogEntry.swift", "PromoBanner.swift", "SpecSheet.swift"])
        XCTAssertEqual(output.warnings, [])
        if ProcessInfo.processInfo.environment["DATOCMS_UPDATE_GENERATED_MODELS"] != nil {
            try ModelGenerator.write(output, to: Self.generatedModelsDirectory)
        }
        // What `generate-models --check` does: the compiled models are the project's.
        let drift = ModelGenerator.drift(of: output, against: Self.generatedModelsDirectory)
        XCTAssertTrue(drift.isEmpty, drift.description)

        let upload = try await client.uploads.upload(data: Data("a picture, as far as the simulator cares".utf8), filename: "photo.png")
        let older = try await client.items.create(CatalogEntry(name: ["en": "Model 1", "it": "Modello 1"], tagline: ["en": "The first"]))
        var entry = CatalogEntry(name: ["en": "Model 2", "it": "Modello 2"], tagline: ["en": "The next one", "it": "Il prossimo"])
        entry.summary = "Everything, in one record"
        entry.inStock = true
        entry.units = 12
        entry.price = 19.99
        entry.launchDay = "2026-03-01"
        entry.lastAudit = "2026-11-30T09:30:00+01:00"
        entry.brandColor = ColorValue(red: 10, green: 20, blue: 30)
        entry.warehouse = LatLonValue(latitude: 45.46, longitude: 9.19)
        entry.seo = ["en": SEOValue(title: "Model 2", description: "The next one", image: upload.id, noIndex: false)]
        entry.slug = "model-2"
        entry.specification = JSONString(["weight": 1.5, "colors": ["red", "blue"]])
        entry.teaser = VideoValue(provider: "youtube", providerUID: "abc", url: "https://youtu.be/abc", width: 640, height: 480,
                                  thumbnailURL: "https://i.ytimg.com/abc.jpg", title: "Teaser")
        entry.photo = FileValue(uploadID: upload.id, alt: "Front")
        entry.photos = [FileValue(uploadID: upload.id), FileValue(uploadID: upload.id, focalPoint: FileValue.FocalPoint(x: 0.5, y: 0.25))]
        entry.successor = older.id
        entry.related = [older.id]
        entry.sections = [
            .new(.promoBanner(PromoBanner(headline: "Launch", specs: [.new(.specSheet(SpecSheet(label: "Inside", value: "a banner")))]))),
            .new(.specSheet(SpecSheet(label: "Weight", value: "1.5 kg"))),
        ]
        entry.banner = ["en": .new(.promoBanner(PromoBanner(headline: "Buy now", image: FileValue(uploadID: upload.id))))]
        entry.description = StructuredText([
            .paragraph([.span("See "), .itemLink(item: older.id, [.span("the first")]), .inlineBlock(.new(.promoBanner(PromoBanner(headline: "Inline"))))]),
            .block(.new(.specSheet(SpecSheet(label: "In the text")))),
        ])

        let created = try await client.items.create(entry)
        XCTAssertEqual(created.relationships.itemType?.data?.id, CatalogEntry.itemTypeID)
        XCTAssertEqual(created.attributes.sections?.count, 2)
        XCTAssertNotNil(created.attributes.sections?[0].id, "the API answers with the new blocks' IDs")

        // Read back nested: every value as written, blocks as records.
        let found = try await client.items.find(created.id, nested: true, as: CatalogEntry.self).attributes
        XCTAssertEqual(found.name, entry.name)
        XCTAssertEqual(found.tagline, entry.tagline)
        XCTAssertEqual(found.summary, entry.summary)
        XCTAssertEqual(found.inStock, true)
        XCTAssertEqual(found.units, 12)
        XCTAssertEqual(found.price, 19.99)
        XCTAssertEqual(found.launchDay, "2026-03-01")
        XCTAssertEqual(found.lastAudit?.date, entry.lastAudit?.date)
        XCTAssertEqual(found.brandColor, entry.brandColor)
        XCTAssertEqual(found.warehouse, entry.warehouse)
        XCTAssertEqual(found.seo?["en"]?.image, upload.id)
        XCTAssertEqual(found.slug, "model-2")
        XCTAssertEqual(found.specification, entry.specification)
        XCTAssertEqual(found.teaser, entry.teaser)
        XCTAssertEqual(found.photo?.uploadID, upload.id)
        XCTAssertEqual(found.photo?.alt, "Front")
        XCTAssertEqual(found.photos?.map(\.focalPoint), [nil, FileValue.FocalPoint(x: 0.5, y: 0.25)])
        XCTAssertEqual(found.successor, older.id)
        XCTAssertEqual(found.related, [older.id])
        guard case .promoBanner(let banner)? = found.sections?[0].block else { return XCTFail("sections[0]: \(String(describing: found.sections))") }
        XCTAssertEqual(banner.headline, "Launch")
        guard case .specSheet(let inner)? = banner.specs?.first?.block else { return XCTFail("blocks inside blocks are nested too") }
        XCTAssertEqual(inner.label, "Inside")
        guard case .specSheet(let sheet)? = found.sections?[1].block else { return XCTFail("sections[1]") }
        XCTAssertEqual(sheet, SpecSheet(label: "Weight", value: "1.5 kg"))
        guard case .promoBanner(let localizedBanner)? = found.banner?["en"]?.block else { return XCTFail("banner") }
        XCTAssertEqual(localizedBanner.image?.uploadID, upload.id)
        XCTAssertEqual(found.description?.children.first?.plainText, "See the first")

        // References name top-level records, never the blocks that hold the mention.
        let usingUpload = try await client.uploads.references(upload.id)
        XCTAssertEqual(usingUpload.map(\.id), [created.id], "the photo, and the banner block's image, count for the record")
        let linkingOlder = try await client.items.references(older.id)
        XCTAssertEqual(linkingOlder.map(\.id), [created.id])

        // Listing by the model alone, and publishing typed.
        let listed = try await client.items.list(as: CatalogEntry.self)
        XCTAssertEqual(Set(listed.map(\.id)), [older.id, created.id], "block records and other models are not listed")
        let published = try await client.items.publish(created.id, as: CatalogEntry.self)
        XCTAssertEqual(published.meta.status?.rawValue, "published")
        XCTAssertEqual(published.attributes.name, entry.name)
    }

    func testAddingAFieldIsDriftThatNamesTheField() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        try await Self.makeProject(harness.client)
        _ = try await harness.client.fields.create(Self.specSheetID, label: "Unit", fieldType: .string, apiKey: "unit", localized: true)

        let drift = ModelGenerator.drift(of: try await Self.generate(harness.client), against: Self.generatedModelsDirectory)
        XCTAssertEqual(drift.changed.map(\.name), ["SpecSheet.swift"])
        XCTAssertTrue(drift.description.contains("+     public var unit: Localized<String>?"), drift.description)
        XCTAssertTrue(drift.description.contains("Field `unit`: string, localized."), drift.description)
    }

    func testARecordWhoseShapeDriftedFailsNamingTheFieldsAPIKey() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        try await Self.makeProject(harness.client)
        let created = try await harness.client.items.create(CatalogEntry(name: ["en": "Drifting"], units: 3, tagline: ["en": "Soon"]))
        // The project retypes `units` behind the generated code's back: integer → string.
        let units = try await harness.client.fields.list(Self.catalogEntryID).first { $0.apiKey == "units" }
        _ = try await harness.client.fields.destroy(try XCTUnwrap(units).id)
        _ = try await harness.client.fields.create(Self.catalogEntryID, label: "Units", fieldType: .string, apiKey: "units")
        _ = try await harness.client.items.update(created.id, attributes: ["units": "three"] as JSONValue)

        do {
            _ = try await harness.client.items.find(created.id, as: CatalogEntry.self)
            XCTFail("a string where the generated model expects an integer must not decode")
        } catch DatoCMSError.decoding(_, _, let path, let reason) {
            XCTAssertTrue(path.hasSuffix("attributes.units"), "the path names the field's API key: \(path) (\(reason))")
        }
    }

    func testModelsAndFieldsTakeTheIDsTheClientChooses() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let client = harness.client
        let model = try await client.itemTypes.create(id: Self.catalogEntryID, name: "Entry", apiKey: "entry")
        XCTAssertEqual(model.id, Self.catalogEntryID)
        let fieldID = "vB4t0m4XQ0eH9Zc2Yd3n7Q"
        let field = try await client.fields.create(model.id, id: fieldID, label: "Name", fieldType: .string, apiKey: "name")
        XCTAssertEqual(field.id, fieldID)
        let found = try await client.fields.find(fieldID)
        XCTAssertEqual(found.apiKey, "name")

        for (attempt, expected) in [
            ({ _ = try await client.itemTypes.create(id: Self.catalogEntryID, name: "Again", apiKey: "again") }, "VALIDATION_UNIQUENESS"),
            ({ _ = try await client.itemTypes.create(id: "not-an-id", name: "Bad", apiKey: "bad") }, "INVALID_FORMAT"),
            ({ _ = try await client.fields.create(model.id, id: fieldID, label: "Again", fieldType: .string, apiKey: "again") }, "VALIDATION_UNIQUENESS"),
        ] as [(() async throws -> Void, String)] {
            do {
                try await attempt()
                XCTFail("expected \(expected)")
            } catch let error as ApiError {
                XCTAssertEqual(error.status, 422)
                XCTAssertTrue(error.entities.contains { $0.code == expected || $0.details["code"]?.stringValue == expected }, "\(error)")
            }
        }
        let models = try await client.itemTypes.list()
        XCTAssertEqual(models.map(\.id), [Self.catalogEntryID], "nothing was created by the refused calls")
    }
}
