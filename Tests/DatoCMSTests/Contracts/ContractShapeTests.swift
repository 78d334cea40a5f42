import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// The contract table again, against a server that answers every endpoint with a sample built
/// from DatoCMS's own TypeScript types of its responses (`../shared/datocms/cma-types-2026.ts`,
/// by the `responseType` of each endpoint in `cma-endpoints-2026.json`): the client must decode
/// each of them. The samples fill every member, optional ones included, and one element per list,
/// so a field our schema types differently from DatoCMS's fails here even if the simulator (which
/// renders from our schema) agrees with us.
///
/// The contracts' own checks on values are not applied (the samples hold placeholder values);
/// decoding failures and calls that never reach their endpoint are.
final class ContractShapeTests: XCTestCase {
    private static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datocms")

    private static func endpoints() throws -> [InventoryEndpoint] {
        let url = shared.appendingPathComponent("cma-endpoints-2026.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XCTSkip("\(url.path) is missing: put the shared folder beside the repository to check the types file's shapes")
        }
        let resources = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var result: [InventoryEndpoint] = []
        for resource in resources {
            for endpoint in resource["endpoints"] as? [[String: Any]] ?? [] {
                let template = try XCTUnwrap(endpoint["urlTemplate"] as? String)
                let segments = template.split(separator: "/")
                let pattern = "^/" + segments.map { $0.hasPrefix("${") ? "[^/]+" : NSRegularExpression.escapedPattern(for: String($0)) }
                    .joined(separator: "/") + "$"
                result.append(InventoryEndpoint(
                    method: try XCTUnwrap(endpoint["method"] as? String), path: try NSRegularExpression(pattern: pattern),
                    literalSegments: segments.filter { !$0.hasPrefix("${") }.count,
                    shape: "/" + segments.map { $0.hasPrefix("${") ? "*" : String($0) }.joined(separator: "/"),
                    responseType: endpoint["responseType"] as? String))
            }
        }
        // `/users/me` before `/users/${userId}`.
        return result.sorted { $0.literalSegments > $1.literalSegments }
    }

    func testEveryContractDecodesTheTypesFilesShapes() async throws {
        let endpoints = try Self.endpoints()
        let typesURL = Self.shared.appendingPathComponent("cma-types-2026.ts")
        let shapes = try TypeScriptShapes(source: String(contentsOf: typesURL, encoding: .utf8))
        let server = try SampleServer(endpoints: endpoints, shapes: shapes)
        defer { server.stop() }

        // The private links of our schema (batch publish…) are not in the inventory, nor typed.
        let functions = try ContractTests.generatedFunctions()
        let inventory = Set(endpoints.map { "\($0.method) \($0.shape)" })
        let contracts = Contracts.all.filter { contract in
            functions[contract.function].map { inventory.contains("\($0.method) \($0.pathShape)") } ?? false
        }
        XCTAssertEqual(contracts.count, 202, "every endpoint of the inventory has its contract")

        var failures: [String] = []
        var checked = 0
        for contract in contracts {
            server.clearRequests()
            let simulator = DatoCMSSimulator(options: .init(apiToken: testToken))
            let client = DatoCMSClient(configuration: ClientConfiguration(
                apiToken: testToken, baseURL: server.baseURL, jobPolling: fastPolling, retry: .never))
            let harness = Harness(simulator: simulator, client: client, serverRequests: { server.receivedRequests })
            defer { simulator.stop() }
            do {
                try await contract.run(harness)
            } catch is ContractViolation {
                // A check on values: the samples' values are placeholders.
            } catch {
                failures.append("\(contract.function): \(error)")
                continue
            }
            guard let function = functions[contract.function], function.wasCalled(in: server.receivedRequests) else {
                failures.append("\(contract.function): the contract stopped before calling it (a check that needs the simulator's values?)")
                continue
            }
            checked += 1
        }
        for failure in failures { XCTFail(failure) }
        XCTAssertTrue(server.unknownRequests.isEmpty, "requests to no endpoint of the inventory: \(server.unknownRequests)")
        XCTAssertEqual(Set(endpoints.compactMap(\.responseType)).subtracting(server.typesServed).sorted(), [], "response types never served")
        XCTAssertEqual(checked + failures.count, contracts.count)
    }
}

/// An endpoint of the inventory: how to recognise its requests, and the type of its answer.
private struct InventoryEndpoint: @unchecked Sendable {
    let method: String
    let path: NSRegularExpression
    let literalSegments: Int
    /// The path with each placeholder written `*`, e.g. `/items/*/publish`.
    let shape: String
    let responseType: String?

    func matches(_ request: ReceivedRequest) -> Bool {
        request.method == method && path.firstMatch(in: request.path, range: NSRange(request.path.startIndex..., in: request.path)) != nil
    }
}

/// Answers each request with a sample of its endpoint's response type (`202` and a job for job
/// schemas, whose result is ready at the first poll), and accepts storage uploads.
private final class SampleServer: @unchecked Sendable {
    typealias JSON = DatoCMSSimulator.JSON

    private let lock = NSLock()
    private var jobs: [String: String] = [:]
    private var served: Set<String> = []
    private var unknown: [String] = []
    private var received: [ReceivedRequest] = []
    private var server: LoopbackHTTPServer?

    var baseURL: URL { server!.baseURL }
    var typesServed: Set<String> { lock.withLock { served } }
    var unknownRequests: [String] { lock.withLock { unknown } }
    var receivedRequests: [ReceivedRequest] { lock.withLock { received } }

    init(endpoints: [InventoryEndpoint], shapes: TypeScriptShapes) throws {
        server = try LoopbackHTTPServer { [unowned self] request in
            self.respond(to: request, endpoints: endpoints, shapes: shapes)
        }
    }

    func stop() { server?.stop() }

    func clearRequests() {
        lock.withLock {
            jobs = [:]
            received = []
        }
    }

    private func respond(to request: ReceivedRequest, endpoints: [InventoryEndpoint], shapes: TypeScriptShapes) -> LoopbackHTTPServer.Response {
        lock.withLock { received.append(request) }
        if request.path.hasPrefix("/_storage/") { return .init(status: 200) }
        if request.method == "GET", request.path.hasPrefix("/job-results/") {
            let id = String(request.path.dropFirst("/job-results/".count))
            // DatoCMS's job_result shape, with this job's ID, a success status and its payload.
            guard let type = lock.withLock({ jobs[id] }), let payload = sample(type, shapes: shapes),
                  case .object(var document)? = sample("JobResultSelfTargetSchema", shapes: shapes),
                  case .object(var data)? = document["data"], case .object(var attributes)? = data["attributes"]
            else { return .init(status: 404) }
            attributes["status"] = 200
            attributes["payload"] = payload
            data["id"] = .string(id)
            data["attributes"] = .object(attributes)
            document["data"] = .object(data)
            return json(200, .object(document))
        }
        guard let endpoint = endpoints.first(where: { $0.matches(request) }) else {
            lock.withLock { unknown.append("\(request.method) \(request.path)") }
            return .init(status: 404)
        }
        guard let type = endpoint.responseType else { return .init(status: 204) }
        if type.hasSuffix("JobSchema") {
            let id = "job-\(UUID().uuidString.prefix(8))"
            lock.withLock { jobs[id] = type }
            return json(202, ["data": ["type": "job", "id": .string(id)]])
        }
        guard let document = sample(type, shapes: shapes) else { return .init(status: 500) }
        return json(request.method == "POST" ? 201 : 200, document)
    }

    private func sample(_ type: String, shapes: TypeScriptShapes) -> JSON? {
        guard let document = try? shapes.sample(type) else { return nil }
        lock.withLock { _ = served.insert(type) }
        return adapted(document)
    }

    /// Values that are not the API's shape but the test's: records carry the test model's fields
    /// (`Article`), and an upload request's URL points at this server's storage.
    private func adapted(_ value: JSON) -> JSON {
        switch value {
        case .array(let elements):
            return .array(elements.map(adapted))
        case .object(var members):
            for (key, member) in members { members[key] = adapted(member) }
            if members["type"] == "item" || members["type"] == "item_version", case .object(var attributes)? = members["attributes"] {
                attributes["title"] = "Sample"
                attributes["slug"] = "sample"
                members["attributes"] = .object(attributes)
            }
            if members["type"] == "upload_request", case .object(var attributes)? = members["attributes"] {
                attributes["url"] = .string(baseURL.absoluteString + "/_storage/sample")
                members["attributes"] = .object(attributes)
            }
            return .object(members)
        default:
            return value
        }
    }

    private func json(_ status: Int, _ document: JSON) -> LoopbackHTTPServer.Response {
        .init(status: status, headers: [("Content-Type", "application/json")], body: document.serialized())
    }
}
