import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

// `DatoCMSModel` conveniences (issue 14 §2): records created, listed, found and published with the
// model taken from the type, against the simulator.

/// The simulator's IDs of this file's models. A generated model has its ID as a constant; here the
/// simulator picks it when the test creates the model, so the tests record it before any call.
private final class SimulatedModelIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String: String] = [:]

    subscript(apiKey: String) -> String {
        get {
            lock.lock()
            defer { lock.unlock() }
            return ids[apiKey] ?? "not-created-yet"
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            ids[apiKey] = newValue
        }
    }
}

private let modelIDs = SimulatedModelIDs()

/// A model with simple field types, as the generator writes one (fields without a `required`
/// validator are optional).
private struct Event: DatoCMSModel {
    static var itemTypeID: String { modelIDs[apiKey] }
    static let apiKey = "event"

    var name: String
    var attendees: Int?
    var isOpen: Bool?
    var day: CalendarDate?
    var badge: ColorValue?
    var venue: LatLonValue?
    var details: JSONString?

    enum CodingKeys: String, CodingKey {
        case name, attendees, day, badge, venue, details
        case isOpen = "is_open"
    }
}

/// A second model, so that listing by model has something to leave out.
private struct Note: DatoCMSModel {
    static var itemTypeID: String { modelIDs[apiKey] }
    static let apiKey = "note"

    var text: String
}

final class ModelConvenienceTests: XCTestCase {
    /// The simulator with both models and their fields, their IDs recorded for the types.
    private func makeProject() async throws -> Harness {
        let harness = try Harness()
        let client = harness.client
        let event = try await client.itemTypes.create(name: "Event", apiKey: Event.apiKey, draftModeActive: true)
        modelIDs[Event.apiKey] = event.id
        for (label, type, apiKey) in [("Name", FieldAttributesFieldType.string, "name"), ("Attendees", .integer, "attendees"), ("Open", .boolean, "is_open"),
                                      ("Day", .date, "day"), ("Badge", .color, "badge"), ("Venue", .latLon, "venue"), ("Details", .json, "details")] {
            _ = try await client.fields.create(event.id, label: label, fieldType: type, apiKey: apiKey)
        }
        let note = try await client.itemTypes.create(name: "Note", apiKey: Note.apiKey)
        modelIDs[Note.apiKey] = note.id
        _ = try await client.fields.create(note.id, label: "Text", fieldType: .string, apiKey: "text")
        _ = harness.takeRequests()
        return harness
    }

    private let launch = Event(
        name: "Launch", attendees: 120, isOpen: true, day: "2026-12-01", badge: ColorValue(red: 10, green: 20, blue: 30),
        venue: LatLonValue(latitude: 45.4642, longitude: 9.19), details: JSONString(["room": "A", "floor": 2]))

    func testCreateNamesTheModelOfTheType() async throws {
        let harness = try await makeProject()
        defer { harness.stop() }

        let created = try await harness.client.items.create(launch)
        XCTAssertEqual(created.attributes, launch)
        XCTAssertEqual(created.relationships.itemType?.id, Event.itemTypeID)
        let post = try XCTUnwrap(harness.takeRequests().first { $0.method == "POST" && $0.path == "/items" })
        let data = try XCTUnwrap(json(post.body)?["data"] as? NSDictionary)
        XCTAssertEqual((data["relationships"] as? NSDictionary)?["item_type"] as? NSDictionary, ["data": ["type": "item_type", "id": Event.itemTypeID]])
        XCTAssertNil(data["id"], "no ID unless one is chosen")

        // An ID chosen on the client.
        let chosen = RecordID.generate()
        let withID = try await harness.client.items.create(Note(text: "Chosen"), id: chosen)
        XCTAssertEqual(withID.id, chosen)
        XCTAssertEqual(withID.relationships.itemType?.id, Note.itemTypeID)
    }

    func testListingByModelReturnsOnlyThatModelsRecords() async throws {
        let harness = try await makeProject()
        defer { harness.stop() }
        let client = harness.client
        let first = try await client.items.create(launch)
        _ = try await client.items.create(Note(text: "Not an event"))
        var second = launch
        second.name = "Retrospective"
        second.attendees = nil
        let other = try await client.items.create(second)
        _ = try await client.items.create(Note(text: "Neither"))
        _ = harness.takeRequests()

        let events = try await client.items.list(as: Event.self)
        XCTAssertEqual(Set(events.map(\.id)), [first.id, other.id])
        XCTAssertEqual(events.map(\.attributes).sorted { $0.name < $1.name }, [launch, second])
        XCTAssertEqual(harness.takeRequests().last?.queryValue("filter[type]"), Event.itemTypeID)

        // With other arguments the model overload still wins over the general one.
        let page = try await client.items.list(pageLimit: 1, as: Event.self)
        XCTAssertEqual(page.count, 1)
        XCTAssertEqual(harness.takeRequests().last?.queryValue("filter[type]"), Event.itemTypeID)

        // Typed by context, the same.
        let typedByContext: [Item<Event>] = try await client.items.list()
        XCTAssertEqual(typedByContext.count, 2)
        XCTAssertEqual(harness.takeRequests().last?.queryValue("filter[type]"), Event.itemTypeID)

        let notes = try await client.items.list(as: Note.self)
        XCTAssertEqual(Set(notes.map(\.text)), ["Not an event", "Neither"])
        _ = harness.takeRequests()

        var walked: [String] = []
        for try await event in client.items.listAll(pageSize: 1, as: Event.self) { walked.append(event.name) }
        XCTAssertEqual(Set(walked), ["Launch", "Retrospective"])
        let walks = harness.takeRequests().filter { $0.path == "/items" }
        XCTAssertEqual(walks.count, 2, "two pages of one")
        XCTAssertTrue(walks.allSatisfy { $0.queryValue("filter[type]") == Event.itemTypeID })

        var pages = 0
        for try await page in client.items.listPages(as: Note.self) {
            pages += 1
            XCTAssertEqual(page.totalCount, 2)
        }
        XCTAssertEqual(pages, 1)

        // A filterType of the caller's is sent as given (the general overload), not the model's.
        let byKey = try await client.items.list(filterType: Event.apiKey, as: Event.self)
        XCTAssertEqual(byKey.count, 2)
        XCTAssertEqual(harness.takeRequests().last?.queryValue("filter[type]"), Event.apiKey)
    }

    func testFindUpdateAndPublishTypedByTheModel() async throws {
        let harness = try await makeProject()
        defer { harness.stop() }
        let client = harness.client
        let created = try await client.items.create(launch)
        XCTAssertEqual(created.meta.status, .draft)

        let found = try await client.items.find(created.id, as: Event.self)
        XCTAssertEqual(found.attributes, launch)
        XCTAssertEqual(found.day, "2026-12-01")
        XCTAssertEqual(found.details?.value["floor"], 2)

        let updated = try await client.items.update(created.id, as: Event.self) { event in event.attendees = 150 }
        XCTAssertEqual(updated.attendees, 150)

        let published = try await client.items.publish(created.id, as: Event.self)
        XCTAssertEqual(published.meta.status, .published)
        XCTAssertEqual(published.attributes.name, "Launch")
        XCTAssertEqual(published.attributes.attendees, 150)
    }

    func testValidateNamesTheModelOfTheType() async throws {
        // The validate endpoints answer with no content; a loopback server keeps what was sent.
        let received = LockedArray<ReceivedRequest>()
        let server = try LoopbackHTTPServer { request in
            received.append(request)
            return .init(status: 204)
        }
        defer { server.stop() }
        modelIDs[Note.apiKey] = "note-model-id"
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: fastRetry))
        try await client.items.validateNew(Note(text: "Check me"))
        try await client.items.validateExisting("rec1", Note(text: "Check me too"))
        let requests = received.values
        XCTAssertEqual(requests.map(\.path), ["/items/validate", "/items/rec1/validate"])
        for request in requests {
            let data = try XCTUnwrap(json(request.body)?["data"] as? NSDictionary)
            XCTAssertEqual((data["relationships"] as? NSDictionary)?["item_type"] as? NSDictionary, ["data": ["type": "item_type", "id": "note-model-id"]])
            XCTAssertNotNil((data["attributes"] as? NSDictionary)?["text"])
        }
    }
}

