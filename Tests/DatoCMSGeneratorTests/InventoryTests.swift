import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Today's CMA, endpoint by endpoint (`../shared/datocms/cma-endpoints-2026.json`), against the
/// client generated from `Schema/`: every endpoint is there with its method and path, and its
/// request body takes every attribute and relationship the API accepts.
final class InventoryTests: XCTestCase {
    private struct Endpoint {
        var resource: String
        var rel: String
        var method: String
        var path: String
        var attributes: [String]
        var relationships: [String]
    }

    private func inventory() throws -> [Endpoint] {
        let url = Support.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datocms/cma-endpoints-2026.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XCTSkip("../shared/datocms/cma-endpoints-2026.json not found at \(url.path): this test needs the shared endpoint inventory")
        }
        let resources = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return resources.flatMap { resource -> [Endpoint] in
            let type = resource["jsonApiType"] as? String ?? ""
            return (resource["endpoints"] as? [[String: Any]] ?? []).map { endpoint in
                let structure = endpoint["requestStructure"] as? [String: Any] ?? [:]
                return Endpoint(
                    resource: type, rel: endpoint["rel"] as? String ?? "", method: endpoint["method"] as? String ?? "",
                    path: Self.normalized(endpoint["urlTemplate"] as? String ?? ""),
                    attributes: structure["attributes"] as? [String] ?? [], relationships: structure["relationships"] as? [String] ?? [])
            }
        }
    }

    /// `/roles/${roleId}` and `/roles/{roleId}` both become `/roles/{}`.
    private static func normalized(_ path: String) -> String {
        path.replacingOccurrences(of: #"\$?\{[^}]*\}"#, with: "{}", options: .regularExpression)
    }

    /// Every property name in `root` and the schemas it reaches (`$ref`s followed once).
    private static func propertyNames(in root: Schema, schema: HyperSchema) -> Set<String> {
        var names: Set<String> = []
        var seen: Set<JSONPointer> = []
        var stack = [root]
        while let next = stack.popLast() {
            guard seen.insert(next.pointer).inserted else { continue }
            if let target = next.ref, let resolved = schema.schemasByPointer[target] { stack.append(resolved) }
            for (name, child) in next.properties {
                names.insert(name)
                stack.append(child)
            }
            stack += [next.items].compactMap { $0 } + next.anyOf + next.oneOf + next.allOf
        }
        return names
    }

    func testEveryEndpointOfTodaysAPIIsGeneratedWithItsWholeBody() throws {
        let endpoints = try inventory()
        XCTAssertEqual(endpoints.count, 202, "the inventory changed; update this test's expectations")
        let schema = try SchemaParser.parse(Array(try Data(contentsOf: Support.checkedInSchema)), file: "cma-hyperschema.json")
        var translator = Translator()
        let module = try translator.translate(schema)
        var missing: [String] = []
        for endpoint in endpoints {
            let label = "\(endpoint.resource).\(endpoint.rel) (\(endpoint.method) \(endpoint.path))"
            guard let namespace = module.namespace(endpoint.resource),
                  let generated = namespace.endpoints.first(where: { $0.rel == endpoint.rel && $0.method == endpoint.method && Self.normalized($0.displayPath) == endpoint.path })
            else {
                missing.append(label)
                continue
            }
            // A JSON:API body is flattened into fields; any other body (a list, as for `reorder`)
            // keeps its shape, so its keys are looked up in the link's request schema.
            var keys = Set(generated.body?.envelope?.fields.map(\.property.key) ?? [])
            if generated.body?.envelope == nil, let resource = schema.resources.first(where: { $0.name == endpoint.resource }),
               let link = resource.links.first(where: { $0.rel == endpoint.rel && $0.method == endpoint.method }), let body = link.schema {
                keys = Self.propertyNames(in: body, schema: schema)
            }
            for key in endpoint.attributes + endpoint.relationships where !keys.contains(key) {
                missing.append("\(label): body lacks `\(key)`")
            }
        }
        XCTAssertEqual(missing, [], "\(missing.count) gaps:\n" + missing.joined(separator: "\n"))
    }
}
