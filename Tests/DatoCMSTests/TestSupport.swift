import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A record model used across the tests: what `Item<Article>` carries.
struct Article: Codable, Sendable, Equatable {
    var title: String
    var slug: String
}

/// A localized record model.
struct LocalizedArticle: Codable, Sendable, Equatable {
    var title: [String: String]
    var slug: String
}

let testToken = "test-token-5f1c"

/// This package's root, found from this file's path so tests do not depend on the directory
/// they run in; `../shared` is beside it.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // DatoCMSTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Fast polling, so job tests take milliseconds.
let fastPolling = JobPollingPolicy(initialDelay: .milliseconds(10), multiplier: 1.5, maximumDelay: .milliseconds(50), timeout: .seconds(20))

/// Fast retries, so retry tests take milliseconds; the shape (attempts, which failures) is the default's.
let fastRetry = RetryPolicy(initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(40), maximumTotalWait: .seconds(5), rateLimitWindow: .milliseconds(500))

/// A simulator on loopback and a client pointed at it.
struct Harness {
    let simulator: DatoCMSSimulator
    let client: DatoCMSClient
    /// The requests the server the client talks to received (the simulator's, unless the client
    /// was pointed elsewhere).
    var serverRequests: @Sendable () -> [ReceivedRequest]

    /// `simulatorOptions` adjusts the simulator's settings (token and job duration already set).
    init(jobDuration: Duration = .milliseconds(20), polling: JobPollingPolicy = fastPolling, environment: String? = nil, token: String = testToken,
         retry: RetryPolicy = fastRetry, simulatorOptions: (inout DatoCMSSimulator.Options) -> Void = { _ in }) throws {
        var options = DatoCMSSimulator.Options(apiToken: testToken, jobDuration: jobDuration)
        simulatorOptions(&options)
        let simulator = DatoCMSSimulator(options: options)
        self.simulator = simulator
        serverRequests = { simulator.receivedRequests() }
        let url = try simulator.start()
        client = DatoCMSClient(configuration: ClientConfiguration(apiToken: token, baseURL: url, environment: environment, jobPolling: polling, retry: retry))
    }

    /// A model with `title` and `slug` fields, draft/published enabled.
    func makeModel(localizedTitle: Bool = false) async throws -> ItemType {
        let model = try await client.itemTypes.create(name: "Article", apiKey: "article_\(UUID().uuidString.prefix(8).lowercased())", draftModeActive: true)
        _ = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title", localized: localizedTitle)
        _ = try await client.fields.create(model.id, label: "Slug", fieldType: .slug, apiKey: "slug")
        return model
    }

    /// Creates `count` records of `model`.
    func makeRecords(_ count: Int, model: ItemType) async throws -> [Item<Article>] {
        var records: [Item<Article>] = []
        for index in 0..<count {
            records.append(try await client.items.create(attributes: Article(title: "Post \(index)", slug: "post-\(index)"), itemType: model.id))
        }
        return records
    }

    /// The requests the simulator received since the last call, without job polls.
    func takeRequests(includingPolls: Bool = false) -> [ReceivedRequest] {
        let requests = simulator.receivedRequests()
        simulator.clearReceivedRequests()
        return includingPolls ? requests : requests.filter { !$0.path.hasPrefix("/job-results/") }
    }

    /// A GET straight to the simulator, bypassing the SDK: the untouched answer body.
    func rawDocument(_ path: String) async throws -> Data {
        var request = URLRequest(url: try XCTUnwrap(simulator.baseURL).appendingPathComponent(path))
        request.setValue("Bearer \(testToken)", forHTTPHeaderField: "Authorization")
        request.setValue("3", forHTTPHeaderField: "X-Api-Version")
        return try await URLSession.shared.data(for: request).0
    }

    func stop() { simulator.stop() }
}

/// The JSON of a body, for order-insensitive comparison.
func json(_ data: Data?, file: StaticString = #filePath, line: UInt = #line) -> NSDictionary? {
    guard let data else { return nil }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? NSDictionary else {
        XCTFail("not a JSON object: \(String(decoding: data, as: UTF8.self))", file: file, line: line)
        return nil
    }
    return object
}

func json(_ text: String) -> NSDictionary {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary) ?? [:]
}
