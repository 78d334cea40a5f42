import Foundation

/// `POST /uploads/:id/tracks` and `POST /uploads/:id/tracks/generate-subtitles`: jobs whose
/// payload (201) is the new `upload_track`, stored in the generic store under the asset (listing
/// and deleting tracks are served by the generic endpoints). Nothing is fetched or transcribed:
/// a track is `ready` as soon as the job ends.
extension SimulatorState {
    mutating func createUploadTrack(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "upload_track",
                                            attributes: .only(["url_or_upload_request_id", "type", "name", "language_code", "closed_captions"]),
                                            relationships: [])
        _ = try input.requiredString("url_or_upload_request_id")
        let languageCode = try input.requiredString("language_code")
        guard let kind = input.attributes["type"], ["subtitles", "audio"].contains(kind.stringValue ?? "") else {
            throw APIError.invalidFormat(field: "data.attributes.type", "must be \"subtitles\" or \"audio\"")
        }
        try input.checkAttributes(["name"], are: .string)
        try input.checkAttributes(["closed_captions"], are: .bool)
        return try startTrackJob(uploadID: request.parameter, attributes: [
            "type": kind, "name": input.attributes["name"] ?? .string(languageCode), "language_code": .string(languageCode),
            "closed_captions": input.attributes["closed_captions"] ?? false,
        ])
    }

    mutating func generateSubtitles(_ request: APIRequest) throws -> Reply {
        let input = try ResourceInput.parse(request.body, type: "subtitles_generation", attributes: .only(["name", "language_code"]),
                                            relationships: [])
        let languageCode = try input.requiredString("language_code")
        try input.checkAttributes(["name"], are: .string)
        return try startTrackJob(uploadID: request.parameter, attributes: [
            "type": "subtitles", "name": input.attributes["name"] ?? .string(languageCode), "language_code": .string(languageCode),
            "closed_captions": false,
        ])
    }

    private mutating func startTrackJob(uploadID: String, attributes: [String: JSON]) throws -> Reply {
        _ = try existingUpload(uploadID)
        return startJob { state, _ in
            guard state.uploads[uploadID] != nil else { return .failure(.notFound) }
            var all = attributes
            all["status"] = "ready"
            all["error"] = .null
            let track = StoredResource(id: Identifiers.resource(), type: "upload_track", attributes: all,
                                       relationships: ["upload": Document.relationship("upload", uploadID)], parents: ["upload": uploadID])
            state.resources["upload_track", track.id] = track
            return JobOutcome(status: 201, payload: ["data": [
                "id": .string(track.id), "type": "upload_track", "attributes": .object(track.attributes),
                "relationships": .object(track.relationships),
            ]])
        }
    }
}
