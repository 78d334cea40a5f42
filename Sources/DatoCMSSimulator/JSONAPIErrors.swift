import Foundation

/// An error the API reports as a JSON:API `api_error` document, e.g.
/// `{"data":[{"id":"232b48","type":"api_error","attributes":{"code":"NOT_FOUND","details":{…}}}]}`.
struct APIError: Error, Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    var status: Int
    var code: String
    var details: JSON
    /// Rendered as `"transient": true` when set: DatoCMS marks failures that a later retry may
    /// get past (overload, maintenance) so clients can tell them from permanent ones.
    var transient = false

    /// The error document, with a fresh short error ID as the real API gives every error.
    var document: JSON {
        var attributes: [String: JSON] = ["code": .string(code), "details": details]
        if transient { attributes["transient"] = .bool(true) }
        return [
            "data": [
                [
                    "id": .string(Identifiers.apiError()),
                    "type": "api_error",
                    "attributes": .object(attributes),
                ],
            ],
        ]
    }

    /// Unknown resource ID. The message is the one the real API leaks from Rails.
    static let notFound = APIError(status: 404, code: "NOT_FOUND", details: ["message": "ActiveRecord::RecordNotFound"])

    static func routeNotFound(method: String, path: String) -> APIError {
        APIError(status: 404, code: "NOT_FOUND", details: ["message": .string("No route matches \(method) \(path)")])
    }

    static let invalidAuthorization = APIError(
        status: 401, code: "INVALID_AUTHORIZATION_HEADER",
        details: ["message": "Requests must carry an `Authorization: Bearer <API token>` header with a valid token"]
    )

    /// The body (or a query parameter) does not follow the endpoint's schema.
    static func invalidFormat(field: String, _ message: String) -> APIError {
        APIError(status: 422, code: "INVALID_FORMAT", details: ["field": .string(field), "message": .string(message)])
    }

    /// The body is well-formed but a value is unacceptable (e.g. a duplicate `api_key`).
    static func invalidField(_ field: String, code: String, _ message: String) -> APIError {
        APIError(status: 422, code: "INVALID_FIELD",
                 details: ["field": .string(field), "code": .string(code), "message": .string(message)])
    }

    static func staleItemVersion(current: String) -> APIError {
        APIError(status: 422, code: "STALE_ITEM_VERSION",
                 details: ["message": "The record has changed since the version you sent", "current_version": .string(current)])
    }

    /// The answer to a request over the rate limit; it was not processed.
    static let rateLimitExceeded = APIError(
        status: 429, code: "RATE_LIMIT_EXCEEDED",
        details: ["message": "API rate limit exceeded; retry after X-RateLimit-Reset seconds"]
    )

    /// A failure of the API itself that a later retry may get past; the request was not processed.
    static func transientFailure(status: Int) -> APIError {
        let code = switch status {
        case 500: "INTERNAL_SERVER_ERROR"
        case 502: "BAD_GATEWAY"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        default: "TEMPORARY_FAILURE"
        }
        return APIError(status: status, code: code,
                        details: ["message": "The service is temporarily unable to handle the request; retry later"], transient: true)
    }

    static func tooManyIDs(field: String, limit: Int) -> APIError {
        invalidFormat(field: field, "a maximum of \(limit) IDs are allowed per request")
    }
}
