import Foundation

/// The project's environments: one state each, one of them primary. A fork copies a state whole
/// (a value copy), so the sandbox and its source change independently from then on; promoting
/// makes another one primary, which is what requests without `X-Environment` reach.
struct EnvironmentRegistry: Sendable {
    var states: [String: SimulatorState]
    var primary: String
    private var createdAt: [String: Date]
    private var forkedFrom: [String: String]

    init(primaryState: SimulatorState) {
        states = ["main": primaryState]
        primary = "main"
        createdAt = ["main": Date()]
        forkedFrom = [:]
    }

    /// The environment as the API renders it.
    func render(_ name: String) -> DatoCMSSimulator.JSON {
        let created = Timestamp.utc(createdAt[name] ?? Date())
        return [
            "type": "environment",
            "id": .string(name),
            "meta": [
                "status": "ready",
                "read_only_mode": false,
                "created_at": .string(created),
                "last_data_change_at": .string(created),
                "primary": .bool(name == primary),
                "forked_from": forkedFrom[name].map(DatoCMSSimulator.JSON.string) ?? .null,
            ],
        ]
    }

    private func existing(_ name: String) throws -> String {
        guard states[name] != nil else { throw APIError.notFound }
        return name
    }

    /// The new ID a fork or rename body names (`{"data": {"type": "environment", "id": …}}`).
    private static func newID(in request: APIRequest) throws -> String {
        let input = try ResourceInput.parse(request.body, type: "environment", attributes: .only([]), relationships: [])
        guard let id = input.id, !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw APIError.invalidFormat(field: "data.id", "must be a name of letters, digits, - and _")
        }
        return id
    }

    func listEnvironments(_ request: APIRequest) throws -> Reply {
        .json(200, Document.collection(states.keys.sorted().map(render)))
    }

    func showEnvironment(_ request: APIRequest) throws -> Reply {
        .resource(200, render(try existing(request.parameter)))
    }

    /// Copies the source's state under a new name at once, and answers with a job (kept where the
    /// caller will poll for it) whose result is the new environment.
    mutating func forkEnvironment(_ request: APIRequest, pollingIn environment: String?) throws -> Reply {
        let source = try existing(request.parameter)
        let name = try Self.newID(in: request)
        guard states[name] == nil else {
            throw APIError.invalidField("id", code: "VALIDATION_UNIQUENESS", "an environment named \"\(name)\" already exists")
        }
        var copy = states[source]!
        copy.jobs = [:]
        copy.pendingJobIDs = []
        states[name] = copy
        createdAt[name] = request.now
        forkedFrom[name] = source
        let resource = render(name)
        let poller = try existing(environment ?? primary)
        return states[poller]!.startJob { _, _ in JobOutcome(status: 200, payload: ["data": resource]) }
    }

    mutating func promoteEnvironment(_ request: APIRequest) throws -> Reply {
        primary = try existing(request.parameter)
        return .resource(200, render(primary))
    }

    mutating func renameEnvironment(_ request: APIRequest) throws -> Reply {
        let old = try existing(request.parameter)
        let name = try Self.newID(in: request)
        guard name == old || states[name] == nil else {
            throw APIError.invalidField("id", code: "VALIDATION_UNIQUENESS", "an environment named \"\(name)\" already exists")
        }
        states[name] = states.removeValue(forKey: old)
        createdAt[name] = createdAt.removeValue(forKey: old)
        forkedFrom[name] = forkedFrom.removeValue(forKey: old)
        if primary == old { primary = name }
        return .resource(200, render(name))
    }

    /// Deletes a sandbox (never the primary environment), answering with a job whose result is it.
    mutating func destroyEnvironment(_ request: APIRequest, pollingIn environment: String?) throws -> Reply {
        let name = try existing(request.parameter)
        guard name != primary else {
            throw APIError.invalidField("id", code: "VALIDATION_INVALID", "the primary environment cannot be deleted")
        }
        let resource = render(name)
        let poller = try existing(environment ?? primary)
        guard poller != name else {
            throw APIError.invalidField("id", code: "VALIDATION_INVALID", "an environment cannot delete itself")
        }
        states[name] = nil
        createdAt[name] = nil
        forkedFrom[name] = nil
        return states[poller]!.startJob { _, _ in JobOutcome(status: 200, payload: ["data": resource]) }
    }
}
