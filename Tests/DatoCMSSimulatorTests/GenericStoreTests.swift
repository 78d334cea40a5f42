import DatoCMSSimulator
import Foundation
import XCTest

/// The generic store serves whatever schema it is given: here a small one of our own, with
/// resources the simulator has no hand-written code for.
final class GenericStoreTests: XCTestCase {
    /// Gadgets (a collection), their parts (under a gadget), a gadget's warranty (one per gadget,
    /// reached only through it), the workshop (a singleton), and a job link.
    private static let schema = """
        {
          "definitions": {
            "gadget": {
              "type": "object",
              "definitions": {
                "type": {"type": "string", "pattern": "^gadget$"},
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/gadget/definitions/id"},
                "attributes": {
                  "type": "object",
                  "required": ["name", "size", "color"],
                  "additionalProperties": false,
                  "properties": {
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                    "color": {"type": ["string", "null"], "enum": ["red", "blue", null]},
                    "tags": {"type": "array", "items": {"type": "string"}}
                  }
                }
              },
              "properties": {
                "type": {"$ref": "#/definitions/gadget/definitions/type"},
                "id": {"$ref": "#/definitions/gadget/definitions/id"},
                "attributes": {"$ref": "#/definitions/gadget/definitions/attributes"}
              },
              "links": [
                {"rel": "instances", "method": "GET", "href": "/gadgets",
                 "hrefSchema": {"type": "object", "properties": {"page[offset]": {"type": "integer"}, "page[limit]": {"type": "integer"}, "filter[ids]": {"type": "string"}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/gadget"}}, "meta": {"type": "object", "properties": {"total_count": {"type": "integer"}}}}}},
                {"rel": "create", "method": "POST", "href": "/gadgets",
                 "schema": {"type": "object", "required": ["data"], "properties": {"data": {"type": "object", "required": ["type", "attributes"], "additionalProperties": false, "properties": {
                   "type": {"$ref": "#/definitions/gadget/definitions/type"},
                   "attributes": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
                     "name": {"$ref": "#/definitions/gadget/definitions/attributes/properties/name"},
                     "size": {"$ref": "#/definitions/gadget/definitions/attributes/properties/size"},
                     "color": {"$ref": "#/definitions/gadget/definitions/attributes/properties/color"}}}}}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/gadget"}}}},
                {"rel": "self", "method": "GET", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}",
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/gadget"}}}},
                {"rel": "update", "method": "PUT", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}",
                 "schema": {"type": "object", "properties": {"data": {"type": "object", "properties": {
                   "type": {"$ref": "#/definitions/gadget/definitions/type"}, "id": {"type": "string"},
                   "attributes": {"type": "object", "properties": {"size": {"$ref": "#/definitions/gadget/definitions/attributes/properties/size"}}}}}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/gadget"}}}},
                {"rel": "destroy", "method": "DELETE", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}",
                 "jobSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/gadget"}}}}
              ]
            },
            "part": {
              "type": "object",
              "definitions": {
                "id": {"type": "string"},
                "identity": {"$ref": "#/definitions/part/definitions/id"},
                "attributes": {"type": "object", "properties": {"label": {"type": "string"}}},
                "relationships": {"type": "object", "properties": {"gadget": {"type": "object", "properties": {"data": {"type": "object", "properties": {"type": {"type": "string", "pattern": "^gadget$"}, "id": {"type": "string"}}}}}}}
              },
              "properties": {
                "attributes": {"$ref": "#/definitions/part/definitions/attributes"},
                "relationships": {"$ref": "#/definitions/part/definitions/relationships"}
              },
              "links": [
                {"rel": "instances", "method": "GET", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}/parts",
                 "targetSchema": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/definitions/part"}}}}},
                {"rel": "create", "method": "POST", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}/parts",
                 "schema": {"type": "object", "properties": {"data": {"type": "object", "properties": {"type": {"type": "string", "pattern": "^part$"}, "attributes": {"$ref": "#/definitions/part/definitions/attributes"}}}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/part"}}}},
                {"rel": "self", "method": "GET", "href": "/parts/{(%23%2Fdefinitions%2Fpart%2Fdefinitions%2Fidentity)}",
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/part"}}}}
              ]
            },
            "warranty": {
              "type": "object",
              "definitions": {"attributes": {"type": "object", "properties": {"years": {"type": "integer"}}}},
              "properties": {"attributes": {"$ref": "#/definitions/warranty/definitions/attributes"}},
              "links": [
                {"rel": "create", "method": "POST", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}/warranty",
                 "schema": {"type": "object", "properties": {"data": {"type": "object", "properties": {"type": {"type": "string", "pattern": "^warranty$"}, "attributes": {"$ref": "#/definitions/warranty/definitions/attributes"}}}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/warranty"}}}},
                {"rel": "self", "method": "GET", "href": "/gadgets/{(%23%2Fdefinitions%2Fgadget%2Fdefinitions%2Fidentity)}/warranty",
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/warranty"}}}}
              ]
            },
            "workshop": {
              "type": "object",
              "definitions": {"attributes": {"type": "object", "required": ["open"], "properties": {"open": {"type": "boolean"}, "motto": {"type": ["string", "null"]}}}},
              "properties": {"attributes": {"$ref": "#/definitions/workshop/definitions/attributes"}},
              "links": [
                {"rel": "self", "method": "GET", "href": "/workshop", "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/workshop"}}}},
                {"rel": "update", "method": "PUT", "href": "/workshop",
                 "schema": {"type": "object", "properties": {"data": {"type": "object", "properties": {"attributes": {"$ref": "#/definitions/workshop/definitions/attributes"}}}}},
                 "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/workshop"}}}}
              ]
            }
          }
        }
        """

    private func start() throws -> (DatoCMSSimulator, APIClient) {
        try startSimulator(.init(jobDuration: .milliseconds(5), apiSchema: Data(Self.schema.utf8)))
    }

    func testACollectionIsCreatedListedPagedFoundUpdatedAndDestroyedAsItsSchemaSays() async throws {
        let (simulator, api) = try start()
        defer { simulator.stop() }
        var ids: [String] = []
        for index in 0..<3 {
            let created = try await api.send("POST", "/gadgets", json: ["data": ["type": "gadget", "attributes": ["name": .string("G\(index)"), "size": .number(Double(index))]]])
            XCTAssertEqual(created.status, 201)
            let gadget = try XCTUnwrap(created.json?["data"])
            XCTAssertEqual(gadget["type"], "gadget")
            // Members nobody wrote are rendered with the plainest value the schema allows.
            XCTAssertEqual(gadget["attributes"]?["color"], .null)
            XCTAssertEqual(gadget["attributes"]?["tags"], [])
            ids.append(try XCTUnwrap(gadget["id"]?.stringValue))
        }

        let page = try await api.send("GET", "/gadgets?page%5Boffset%5D=1&page%5Blimit%5D=1")
        XCTAssertEqual(page.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [ids[1]])
        XCTAssertEqual(page.json?["meta"]?["total_count"], 3)
        let filtered = try await api.send("GET", "/gadgets?filter%5Bids%5D=\(ids[2]),\(ids[0])")
        XCTAssertEqual(filtered.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [ids[2], ids[0]])

        let updated = try await api.send("PUT", "/gadgets/\(ids[0])", json: ["data": ["type": "gadget", "id": .string(ids[0]), "attributes": ["size": 9]]])
        XCTAssertEqual(updated.status, 200)
        XCTAssertEqual(updated.json?["data"]?["attributes"]?["size"], 9)
        XCTAssertEqual(updated.json?["data"]?["attributes"]?["name"], "G0", "update merges")
        XCTAssertEqual(simulator.resource(type: "gadget", id: ids[0])?[attribute: "size"], 9)

        // A job link: 202, the effect lands when the job completes.
        let destroy = try await api.send("DELETE", "/gadgets/\(ids[0])")
        XCTAssertEqual(destroy.status, 202)
        let job = try await api.awaitJob(try XCTUnwrap(destroy.json?["data"]?["id"]?.stringValue))
        XCTAssertEqual(job.result["attributes"]?["payload"]?["data"]?["id"]?.stringValue, ids[0])
        XCTAssertEqual(simulator.resources(ofType: "gadget").map(\.id), [ids[1], ids[2]])
        let gone = try await api.send("GET", "/gadgets/\(ids[0])")
        XCTAssertEqual(gone.status, 404)
    }

    func testBodiesAreCheckedAgainstTheLinksSchema() async throws {
        let (simulator, api) = try start()
        defer { simulator.stop() }
        let cases: [(JSON, String)] = [
            (["data": ["type": "gadget", "attributes": ["size": 1]]], "data.attributes.name"),
            (["data": ["type": "gizmo", "attributes": ["name": "x"]]], "data.type"),
            (["data": ["type": "gadget", "attributes": ["name": 5]]], "data.attributes.name"),
            (["data": ["type": "gadget", "attributes": ["name": "x", "color": "green"]]], "data.attributes.color"),
            (["data": ["type": "gadget", "attributes": ["name": "x", "weight": 3]]], "data.attributes.weight"),
            (["nothing": true], "data"),
        ]
        for (body, field) in cases {
            let response = try await api.send("POST", "/gadgets", json: body)
            XCTAssertEqual(response.status, 422, "\(body)")
            XCTAssertEqual(response.errorCode, "INVALID_FORMAT", "\(body)")
            XCTAssertEqual(response.json?["data"]?[0]?["attributes"]?["details"]?["field"]?.stringValue, field, "\(body)")
        }
        XCTAssertTrue(simulator.resources(ofType: "gadget").isEmpty, "nothing refused was stored")
    }

    func testNestedResourcesSingletonsAndOnePerParent() async throws {
        let (simulator, api) = try start()
        defer { simulator.stop() }
        let gadget = try await api.send("POST", "/gadgets", json: ["data": ["type": "gadget", "attributes": ["name": "G"]]])
        let gadgetID = try XCTUnwrap(gadget.json?["data"]?["id"]?.stringValue)
        let other = simulator.insertResource(type: "gadget", attributes: ["name": "Other"])

        // Parts are created under a gadget, link it, and are listed under it only.
        let part = try await api.send("POST", "/gadgets/\(gadgetID)/parts", json: ["data": ["type": "part", "attributes": ["label": "wheel"]]])
        XCTAssertEqual(part.status, 201)
        XCTAssertEqual(part.json?["data"]?["relationships"]?["gadget"]?["data"]?["id"]?.stringValue, gadgetID)
        _ = try await api.send("POST", "/gadgets/\(other.id)/parts", json: ["data": ["type": "part", "attributes": ["label": "axle"]]])
        let parts = try await api.send("GET", "/gadgets/\(gadgetID)/parts")
        XCTAssertEqual(parts.json?["data"]?.arrayValue?.compactMap { $0["attributes"]?["label"]?.stringValue }, ["wheel"])
        let missingParent = try await api.send("GET", "/gadgets/nope/parts")
        XCTAssertEqual(missingParent.status, 404)

        // A warranty is reached only through its gadget: one per gadget.
        for years in [1, 3] {
            _ = try await api.send("POST", "/gadgets/\(gadgetID)/warranty", json: ["data": ["type": "warranty", "attributes": ["years": .number(Double(years))]]])
        }
        let warranty = try await api.send("GET", "/gadgets/\(gadgetID)/warranty")
        XCTAssertEqual(warranty.json?["data"]?["attributes"]?["years"], 3)
        XCTAssertEqual(simulator.resources(ofType: "warranty").count, 1)
        let noWarranty = try await api.send("GET", "/gadgets/\(other.id)/warranty")
        XCTAssertEqual(noWarranty.status, 404)

        // The workshop is a singleton: found without an ID, updated in place, the same one after.
        let first = try await api.send("GET", "/workshop")
        XCTAssertEqual(first.json?["data"]?["attributes"]?["open"], false)
        _ = try await api.send("PUT", "/workshop", json: ["data": ["attributes": ["open": true, "motto": "Fix it"]]])
        let second = try await api.send("GET", "/workshop")
        XCTAssertEqual(second.json?["data"]?["id"], first.json?["data"]?["id"])
        XCTAssertEqual(second.json?["data"]?["attributes"]?["motto"], "Fix it")
    }
}
