import Foundation

/// An in-memory DatoCMS Content Management API served over HTTP/1.1 on 127.0.0.1.
///
/// Start one per test, point a client at ``baseURL``, and inspect what arrived with
/// ``receivedRequests()`` and the resulting state with ``records()``, ``uploads()`` and friends.
///
/// ```swift
/// let simulator = DatoCMSSimulator()
/// let baseURL = try simulator.start()
/// defer { simulator.stop() }
/// // … send requests with `Authorization: Bearer sim-token` …
/// ```
///
/// Wire shapes follow recorded sessions of the real API: JSON:API documents, `api_error`
/// documents for failures, 202 job answers polled through `GET /job-results/:id` (404 until
/// ``Options/jobDuration`` has passed).
///
/// Behaviour worth knowing when writing tests against it:
/// - A job's effect is applied when it completes — lazily, at the first request or state query
///   after its deadline — so polling too early sees the old state.
/// - Malformed bodies are refused at once (422 `INVALID_FORMAT`); for job endpoints, a missing
///   resource or a taken `api_key` is found when the job runs, so the job result carries the
///   404/422 error document.
/// - Record status: `draft` without a published version, `published` when every locale and the
///   non-localized content are published as they are, `updated` otherwise (after an edit, or a
///   selective publish of only some locales). Records of models without draft mode are published
///   whenever saved.
/// - Record values are checked against the model's fields (every field type, localized or not,
///   blocks and structured text) and refused with `422 INVALID_FIELD` naming the field, as the API
///   does; blocks are stored as records of their own, answered as IDs or, with `nested=true`, as
///   block records. A model without any field refuses every attribute, as DatoCMS does. The rate
///   limit is announced in headers and enforced only with ``Options/enforceRateLimit``.
///
/// Every endpoint of the schema is served. Those without hand-written semantics (webhooks,
/// roles, build triggers, the site's settings…) come from a generic store driven by the schema:
/// each link acts as its `rel` says (`instances` lists with `filter[ids]` and pagination,
/// `create` stores, `self` finds, `update` merges, `destroy` removes, `duplicate` copies; other
/// rels answer with the resource in their path), bodies are checked against the link's schema
/// (422 `INVALID_FORMAT`), and members nobody set are rendered with the plainest value the schema
/// allows. Seed and inspect it with ``insertResource(type:id:attributes:relationships:parent:)``
/// and ``resources(ofType:)``.
///
/// Faults can be injected to test clients against an unreliable API: the next requests matching
/// a ``FaultMatcher`` (``injectFault(_:matching:times:)``) or a seeded random share of them
/// (``setRandomFaults(rate:kinds:seed:matching:)``) get a ``Fault`` — a dropped connection before
/// or after the request is applied, a 429, a transient 5xx, an HTML error page, a corrupt body —
/// and ``appliedFaults()`` tells which request got what.
///
/// ```swift
/// simulator.injectFault(.dropConnectionAfterProcessing, matching: .method("POST"))
/// // the next POST creates its record, and the client gets no answer
/// ```
public final class DatoCMSSimulator: Sendable {
    /// Simulator settings.
    public struct Options: Sendable {
        /// The token requests must carry as `Authorization: Bearer <token>`.
        public var apiToken: String
        /// How long a job reports 404 on `GET /job-results/:id` before its result is ready.
        public var jobDuration: Duration
        /// Requests allowed within a ``rateLimitWindow`` when ``enforceRateLimit`` is set: then
        /// reported in `X-RateLimit-Limit`, with `X-RateLimit-Remaining` counting down per request
        /// until the window ends.
        public var rateLimit: Int
        /// The window ``rateLimit`` applies to; it starts at its first request. The default, 3 s, is
        /// the real API's, like ``rateLimit``'s 60, so that switching ``enforceRateLimit`` on alone
        /// behaves as DatoCMS does.
        ///
        /// Left off (the default), the simulator neither refuses nor announces a limit (no
        /// `X-RateLimit-*` headers), so a client that paces itself — this SDK's does — never waits,
        /// and tests stay fast; turn ``enforceRateLimit`` on for tests about the limit.
        public var rateLimitWindow: Duration
        /// Announce the limit in `X-RateLimit-Limit`/`X-RateLimit-Remaining`, as DatoCMS does, and
        /// refuse requests beyond ``rateLimit`` within a window, unprocessed, with
        /// `429 RATE_LIMIT_EXCEEDED`, `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset` (the
        /// seconds until the window ends; fractional, where the real API rounds to whole seconds).
        public var enforceRateLimit: Bool
        /// The project's locales; the first is the main one. Duplicates are ignored; empty means `["en"]`.
        public var locales: [String]
        /// The most IDs accepted in `filter[ids]` or a bulk operation's relationship.
        public var maxIDsPerRequest: Int
        /// A hyper-schema document served, without authentication, at
        /// ``DatoCMSSimulator/hyperSchemaPath`` as the real API serves its own; `nil` answers 404 there.
        public var hyperSchema: Data?
        /// The hyper-schema whose endpoints are served where no hand-written handler answers
        /// (see "Every endpoint of the schema" above); `nil` serves the schema this package was
        /// built with (`Schema/cma-hyperschema.json`). Pass your own after editing a copy of it,
        /// so the simulator serves the endpoints your client was generated for. A document the
        /// generator's parser refuses serves only the hand-written endpoints.
        public var apiSchema: Data?
        /// How long a connection may send nothing while the simulator awaits a request (the next
        /// one on a kept-alive connection, or the rest of one) before it is closed without an
        /// answer, so clients that connect and fall silent cannot pile up threads and descriptors.
        public var idleConnectionTimeout: Duration

        /// Creates options; every parameter has the real API's usual value as default.
        public init(
            apiToken: String = "sim-token",
            jobDuration: Duration = .milliseconds(30),
            rateLimit: Int = 60,
            locales: [String] = ["en", "it"],
            maxIDsPerRequest: Int = 200,
            hyperSchema: Data? = nil,
            rateLimitWindow: Duration = .seconds(3),
            enforceRateLimit: Bool = false,
            idleConnectionTimeout: Duration = .seconds(30),
            apiSchema: Data? = nil
        ) {
            self.apiSchema = apiSchema
            self.apiToken = apiToken
            self.jobDuration = jobDuration
            self.rateLimit = rateLimit
            self.rateLimitWindow = rateLimitWindow
            self.enforceRateLimit = enforceRateLimit
            self.locales = locales
            self.maxIDsPerRequest = maxIDsPerRequest
            self.hyperSchema = hyperSchema
            self.idleConnectionTimeout = idleConnectionTimeout
        }
    }

    /// Where the real API publishes its hyper-schema, and where ``Options/hyperSchema`` is served.
    public static let hyperSchemaPath = "/docs/site-api-hyperschema.json"

    /// Why ``start(port:)`` failed: the POSIX call and the `errno` it left.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// The failing call, e.g. `bind`.
        public var operation: String
        /// The `errno` value.
        public var code: Int32

        /// E.g. `bind failed (errno 98)`.
        public var description: String { "\(operation) failed (errno \(code))" }
    }

    /// The settings this simulator was created with.
    public let options: Options

    let store: Store
    private let recorder = Locked<[ReceivedRequest]>([])
    private let router: Router
    private let server = Locked<HTTPServer?>(nil)
    private let faults = FaultInjector()
    private let delays = DelayGate()
    private let rateLimiter: RateLimiter
    private let apiSchema: APISchema?

    /// Creates a stopped simulator with an empty project; call ``start(port:)`` to serve it.
    public init(options: Options = Options()) {
        self.options = options
        var locales: [String] = []
        for locale in options.locales where !locales.contains(locale) { locales.append(locale) }
        let apiSchema = options.apiSchema.map { APISchema(data: $0) } ?? APISchema.bundled
        self.apiSchema = apiSchema
        store = Store(configuration: Configuration(
            locales: locales.isEmpty ? ["en"] : locales,
            maxIDsPerRequest: options.maxIDsPerRequest,
            jobDuration: options.jobDuration,
            siteID: Identifiers.site(),
            creatorID: Identifiers.resource(),
            apiSchema: apiSchema
        ))
        rateLimiter = RateLimiter(limit: options.rateLimit, window: options.rateLimitWindow, enforce: options.enforceRateLimit)
        router = Router(store: store, recorder: recorder, rateLimiter: rateLimiter, faults: faults, delays: delays,
                        apiToken: options.apiToken, hyperSchema: options.hyperSchema,
                        apiSchema: apiSchema)
    }

    deinit { stop() }

    /// Binds 127.0.0.1:`port` (0 picks a free ephemeral port), starts serving on background
    /// threads and returns the base URL, `http://127.0.0.1:<port>`.
    ///
    /// Calling it while already started returns the current base URL. After ``stop()`` it can be
    /// started again; the project's state is kept.
    ///
    /// - Throws: ``StartError`` when the socket cannot be opened or bound.
    @discardableResult
    public func start(port: UInt16 = 0) throws -> URL {
        let url = try server.withLock { server -> URL in
            if let running = server { return Self.url(port: running.port) }
            let started: HTTPServer
            do {
                started = try HTTPServer(port: port, handler: router,
                                         limits: HTTPLimits(idleTimeout: options.idleConnectionTimeout))
            } catch let error as SocketError {
                throw StartError(operation: error.operation, code: error.code)
            }
            server = started
            store.withState { $0.baseURL = Self.url(port: started.port).absoluteString }
            started.start()
            return Self.url(port: started.port)
        }
        return url
    }

    /// `http://127.0.0.1:<port>` while serving, else `nil`.
    public var baseURL: URL? {
        server.withLock { $0.map { Self.url(port: $0.port) } }
    }

    /// Closes the listening socket and every open connection, and cuts short any injected
    /// ``Fault/delay(_:)``. Idempotent; also done on deinit.
    public func stop() {
        let running = server.withLock { server -> HTTPServer? in
            defer { server = nil }
            return server
        }
        running?.stop()
        delays.interrupt()
    }

    private static func url(port: UInt16) -> URL {
        URL(string: "http://127.0.0.1:\(port)")!
    }

    // MARK: Faults

    /// Injects `fault` into the next `times` requests that `matcher` selects.
    ///
    /// Declarations queue up: a request gets the first declared fault that matches it and still
    /// has uses left, and only when none does, a random fault (see
    /// ``setRandomFaults(rate:kinds:seed:matching:)``). Requests refused by an enforced rate
    /// limit do not use a fault up.
    public func injectFault(_ fault: Fault, matching matcher: FaultMatcher = .any, times: Int = 1) {
        faults.inject(fault, matching: matcher, times: times)
    }

    /// Injects a fault into a random share of the requests `matcher` selects, from then on.
    ///
    /// Each matching request draws from a generator seeded with `seed`: with probability `rate`
    /// it gets one of `kinds`, chosen uniformly. The same seed and the same order of matching
    /// requests give the same faults on every run and platform (concurrent clients make the
    /// order, and so the faults, vary). A `rate` of 0 or empty `kinds` turns random faults off;
    /// calling it again replaces the previous setting and restarts the sequence.
    public func setRandomFaults(rate: Double, kinds: [Fault] = Fault.allKinds, seed: UInt64, matching matcher: FaultMatcher = .any) {
        faults.setRandom(rate: rate, kinds: kinds, seed: seed, matching: matcher)
    }

    /// Forgets scripted faults not yet used and turns random faults off. ``appliedFaults()`` is kept.
    public func clearFaults() {
        faults.clear()
    }

    /// How many scripted fault injections are still waiting for a matching request.
    public var pendingFaultCount: Int { faults.pendingScriptedCount }

    /// Every fault injected so far, in the order the requests arrived.
    public func appliedFaults() -> [AppliedFault] {
        faults.applied
    }

    /// Forgets the faults applied so far.
    public func clearAppliedFaults() {
        faults.clearApplied()
    }

    /// How many requests ``Options/enforceRateLimit`` refused with 429 so far (injected
    /// ``Fault/rateLimited(resetAfterSeconds:)`` faults are not counted here).
    public var rateLimitRefusalCount: Int { rateLimiter.refusedCount }

    // MARK: Inspection

    /// How many TCP connections the running server has accepted (0 when stopped): with the number
    /// of requests, shows whether clients reuse connections.
    public var acceptedConnectionCount: Int { server.withLock { $0?.acceptedConnectionCount ?? 0 } }

    /// Every request received, in arrival order, exactly as it came over the wire — including
    /// rejected ones (401, 404, 422…) and storage uploads. Requests too malformed to parse are
    /// not included.
    public func receivedRequests() -> [ReceivedRequest] {
        recorder.withLock { $0 }
    }

    /// Forgets the requests received so far.
    public func clearReceivedRequests() {
        recorder.withLock { $0.removeAll() }
    }

    // The inspection functions below look at the primary environment (the one requests without
    // `X-Environment` reach).

    /// The record with `id`, rendered as `GET /items/:id` would.
    public func record(id: String) -> SimulatedResource? {
        store.withState { state in state.records[id].map { SimulatedResource(json: state.render($0)) } }
    }

    /// All records, in creation order.
    public func records() -> [SimulatedResource] {
        store.withState { state in state.records.all.map { SimulatedResource(json: state.render($0)) } }
    }

    /// The records of one model, given by ID or API key, in creation order.
    public func records(ofType itemType: String) -> [SimulatedResource] {
        store.withState { state in
            state.records.all
                .filter { $0.itemTypeID == itemType || state.itemTypes[$0.itemTypeID]?.apiKey == itemType }
                .map { SimulatedResource(json: state.render($0)) }
        }
    }

    /// The upload with `id`.
    public func upload(id: String) -> SimulatedResource? {
        store.withState { $0.uploads[id].map { SimulatedResource(json: $0.resource) } }
    }

    /// All uploads, in creation order.
    public func uploads() -> [SimulatedResource] {
        store.withState { $0.uploads.all.map { SimulatedResource(json: $0.resource) } }
    }

    /// The model with `id`.
    public func itemType(id: String) -> SimulatedResource? {
        store.withState { $0.itemTypes[id].map { SimulatedResource(json: $0.resource) } }
    }

    /// All models, in creation order.
    public func itemTypes() -> [SimulatedResource] {
        store.withState { $0.itemTypes.all.map { SimulatedResource(json: $0.resource) } }
    }

    /// The field with `id`.
    public func field(id: String) -> SimulatedResource? {
        store.withState { $0.fields[id].map { SimulatedResource(json: $0.resource) } }
    }

    /// All fields of all models, in creation order.
    public func fields() -> [SimulatedResource] {
        store.withState { $0.fields.all.map { SimulatedResource(json: $0.resource) } }
    }

    /// The bytes PUT to simulated storage at `path` (an upload request's ID, e.g.
    /// `/12345/1700000000-image.png`), if any.
    public func storedFile(atPath path: String) -> Data? {
        store.withState { $0.storage[path]?.bytes }
    }

    // MARK: Resources of the generic store

    /// The resource of `type` (a JSON:API type without hand-written semantics, e.g. `webhook`)
    /// with `id`, rendered as its `self` link would.
    public func resource(type: String, id: String) -> SimulatedResource? {
        guard let apiSchema else { return nil }
        return store.withState { state in
            state.resources[type, id].map { SimulatedResource(json: state.render($0, schema: apiSchema, now: Date())) }
        }
    }

    /// All resources of `type` in the generic store, in creation order.
    public func resources(ofType type: String) -> [SimulatedResource] {
        guard let apiSchema else { return [] }
        return store.withState { state in
            state.resources.all(ofType: type).map { SimulatedResource(json: state.render($0, schema: apiSchema, now: Date())) }
        }
    }

    /// Puts a resource into the generic store, as if the project already had it: for types the
    /// API offers no way to create (users, webhook calls, build events, audit log events…).
    /// Members not given are rendered with the plainest value the schema accepts.
    ///
    /// - Parameters:
    ///   - type: The JSON:API type, e.g. `webhook_call`.
    ///   - id: The ID; a new one when `nil`. An existing resource with that ID is replaced.
    ///   - attributes: Attribute values by name.
    ///   - relationships: Relationship objects by name, e.g. `["webhook": ["data": ["type": "webhook", "id": "…"]]]`.
    ///   - parent: For types listed under another resource (`/items/:id/versions`), that resource's type and ID.
    /// - Returns: The resource as the API renders it.
    @discardableResult
    public func insertResource(
        type: String, id: String? = nil, attributes: [String: JSON] = [:], relationships: [String: JSON] = [:],
        parent: (type: String, id: String)? = nil
    ) -> SimulatedResource {
        store.withState { state in
            let resource = StoredResource(id: id ?? Identifiers.resource(), type: type, attributes: attributes, relationships: relationships,
                                          parents: parent.map { [$0.type: $0.id] } ?? [:])
            state.resources[type, resource.id] = resource
            guard let apiSchema else { return SimulatedResource(json: ["id": .string(resource.id), "type": .string(type)]) }
            return SimulatedResource(json: state.render(resource, schema: apiSchema, now: Date()))
        }
    }
}
