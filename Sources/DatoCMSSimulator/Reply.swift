import Foundation

/// What a handler answers: a status and an optional body.
struct Reply: Sendable {
    enum Body: Sendable {
        case none
        case json(DatoCMSSimulator.JSON)
        /// Raw bytes with their own content type (files served from simulated storage).
        case bytes(Data, contentType: String)
    }

    var status: Int
    var body: Body

    static func json(_ status: Int, _ document: DatoCMSSimulator.JSON) -> Reply { Reply(status: status, body: .json(document)) }

    /// A single resource: `{"data": …}` plus `included` when given.
    static func resource(_ status: Int, _ resource: DatoCMSSimulator.JSON, included: [DatoCMSSimulator.JSON]? = nil) -> Reply {
        .json(status, Document.single(resource, included: included))
    }

    static func error(_ error: APIError) -> Reply { .json(error.status, error.document) }
}

/// Builders for the top-level documents the API answers with.
enum Document {
    typealias JSON = DatoCMSSimulator.JSON

    static func single(_ resource: JSON, included: [JSON]? = nil) -> JSON {
        var document: [String: JSON] = ["data": resource]
        if let included { document["included"] = .array(included) }
        return .object(document)
    }

    static func collection(_ resources: [JSON], totalCount: Int? = nil) -> JSON {
        var document: [String: JSON] = ["data": .array(resources)]
        if let totalCount { document["meta"] = ["total_count": .number(Double(totalCount))] }
        return .object(document)
    }

    /// The payload of batch and bulk jobs: `{"data": [], "meta": {"successful": N, "failed": M}}`.
    static func batchOutcome(successful: Int, failed: Int) -> JSON {
        ["data": [], "meta": ["successful": .number(Double(successful)), "failed": .number(Double(failed))]]
    }

    /// A JSON:API resource linkage, `{"type": …, "id": …}`, wrapped as a relationship object.
    static func relationship(_ type: String, _ id: String?) -> JSON {
        ["data": id.map { ["type": .string(type), "id": .string($0)] } ?? .null]
    }
}
