import Foundation

/// Operations on many records or uploads at once, all jobs whose payload is
/// `{"data": [], "meta": {"successful": N, "failed": M}}`; IDs unknown when the job runs count
/// as failed.
///
/// - batch, IDs in `filter[ids]`: `PUT /items/publish`, `PUT /items/unpublish`, `DELETE /items`,
///   `DELETE /uploads/batch-destroy` (any body is ignored; older clients send `{}`);
/// - bulk, IDs in a relationship of the body: `POST /items/bulk/{publish,unpublish,destroy}`,
///   `POST /uploads/bulk/destroy`.
extension SimulatorState {
    mutating func batchPublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], publishing: true)
    }

    mutating func batchUnpublishRecords(_ request: APIRequest) throws -> Reply {
        startRecordJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], publishing: false)
    }

    mutating func batchDestroyRecords(_ request: APIRequest) throws -> Reply {
        startDestroyJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], in: \.records)
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
        startDestroyJob(try bulkIDs(request, operation: "item_bulk_destroy_operation", relationship: "items", of: "item"),
                        in: \.records)
    }

    mutating func batchDestroyUploads(_ request: APIRequest) throws -> Reply {
        startDestroyJob(try request.idsFilter(required: true, limit: maxIDs) ?? [], in: \.uploads)
    }

    mutating func bulkDestroyUploads(_ request: APIRequest) throws -> Reply {
        startDestroyJob(try bulkIDs(request, operation: "upload_bulk_destroy_operation", relationship: "uploads", of: "upload"),
                        in: \.uploads)
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
