import Foundation

/// Settings fixed for the life of a simulator.
struct Configuration: Sendable {
    var locales: [String]
    var maxIDsPerRequest: Int
    var jobDuration: Duration
    /// First segment of upload paths, e.g. `/42468/1612788919-image.png`.
    var siteID: String
    /// The access token every created resource names as its creator.
    var creatorID: String
    /// The schema the generic store serves (``DatoCMSSimulator/Options/apiSchema`` or the bundled one).
    var apiSchema: APISchema?
}

/// Resources of one kind, by ID, remembering creation order (the API lists in that order).
struct Table<Entity: Sendable>: Sendable {
    private(set) var ids: [String] = []
    private var entities: [String: Entity] = [:]

    subscript(id: String) -> Entity? {
        get { entities[id] }
        set {
            switch (entities[id] != nil, newValue != nil) {
            case (false, true): ids.append(id)
            case (true, false): ids.removeAll { $0 == id }
            default: break
            }
            entities[id] = newValue
        }
    }

    var all: [Entity] { ids.compactMap { entities[$0] } }

    /// How many there are.
    var count: Int { ids.count }

    /// The entities at `positions` of the creation order: a page costs its own size, not the table's.
    func slice(_ positions: Range<Int>) -> [Entity] { ids[positions].compactMap { entities[$0] } }

    mutating func removeAll(where shouldRemove: (Entity) -> Bool) {
        for id in ids where entities[id].map(shouldRemove) == true { self[id] = nil }
    }
}

/// A file PUT to simulated storage.
struct StoredFile: Sendable {
    var bytes: Data
    var contentType: String?
}

/// The whole in-memory state of a simulated DatoCMS project. Lives behind one lock (see
/// ``Store``); every request handler gets exclusive `inout` access for its whole run, which keeps
/// each API call atomic.
struct SimulatorState: Sendable {
    let configuration: Configuration
    /// `http://127.0.0.1:<port>`, once the server is started; upload URLs point there.
    var baseURL = "http://127.0.0.1"

    var itemTypes = Table<ItemTypeEntity>()
    var fields = Table<FieldEntity>()
    var records = Table<RecordEntity>()
    var uploads = Table<UploadEntity>()
    /// Paths handed out by `POST /upload-requests`; storage accepts PUTs only to these.
    var issuedUploadPaths: Set<String> = []
    var storage: [String: StoredFile] = [:]

    /// Resources of every type without hand-written semantics (see ``GenericEndpoint``).
    var resources = ResourceStore()
    /// Each record's current version (an `item_version` in ``resources``), so a save flags the
    /// previous one without scanning every version of the project.
    var currentVersionIDs: [String: String] = [:]

    /// Whether maintenance mode is on (`/maintenance-mode`).
    var maintenanceModeActive = false

    var jobs: [String: Job] = [:]
    /// Unfinished jobs in start order. With a fixed job duration, deadlines are in this order too.
    var pendingJobIDs: [String] = []

    init(configuration: Configuration) { self.configuration = configuration }

    var locales: [String] { configuration.locales }
    var maxIDs: Int { configuration.maxIDsPerRequest }
}

/// The lock-guarded state of every environment, plus the lazy job scheduler.
///
/// Jobs complete lazily: every access through ``withState(environment:_:)`` first runs, in start
/// order, the effect of each job whose `jobDuration` has elapsed. A client therefore sees the old
/// state while a job is running and the new one from the first request (job-result poll or any
/// other) after its deadline, with no timer thread to coordinate.
final class Store: Sendable {
    private let environments: Locked<EnvironmentRegistry>

    init(configuration: Configuration) {
        environments = Locked(EnvironmentRegistry(primaryState: SimulatorState(configuration: configuration)))
    }

    /// Runs `body` on the primary environment's state.
    func withState<Result>(_ body: (inout SimulatorState) throws -> Result) rethrows -> Result {
        try environments.withLock { registry in
            let name = registry.primary
            registry.states[name]!.settleDueJobs(now: .now)
            return try body(&registry.states[name]!)
        }
    }

    /// Runs `body` on the state of `environment` (`nil`: the primary one), as `X-Environment`
    /// selects it. Throws 404 for an environment that does not exist.
    func withState<Result>(environment: String?, _ body: (inout SimulatorState) throws -> Result) throws -> Result {
        try environments.withLock { registry in
            let name = environment ?? registry.primary
            guard registry.states[name] != nil else { throw APIError.notFound }
            registry.states[name]!.settleDueJobs(now: .now)
            return try body(&registry.states[name]!)
        }
    }

    /// Runs `body` on the registry of environments (the `/environments` endpoints).
    func withEnvironments<Result>(_ body: (inout EnvironmentRegistry) throws -> Result) rethrows -> Result {
        try environments.withLock { registry in
            for name in registry.states.keys { registry.states[name]!.settleDueJobs(now: .now) }
            return try body(&registry)
        }
    }
}
