import Foundation

/// Maintenance mode: one switch per project that, while on, makes the project read-only for editors.
extension SimulatorState {
    /// The resource as the API renders it.
    private var maintenanceModeResource: DatoCMSSimulator.JSON {
        ["type": "maintenance_mode", "id": "maintenance_mode", "attributes": ["active": .bool(maintenanceModeActive)]]
    }

    func showMaintenanceMode(_ request: APIRequest) throws -> Reply {
        .resource(200, maintenanceModeResource)
    }

    /// Turns it on (idempotent). `force` is accepted; the simulator has no editing sessions to end.
    mutating func activateMaintenanceMode(_ request: APIRequest) throws -> Reply {
        maintenanceModeActive = true
        return .resource(200, maintenanceModeResource)
    }

    mutating func deactivateMaintenanceMode(_ request: APIRequest) throws -> Reply {
        maintenanceModeActive = false
        return .resource(200, maintenanceModeResource)
    }
}
