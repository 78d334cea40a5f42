import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// An update's optional nullable members are `Nullable`: left out (unchanged), `.null` (cleared)
/// or a value — three different requests, and three different outcomes in the project.
final class ExplicitNullTests: XCTestCase {
    /// The `data` of the last `PUT` the simulator received.
    private func lastUpdate(_ harness: Harness) throws -> NSDictionary {
        let request = try XCTUnwrap(harness.takeRequests().last { $0.method == "PUT" })
        return try XCTUnwrap(json(request.body)?["data"] as? NSDictionary)
    }

    func testNullClearsALeftOutMemberStaysAndAValueSets() async throws {
        let harness = try Harness()
        let model = try await harness.makeModel()
        let parent = try await harness.client.menuItems.create(label: "Content", position: 1)
        let item = try await harness.client.menuItems.create(label: "Blog", externalUrl: "https://example.com/blog", position: 2, itemType: model.id, parent: parent.id)
        _ = harness.takeRequests()

        // Clear the URL and the parent; leave the model alone.
        let cleared = try await harness.client.menuItems.update(item.id, externalUrl: .null, parent: .null)
        let sent = try lastUpdate(harness)
        let attributes = try XCTUnwrap(sent["attributes"] as? NSDictionary)
        XCTAssertTrue(attributes["external_url"] is NSNull, "cleared: an explicit null, \(attributes)")
        XCTAssertNil(attributes["label"], "left out: not sent at all")
        let relationships = try XCTUnwrap(sent["relationships"] as? NSDictionary)
        XCTAssertTrue((relationships["parent"] as? NSDictionary)?["data"] is NSNull, "a cleared relationship is {\"data\": null}")
        XCTAssertNil(relationships["item_type"], "a relationship left out is not sent")
        XCTAssertNil(cleared.attributes.externalUrl)
        XCTAssertNil(cleared.relationships.parent?.id)
        XCTAssertEqual(cleared.relationships.itemType?.id, model.id, "the relationship left out is unchanged")
        XCTAssertEqual(cleared.attributes.label, "Blog")

        // Set them again, from a literal and from an optional.
        let url: String? = "https://example.com/news"
        let set = try await harness.client.menuItems.update(item.id, externalUrl: Nullable(url), parent: .value(parent.id))
        XCTAssertEqual(set.attributes.externalUrl, "https://example.com/news")
        XCTAssertEqual(set.relationships.parent?.id, parent.id)
        let stored = try XCTUnwrap(harness.simulator.resource(type: "menu_item", id: item.id))
        XCTAssertEqual(stored[attribute: "external_url"], "https://example.com/news")
    }

    func testNullableRoundTripsThroughTheRequestBodyAndKeepsNullApartFromAbsent() throws {
        for body in [
            MenuItemUpdateBody(id: "m1", externalUrl: .null),
            MenuItemUpdateBody(id: "m1", externalUrl: "https://example.com"),
            MenuItemUpdateBody(id: "m1", label: "Only the label"),
            MenuItemUpdateBody(id: "m1", parent: .null),
        ] {
            let data = try JSONEncoder().encode(body)
            XCTAssertEqual(try JSONDecoder().decode(MenuItemUpdateBody.self, from: data), body, String(decoding: data, as: UTF8.self))
        }
    }
}
