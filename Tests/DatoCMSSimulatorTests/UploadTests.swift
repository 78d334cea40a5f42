import DatoCMSSimulator
import Foundation
import XCTest

/// The upload flow: upload request → storage PUT → upload job; and upload management.
final class UploadTests: XCTestCase {
    /// Runs the three-step upload flow and returns the created upload.
    private func upload(_ bytes: Data, named filename: String, contentType: String, with client: APIClient,
                        attributes: JSON = [:]) async throws -> JSON {
        let request = try await client.send("POST", "/upload-requests", json: [
            "data": ["type": "upload_request", "attributes": ["filename": .string(filename)]],
        ])
        XCTAssertEqual(request.status, 201)
        XCTAssertEqual(request.json?["data"]?["type"], "upload_request")
        XCTAssertEqual(request.json?["data"]?["attributes"]?["request_headers"], [:])
        let path = try XCTUnwrap(request.json?["data"]?["id"]?.stringValue)
        let url = try XCTUnwrap(request.json?["data"]?["attributes"]?["url"]?.stringValue)
        XCTAssertTrue(url.hasPrefix(client.baseURL.absoluteString + "/_storage" + path + "?"), url)

        let storage = APIClient(baseURL: client.baseURL, token: nil)
        let stored = try await storage.send("PUT", String(url.dropFirst(client.baseURL.absoluteString.count)), body: bytes,
                                            headers: ["Content-Type": contentType])
        XCTAssertEqual(stored.status, 200)
        XCTAssertTrue(stored.body.isEmpty)

        var uploadAttributes = attributes.objectValue ?? [:]
        uploadAttributes["path"] = .string(path)
        let started = try await client.send("POST", "/uploads", json: ["data": ["type": "upload", "attributes": .object(uploadAttributes)]])
        XCTAssertEqual(started.status, 202)
        let result = try await client.awaitJob(try XCTUnwrap(started.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(result["attributes"]?["status"], 201)
        return try XCTUnwrap(result["attributes"]?["payload"]?["data"])
    }

    func testUploadingAPNGReadsItsDimensions() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let png = makePNG(width: 3, height: 2)

        let upload = try await upload(png, named: "image.png", contentType: "image/png", with: client,
                                      attributes: ["author": "Ada", "tags": ["cat"]])
        let attributes = try XCTUnwrap(upload["attributes"])
        XCTAssertEqual(upload["type"], "upload")
        XCTAssertEqual(attributes["width"], 3)
        XCTAssertEqual(attributes["height"], 2)
        XCTAssertEqual(attributes["format"], "png")
        XCTAssertEqual(attributes["mime_type"], "image/png")
        XCTAssertEqual(attributes["is_image"], true)
        XCTAssertEqual(attributes["size"], .number(Double(png.count)))
        XCTAssertEqual(attributes["filename"], "image.png")
        XCTAssertEqual(attributes["basename"], "image")
        XCTAssertEqual(attributes["author"], "Ada")
        XCTAssertEqual(attributes["tags"], ["cat"])
        XCTAssertEqual(attributes["default_field_metadata"], [
            "alt": ["en": nil, "it": nil], "title": ["en": nil, "it": nil], "custom_data": ["en": [:], "it": [:]],
            "focal_point": nil, "poster_time": nil,
        ])
        XCTAssertTrue(attributes["created_at"]?.stringValue?.hasSuffix("Z") == true)

        let storagePUT = try XCTUnwrap(simulator.receivedRequests().first { $0.path.hasPrefix("/_storage/") })
        XCTAssertNil(storagePUT.header("Authorization"), "storage must not receive the API token")
        XCTAssertEqual(storagePUT.body, png)

        let url = try XCTUnwrap(attributes["url"]?.stringValue)
        let downloaded = try await client.send("GET", String(url.dropFirst(client.baseURL.absoluteString.count)))
        XCTAssertEqual(downloaded.body, png)
        XCTAssertEqual(simulator.uploads().first?[attribute: "width"], 3)
    }

    func testNonImageUploadsAndManagement() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let text = try await upload(Data("hello world".utf8), named: "hello notes.txt", contentType: "text/plain", with: client)
        let id = try XCTUnwrap(text["id"]?.stringValue)
        XCTAssertEqual(text["attributes"]?["md5"], "5eb63bbbe01eeed093cb22bb8f5acdc3")
        XCTAssertEqual(text["attributes"]?["width"], .null)
        XCTAssertEqual(text["attributes"]?["format"], "txt")
        XCTAssertEqual(text["attributes"]?["is_image"], false)
        XCTAssertEqual(text["attributes"]?["filename"], "hello-notes.txt")

        let update = try await client.send("PUT", "/uploads/\(id)", json: [
            "data": ["type": "upload", "id": .string(id), "attributes": ["notes": "greeting", "basename": "hi"]],
        ])
        XCTAssertEqual(update.status, 202)
        let updated = try await client.awaitJob(try XCTUnwrap(update.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(updated["attributes"]?["payload"]?["data"]?["attributes"]?["notes"], "greeting")
        XCTAssertEqual(updated["attributes"]?["payload"]?["data"]?["attributes"]?["filename"], "hi.txt")

        let listed = try await client.send("GET", "/uploads")
        XCTAssertEqual(listed.json?["meta"]?["total_count"], 1)

        let second = try await upload(Data("x".utf8), named: "x.bin", contentType: "application/octet-stream", with: client)
        let batch = try await client.send("DELETE", "/uploads/batch-destroy?filter%5Bids%5D=\(id)%2Cnope")
        XCTAssertEqual(batch.status, 202)
        let batchResult = try await client.awaitJob(try XCTUnwrap(batch.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(batchResult["attributes"]?["payload"], ["data": [], "meta": ["successful": 1, "failed": 1]])

        let secondID = try XCTUnwrap(second["id"]?.stringValue)
        let deleted = try await client.send("DELETE", "/uploads/\(secondID)")
        XCTAssertEqual(deleted.status, 200)
        XCTAssertEqual(deleted.json?["data"]?["id"]?.stringValue, secondID)
        XCTAssertTrue(simulator.uploads().isEmpty)
    }

    func testUploadsNeedAStoredFileAndStorageNeedsAnUploadRequest() async throws {
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }

        let started = try await client.send("POST", "/uploads", json: ["data": ["type": "upload", "attributes": ["path": "/1/2-nothing.png"]]])
        XCTAssertEqual(started.status, 202)
        let result = try await client.awaitJob(try XCTUnwrap(started.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(result["attributes"]?["status"], 422)

        let stray = try await APIClient(baseURL: client.baseURL, token: nil).send("PUT", "/_storage/1/2-stray.png", body: Data([1]))
        XCTAssertEqual(stray.status, 403)

        let bulk = try await client.send("POST", "/uploads/bulk/destroy", json: [
            "data": ["type": "upload_bulk_destroy_operation", "relationships": ["uploads": ["data": [["type": "upload", "id": "x"]]]]],
        ])
        XCTAssertEqual(bulk.status, 202)
        let bulkResult = try await client.awaitJob(try XCTUnwrap(bulk.json?["data"]?["id"]?.stringValue)).result
        XCTAssertEqual(bulkResult["attributes"]?["payload"]?["meta"], ["successful": 0, "failed": 1])
    }
}
