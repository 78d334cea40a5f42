import Foundation

/// Operations on many records or uploads at once, all jobs whose payload is
/// `{"data": [], "meta": {"successful": N, "failed": M}}`; IDs unknown when the job runs count
/// as failed.
///
/// - batch, IDs in `filter[ids]`: `PUT /items/publish`, `PUT /items/unpublish`, `DELETE /items`,
///   `DELETE /uploads/batch-destroy` (any body is ignored; older clients send `{}`);
/// - bulk, IDs in a relationship of the body: `POST /items/bulk/{publish,unpublish,destroy,move-to-stage}`,
///   `POST /uploads/bulk/{destroy,tag,set-upload-collection}`.
extension SimulatorState {
    mutating func batchPublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], publishing: true)
    }

    mutating func batchUnpublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], publishing: false)
    }

    mutating func batchDestroyRecords(_ request: APIRequest) throws -> Reply {
        startRecordDestroyJob(try request.idsFilter(required: true, limit: maxIDs) ?? [])
    }

    mutating func bulkPublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try bulkIDs(request, operation: "item_bulk_publish_operation", relationship: "items", of: "item"),
                       publishing: true)
    }

    mutating func bulkUnpublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try bulkIDs(request, operation: "item_bulk_unpublish_operation", relationship: "items", of: "item"),
                       publishing: false)
    }

    mutating func bulkDestroyRecords(_ request: APIRequest) throws -> Reply {
        startRecordDestroyJob(try bulkIDs(request, operation: "item_bulk_destroy_operation", relationship: "items", of: "item"))
    }

    mutating func batchDestroyUploads(_ request: APIRequest) throws -> Reply {
        startDestroyJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], in: \.uploads)
    }

    mutating func bulkDestroyUploads(_ request: APIRequest) throws -> Reply {
        startDestroyJob(try bulkIDs(request, operation: "upload_bulk_destroy_operation", relationship: "uploads", of: "upload"),
                        in: \.uploads)
    }

    /// `POST /items/bulk/move-to-stage`: sets each record's `meta.stage`. The stage is not
    /// checked against the model's workflow.
    mutating func bulkMoveRecordsToStage(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "item_bulk_move_to_stage_operation", attributes: .only(["stage"]),
                                            relationships: ["items"])
        let stage = try input.requiredString("stage")
        let ids = try input.linkedIDs("items", type: "item", limit: 200)
        return startJob { state, _ in
            state.countingOutcome(ids) { state, id in
                guard state.records[id] != nil else { return false }
                state.records[id]?.stage = stage
                return true
            }
        }
    }

    /// `POST /uploads/bulk/tag`: adds the tags each asset does not have yet, after its own.
    mutating func bulkTagUploads(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "upload_bulk_tag_operation", attributes: .only(["tags"]),
                                            relationships: ["uploads"])
        guard let tagList = input.attributes["tags"], JSONKind.stringArray.matches(tagList) else {
            throw APIError.invalidFormat(field: "data.attributes.tags", "is required and must be an array of strings")
        }
        let tags = tagList.arrayValue ?? []
        let ids = try input.linkedIDs("uploads", type: "upload", limit: maxIDs)
        return startJob { state, _ in
            state.countingOutcome(ids) { state, id in
                guard let existing = state.uploads[id]?.attributes["tags"]?.arrayValue else { return false }
                state.uploads[id]?.attributes["tags"] = .array(existing + tags.filter { !existing.contains($0) })
                return true
            }
        }
    }

    /// `POST /uploads/bulk/set-upload-collection`: files each asset in the collection (or at the
    /// root, for `null`); the job fails with 404 when the collection does not exist.
    mutating func bulkSetUploadCollection(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "upload_bulk_set_upload_collection_operation", attributes: .only([]),
                                            relationships: ["upload_collection", "uploads"])
        guard input.relationships["upload_collection"] != nil else {
            throw APIError.invalidFormat(field: "data.relationships.upload_collection", "is required")
        }
        let collectionID = try input.linkedID("upload_collection", type: "upload_collection")
        let ids = try input.linkedIDs("uploads", type: "upload", limit: maxIDs)
        return startJob { state, _ in
            if let collectionID, state.resources["upload_collection", collectionID] == nil { return .failure(.notFound) }
            let linkage: JSON = collectionID.map { ["type": "upload_collection", "id": .string($0)] } ?? .null
            return state.countingOutcome(ids) { state, id in
                guard state.uploads[id] != nil else { return false }
                state.uploads[id]?.uploadCollection = linkage
                return true
            }
        }
    }

    // MARK: Helpers

    private func bulkIDs(_ request: APIRequest, operation: String, relationship: String, of type: String) throws -> [String] {
        let input = try ResourceInput.parse(request.body, type: operation, attributes: .only([]), relationships: [relationship])
        return try input.linkedIDs(relationship, type: type, limit: maxIDs)
    }

    private mutating func startRecordJob(_ ids: [String], publishing: Bool) -> Reply {
        startJob { state, now in
            let locales = state.locales
            return state.countingOutcome(ids) { state, id in
                guard state.records[id] != nil else { return false }
                if publishing {
                    state.records[id]?.publish(locales: locales, nonLocalized: true, now: now)
                } else {
                    state.records[id]?.unpublishEntirely()
                }
                return true
            }
        }
    }

    /// Deletes records with their blocks.
    private mutating func startRecordDestroyJob(_ ids: [String]) -> Reply {
        startJob { state, _ in
            state.countingOutcome(ids) { state, id in
                guard let record = state.records[id] else { return false }
                state.deleteBlocks(of: record)
                state.records[id] = nil
                return true
            }
        }
    }

    private mutating func startDestroyJob<Entity>(
        _ ids: [String], in table: WritableKeyPath<SimulatorState, Table<Entity>> & Sendable
    ) -> Reply {
        startJob { state, _ in
            state.countingOutcome(ids) { state, id in
                guard state[keyPath: table][id] != nil else { return false }
                state[keyPath: table][id] = nil
                return true
            }
        }
    }

    private mutating func countingOutcome(_ ids: [String], _ operation: (inout SimulatorState, String) -> Bool) -> JobOutcome {
        var successful = 0
        for id in ids where operation(&self, id) { successful += 1 }
        return JobOutcome(status: 200, payload: Document.batchOutcome(successful: successful, failed: ids.count - successful))
    }
}
