import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

// Field values (issue 14 §1) read from and written to the wire through the SDK: a record is served
// over loopback by a `LoopbackHTTPServer` answering with JSON written from the DatoCMS field type
// definitions, read with `items.find`, and written back with `items.create`, whose request body the
// server keeps. Blocks and structured text stay here, where the wire is ours to write.

/// A block model with a title and an image.
private struct HeroBlock: DatoCMSModel {
    static let itemTypeID = "hero_model"
    static let apiKey = "hero"
    var title: String?
    var image: FileValue?
}

/// A block model holding blocks of its own (recursion through `BlockValue`).
private struct QuoteBlock: DatoCMSModel {
    static let itemTypeID = "quote_model"
    static let apiKey = "quote"
    var text: String?
    var notes: [BlockValue<AnyBlock>]
}

/// The blocks the sample fields accept, as the generator writes such a union.
private enum SampleBlock: BlockUnion {
    case hero(HeroBlock)
    case quote(QuoteBlock)
    case unknown(AnyBlock)

    var itemTypeID: String {
        switch self {
        case .hero: return HeroBlock.itemTypeID
        case .quote: return QuoteBlock.itemTypeID
        case .unknown(let block): return block.itemTypeID
        }
    }

    init(itemTypeID: String, attributesFrom decoder: any Decoder) throws {
        switch itemTypeID {
        case HeroBlock.itemTypeID: self = .hero(try HeroBlock(from: decoder))
        case QuoteBlock.itemTypeID: self = .quote(try QuoteBlock(from: decoder))
        default: self = .unknown(try AnyBlock(itemTypeID: itemTypeID, attributesFrom: decoder))
        }
    }

    func encodeAttributes(to encoder: any Encoder) throws {
        switch self {
        case .hero(let block): try block.encode(to: encoder)
        case .quote(let block): try block.encode(to: encoder)
        case .unknown(let block): try block.encodeAttributes(to: encoder)
        }
    }
}

/// A model with a field of every type, as the generator would write it (all optional: no field
/// has a `required` validator).
private struct EveryField: DatoCMSModel {
    static let itemTypeID = "every_model"
    static let apiKey = "every_field"
    var title: String?
    var body: String?
    var slug: String?
    var published: Bool?
    var count: Int?
    var rating: Double?
    var day: CalendarDate?
    var at: DateTime?
    var color: ColorValue?
    var place: LatLonValue?
    var seo: SEOValue?
    var data: JSONString?
    var video: VideoValue?
    var cover: FileValue?
    var gallery: [FileValue]?
    var author: String?
    var related: [String]?
    var sections: [BlockValue<SampleBlock>]?
    var hero: BlockValue<SampleBlock>?
    var content: StructuredText<SampleBlock, AnyBlock>?
    var localizedTitle: Localized<String>?
    var localizedCover: Localized<FileValue>?

    enum CodingKeys: String, CodingKey {
        case title, body, slug, published, count, rating, day, at, color, place, seo, data, video, cover, gallery, author, related,
            sections, hero, content
        case localizedTitle = "localized_title"
        case localizedCover = "localized_cover"
    }
}

/// The image of the hero block below.
private let heroImage = FileValue(uploadID: "up9", alt: "Hero", title: "Big", customData: ["k": "v"], focalPoint: .init(x: 0.1, y: 0.9), posterTime: 1.5)

/// Wire JSON of a hero block record as `nested=true` answers have it (every member of its image
/// set, so that writing it back sends the same).
private let heroRecordJSON = #"""
    {"type": "item", "id": "blk1", "attributes": {"title": "Welcome", "image": {"upload_id": "up9", "alt": "Hero", "title": "Big", "custom_data": {"k": "v"}, "focal_point": {"x": 0.1, "y": 0.9}, "poster_time": 1.5}},
     "relationships": {"item_type": {"data": {"type": "item_type", "id": "hero_model"}}},
     "meta": {"created_at": "2026-12-01T10:00:00.000+00:00", "updated_at": "2026-12-01T10:00:00.000+00:00", "current_version": "v1"}}
    """#

/// A structured text document with every node type, an unknown node type (`table`) and unknown
/// members (in a paragraph, a link's meta entry, the root and the document).
private let documentJSON = #"""
    {"schema": "dast", "future_member": 1, "document": {"type": "root", "root_extra": true, "children": [
      {"type": "heading", "level": 2, "style": "display", "children": [{"type": "span", "value": "Title"}]},
      {"type": "paragraph", "future_key": {"x": 1}, "children": [
        {"type": "span", "value": "Plain "},
        {"type": "span", "value": "bold", "marks": ["strong", "emphasis", "custom_mark"]},
        {"type": "link", "url": "https://example.com", "meta": [{"id": "target", "value": "_blank", "extra": 2}], "children": [{"type": "span", "value": "a link"}]},
        {"type": "itemLink", "item": "rec1", "meta": [], "children": [{"type": "span", "value": "a record"}]},
        {"type": "inlineItem", "item": "rec2"},
        {"type": "inlineBlock", "item": "blk7"}]},
      {"type": "list", "style": "numbered", "children": [
        {"type": "listItem", "children": [{"type": "paragraph", "children": [{"type": "span", "value": "one"}]},
          {"type": "list", "style": "bulleted", "children": [{"type": "listItem", "children": [{"type": "paragraph", "children": [{"type": "span", "value": "nested"}]}]}]}]}]},
      {"type": "blockquote", "attribution": "Ada", "children": [{"type": "paragraph", "children": [{"type": "span", "value": "quoted"}]}]},
      {"type": "code", "code": "let x = 1\nprint(x)", "language": "swift", "highlight": [1]},
      {"type": "thematicBreak"},
      {"type": "block", "item": \#(heroRecordJSON)},
      {"type": "block", "item": "blk8"},
      {"type": "table", "children": [{"type": "tableRow", "cells": [1, "two", null]}]}]}}
    """#

/// Every field filled, blocks as nested records.
private let filledAttributesJSON = #"""
    {"title": "Hello", "body": "Some *text*", "slug": "hello", "published": true, "count": 42, "rating": 4.5,
     "day": "2026-12-01", "at": "2026-12-01T10:15:30+01:00",
     "color": {"red": 239, "green": 68, "blue": 68, "alpha": 128},
     "place": {"latitude": 45.4642, "longitude": 9.19},
     "seo": {"title": "Hello", "description": "A post", "image": "up1", "twitter_card": "summary_large_image", "no_index": false},
     "data": "{\"weight\": 1.5, \"tags\": [\"a\", \"b\"]}",
     "video": {"provider": "youtube", "provider_uid": "dQw4w9WgXcQ", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "width": 480, "height": 360,
               "thumbnail_url": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", "title": "A video"},
     "cover": {"upload_id": "up1", "alt": "A cat", "title": null, "custom_data": {"credit": "Ada"}, "focal_point": {"x": 0.5, "y": 0.25}, "poster_time": null},
     "gallery": [{"upload_id": "up2", "alt": null, "title": "Second", "custom_data": {}, "focal_point": null, "poster_time": 2.5}],
     "author": "rec1", "related": ["rec2", "rec3"],
     "sections": [\#(heroRecordJSON),
       {"type": "item", "id": "blk2", "attributes": {"text": "To be", "notes": [
           {"type": "item", "id": "blk3", "attributes": {"note": "inner"}, "relationships": {"item_type": {"data": {"type": "item_type", "id": "note_model"}}}}]},
        "relationships": {"item_type": {"data": {"type": "item_type", "id": "quote_model"}}}},
       {"type": "item", "id": "blk4", "attributes": {"anything": [1, 2]}, "relationships": {"item_type": {"data": {"type": "item_type", "id": "later_model"}}}}],
     "hero": "blk9",
     "content": \#(documentJSON),
     "localized_title": {"en": "Hello", "it": null},
     "localized_cover": {"en": {"upload_id": "up3", "alt": "EN", "title": null, "custom_data": {}, "focal_point": null, "poster_time": null}, "it": null}}
    """#

/// Every field empty, as responses have them: `null`, and `[]` for lists.
private let emptyAttributesJSON = #"""
    {"title": null, "body": null, "slug": null, "published": null, "count": null, "rating": null, "day": null, "at": null,
     "color": null, "place": null, "seo": null, "data": null, "video": null, "cover": null, "gallery": [], "author": null,
     "related": [], "sections": [], "hero": null, "content": null, "localized_title": {"en": null, "it": null}, "localized_cover": {"en": null}}
    """#


/// A server answering every request with one record whose attributes are `attributes` (JSON
/// text), and a client pointed at it.
private struct RecordServer {
    let server: LoopbackHTTPServer
    let client: DatoCMSClient
    let log = LockedArray<ReceivedRequest>()

    init(attributes: String) throws {
        let body = Data("""
            {"data": {"id": "rec0", "type": "item", "attributes": \(attributes),
             "relationships": {"item_type": {"data": {"type": "item_type", "id": "every_model"}}, "creator": {"data": null}},
             "meta": {"created_at": "2026-12-01T10:15:30.123+00:00", "updated_at": "2026-12-01T10:15:30.123+00:00", "published_at": null,
                      "first_published_at": null, "status": "draft", "is_valid": true, "current_version": "v1"}}}
            """.utf8)
        let log = self.log
        server = try LoopbackHTTPServer { request in
            log.append(request)
            return .init(status: request.method == "POST" ? 201 : 200, headers: [("Content-Type", "application/json")], body: body)
        }
        client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))
    }

    /// `data.attributes` of the last request with a body.
    func sentAttributes(file: StaticString = #filePath, line: UInt = #line) throws -> NSDictionary {
        let request = try XCTUnwrap(log.values.last { $0.body != nil }, "no request with a body", file: file, line: line)
        return try XCTUnwrap((json(request.body, file: file, line: line)?["data"] as? NSDictionary)?["attributes"] as? NSDictionary, file: file, line: line)
    }

    func stop() { server.stop() }
}

/// `text` parsed, for comparing JSON whatever its member order.
private func parsed(_ text: String) throws -> NSObject {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject)
}

final class FieldValueTests: XCTestCase {
    func testEveryFieldTypeReadsFromAResponse() async throws {
        let served = try RecordServer(attributes: filledAttributesJSON)
        defer { served.stop() }
        let record = try await served.client.items.find("rec0", nested: true, as: EveryField.self)
        let value = record.attributes

        XCTAssertEqual(value.title, "Hello")
        XCTAssertEqual(value.body, "Some *text*")
        XCTAssertEqual(value.slug, "hello")
        XCTAssertEqual(value.published, true)
        XCTAssertEqual(value.count, 42)
        XCTAssertEqual(value.rating, 4.5)
        XCTAssertEqual(value.day, CalendarDate(year: 2026, month: 12, day: 1))
        XCTAssertEqual(value.at?.date, Date(timeIntervalSince1970: 1_796_116_530))
        XCTAssertEqual(value.color, ColorValue(red: 239, green: 68, blue: 68, alpha: 128))
        XCTAssertEqual(value.place, LatLonValue(latitude: 45.4642, longitude: 9.19))
        XCTAssertEqual(value.seo, SEOValue(title: "Hello", description: "A post", image: "up1", twitterCard: .summaryLargeImage, noIndex: false))
        XCTAssertEqual(value.data?.value, ["weight": 1.5, "tags": ["a", "b"]])
        XCTAssertEqual(value.data?.text, #"{"weight": 1.5, "tags": ["a", "b"]}"#, "the text is kept as sent")
        XCTAssertEqual(value.video, VideoValue(
            provider: .youtube, providerUID: "dQw4w9WgXcQ", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", width: 480, height: 360,
            thumbnailURL: "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", title: "A video"))
        XCTAssertEqual(value.cover, FileValue(uploadID: "up1", alt: "A cat", customData: ["credit": "Ada"], focalPoint: .init(x: 0.5, y: 0.25)))
        XCTAssertEqual(value.gallery, [FileValue(uploadID: "up2", title: "Second", posterTime: 2.5)])
        XCTAssertEqual(value.author, "rec1")
        XCTAssertEqual(value.related, ["rec2", "rec3"])
        XCTAssertEqual(value.localizedTitle, ["en": "Hello", "it": nil])
        XCTAssertEqual(value.localizedCover, ["en": FileValue(uploadID: "up3", alt: "EN"), "it": nil])

        // Modular content: nested records typed by their model, one inside another, and a block
        // of a model the union does not know kept whole.
        let sections = try XCTUnwrap(value.sections)
        XCTAssertEqual(sections.map(\.id), ["blk1", "blk2", "blk4"])
        guard case .hero(let hero) = sections[0].block else { return XCTFail("\(sections[0])") }
        XCTAssertEqual(hero, HeroBlock(title: "Welcome", image: heroImage))
        if case .record(let heroRecord) = sections[0] {
            XCTAssertEqual(heroRecord.meta?["current_version"], "v1", "a nested block's meta is kept")
        }
        guard case .quote(let quote) = sections[1].block else { return XCTFail("\(sections[1])") }
        XCTAssertEqual(quote.text, "To be")
        XCTAssertEqual(quote.notes.first?.block, AnyBlock(itemTypeID: "note_model", attributes: ["note": "inner"]))
        XCTAssertEqual(sections[2].block, .unknown(AnyBlock(itemTypeID: "later_model", attributes: ["anything": [1, 2]])))
        // Single block, as an ID.
        XCTAssertEqual(value.hero, .id("blk9"))
        XCTAssertNil(value.hero?.block)

        // Structured text: every node type, in order.
        let content = try XCTUnwrap(value.content)
        XCTAssertEqual(content.children.map(\.type), ["heading", "paragraph", "list", "blockquote", "code", "thematicBreak", "block", "block", "table"])
        guard case .heading(let level, let title, let style, _) = content.children[0] else { return XCTFail() }
        XCTAssertEqual(level, 2)
        XCTAssertEqual(style, "display")
        XCTAssertEqual(title, [.span("Title")])
        let paragraph = content.children[1]
        XCTAssertEqual(paragraph.children.map(\.type), ["span", "span", "link", "itemLink", "inlineItem", "inlineBlock"])
        XCTAssertEqual(paragraph.children[1], .span("bold", marks: [.strong, .emphasis, "custom_mark"]))
        XCTAssertEqual(paragraph.children[2], .link(url: "https://example.com", [.span("a link")], meta: [.init(id: "target", value: "_blank", unknownMembers: ["extra": 2])]))
        XCTAssertEqual(paragraph.children[3], .itemLink(item: "rec1", [.span("a record")], meta: []))
        XCTAssertEqual(paragraph.children[4], .inlineItem(item: "rec2"))
        XCTAssertEqual(paragraph.children[5], .inlineBlock(.id("blk7")))
        guard case .paragraph(_, _, let unknownMembers) = paragraph else { return XCTFail() }
        XCTAssertEqual(unknownMembers, ["future_key": ["x": 1]])
        XCTAssertEqual(content.children[2].plainText, "onenested")
        guard case .list(let listStyle, let items, _) = content.children[2] else { return XCTFail() }
        XCTAssertEqual(listStyle, .numbered)
        XCTAssertEqual(items.first?.children.last?.type, "list")
        XCTAssertEqual(content.children[3], .blockquote([.paragraph([.span("quoted")])], attribution: "Ada"))
        XCTAssertEqual(content.children[4], .code("let x = 1\nprint(x)", language: "swift", highlight: [1]))
        XCTAssertEqual(content.children[5], .thematicBreak())
        guard case .block(let block, _) = content.children[6] else { return XCTFail() }
        XCTAssertEqual(block.block, .hero(HeroBlock(title: "Welcome", image: heroImage)))
        XCTAssertEqual(content.children[7], .block(.id("blk8")))
        XCTAssertEqual(content.children[8], .unknown(["type": "table", "children": [["type": "tableRow", "cells": [1, "two", nil]]]]))
        XCTAssertEqual(content.unknownMembers, ["future_member": 1])
        XCTAssertEqual(content.document.unknownMembers, ["root_extra": true])
    }

    func testEmptyFieldsReadAsNilOrEmpty() async throws {
        let served = try RecordServer(attributes: emptyAttributesJSON)
        defer { served.stop() }
        let value = try await served.client.items.find("rec0", as: EveryField.self).attributes
        XCTAssertEqual(value, EveryField(
            gallery: [], related: [], sections: [], localizedTitle: ["en": nil, "it": nil], localizedCover: ["en": nil]))
    }

    func testOptionalMembersMayBeMissingOrNull() async throws {
        // A file as a request has it (only upload_id), custom_data null, and an SEO value with one member.
        let served = try RecordServer(attributes: #"""
            {"cover": {"upload_id": "up1"}, "gallery": [{"upload_id": "up2", "custom_data": null, "alt": null}],
             "seo": {"no_index": true}, "content": {"schema": "dast", "document": {"type": "root", "children": [
               {"type": "paragraph", "style": null, "children": [{"type": "span", "value": "x", "marks": null}]},
               {"type": "code", "code": "x"}, {"type": "blockquote", "children": []}]}}}
            """#)
        defer { served.stop() }
        let value = try await served.client.items.find("rec0", as: EveryField.self).attributes
        XCTAssertEqual(value.cover, FileValue(uploadID: "up1"))
        XCTAssertEqual(value.cover?.customData, [:], "custom_data defaults to {}")
        XCTAssertEqual(value.gallery, [FileValue(uploadID: "up2")])
        XCTAssertEqual(value.seo, SEOValue(noIndex: true))
        XCTAssertEqual(value.content?.children, [.paragraph([.span("x")]), .code("x"), .blockquote([])])
    }

    func testStructuredTextAndBlocksWriteBackWhatTheyRead() async throws {
        // Read (nested), write back unchanged: the document, unknown nodes and members included,
        // and the blocks go out as they came.
        let served = try RecordServer(attributes: filledAttributesJSON)
        defer { served.stop() }
        let record = try await served.client.items.find("rec0", nested: true, as: EveryField.self)
        _ = try await served.client.items.create(attributes: record.attributes, itemType: EveryField.itemTypeID)
        let sent = try served.sentAttributes()
        let original = try XCTUnwrap(try parsed(filledAttributesJSON) as? NSDictionary)
        for key in ["content", "sections", "hero", "color", "place", "seo", "video", "day", "at", "localized_title", "related"] {
            XCTAssertEqual(sent[key] as? NSObject, original[key] as? NSObject, key)
        }
        XCTAssertEqual(sent["data"] as? String, #"{"weight": 1.5, "tags": ["a", "b"]}"#, "a json field read is sent back as the same text")
        // A file in a request leaves out what is empty.
        XCTAssertEqual(sent["cover"] as? NSDictionary, ["upload_id": "up1", "alt": "A cat", "custom_data": ["credit": "Ada"], "focal_point": ["x": 0.5, "y": 0.25]])
    }

    func testRequestsLeaveOutWhatIsNotSetAndNameNewBlocksModels() async throws {
        let served = try RecordServer(attributes: emptyAttributesJSON)
        defer { served.stop() }
        let hero = HeroBlock(title: "New", image: nil)
        let draft = EveryField(
            day: "2027-01-31", color: ColorValue(hex: "#ff8800"), seo: SEOValue(title: "Only a title"), data: JSONString(["b": 2, "a": [true, nil]]),
            cover: FileValue(uploadID: "up1"),
            sections: [.new(.hero(hero)), .id("blk2"), .update("blk3", to: .quote(QuoteBlock(text: "Edited", notes: [.id("n1")])))],
            content: StructuredText([.heading(level: 1, [.span("Hi")]), .block(.new(.hero(hero))), .paragraph([.inlineBlock(.new(AnyBlock(itemTypeID: "inline_model", attributes: ["x": 1])))])]),
            localizedTitle: ["en": "Hello", "it": nil])
        _ = try await served.client.items.create(draft)
        let sent = try served.sentAttributes()

        XCTAssertEqual(sent["cover"] as? NSDictionary, ["upload_id": "up1"], "a file with only its upload sends only upload_id")
        XCTAssertEqual(sent["seo"] as? NSDictionary, ["title": "Only a title"])
        XCTAssertEqual(sent["day"] as? String, "2027-01-31")
        XCTAssertEqual(sent["color"] as? NSDictionary, ["red": 255, "green": 136, "blue": 0, "alpha": 255])
        XCTAssertEqual(sent["data"] as? String, #"{"a":[true,null],"b":2}"#, "a json field is a string of JSON")
        XCTAssertEqual(sent["localized_title"] as? NSDictionary, ["en": "Hello", "it": NSNull()])

        let sections = try XCTUnwrap(sent["sections"] as? [NSObject])
        XCTAssertEqual(sections[0], try parsed(#"""
            {"type": "item", "attributes": {"title": "New"}, "relationships": {"item_type": {"data": {"type": "item_type", "id": "hero_model"}}}}
            """#), "a new block: no id, its model in relationships.item_type")
        XCTAssertEqual(sections[1], "blk2" as NSString, "a block kept unchanged: its ID")
        XCTAssertEqual(sections[2], try parsed(#"""
            {"type": "item", "id": "blk3", "attributes": {"text": "Edited", "notes": ["n1"]},
             "relationships": {"item_type": {"data": {"type": "item_type", "id": "quote_model"}}}}
            """#))
        XCTAssertEqual(sent["content"] as? NSObject, try parsed(#"""
            {"schema": "dast", "document": {"type": "root", "children": [
              {"type": "heading", "level": 1, "children": [{"type": "span", "value": "Hi"}]},
              {"type": "block", "item": {"type": "item", "attributes": {"title": "New"}, "relationships": {"item_type": {"data": {"type": "item_type", "id": "hero_model"}}}}},
              {"type": "paragraph", "children": [{"type": "inlineBlock", "item": {"type": "item", "attributes": {"x": 1},
                "relationships": {"item_type": {"data": {"type": "item_type", "id": "inline_model"}}}}}]}]}}
            """#))
        let create = try XCTUnwrap(served.log.values.last)
        XCTAssertEqual(((json(create.body)?["data"] as? NSDictionary)?["relationships"] as? NSDictionary)?["item_type"] as? NSDictionary,
                       ["data": ["type": "item_type", "id": "every_model"]], "create(_:) names the model of the type")
    }

    func testAJSONFieldHoldingInvalidJSONFailsToDecodeAtItsPath() async throws {
        let served = try RecordServer(attributes: #"{"data": "{not json"}"#)
        defer { served.stop() }
        do {
            _ = try await served.client.items.find("rec0", as: EveryField.self)
            XCTFail("a json field that is not JSON must not decode")
        } catch DatoCMSError.decoding(_, _, let path, _) {
            XCTAssertTrue(path.hasSuffix("attributes.data"), path)
        }
        XCTAssertThrowsError(try JSONString(parsing: "[1,")) { error in
            guard case DecodingError.dataCorrupted = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try JSONString(parsing: " 42 ").value, 42)
    }

    func testMalformedValuesFailWithTheirPath() async throws {
        for (attributes, suffix) in [
            (#"{"day": "2026-02-30"}"#, "attributes.day"),
            (#"{"day": "2026-2-3"}"#, "attributes.day"),
            (#"{"sections": [{"type": "item", "id": "b", "attributes": {}}]}"#, "attributes.sections.[0].relationships"),
            (#"{"content": {"schema": "dast", "document": {"type": "root", "children": [{"type": "heading", "children": []}]}}}"#, "document.children.[0].level"),
            (#"{"content": {"schema": "dast", "document": {"type": "paragraph", "children": []}}}"#, "attributes.content.document"),
        ] {
            let served = try RecordServer(attributes: attributes)
            defer { served.stop() }
            do {
                _ = try await served.client.items.find("rec0", as: EveryField.self)
                XCTFail("\(attributes) must not decode")
            } catch DatoCMSError.decoding(_, _, let path, _) {
                XCTAssertTrue(path.contains(suffix), "\(attributes): \(path)")
            }
        }
    }

    func testCalendarDatesAndColors() {
        // Text from elsewhere goes through the failable initializer (a literal argument would be
        // the string literal, checked when used).
        func day(_ text: String) -> CalendarDate? { CalendarDate(text) }
        XCTAssertNil(day("2026-02-29"))
        XCTAssertEqual(day("2028-02-29"), CalendarDate(year: 2028, month: 2, day: 29))
        XCTAssertNil(day("2026-13-01"))
        XCTAssertNil(day("2026-12-01T00:00:00Z"))
        XCTAssertNil(day("２０２６-12-01"))
        XCTAssertEqual(CalendarDate(year: 987, month: 3, day: 4)?.description, "0987-03-04")
        XCTAssertLessThan(CalendarDate("2026-12-31"), CalendarDate("2027-01-01"))
        let rome = TimeZone(identifier: "Europe/Rome")!
        // 23:30 UTC on 30 November is already 1 December in Rome.
        XCTAssertEqual(CalendarDate(Date(timeIntervalSince1970: 1_796_081_400), in: rome), "2026-12-01")
        XCTAssertEqual(CalendarDate("2026-12-01").startDate(in: rome), Date(timeIntervalSince1970: 1_796_079_600))
        XCTAssertEqual(ColorValue(hex: "#11223380"), ColorValue(red: 0x11, green: 0x22, blue: 0x33, alpha: 0x80))
        XCTAssertEqual(ColorValue(red: 1, green: 2, blue: 255).hex, "#0102ff")
        XCTAssertNil(ColorValue(hex: "#12345"))
    }
}
