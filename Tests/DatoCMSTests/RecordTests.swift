import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Records are generic over their attributes: your model, or `JSONValue` without one.
final class RecordTests: XCTestCase {
    func testTypedRecordsThroughTheLifecycle() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()

        let created = try await harness.client.items.create(attributes: Article(title: "Hello", slug: "hello"), itemType: model.id)
        XCTAssertEqual(created.attributes, Article(title: "Hello", slug: "hello"))
        XCTAssertEqual(created.title, "Hello", "attributes read directly on the record")
        XCTAssertEqual(created.relationships.itemType?.data?.id, model.id)
        XCTAssertEqual(created.meta.status, .draft)
        XCTAssertNil(created.meta.publishedAt)

        let found = try await harness.client.items.find(created.id, as: Article.self)
        XCTAssertEqual(found.slug, "hello")

        let updated = try await harness.client.items.update(created.id, attributes: Article(title: "Hello again", slug: "hello"))
        XCTAssertEqual(updated.title, "Hello again")
        let sent = try XCTUnwrap(harness.simulator.receivedRequests().last { $0.method == "PUT" })
        XCTAssertEqual((json(sent.body)?["data"] as? NSDictionary)?["id"] as? String, created.id, "the path ID fills data.id")

        let typedByContext: Item<Article> = try await harness.client.items.publish(created.id)
        XCTAssertEqual(typedByContext.meta.status, .published)

        let listed = try await harness.client.items.list(filterType: model.id, as: Article.self)
        XCTAssertEqual(listed.map(\.id), [created.id])

        let whole = try await harness.client.items.raw.list(query: ItemListQuery(filterType: model.id), as: Article.self)
        XCTAssertEqual(whole.data.count, 1)
        XCTAssertEqual(whole.meta.totalCount, 1)

        let destroyed = try await harness.client.items.destroy(created.id, as: Article.self)
        XCTAssertEqual(destroyed?.id, created.id)
        XCTAssertNil(harness.simulator.record(id: created.id))
    }

    func testUntypedRecordsCarryInspectableJSON() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let created = try await harness.client.items.create(attributes: ["title": "Free", "slug": "free"] as JSONValue, itemType: model.id)

        let record = try await harness.client.items.find(created.id)

        XCTAssertEqual(record.attributes["title"]?.stringValue, "Free")
        XCTAssertEqual(try record.attributes.decode(as: Article.self), Article(title: "Free", slug: "free"))
    }

    func testModelsAndFieldsDecodeIntoGeneratedTypes() async throws {
        let harness = try Harness()
        defer { harness.stop() }

        let model = try await harness.client.itemTypes.create(name: "Post", apiKey: "post", draftModeActive: true)
        XCTAssertEqual(model.name, "Post")
        XCTAssertEqual(model.apiKey, "post")
        let field = try await harness.client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title", validators: ["required": [:]])
        XCTAssertEqual(field.fieldType, .string)
        XCTAssertEqual(field.relationships.itemType?.data?.id, model.id)
        let renamed = try await harness.client.itemTypes.update(model.id, name: "Article")
        XCTAssertEqual(renamed.name, "Article")
        let models = try await harness.client.itemTypes.list()
        XCTAssertEqual(models.map(\.id), [model.id])
        let fields = try await harness.client.fields.list(model.id)
        XCTAssertEqual(fields.map(\.apiKey), ["title"])
    }

    /// A record created with an ID chosen on the client keeps it, and a malformed one is refused.
    func testARecordCanBeCreatedWithAClientSideID() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel()
        let id = RecordID.generate()
        XCTAssertTrue(RecordID.isValid(id), id)
        let created = try await harness.client.items.create(id: id, attributes: Article(title: "Mine", slug: "mine"), itemType: model.id)
        XCTAssertEqual(created.id, id)
        let sent = try XCTUnwrap(harness.takeRequests().last { $0.method == "POST" })
        XCTAssertEqual((json(sent.body)?["data"] as? NSDictionary)?["id"] as? String, id)
        XCTAssertEqual(harness.simulator.record(id: id)?.id, id)

        do {
            _ = try await harness.client.items.create(id: "not-an-id", attributes: Article(title: "Bad", slug: "bad"), itemType: model.id)
            XCTFail("a malformed ID was accepted")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
            XCTAssertEqual(error.code, "INVALID_FORMAT")
        }
    }

    func testRecordIDsAreVersion4UUIDsInURLSafeBase64() {
        let ids = (0..<200).map { _ in RecordID.generate() }
        XCTAssertEqual(Set(ids).count, 200)
        for id in ids { XCTAssertTrue(RecordID.isValid(id), id) }
        XCTAssertTrue(RecordID.isValid("WTyssHtyTzu9_EbszSVhPw"), "an ID DatoCMS's own docs show")
        for bad in ["", "foobar", "https://example.com", "WTyssHtyTzu9_EbszSVhPwX", "WTyssHtyTzu9/EbszSVhPw", "AAAAAAAAAAAAAAAAAAAAAA", "542391"] {
            XCTAssertFalse(RecordID.isValid(bad), bad)
        }
    }
}
