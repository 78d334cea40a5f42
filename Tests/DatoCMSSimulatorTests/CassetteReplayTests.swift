import DatoCMSSimulator
import Foundation
import XCTest

/// Replays the real recorded sessions (`../shared/datocms/cassettes`) against the simulator and
/// checks each answer against the recorded one: same status, and the recorded body's structure
/// and stable values. The simulator may render more (newer API attributes), never less.
final class CassetteReplayTests: XCTestCase {
    /// Values that legitimately differ between the recording and a replay; only their JSON kind
    /// (and timestamp style) is compared. IDs are compared through the ID mapping instead.
    private static let unstableKeys: Set<String> = [
        "created_at", "updated_at", "published_at", "first_published_at", "current_version", "url", "path",
    ]

    /// Results of image analysis (decoding pixels, machine tagging), which the simulator does
    /// not perform: it renders them empty or null. Not compared.
    private static let imageAnalysisKeys: Set<String> = ["blurhash", "colors", "smart_tags"]

    /// Members whose shape changed since the sessions were recorded (2021), which the simulator
    /// renders as today's API does: an asset's `default_field_metadata` is no longer keyed by
    /// locale (`en: {alt, title…}`) but by member (`alt: {en: …}`, one `focal_point`), as DatoCMS's
    /// 2026 types say. Compared by kind only.
    private static let changedSinceRecording: Set<String> = ["default_field_metadata"]

    private static var cassettesDirectory: URL {
        // Resolve symlinks so the sources can be checked out anywhere under the project.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/datocms/cassettes")
    }

    func testRecordedSessionsReplayFaithfully() async throws {
        let files = (try? FileManager.default.contentsOfDirectory(at: Self.cassettesDirectory, includingPropertiesForKeys: nil)) ?? []
        let cassettes = files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        guard !cassettes.isEmpty else { throw XCTSkip("no cassettes at \(Self.cassettesDirectory.path)") }
        for cassette in cassettes {
            try await replay(cassette)
        }
    }

    private func replay(_ cassette: URL) async throws {
        let name = cassette.lastPathComponent
        let interactions = try JSON(parsing: Data(contentsOf: cassette))["interactions"]?.arrayValue ?? []
        let (simulator, client) = try startSimulator(.init(locales: ["en"]))
        defer { simulator.stop() }
        var ids: [String: String] = [:]
        var storageURL: String?

        for (index, interaction) in interactions.enumerated() {
            let context = "\(name) #\(index)"
            let request = try XCTUnwrap(interaction["request"], context)
            let recorded = try XCTUnwrap(interaction["response"], context)
            let method = try XCTUnwrap(request["method"]?.stringValue, context)
            let url = try XCTUnwrap(request["url"]?.stringValue, context)
            let recordedStatus = try XCTUnwrap(recorded["status"]?.intValue, context)

            guard let apiRange = url.range(of: "site-api.datocms.com") else {
                // The direct upload to S3: send the bytes to the simulator's storage URL instead.
                let target = String(try XCTUnwrap(storageURL, context).dropFirst(client.baseURL.absoluteString.count))
                let bytes = try XCTUnwrap(request["body_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) }, context)
                let response = try await APIClient(baseURL: client.baseURL, token: nil).send(
                    method, target, body: bytes, headers: ["Content-Type": request["headers"]?["Content-Type"]?.stringValue ?? ""])
                XCTAssertEqual(response.status, recordedStatus, context)
                continue
            }
            let target = Self.substitute(String(url[apiRange.upperBound...]), ids)

            if target.hasPrefix("/job-results/") {
                // Recorded polls that caught the job running say nothing about the final state.
                guard recordedStatus != 404 else { continue }
                let (result, _) = try await client.awaitJob(String(target.dropFirst("/job-results/".count)))
                compare(recorded["body"]?["data"] ?? .null, result, at: "\(context) data", ids: &ids)
                continue
            }

            let body = request["body"].flatMap { $0 == .null ? nil : Self.substitute($0, ids) }
            let response = try await client.send(method, target, json: body)
            XCTAssertEqual(response.status, recordedStatus, "\(context) \(method) \(target)")
            for header in ["Content-Type", "X-Api-Version", "X-Environment"] {
                XCTAssertEqual(response.header(header), recorded["headers"]?[header]?.stringValue, "\(context) \(header)")
            }
            if let recordedBody = recorded["body"], recordedBody != .null {
                compare(recordedBody, try XCTUnwrap(response.json, context), at: context, ids: &ids)
            }
            if let uploadURL = response.json?["data"]?["attributes"]?["url"]?.stringValue,
               response.json?["data"]?["type"] == "upload_request" {
                storageURL = uploadURL
            }
        }
    }

    /// Asserts `actual` has every member of `recorded` with the same kind and (for stable keys)
    /// the same value; learns recorded→simulated ID pairs on the way.
    private func compare(_ recorded: JSON, _ actual: JSON, at path: String, key: String? = nil, ids: inout [String: String]) {
        switch recorded {
        case .object(let members):
            guard let actualMembers = actual.objectValue else { return XCTFail("\(path): expected an object, got \(actual)") }
            for (name, value) in members where !Self.imageAnalysisKeys.contains(name) {
                guard let actualValue = actualMembers[name] else {
                    XCTFail("\(path).\(name): missing")
                    continue
                }
                if Self.changedSinceRecording.contains(name) {
                    XCTAssertEqual(Self.kind(of: actualValue), Self.kind(of: value), "\(path).\(name)")
                    continue
                }
                compare(value, actualValue, at: "\(path).\(name)", key: name, ids: &ids)
            }
        case .array(let elements):
            guard let actualElements = actual.arrayValue else { return XCTFail("\(path): expected an array, got \(actual)") }
            if !Self.unstableKeys.contains(key ?? "") {
                XCTAssertEqual(actualElements.count, elements.count, "\(path): array length")
            }
            for (offset, pair) in zip(elements, actualElements).enumerated() {
                compare(pair.0, pair.1, at: "\(path)[\(offset)]", key: key, ids: &ids)
            }
        default:
            if key == "id", let recordedID = recorded.stringValue, let actualID = actual.stringValue {
                if let known = ids[recordedID] {
                    XCTAssertEqual(actualID, known, "\(path): ID mapping")
                } else {
                    ids[recordedID] = actualID
                }
            } else if let key, Self.unstableKeys.contains(key) {
                XCTAssertEqual(Self.kind(of: actual), Self.kind(of: recorded), "\(path): \(actual) vs recorded \(recorded)")
            } else {
                XCTAssertEqual(actual, recorded, path)
            }
        }
    }

    /// The JSON kind, with timestamps told apart by style (`Z` or `±hh:mm`).
    private static func kind(of value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .array: "array"
        case .object: "object"
        case .string(let text):
            if text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil {
                "timestamp Z"
            } else if text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$"#, options: .regularExpression) != nil {
                "timestamp offset"
            } else {
                "string"
            }
        }
    }

    /// Replaces recorded IDs by the simulator's in a request target, token by token.
    private static func substitute(_ target: String, _ ids: [String: String]) -> String {
        var output = "", token = ""
        for character in target {
            if "/?&=,".contains(character) {
                output += ids[token] ?? token
                output.append(character)
                token = ""
            } else {
                token.append(character)
            }
        }
        return output + (ids[token] ?? token)
    }

    /// Replaces recorded IDs by the simulator's in a request body.
    private static func substitute(_ value: JSON, _ ids: [String: String]) -> JSON {
        switch value {
        case .string(let text): .string(ids[text] ?? text)
        case .array(let elements): .array(elements.map { substitute($0, ids) })
        case .object(let members): .object(members.mapValues { substitute($0, ids) })
        default: value
        }
    }
}
