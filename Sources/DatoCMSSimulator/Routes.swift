import Foundation

/// One endpoint: method, path pattern and handler.
struct Route: Sendable {
    typealias Handler = @Sendable (inout SimulatorState, APIRequest) throws -> Reply
    /// For the `/environments` endpoints, which work on every environment; the last argument is
    /// the environment the request was sent to (`X-Environment`), where its job is kept.
    typealias EnvironmentsHandler = @Sendable (inout EnvironmentRegistry, APIRequest, String?) throws -> Reply

    /// What a matched request runs against.
    enum Target: Sendable {
        case state(Handler)
        case environments(EnvironmentsHandler)
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter
        /// Matches all remaining segments (at least one).
        case rest
    }

    let method: String
    let requiresAuthentication: Bool
    let target: Target
    private let segments: [Segment]

    /// `pattern` like `/items/:id/publish`; a final `*` captures the rest of the path.
    init(_ method: String, _ pattern: String, authenticated: Bool = true, _ handler: @escaping Handler) {
        self.init(method, pattern, authenticated: authenticated, target: .state(handler))
    }

    /// A route of the `/environments` endpoints.
    init(environments method: String, _ pattern: String, _ handler: @escaping EnvironmentsHandler) {
        self.init(method, pattern, authenticated: true, target: .environments(handler))
    }

    private init(_ method: String, _ pattern: String, authenticated: Bool, target: Target) {
        self.method = method
        self.requiresAuthentication = authenticated
        self.target = target
        segments = pattern.split(separator: "/").map { part in
            part == "*" ? .rest : part.hasPrefix(":") ? .parameter : .literal(String(part))
        }
    }

    /// The captured parameters when `path` matches the pattern, else `nil`.
    func match(_ path: [String]) -> [String]? {
        var captured: [String] = []
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                guard path.count > index else { return nil }
                return captured + path[index...]
            case .literal(let literal):
                guard index < path.count, path[index] == literal else { return nil }
            case .parameter:
                guard index < path.count else { return nil }
                captured.append(path[index])
            }
        }
        return path.count == segments.count ? captured : nil
    }
}

/// The endpoint table. Literal routes come before parameter routes of the same shape, so
/// `PUT /items/publish` is not taken for `PUT /items/:id`: the first match wins.
enum Routes {
    static let all: [Route] = [
        Route(environments: "GET", "/environments") { registry, request, _ in try registry.listEnvironments(request) },
        Route(environments: "GET", "/environments/:id") { registry, request, _ in try registry.showEnvironment(request) },
        Route(environments: "POST", "/environments/:id/fork") { try $0.forkEnvironment($1, pollingIn: $2) },
        Route(environments: "PUT", "/environments/:id/promote") { registry, request, _ in try registry.promoteEnvironment(request) },
        Route(environments: "PUT", "/environments/:id/rename") { registry, request, _ in try registry.renameEnvironment(request) },
        Route(environments: "DELETE", "/environments/:id") { try $0.destroyEnvironment($1, pollingIn: $2) },
        Route("GET", "/maintenance-mode") { try $0.showMaintenanceMode($1) },
        Route("PUT", "/maintenance-mode/activate") { try $0.activateMaintenanceMode($1) },
        Route("PUT", "/maintenance-mode/deactivate") { try $0.deactivateMaintenanceMode($1) },
        Route("GET", "/item-types") { try $0.listItemTypes($1) },
        Route("POST", "/item-types") { try $0.createItemType($1) },
        Route("GET", "/item-types/:id") { try $0.showItemType($1) },
        Route("PUT", "/item-types/:id") { try $0.updateItemType($1) },
        Route("DELETE", "/item-types/:id") { try $0.destroyItemType($1) },
        Route("POST", "/item-types/:id/duplicate") { try $0.duplicateItemType($1) },
        Route("GET", "/item-types/:id/referencing") { try $0.listReferencingItemTypes($1) },
        Route("POST", "/item-types/:id/reorder-fields-and-fieldsets") { try $0.reorderFieldsAndFieldsets($1) },
        Route("GET", "/item-types/:id/fields") { try $0.listFields($1) },
        Route("POST", "/item-types/:id/fields") { try $0.createField($1) },
        Route("GET", "/item-types/:id/fields/referencing") { try $0.listReferencingFields($1) },
        Route("GET", "/item-types/:id/fields/related") { try $0.listRelatedFields($1) },
        Route("GET", "/fields/:id") { try $0.showField($1) },
        Route("PUT", "/fields/:id") { try $0.updateField($1) },
        Route("DELETE", "/fields/:id") { try $0.destroyField($1) },
        Route("POST", "/fields/:id/duplicate") { try $0.duplicateField($1) },

        Route("GET", "/items") { try $0.listRecords($1) },
        Route("POST", "/items") { try $0.createRecord($1) },
        Route("DELETE", "/items") { try $0.batchDestroyRecords($1) },
        Route("PUT", "/items/publish") { try $0.batchPublishRecords($1) },
        Route("PUT", "/items/unpublish") { try $0.batchUnpublishRecords($1) },
        Route("POST", "/items/bulk/publish") { try $0.bulkPublishRecords($1) },
        Route("POST", "/items/bulk/unpublish") { try $0.bulkUnpublishRecords($1) },
        Route("POST", "/items/bulk/destroy") { try $0.bulkDestroyRecords($1) },
        Route("POST", "/items/bulk/move-to-stage") { try $0.bulkMoveRecordsToStage($1) },
        Route("GET", "/items/:id") { try $0.showRecord($1) },
        Route("PUT", "/items/:id") { try $0.updateRecord($1) },
        Route("DELETE", "/items/:id") { try $0.destroyRecord($1) },
        Route("POST", "/items/:id/duplicate") { try $0.duplicateRecord($1) },
        Route("PUT", "/items/:id/publish") { try $0.publishRecord($1) },
        Route("PUT", "/items/:id/unpublish") { try $0.unpublishRecord($1) },
        Route("GET", "/items/:id/references") { try $0.listRecordReferences($1) },
        Route("GET", "/items/:id/current-vs-published-state") { try $0.showCurrentVsPublishedState($1) },
        Route("POST", "/items/:id/scheduled-publication") { try $0.createSchedule($1, .publication) },
        Route("DELETE", "/items/:id/scheduled-publication") { try $0.destroySchedule($1, .publication) },
        Route("POST", "/items/:id/scheduled-unpublishing") { try $0.createSchedule($1, .unpublishing) },
        Route("DELETE", "/items/:id/scheduled-unpublishing") { try $0.destroySchedule($1, .unpublishing) },
        Route("POST", "/versions/:id/restore") { try $0.restoreVersion($1) },

        Route("POST", "/menu-items/reorder") { try $0.reorderTree($1, type: "menu_item") },
        Route("POST", "/schema-menu-items/reorder") { try $0.reorderTree($1, type: "schema_menu_item") },
        Route("POST", "/upload-collections/reorder") { try $0.reorderTree($1, type: "upload_collection") },

        Route("POST", "/upload-requests") { try $0.createUploadRequest($1) },
        Route("GET", "/uploads") { try $0.listUploads($1) },
        Route("POST", "/uploads") { try $0.createUpload($1) },
        Route("DELETE", "/uploads/batch-destroy") { try $0.batchDestroyUploads($1) },
        Route("POST", "/uploads/bulk/destroy") { try $0.bulkDestroyUploads($1) },
        Route("POST", "/uploads/bulk/tag") { try $0.bulkTagUploads($1) },
        Route("POST", "/uploads/bulk/set-upload-collection") { try $0.bulkSetUploadCollection($1) },
        Route("GET", "/uploads/:id") { try $0.showUpload($1) },
        Route("PUT", "/uploads/:id") { try $0.updateUpload($1) },
        Route("DELETE", "/uploads/:id") { try $0.destroyUpload($1) },
        Route("GET", "/uploads/:id/references") { try $0.listUploadReferences($1) },
        Route("POST", "/uploads/:id/tracks") { try $0.createUploadTrack($1) },
        Route("POST", "/uploads/:id/tracks/generate-subtitles") { try $0.generateSubtitles($1) },

        Route("GET", "/job-results/:id") { try $0.showJobResult($1) },

        Route("PUT", "/_storage/*", authenticated: false) { try $0.storeFile($1) },
        Route("GET", "/_storage/*", authenticated: false) { try $0.serveFile($1) },
    ]
}
