import Foundation

/// The engine under every generated client: builds requests, sends them, turns error
/// answers into ``ApiError``, decodes responses and awaits jobs. Generated endpoint
/// functions are one call into it.
public struct APIClient: Sendable {
    /// The configuration requests are made with.
    public let configuration: ClientConfiguration
    private let builder: RequestBuilder

    /// Creates a client.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        self.builder = RequestBuilder(configuration: configuration)
    }

    /// Waits for asynchronous jobs.
    public var jobs: JobPoller { JobPoller(client: self) }

    /// Sends `request` and decodes the 2xx response body as `type`.
    public func send<Response: Decodable>(_ request: APIRequest, decoding type: Response.Type) async throws -> Response {
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
        return try decode(type, from: response, request: httpRequest)
    }

    /// Sends `request` and ignores the 2xx response body.
    public func send(_ request: APIRequest) async throws {
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
    }

    /// Sends a request that starts an asynchronous job (`202` + job), waits for the job and
    /// decodes its payload as `type`. An endpoint that answers at once (`200`/`201`) is
    /// decoded directly.
    public func sendJob<Payload: Decodable>(_ request: APIRequest, decoding type: Payload.Type) async throws -> Payload {
        let (httpRequest, response) = try await exchange(request)
        try Self.check(response, for: httpRequest)
        if response.status == 202 {
            let accepted = try decode(AcceptedJob.self, from: response, request: httpRequest)
            return try await waitForJob(accepted.data.id, decoding: type, policy: nil, origin: RequestSummary(httpRequest))
        }
        return try decode(type, from: response, request: httpRequest)
    }

    /// Builds and sends `request`, returning both the wire request and the response.
    func exchange(_ request: APIRequest) async throws -> (HTTPRequest, HTTPResponse) {
        let httpRequest = try builder.build(request)
        try Task.checkCancellation()
        do {
            let response = try await configuration.transport.send(httpRequest)
            return (httpRequest, response)
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw DatoCMSError.transport(request: RequestSummary(httpRequest), underlying: Self.describe(error))
        }
    }

    static func check(_ response: HTTPResponse, for request: HTTPRequest) throws {
        guard (200..<300).contains(response.status) else {
            throw ApiError(status: response.status, body: response.body, request: RequestSummary(request))
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, request: HTTPRequest) throws -> T {
        let summary = RequestSummary(request)
        guard !response.body.isEmpty else {
            throw DatoCMSError.unexpectedResponse(request: summary, status: response.status, reason: "empty body where \(T.self) was expected", body: "")
        }
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch let error as DecodingError {
            let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw DatoCMSError.unexpectedResponse(request: summary, status: response.status, reason: "the body is not valid JSON", body: text)
            }
            throw DatoCMSError.decoding(request: summary, type: "\(T.self)", path: error.keyPath, reason: error.reason)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return "\(nsError.localizedDescription) (\(nsError.domain) \(nsError.code))"
    }
}

/// The body of a `202 Accepted` answer.
private struct AcceptedJob: Decodable {
    var data: JobReference
}
