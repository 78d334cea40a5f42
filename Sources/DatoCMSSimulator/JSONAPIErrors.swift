import Foundation

/// An error the API reports as a JSON:API `api_error` document, e.g.
/// `{"data":[{"id":"232b48","type":"api_error","attributes":{"code":"NOT_FOUND","details":{…}}}]}`.
struct APIError: Error, Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    var status: Int
    var code: String
    var details: JSON

    /// The error document, with a fresh short error ID as the real API gives every error.
    var document: JSON {
        [
            "data": [
                [
                    "id": .string(Identifiers.apiError()),
                    "type": "api_error",
                    "attributes": ["code": .string(code), "details": details],
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

    static func tooManyIDs(field: String, limit: Int) -> APIError {
        invalidFormat(field: field, "a maximum of \(limit) IDs are allowed per request")
    }
}
