import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Relationship arguments take an ID or the resource a call returned, alike.
final class ResourceReferenceTests: XCTestCase {
    func testRelationshipArgumentsTakeTheResourceOrItsID() async throws {
        let harness = try Harness()
        let model = try await harness.makeModel()

        // The model itself, then its ID: the same linkage on the wire.
        let first = try await harness.client.items.create(attributes: Article(title: "One", slug: "one"), itemType: model)
        let second = try await harness.client.items.create(attributes: Article(title: "Two", slug: "two"), itemType: model.id)
        let linkages = try harness.takeRequests().filter { $0.method == "POST" && $0.path == "/items" }.map { request in
            let data = try XCTUnwrap(json(request.body)?["data"] as? NSDictionary)
            return try XCTUnwrap(((data["relationships"] as? NSDictionary)?["item_type"] as? NSDictionary)?["data"] as? NSDictionary)
        }
        XCTAssertEqual(linkages, [["type": "item_type", "id": model.id], ["type": "item_type", "id": model.id]])
        XCTAssertEqual([first.relationships.itemType?.id, second.relationships.itemType?.id], [model.id, model.id])

        // Records as they came back, for a to-many argument.
        let result = try await harness.client.items.bulkPublish(items: [first, second])
        XCTAssertEqual(result.ids, [first.id, second.id])
        XCTAssertEqual(harness.simulator.records().map(\.status), ["published", "published"])
    }

    func testResourcesNameThemselvesByTypeAndIDForRelationshipsToSeveralTypes() async throws {
        let harness = try Harness()
        let model = try await harness.makeModel()
        let typed: any TypedResourceReference = model
        XCTAssertEqual(typed.resourceIdentifier, ResourceIdentifier(type: "item_type", id: model.id))
        let plain: any ResourceReference = ResourceIdentifier(type: "user", id: "42")
        XCTAssertEqual(plain.resourceID, "42")
    }
}
