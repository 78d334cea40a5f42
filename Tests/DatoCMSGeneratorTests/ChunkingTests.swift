import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Which job links take any number of IDs: exactly one required ID list capped by `maxItems`,
/// in the body's relationships or in the query. The output must compile.
final class ChunkingTests: XCTestCase {
    private static func idList(maxItems: Int?) -> String {
        let cap = maxItems.map { ", \"maxItems\": \($0)" } ?? ""
        return ##"{"type": "object", "required": ["data"], "properties": {"data": {"type": "array"\##(cap), "items": {"$ref": "#/definitions/asset/definitions/data"}}}}"##
    }

    private static func bulkLink(rel: String, relationships: [String: Int?], attributes: String = "") -> String {
        let members = relationships.keys.sorted().map { "\"\($0)\": \(idList(maxItems: relationships[$0]!))" }.joined(separator: ", ")
        let required = relationships.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        return ##"""
            {"rel": "\##(rel)", "method": "POST", "href": "/assets/bulk/\##(rel)",
             "schema": {"type": "object", "required": ["data"], "properties": {"data": {"type": "object", "required": ["type", "relationships"], "properties": {
               "type": {"type": "string", "pattern": "^asset_bulk_operation$"}\##(attributes),
               "relationships": {"type": "object", "required": [\##(required)], "properties": {\##(members)}}}}}},
             "jobSchema": \##(counters)}
            """##
    }

    private static let counters = ##"""
        {"type": "object", "required": ["data", "meta"], "properties": {"data": {"type": "array"},
         "meta": {"type": "object", "required": ["successful", "failed"], "properties": {"successful": {"type": "integer"}, "failed": {"type": "integer"}}}}}
        """##

    private static let schema = ##"""
        {"definitions": {"asset": {
          "type": "object",
          "definitions": {
            "id": {"type": "string"},
            "identity": {"$ref": "#/definitions/asset/definitions/id"},
            "data": {"type": "object", "required": ["type", "id"], "properties": {"type": {"type": "string", "pattern": "^asset$"}, "id": {"type": "string"}}}
          },
          "properties": {"type": {"type": "string", "pattern": "^asset$"}, "id": {"type": "string"}},
          "links": [
            \##(bulkLink(rel: "capped", relationships: ["assets": 50], attributes: ##", "attributes": {"type": "object", "required": ["tags"], "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}"##)),
            \##(bulkLink(rel: "uncapped", relationships: ["assets": nil])),
            \##(bulkLink(rel: "two_lists", relationships: ["assets": 50, "others": 50])),
            {"rel": "batch_destroy", "method": "DELETE", "href": "/assets",
             "hrefSchema": {"type": "object", "required": ["filter[ids]"], "properties": {"filter[ids]": {"type": "array", "maxItems": 10, "items": {"type": "string"}}}},
             "jobSchema": \##(counters)},
            {"rel": "optional_filter", "method": "PUT", "href": "/assets/touch",
             "hrefSchema": {"type": "object", "properties": {"filter[ids]": {"type": "array", "maxItems": 10, "items": {"type": "string"}}}},
             "jobSchema": {"type": "object", "properties": {"data": {"type": "array"}}}},
            {"rel": "no_job", "method": "PUT", "href": "/assets/sync",
             "hrefSchema": {"type": "object", "required": ["filter[ids]"], "properties": {"filter[ids]": {"type": "array", "maxItems": 10, "items": {"type": "string"}}}}}
          ]}}}
        """##

    func testOnlyJobLinksWithOneRequiredCappedIDListAreChunked() throws {
        let (module, _) = try Support.translate(Self.schema)
        let capped = try XCTUnwrap(module.endpoint("asset", "capped")?.chunking)
        XCTAssertEqual(capped.source, .bodyField("assets"))
        XCTAssertEqual(capped.maximumChunkSize, 50)
        XCTAssertEqual(capped.counters, ChunkingDecl.Counters(meta: "meta", metaIsOptional: false, successful: "successful", failed: "failed"))

        let batch = try XCTUnwrap(module.endpoint("asset", "batchDestroy")?.chunking)
        XCTAssertEqual(batch.source, .queryProperty("filterIds"))
        XCTAssertEqual(batch.maximumChunkSize, 10)

        XCTAssertNil(module.endpoint("asset", "uncapped")?.chunking, "no maxItems: the API states no limit to split by")
        XCTAssertNil(module.endpoint("asset", "twoLists")?.chunking, "two capped lists: which to split is a guess")
        XCTAssertNil(module.endpoint("asset", "optionalFilter")?.chunking, "an optional filter is not the list the call acts on")
        XCTAssertNil(module.endpoint("asset", "noJob")?.chunking, "only job links: their results can be merged")
    }

    func testChunkedFunctionsCompileAndPassTheOtherParametersToEveryChunk() throws {
        let output = try Support.generate(Self.schema)
        let source = try XCTUnwrap(Support.contents(output, "Generated_asset.swift"))
        XCTAssertTrue(source.contains("public func capped(tags: [String]? = nil, assets: [any DatoCMSRuntime.ResourceReference], chunkSize: Int = 50, concurrency: Int = 1, progress: (@Sendable (DatoCMSRuntime.BulkProgress) -> Void)? = nil) async throws -> DatoCMSRuntime.BulkResult<AssetCappedJobResult>"), source)
        XCTAssertTrue(source.contains("AssetCappedBody(tags: tags, assets: __chunk)"), source)
        // A deletion's result is optional (a retry may find it done): the counters read through it.
        XCTAssertTrue(source.contains("DatoCMSRuntime.BulkResult<AssetBatchDestroyJobResult?>"), source)
        XCTAssertTrue(source.contains("AssetBatchDestroyQuery(filterIds: __chunk)"), source)
        XCTAssertTrue(source.contains("public func uncapped(assets: [any DatoCMSRuntime.ResourceReference]) async throws -> AssetUncappedJobResult"), source)

        try Support.assertTypeChecksCleanly(output)
    }
}
