import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The sandbox workflow through the generated client, against the simulator: fork the primary
/// environment, change the sandbox alone, promote it, and clean up.
final class EnvironmentTests: XCTestCase {
    func testForkWorkInTheSandboxThenPromote() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let primary = harness.client
        let url = try XCTUnwrap(harness.simulator.baseURL)
        let existing = try await harness.makeModel()

        let environments = try await primary.environments.list()
        XCTAssertEqual(environments.map(\.id), ["main"])
        XCTAssertEqual(environments.first?.meta.primary, true)

        // Fork: a job whose result is the new environment, a copy of main.
        _ = harness.takeRequests()
        let sandbox = try await primary.environments.fork("main", id: "feature-x")
        XCTAssertEqual(sandbox.id, "feature-x")
        XCTAssertEqual(sandbox.meta.primary, false)
        XCTAssertEqual(sandbox.meta.forkedFrom, "main")
        let fork = try XCTUnwrap(harness.takeRequests().first { $0.method == "POST" })
        XCTAssertEqual(fork.path, "/environments/main/fork")
        XCTAssertEqual((json(fork.body)?["data"] as? NSDictionary)?["id"] as? String, "feature-x")

        // Work in the sandbox: X-Environment selects it; main does not change.
        let inSandbox = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: url, environment: "feature-x", jobPolling: fastPolling, retry: fastRetry))
        let copied = try await inSandbox.itemTypes.list()
        XCTAssertEqual(copied.map(\.id), [existing.id], "the fork copied main")
        let added = try await inSandbox.itemTypes.create(name: "Event", apiKey: "event")
        let sandboxModels = try await inSandbox.itemTypes.list()
        XCTAssertEqual(sandboxModels.count, 2)
        let mainModels = try await primary.itemTypes.list()
        XCTAssertEqual(mainModels.map(\.id), [existing.id], "main is untouched")

        // Promote: requests without X-Environment now reach the sandbox.
        let promoted = try await primary.environments.promote("feature-x")
        XCTAssertEqual(promoted.meta.primary, true)
        let promotedModels = try await primary.itemTypes.list()
        XCTAssertTrue(promotedModels.contains { $0.id == added.id })

        // The old primary can be renamed and deleted; the primary one cannot.
        let renamed = try await primary.environments.rename("main", id: "legacy")
        XCTAssertEqual(renamed.id, "legacy")
        let deleted = try await primary.environments.destroy("legacy")
        XCTAssertEqual(deleted?.id, "legacy")
        let remaining = try await primary.environments.list()
        XCTAssertEqual(remaining.map(\.id), ["feature-x"])
        do {
            _ = try await primary.environments.destroy("feature-x")
            XCTFail("the primary environment was deleted")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 422)
        }

        // An environment that does not exist is a 404, not a silent fallback.
        let nowhere = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: url, environment: "nowhere", jobPolling: fastPolling, retry: fastRetry))
        do {
            _ = try await nowhere.itemTypes.list()
            XCTFail("a missing environment answered")
        } catch let error as ApiError {
            XCTAssertEqual(error.status, 404)
        }
    }
}
