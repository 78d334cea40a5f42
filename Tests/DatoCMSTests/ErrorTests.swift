import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Error answers become `ApiError`s carrying status, entities and a token-free request.
final class ErrorTests: XCTestCase {
    func testNotFoundIsATypedApiErrorWithoutTheToken() async throws {
        let harness = try Harness()
        defer { harness.stop() }

        do {
            _ = try await harness.client.itemTypes.find("44")
            XCTFail("expected NOT_FOUND")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 404)
            XCTAssertEqual(error.code, "NOT_FOUND")
            XCTAssertTrue(error.hasCode("NOT_FOUND"))
            XCTAssertFalse(error.isTransient)
            XCTAssertEqual(error.request.method, "GET")
            XCTAssertTrue(error.request.url.hasSuffix("/item-types/44"))
            XCTAssertEqual(error.request.headers["Authorization"], "<redacted>")
            for text in [error.description, String(describing: error), String(reflecting: error), "\(error.request)"] {
                XCTAssertFalse(text.contains(testToken), "the token leaked into: \(text)")
            }
        }
    }

    func testInvalidTokenIs401() async throws {
        let harness = try Harness(token: "wrong-token")
        defer { harness.stop() }

        do {
            _ = try await harness.client.itemTypes.list()
            XCTFail("expected 401")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 401)
            XCTAssertEqual(error.code, "INVALID_AUTHORIZATION_HEADER")
            XCTAssertFalse(error.description.contains("wrong-token"))
        }
    }

    func testMoreThan200IDsIsRejectedInTheAPIShape() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let ids = (0..<201).map { "id\($0)" }

        do {
            // The friendly `bulkPublish` would split them; the raw call sends them in one request.
            _ = try await harness.client.items.raw.bulkPublish(ItemBulkPublishBody(items: ids))
            XCTFail("expected 422")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
            XCTAssertNotNil(error.code)
            XCTAssertTrue(error.description.contains("200"), error.description)
        }
    }

    func testEmptyPathIDIsRefusedBeforeSending() async throws {
        let harness = try Harness()
        defer { harness.stop() }

        do {
            _ = try await harness.client.items.find("")
            XCTFail("expected a refusal")
        } catch DatoCMSError.invalidRequest(let reason) {
            XCTAssertTrue(reason.contains("empty"))
        }
        XCTAssertTrue(harness.simulator.receivedRequests().isEmpty, "nothing may be sent")
    }

    func testConnectionRefusedIsATransportError() async throws {
        let harness = try Harness()
        let url = try XCTUnwrap(harness.simulator.baseURL)
        harness.stop()
        let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: testToken, baseURL: url, retry: fastRetry))

        do {
            _ = try await client.itemTypes.list()
            XCTFail("expected a transport error")
        } catch DatoCMSError.transport(let request, _) {
            XCTAssertEqual(request.headers["Authorization"], "<redacted>")
        }
    }

    func testConfigurationDescriptionsHideTheToken() {
        let configuration = ClientConfiguration(apiToken: "secret-token-123")
        XCTAssertFalse(configuration.description.contains("secret-token-123"))
        XCTAssertFalse(configuration.debugDescription.contains("secret-token-123"))
        XCTAssertFalse(String(reflecting: configuration).contains("secret-token-123"))
    }
}
