import DatoCMS
import DatoCMSGenerator
import DatoCMSSimulator
import Foundation

// datocms-demo: the publishing workflow of DatoCMS's docs, run through the SDK.
//
//   swift run datocms-demo                                   # against an embedded local simulator
//   DATOCMS_API_TOKEN=… swift run datocms-demo --live        # against your real project (creates and deletes a demo model)
//
// The demo model's Swift type, `SwiftDemoArticle`, is generated from the model itself (see
// Models/): the demo checks it for drift as `swift package generate-models --check` would, and
// `swift run datocms-demo --update-models` rewrites it.

/// The demo model's ID, chosen by the client so that the generated type's constant matches it.
let demoModelID = "lwj2bp5mQCWkV1URosvjxQ"
/// Where the generated type lives, in this executable's sources.
let demoModelsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Models")

struct Options {
    var live = false
    var baseURL: URL?
    var environment: String?
    var locales = ["en", "it"]
    var updateModels = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--live": options.live = true
            case "--update-models": options.updateModels = true
            case "--base-url": options.baseURL = rest.isEmpty ? nil : URL(string: rest.removeFirst())
            case "--environment": options.environment = rest.isEmpty ? nil : rest.removeFirst()
            case "--locales": options.locales = rest.isEmpty ? options.locales : rest.removeFirst().split(separator: ",").map(String.init)
            case "--help", "-h":
                print("""
                    usage: datocms-demo [--live] [--base-url URL] [--environment NAME] [--locales en,it] [--update-models]
                      Without --live, an in-memory DatoCMS simulator is started on 127.0.0.1 and used.
                      With --live, DATOCMS_API_TOKEN must hold a full-access API token; a demo model is
                      created and deleted again in the project (use --environment for a sandbox).
                      --update-models rewrites Sources/datocms-demo/Models from the demo model.
                    """)
                exit(0)
            default:
                print("unknown argument \(argument) (try --help)")
                exit(2)
            }
        }
        return options
    }
}

var stepNumber = 0
@MainActor
func step(_ title: String) {
    stepNumber += 1
    print("\n\(stepNumber). \(title)")
}

func show(_ line: String) { print("   \(line)") }

@MainActor
func run() async throws {
    let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
    var simulator: DatoCMSSimulator?
    let client: DatoCMSClient
    if options.live {
        guard let token = ProcessInfo.processInfo.environment["DATOCMS_API_TOKEN"], !token.isEmpty else {
            print("--live needs DATOCMS_API_TOKEN set to a full-access API token.")
            exit(2)
        }
        client = DatoCMSClient(apiToken: token, environment: options.environment, baseURL: options.baseURL ?? ClientConfiguration.defaultBaseURL)
        print("DatoCMS Swift SDK demo — live, against \(client.configuration.baseURL.absoluteString)")
    } else {
        let server = DatoCMSSimulator(options: .init(apiToken: "demo-token", jobDuration: .milliseconds(60), locales: options.locales))
        let url = try server.start()
        simulator = server
        client = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: "demo-token", baseURL: url,
            jobPolling: JobPollingPolicy(initialDelay: .milliseconds(20), multiplier: 1.5, maximumDelay: .milliseconds(200), timeout: .seconds(30))))
        print("DatoCMS Swift SDK demo — against the local DatoCMS simulator at \(url.absoluteString)")
    }
    defer { simulator?.stop() }
    let primaryLocale = options.locales.first ?? "en"
    let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    step("Create a model with draft/published enabled, and its fields")
    let model: ItemType
    do {
        model = try await client.itemTypes.create(id: demoModelID, name: "Swift demo article", apiKey: "swift_demo_article", draftModeActive: true)
    } catch let error as ApiError where error.status == 422 {
        show("the project refused the demo model: \(error)")
        show("(a model with its ID or API key `swift_demo_article` is left from an interrupted run? delete it and run again)")
        throw error
    }
    show("model \(model.id) (\(model.apiKey))")
    let titleField = try await client.fields.create(model.id, label: "Title", fieldType: .string, apiKey: "title", localized: true,
                                                    validators: ["required": [:]], hint: "Shown in every list")
    let slugField = try await client.fields.create(model.id, label: "Slug", fieldType: .slug, apiKey: "slug")
    show("fields \(titleField.apiKey) (localized) and \(slugField.apiKey) — each created by an asynchronous job")

    do {
        step("Generate the model's Swift type and check it for drift (what `swift package generate-models --check` does)")
        let generated = try ModelGenerator.generate(schemaBytes: Array(try await client.exportModelSchema()), file: "the demo project")
        if options.updateModels {
            try ModelGenerator.write(generated, to: demoModelsDirectory)
            show("rewrote \(generated.files.map(\.name).joined(separator: ", ")) in \(demoModelsDirectory.path): rebuild to use it")
        } else {
            let drift = ModelGenerator.drift(of: generated, against: demoModelsDirectory)
            for line in drift.description.split(separator: "\n") { show(String(line)) }
            if !drift.isEmpty { show("(run `swift run datocms-demo --update-models` to regenerate the type the demo compiles)") }
        }

        step("Create four draft records, typed: SwiftDemoArticle knows its model")
        var records: [Item<SwiftDemoArticle>] = []
        for (index, name) in ["Cats", "Dogs", "Owls", "Foxes"].enumerated() {
            var titles = Localized<String>()
            for locale in options.locales { titles[locale] = "\(name) (\(locale))" }
            let record = try await client.items.create(SwiftDemoArticle(title: titles, slug: "\(name.lowercased())-\(index)-\(suffix)"))
            records.append(record)
            show("\(record.id)  \(record.title[primaryLocale] ?? "")  status: \(record.meta.status?.rawValue ?? "none")")
        }
        let ids = records.map(\.id)

        step("Publish the first record whole (PUT /items/:id/publish, no body)")
        let published = try await client.items.publish(ids[0], as: SwiftDemoArticle.self)
        show("\(published.id) status: \(published.meta.status?.rawValue ?? "none"), published_at: \(published.meta.publishedAt?.rawValue ?? "null")")

        step("Publish the second record only in \"\(primaryLocale)\" (selective_publish_operation)")
        let partly = try await client.items.publish(ids[1], ItemPublishBody(contentInLocales: [primaryLocale], nonLocalizedContent: false), as: SwiftDemoArticle.self)
        show("\(partly.id) status: \(partly.meta.status?.rawValue ?? "none") — other locales and non-localized content stay unpublished")

        step("Bulk publish every record in chunks of 2 (POST /items/bulk/publish → a job per chunk; any number of IDs, 200 per request by default)")
        let bulkPublish = try await client.items.bulkPublish(items: ids, chunkSize: 2) { progress in
            show("chunk \(progress.chunksEnded) of \(progress.chunksTotal) done: \(progress.idsCompleted) of \(progress.idsTotal) IDs")
        }
        show("all jobs done: \(bulkPublish.successful) successful, \(bulkPublish.failed) failed")

        step("Bulk unpublish the last two again (POST /items/bulk/unpublish → job)")
        let bulkUnpublish = try await client.items.bulkUnpublish(items: Array(ids[2...]))
        show("job done: \(bulkUnpublish.successful) successful, \(bulkUnpublish.failed) failed")

        step("Publish by filter[ids] (PUT /items/publish?filter[ids]=… → job)")
        let batch = try await client.items.batchPublish(filterIds: ids)
        show("job done: \(batch.successful) successful, \(batch.failed) failed")
        for record in try await client.items.list(filterIds: ids, as: SwiftDemoArticle.self) {
            show("\(record.id)  \(record.slug ?? "")  status: \(record.meta.status?.rawValue ?? "none")")
        }

        step("Walk the model's records page by page (items.listAll(as:) filters by the type's model: GET /items?filter[type]=…&page[limit]=2, 2 pages at a time)")
        var walked = 0
        for try await record in client.items.listAll(pageSize: 2, concurrency: 2, as: SwiftDemoArticle.self) {
            walked += 1
            show("\(walked). \(record.slug ?? "")")
        }

        step("Upload two files (upload request → PUT to storage without the token → create upload → job)")
        var uploadIDs: [String] = []
        for (index, bytes) in [tinyPNG(width: 3, height: 2), tinyPNG(width: 5, height: 4)].enumerated() {
            let upload = try await client.uploads.upload(data: bytes, filename: "swift-demo-\(suffix)-\(index).png", author: "datocms-swift demo")
            uploadIDs.append(upload.id)
            show("upload \(upload.id)  \(upload.attributes.width.map(String.init) ?? "?")×\(upload.attributes.height.map(String.init) ?? "?") \(upload.attributes.format ?? "")")
        }

        step("Delete the uploads in batch (DELETE /uploads/batch-destroy?filter[ids]=… → job)")
        let destroyed = try await client.uploads.batchDestroy(filterIds: uploadIDs)
        show("job done: \(destroyed.successful) successful, \(destroyed.failed) failed")

        step("Delete the records in bulk (POST /items/bulk/destroy → job)")
        let bulkDestroy = try await client.items.bulkDestroy(items: ids)
        show("job done: \(bulkDestroy.successful) successful, \(bulkDestroy.failed) failed")
    } catch {
        show("failed: \(error)")
        _ = try? await client.itemTypes.destroy(model.id)
        throw error
    }

    step("Delete the demo model (DELETE /item-types/:id → job)")
    let deleted = try await client.itemTypes.destroy(model.id)
    show("model \(deleted?.id ?? model.id) deleted")
    print("\nDone: every step went through the generated client.")
}

/// A valid PNG of the given size (one gray pixel row repeated), built here so the demo needs no files.
func tinyPNG(width: Int, height: Int) -> Data {
    func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in typeBytes + body {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        return bigEndian(UInt32(body.count)) + typeBytes + body + bigEndian(crc)
    }
    func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    // Stored (uncompressed) deflate blocks wrapped in zlib, with an Adler-32 checksum.
    var raw: [UInt8] = []
    for _ in 0..<height { raw += [0] + Array(repeating: 0x80, count: width) }
    var adlerA: UInt32 = 1
    var adlerB: UInt32 = 0
    for byte in raw {
        adlerA = (adlerA + UInt32(byte)) % 65521
        adlerB = (adlerB + adlerA) % 65521
    }
    let length = UInt16(raw.count)
    let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        + raw + bigEndian(adlerB << 16 | adlerA)
    let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    return Data(png)
}

do {
    try await run()
} catch {
    print("\nThe demo failed: \(error)")
    exit(1)
}
