import Foundation

/// A request as handlers see it: the received request plus the values captured from its path.
struct APIRequest: Sendable {
    let received: ReceivedRequest
    /// Path parameters in order (`:id`), or all remaining segments for a `*` route.
    let parameters: [String]
    /// One timestamp per request, so everything a request changes gets the same time.
    let now: Date

    var parameter: String { parameters.first ?? "" }
    var body: Data? { received.body }
    func query(_ name: String) -> String? { received.queryValue(name) }
}

/// Turns requests into responses: records them, applies the rate limit and any injected fault,
/// authenticates, routes, runs the handler against the store, and adds the headers every API
/// response carries.
final class Router: HTTPHandler {
    private let store: Store
    private let recorder: Locked<[ReceivedRequest]>
    private let rateLimiter: RateLimiter
    private let faults: FaultInjector
    private let delays: DelayGate
    private let apiToken: String
    private let hyperSchema: Data?
    /// The hand-written routes, then one per schema link (see ``GenericEndpoint``).
    private let routes: [Route]

    init(store: Store, recorder: Locked<[ReceivedRequest]>, rateLimiter: RateLimiter, faults: FaultInjector,
         delays: DelayGate, apiToken: String, hyperSchema: Data?, apiSchema: APISchema?) {
        self.hyperSchema = hyperSchema
        routes = Routes.all + (apiSchema.map { schema in schema.endpoints.map { GenericEndpoint(endpoint: $0, schema: schema).route } } ?? [])
        self.store = store
        self.recorder = recorder
        self.rateLimiter = rateLimiter
        self.faults = faults
        self.delays = delays
        self.apiToken = apiToken
    }

    func respond(to request: ReceivedRequest) -> HTTPResponse {
        recorder.withLock { $0.append(request) }
        let environment = request.header("X-Environment") ?? "main"
        // The rate limit comes first: a refused request never reaches the fault injector, so a
        // scripted fault is spent on a request that would otherwise have been served.
        let admission = rateLimiter.admit()
        if let wait = admission.refusedFor {
            return rateLimited(reset: Self.seconds(wait), environment: environment)
        }
        let remaining = admission.remaining
        guard let fault = faults.fault(for: request) else {
            return render(reply(to: request), environment: environment, remaining: remaining)
        }
        switch fault {
        case .delay(let duration):
            delays.sleep(for: duration)
            return render(reply(to: request), environment: environment, remaining: remaining)
        case .dropConnectionBeforeProcessing:
            return HTTPResponse(status: 0, delivery: .dropConnection)
        case .rateLimited(let seconds):
            return rateLimited(reset: String(max(seconds, 0)), environment: environment)
        case .transientError(let status):
            return render(.error(.transientFailure(status: status)), environment: environment, remaining: remaining)
        case .htmlErrorPage(let status):
            // What a load balancer in front of the API sends: an HTML page, none of the API's headers.
            let reason = HTTPStatus.reason(for: status)
            let page = "<html>\r\n<head><title>\(status) \(reason)</title></head>\r\n<body>\r\n<center><h1>\(status) \(reason)</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            return HTTPResponse(status: status, headers: [("Content-Type", "text/html")], body: Data(page.utf8))
        case .dropConnectionAfterProcessing:
            _ = reply(to: request)
            return HTTPResponse(status: 0, delivery: .dropConnection)
        case .garbageBody:
            var response = render(reply(to: request), environment: environment, remaining: remaining)
            response.body = Self.garbage(length: max(response.body.count, 32))
            return response
        case .emptyBody:
            var response = render(reply(to: request), environment: environment, remaining: remaining)
            response.body = Data()
            return response
        case .truncatedBody:
            var response = render(reply(to: request), environment: environment, remaining: remaining)
            response.delivery = .truncated
            return response
        }
    }

    /// A 429, unprocessed, telling when to come back.
    private func rateLimited(reset: String, environment: String) -> HTTPResponse {
        var response = render(.error(.rateLimitExceeded), environment: environment, remaining: 0)
        // A refusal always says so, even when the limit is not otherwise announced (an injected 429).
        if !rateLimiter.enforce { response.headers += [("X-RateLimit-Limit", String(rateLimiter.limit)), ("X-RateLimit-Remaining", "0")] }
        response.headers.append(("X-RateLimit-Reset", reset))
        return response
    }

    /// Seconds with millisecond precision, rounded up. The real API sends whole seconds; a
    /// fraction keeps the short windows tests use short.
    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = max(0, (duration.components.seconds * 1000) + (duration.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(format: "%.3f", Double(milliseconds) / 1000)
    }

    /// Bytes no JSON parser accepts (starting with a byte that cannot begin a JSON text),
    /// reproducible so a failing test shows the same body every run.
    private static func garbage(length: Int) -> Data {
        var generator = SplitMix64(seed: UInt64(length))
        var bytes = [UInt8](repeating: 0, count: length)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }
        bytes[0] = 0xFF
        return Data(bytes)
    }

    func protocolError(status: Int, message: String) -> HTTPResponse {
        let code = switch status {
        case 413: "REQUEST_BODY_TOO_LARGE"
        case 431: "REQUEST_HEADERS_TOO_LARGE"
        case 501: "NOT_IMPLEMENTED"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        default: "BAD_REQUEST"
        }
        let error = APIError(status: status, code: code, details: ["message": .string(message)])
        return render(.error(error), environment: "main", remaining: rateLimiter.consume())
    }

    private func reply(to request: ReceivedRequest) -> Reply {
        if request.method == "GET", request.path == DatoCMSSimulator.hyperSchemaPath, let hyperSchema {
            return Reply(status: 200, body: .bytes(hyperSchema, contentType: "application/schema+json"))
        }
        let path = request.path.split(separator: "/").map(String.init)
        let authorized = isAuthorized(request)
        var matched: (route: Route, parameters: [String])?
        for route in routes where route.method == request.method {
            if let parameters = route.match(path) {
                matched = (route, parameters)
                break
            }
        }
        guard let (route, parameters) = matched else {
            return .error(authorized ? .routeNotFound(method: request.method, path: request.path) : .invalidAuthorization)
        }
        guard authorized || !route.requiresAuthentication else { return .error(.invalidAuthorization) }

        let apiRequest = APIRequest(received: request, parameters: parameters, now: Date())
        do {
            let environment = request.header("X-Environment")
            switch route.target {
            case .state(let handler):
                return try store.withState(environment: environment) { try handler(&$0, apiRequest) }
            case .environments(let handler):
                return try store.withEnvironments { try handler(&$0, apiRequest, environment) }
            }
        } catch let error as APIError {
            return .error(error)
        } catch {
            return .error(APIError(status: 500, code: "INTERNAL_SERVER_ERROR", details: ["message": .string("\(error)")]))
        }
    }

    private func isAuthorized(_ request: ReceivedRequest) -> Bool {
        guard let value = request.header("Authorization") else { return false }
        let parts = value.split(separator: " ", maxSplits: 1)
        return parts.count == 2 && parts[0].lowercased() == "bearer"
            && parts[1].trimmingCharacters(in: .whitespaces) == apiToken
    }

    private func render(_ reply: Reply, environment: String, remaining: Int) -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        let body: Data
        switch reply.body {
        case .none:
            body = Data()
        case .json(let document):
            body = document.serialized()
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        case .bytes(let bytes, let contentType):
            body = bytes
            if !bytes.isEmpty { headers.append(("Content-Type", contentType)) }
        }
        headers += [
            ("Cache-Control", "max-age=0, private, must-revalidate"),
            ("X-Api-Version", "3"),
            ("X-Environment", environment),
            // A fresh ID per answer, in the header where DatoCMS names each request for support.
            ("X-Request-Id", UUID().uuidString.lowercased()),
        ]
        // Announced only when enforced: a pacing client would otherwise slow down for a limit
        // that is not there (see `Options.rateLimitWindow`).
        if rateLimiter.enforce {
            headers += [("X-RateLimit-Limit", String(rateLimiter.limit)), ("X-RateLimit-Remaining", String(remaining))]
        }
        return HTTPResponse(status: reply.status, headers: headers, body: body)
    }
}
