import DashboardAPI
import DatoCMSSimulator
import Foundation
import OfficialSiteAPI

// Exercises the clients generated in this downstream package: the one from DatoCMS's official
// schema against the DatoCMS simulator, the dashboard one against scripted answers.

struct Post: Codable, Sendable {
    var title: String
}

func check(_ condition: Bool, _ message: String) {
    if !condition {
        print("downstream-check: FAILED: \(message)")
        exit(1)
    }
}

func exerciseOfficialClient() async throws -> Int {
    let simulator = DatoCMSSimulator(options: .init(apiToken: "downstream", jobDuration: .milliseconds(20)))
    let url = try simulator.start()
    defer { simulator.stop() }
    let client = OfficialSiteAPI.DatoCMSClient(configuration: ClientConfiguration(
        apiToken: "downstream", baseURL: url,
        jobPolling: JobPollingPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50), timeout: .seconds(20))))

    let model = try await client.itemTypes.create(name: "Post", apiKey: "post", draftModeActive: true)
    let field = try await client.fields.create(model.id, label: "Title", fieldType: "string", apiKey: "title")
    check(field.apiKey == "title", "field api key")
    let first = try await client.items.create(attributes: Post(title: "One"), itemType: model.id)
    let second = try await client.items.create(attributes: Post(title: "Two"), itemType: model.id)
    let published = try await client.items.publish(first.id, as: Post.self)
    check(published.meta.status?.rawValue == "published", "publish status")
    check(published.title == "One", "typed attributes")
    let batch = try await client.items.batchPublish(filterIds: "\(first.id),\(second.id)")
    check(batch.meta.successful == 2, "batch publish counts")
    let listed = try await client.items.list(filterType: model.id, as: Post.self)
    check(Set(listed.map(\.id)) == [first.id, second.id], "list")
    let bulk = try await client.items.bulkDestroy(items: [first.id, second.id])
    check(bulk.meta.successful == 2, "bulk destroy counts")
    do {
        _ = try await client.itemTypes.find("missing")
        check(false, "expected NOT_FOUND")
    } catch let error as ApiError {
        check(error.code == "NOT_FOUND", "error code")
    }
    return 9
}

func exerciseDashboardClient() async throws -> Int {
    let server = try LoopbackHTTPServer { request in
        let body: String
        switch request.path {
        case "/sites":
            body = #"{"data":[{"type":"site","id":"1","attributes":{"name":"Blog","domain":null,"class":"paid"}},{"type":"site","id":"2","attributes":{"name":"Shop","class":"enterprise"}}]}"#
        case "/sites/1":
            body = #"{"data":{"type":"site","id":"1","attributes":{"name":"Blog","domain":"blog.example","class":"paid"}}}"#
        default:
            return .init(status: 404, body: Data(#"{"data":[{"type":"api_error","id":"x","attributes":{"code":"NOT_FOUND","details":{}}}]}"#.utf8))
        }
        return .init(status: 200, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }
    defer { server.stop() }
    let client = DashboardClient(apiToken: "dashboard", baseURL: server.baseURL)

    // `typePrefix` makes the dashboard's `Site` a `DashboardSite`, so the official module's `Site`
    // stays unambiguous in this file, which imports both.
    let sites: [DashboardSite] = try await client.sites.list(pageLimit: 10)
    let _: [Site] = []
    check(sites.map(\.name) == ["Blog", "Shop"], "site names")
    check(sites[0].class == .paid, "keyword-named enum property")
    check(sites[1].class?.rawValue == "enterprise", "unknown enum values are kept")
    let site = try await client.sites.find("1")
    check(site.domain == "blog.example", "find")
    return 2
}

do {
    let official = try await exerciseOfficialClient()
    let dashboard = try await exerciseDashboardClient()
    print("downstream-check: OK (\(official) calls through the official-schema client, \(dashboard) through DashboardClient)")
} catch {
    print("downstream-check: FAILED: \(error)")
    exit(1)
}
