import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// Maintenance mode through the generated client, against the simulator: a singleton namespace
/// (`client.maintenanceMode`) whose switch round-trips.
final class MaintenanceModeTests: XCTestCase {
    func testMaintenanceModeSwitchesOnAndOff() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let client = harness.client

        let initial = try await client.maintenanceMode.find()
        XCTAssertEqual(initial.type, "maintenance_mode")
        XCTAssertEqual(initial.attributes.active, false)

        let activated = try await client.maintenanceMode.activate(force: true)
        XCTAssertEqual(activated.attributes.active, true)
        let activation = try XCTUnwrap(harness.takeRequests().last)
        XCTAssertEqual(activation.method, "PUT")
        XCTAssertEqual(activation.path, "/maintenance-mode/activate")
        XCTAssertEqual(activation.queryValue("force"), "true")
        let found = try await client.maintenanceMode.find()
        XCTAssertEqual(found.attributes.active, true)

        let deactivated = try await client.maintenanceMode.deactivate()
        XCTAssertEqual(deactivated.attributes.active, false)
        let afterwards = try await client.maintenanceMode.find()
        XCTAssertEqual(afterwards.attributes.active, false)
    }
}
