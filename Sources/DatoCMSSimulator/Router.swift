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

/// Turns requests into responses: records them, authenticates, routes, runs the handler against
/// the store, and adds the headers every API response carries.
final class Router: HTTPHandler {
    private let store: Store
    private let recorder: Locked<[ReceivedRequest]>
    private let rateLimiter: RateLimiter
    private let apiToken: String
    private let hyperSchema: Data?

    init(store: Store, recorder: Locked<[ReceivedRequest]>, rateLimiter: RateLimiter, apiToken: String, hyperSchema: Data?) {
        self.hyperSchema = hyperSchema
        self.store = store
        self.recorder = recorder
        self.rateLimiter = rateLimiter
        self.apiToken = apiToken
    }

    func respond(to request: ReceivedRequest) -> HTTPResponse {
        recorder.withLock { $0.append(request) }
        let remaining = rateLimiter.consume()
        return render(reply(to: request), environment: request.header("X-Environment") ?? "main", remaining: remaining)
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
        for route in Routes.all where route.method == request.method {
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
            return try store.withState { try route.handler(&$0, apiRequest) }
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
            ("X-RateLimit-Limit", String(rateLimiter.limit)),
            ("X-RateLimit-Remaining", String(remaining)),
        ]
        return HTTPResponse(status: reply.status, headers: headers, body: body)
    }
}
