import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Changing one field of a record without a second struct, and read–edit–write that sends only
/// what changed and never overwrites someone else's edit.
final class PartialUpdateTests: XCTestCase {
    /// A record whose model has an optional `subtitle` too.
    struct Post: Codable, Sendable, Equatable {
        var title: String
        var slug: String
        var subtitle: String?
    }

    private func makePost(_ harness: Harness) async throws -> Item<Post> {
        let model = try await harness.makeModel()
        _ = try await harness.client.fields.create(model.id, label: "Subtitle", fieldType: .string, apiKey: "subtitle")
        let post = try await harness.client.items.create(attributes: Post(title: "Hello", slug: "hello", subtitle: "First"), itemType: model.id)
        _ = harness.takeRequests()
        return post
    }

    /// The `data` of every `PUT /items/:id` since the last call.
    private func updates(_ harness: Harness) throws -> [NSDictionary] {
        try harness.takeRequests().filter { $0.method == "PUT" && $0.path.hasPrefix("/items/") }.map {
            try XCTUnwrap(json($0.body)?["data"] as? NSDictionary)
        }
    }

    func testChangingSendsOnlyTheNamedFieldsAndTheOthersKeepTheirValues() async throws {
        let harness = try Harness()
        let post = try await makePost(harness)

        let updated = try await harness.client.items.update(post.id, changing: ["title": "Hello again", "subtitle": nil], as: Post.self)

        let sent = try XCTUnwrap(updates(harness).first)
        XCTAssertEqual(sent["attributes"] as? NSDictionary, ["title": "Hello again", "subtitle": NSNull()])
        XCTAssertNil(sent["meta"], "no version guard was asked for")
        XCTAssertEqual(updated.attributes, Post(title: "Hello again", slug: "hello", subtitle: nil))
        XCTAssertEqual(harness.simulator.record(id: post.id)?[attribute: "slug"], "hello", "a field left out keeps its value")
    }

    func testEditingReadsThenSendsOnlyWhatChangedGuardedByTheVersionItRead() async throws {
        let harness = try Harness()
        let post = try await makePost(harness)

        let updated = try await harness.client.items.update(post.id, as: Post.self) { post in
            post.title = "Edited"
            post.subtitle = nil   // skipped by the encoding: sent as null
        }

        let sent = try XCTUnwrap(updates(harness).first)
        XCTAssertEqual(sent["attributes"] as? NSDictionary, ["title": "Edited", "subtitle": NSNull()])
        XCTAssertEqual((sent["meta"] as? NSDictionary)?["current_version"] as? String, post.meta.currentVersion)
        XCTAssertEqual(updated.attributes, Post(title: "Edited", slug: "hello", subtitle: nil))
    }

    func testAnEditThatChangesNothingSendsNothing() async throws {
        let harness = try Harness()
        let post = try await makePost(harness)

        let same = try await harness.client.items.update(post.id, as: Post.self) { post in post.title = "Hello" }

        XCTAssertEqual(try updates(harness).count, 0)
        XCTAssertEqual(same.attributes, post.attributes)
    }

    func testAConcurrentChangeIsRefusedNotOverwritten() async throws {
        let harness = try Harness()
        let post = try await makePost(harness)

        do {
            _ = try await harness.client.items.update(post.id, as: Post.self) { edited in
                // Someone else saves the record between our read and our write.
                _ = try await harness.client.items.update(post.id, changing: ["subtitle": "Theirs"])
                edited.title = "Mine"
            }
            XCTFail("a stale write must be refused")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
            XCTAssertEqual(error.code, "STALE_ITEM_VERSION")
        }
        let stored = try XCTUnwrap(harness.simulator.record(id: post.id))
        XCTAssertEqual(stored[attribute: "subtitle"], "Theirs", "their edit survives")
        XCTAssertEqual(stored[attribute: "title"], "Hello", "ours was not applied")
    }

    func testAnEditThatThrowsSendsNothing() async throws {
        let harness = try Harness()
        let post = try await makePost(harness)
        struct Abandoned: Error {}

        do {
            _ = try await harness.client.items.update(post.id, as: Post.self) { post in
                post.title = "Half done"
                throw Abandoned()
            }
            XCTFail("the edit's error must come through")
        } catch is Abandoned {}
        XCTAssertEqual(try updates(harness).count, 0)
    }
}
