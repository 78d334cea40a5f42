import DatoCMS
import Foundation

// datocms-bench decode [--records N] [--repeats N]
//
// Decodes one page of records (500 by default, shaped like DatoCMS's: strings, numbers, a null,
// nested objects, an array, relationships, meta with dates) in several ways and prints each time
// (min and median over the repeats) and its ratio to a plain `JSONDecoder` into a struct of the
// same shape, and to `JSONSerialization`:
// - the SDK, untyped (`Item<JSONValue>`, the default) and typed (`Item<YourModel>`), through
//   `client.items.raw.list` on a transport that answers from memory (so the figure is the SDK's
//   whole path: request building, the size and depth checks, decoding, and no network);
// - plain `JSONDecoder` into the SDK's own types: typed (so the SDK's overhead proper is the
//   typed row over this one), and untyped, where every `JSONValue` probes each type in turn (the
//   SDK's decoding before issue 13);
// - reading `meta.createdAt?.date` from every record, against a reused `ISO8601DateFormatter`.

/// A record's attributes, typed (`Item<BenchArticle>`).
struct BenchArticle: Codable, Sendable {
    struct SEO: Codable, Sendable {
        var title: String?
        var description: String?
        var image: String?
        var twitter_card: String?
    }
    struct FocalPoint: Codable, Sendable {
        var x: Double
        var y: Double
    }
    struct Cover: Codable, Sendable {
        var upload_id: String
        var alt: String?
        var title: String?
        var focal_point: FocalPoint?
        var custom_data: [String: String]
    }
    var title: String
    var slug: String
    var body: String
    var position: Int
    var rating: Double
    var featured: Bool
    var subtitle: String?
    var seo: BenchArticle.SEO
    var tags: [String]
    var cover: Cover?
    var published_on: String?
}

/// The whole page as a plain struct: what a hand-written client would decode.
struct PlainPage: Decodable {
    struct Linkage: Decodable {
        struct Identifier: Decodable {
            var type: String
            var id: String
        }
        var data: Identifier?
    }
    struct Relationships: Decodable {
        var item_type: Linkage?
        var creator: Linkage?
    }
    struct Meta: Decodable {
        var created_at: String?
        var updated_at: String?
        var published_at: String?
        var first_published_at: String?
        var publication_scheduled_at: String?
        var unpublishing_scheduled_at: String?
        var status: String?
        var is_valid: Bool?
        var is_current_version_valid: Bool?
        var is_published_version_valid: Bool?
        var current_version: String?
        var stage: String?
        var has_children: Bool?
    }
    struct Record: Decodable {
        var id: String
        var type: String
        var attributes: BenchArticle
        var relationships: Relationships
        var meta: Meta
    }
    struct PageMeta: Decodable {
        var total_count: Int
    }
    var data: [Record]
    var meta: PageMeta
}

/// Answers every request with the same page, from memory.
struct CannedPageTransport: HTTPTransport {
    let page: Data

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")], body: page)
    }
}

/// A page of `records` records shaped like DatoCMS's answers.
func makeBenchPage(records: Int) -> Data {
    let body = String(repeating: "Lorem ipsum dolor sit amet. ", count: 8)
    var data: [[String: Any]] = []
    for index in 0..<records {
        let seo: [String: Any] = ["title": "SEO \(index)", "description": "About post \(index)", "image": NSNull(), "twitter_card": "summary"]
        let focalPoint: [String: Any] = ["x": 0.5, "y": 0.25]
        let cover: [String: Any] = ["upload_id": "up\(index)", "alt": NSNull(), "title": NSNull(), "focal_point": focalPoint, "custom_data": [String: Any]()]
        var attributes: [String: Any] = ["title": "Post number \(index)", "slug": "post-number-\(index)", "body": body]
        attributes["position"] = index
        attributes["rating"] = Double(index) + 0.5
        attributes["featured"] = index % 2 == 0
        attributes["subtitle"] = NSNull()
        attributes["seo"] = seo
        attributes["tags"] = ["tag\(index % 7)", "tag\(index % 11)", "tag\(index % 13)"]
        attributes["cover"] = cover
        attributes["published_on"] = String(format: "2026-11-%02d", index % 28 + 1)
        let itemType: [String: Any] = ["data": ["type": "item_type", "id": "model123"]]
        let creator: [String: Any] = ["data": ["type": "account", "id": "acc9"]]
        var meta: [String: Any] = [
            "created_at": String(format: "2026-11-%02dT10:15:30.%03d+00:00", index % 28 + 1, index % 1000),
            "updated_at": "2026-12-01T08:00:00.456+00:00", "first_published_at": "2026-11-30T10:20:00.000Z",
        ]
        for key in ["published_at", "publication_scheduled_at", "unpublishing_scheduled_at", "is_published_version_valid", "stage"] { meta[key] = NSNull() }
        meta["status"] = "draft"
        meta["is_valid"] = true
        meta["is_current_version_valid"] = true
        meta["current_version"] = "ver\(index)"
        meta["has_children"] = false
        let record: [String: Any] = [
            "id": "rec\(index)-hWl-mnkWRYmM", "type": "item", "attributes": attributes,
            "relationships": ["item_type": itemType, "creator": creator] as [String: Any], "meta": meta,
        ]
        data.append(record)
    }
    do {
        return try JSONSerialization.data(withJSONObject: ["data": data, "meta": ["total_count": records]] as [String: Any])
    } catch {
        fail("cannot build the page: \(error)")
    }
}

/// One way of decoding the page, timed.
struct DecodeVariant {
    var name: String
    var run: () async throws -> Void
    var times: [Double] = []

    init(_ name: String, _ run: @escaping () async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// Runs every variant once to warm up, then `repeats` rounds of each in turn (interleaved, so a
/// change in the machine's load weighs on all of them alike); times in milliseconds, sorted.
func measure(_ variants: inout [DecodeVariant], repeats: Int) async throws {
    let clock = ContinuousClock()
    for variant in variants { try await variant.run() }
    for _ in 0..<repeats {
        for index in variants.indices {
            let start = clock.now
            try await variants[index].run()
            variants[index].times.append(seconds(clock.now - start) * 1000)
        }
    }
    for index in variants.indices { variants[index].times.sort() }
}

func runDecode(_ arguments: [String]) async {
    let options = integerOptions(arguments, allowed: ["--records", "--repeats"], usage: "usage: datocms-bench decode [--records N] [--repeats N]")
    let records = options["--records"] ?? 500
    let repeats = options["--repeats"] ?? 30

    let page = makeBenchPage(records: records)
    let client = DatoCMSClient(
        configuration: ClientConfiguration(
            apiToken: "bench-token", baseURL: URL(string: "https://site-api.datocms.invalid")!,
            maximumResponseSize: max(64 << 20, page.count), transport: CannedPageTransport(page: page)))
    let query = ItemListQuery(pageLimit: records)
    print("decode: one page of \(records) records, \(page.count) bytes, \(repeats) repeats (min / median)")

    do {
        var plainCount = 0
        var untypedCount = 0
        var typedCount = 0
        var variants = [
            DecodeVariant("plain JSONDecoder into a struct") { plainCount = try JSONDecoder().decode(PlainPage.self, from: page).data.count },
            DecodeVariant("JSONSerialization.jsonObject") { _ = try JSONSerialization.jsonObject(with: page) },
            DecodeVariant("SDK, untyped (Item<JSONValue>; target ≤ 1.5×)") {
                untypedCount = try await client.items.raw.list(query: query, as: JSONValue.self).data.count
            },
            DecodeVariant("SDK, typed (Item<BenchArticle>; target ≤ 1.1×)") {
                typedCount = try await client.items.raw.list(query: query, as: BenchArticle.self).data.count
            },
            DecodeVariant("JSONDecoder into Item<BenchArticle> (no SDK path)") {
                _ = try JSONDecoder().decode(ItemListResponse<BenchArticle>.self, from: page)
            },
            DecodeVariant("JSONDecoder into Item<JSONValue> (probing each type)") {
                _ = try JSONDecoder().decode(ItemListResponse<JSONValue>.self, from: page)
            },
        ]
        try await measure(&variants, repeats: repeats)
        guard plainCount == records, untypedCount == records, typedCount == records else { fail("a decode lost records") }

        let plain = variants[0].times
        let serialization = variants[1].times
        func median(_ times: [Double]) -> Double { times[times.count / 2] }
        print("  " + "".padding(toLength: 54, withPad: " ", startingAt: 0) + "   min / median ms    ÷ JSONDecoder     ÷ JSONSerialization")
        for variant in variants {
            let times = variant.times
            print("  " + variant.name.padding(toLength: 54, withPad: " ", startingAt: 0) + String(
                format: " %7.2f / %7.2f    %5.2f× / %5.2f×   %5.2f× / %5.2f×",
                times[0], median(times), times[0] / plain[0], median(times) / median(plain),
                times[0] / serialization[0], median(times) / median(serialization)))
        }

        // Dates: every record's `meta.createdAt`, through DateTime and through a reused formatter.
        let items = try await client.items.raw.list(query: query, as: BenchArticle.self).data
        let stamps = items.compactMap { $0.meta.createdAt }
        var parsed = 0
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var dates = [
            DecodeVariant("DateTime.date") { parsed = stamps.reduce(0) { $0 + ($1.date == nil ? 0 : 1) } },
            DecodeVariant("a reused ISO8601DateFormatter") { _ = stamps.map { formatter.date(from: $0.rawValue) } },
        ]
        try await measure(&dates, repeats: max(1, repeats / 4))
        guard parsed == stamps.count else { fail("DateTime.date rejected a date the API sends") }
        for variant in dates {
            let perDate = variant.times.map { $0 * 1000 / Double(max(1, stamps.count)) }
            print("  " + variant.name.padding(toLength: 54, withPad: " ", startingAt: 0) + String(
                format: " %7.3f / %7.3f µs per date (meta.created_at of every record)", perDate[0], median(perDate)))
        }
    } catch {
        fail("decode: \(error)")
    }
    exit(0)
}
