import Foundation

/// `PUT /items/:id/publish` and `PUT /items/:id/unpublish`.
///
/// With no body at all the whole record is (un)published. A body must be a selective operation
/// (`selective_publish_operation` / `selective_unpublish_operation`); anything else, `{}`
/// included, is 422 `INVALID_FORMAT` — the API documentation says to send no body, "not even
/// an empty object", for a whole-record publish. `?recursive=true` is accepted; tree parents are
/// not modelled, so it changes nothing.
extension SimulatorState {
    private struct Selection {
        var locales: [String]
        var nonLocalizedContent: Bool
    }

    mutating func publishRecord(_ request: APIRequest) throws -> Reply {
        let selection = try parseSelection(request.body, type: "selective_publish_operation", withNonLocalizedContent: true)
        var record = try existingRecord(request.parameter)
        if let selection {
            record.publish(locales: selection.locales, nonLocalized: selection.nonLocalizedContent, now: request.now)
        } else {
            record.publish(locales: locales, nonLocalized: true, now: request.now)
        }
        records[record.id] = record
        return .resource(200, render(record), included: includedItemType(of: record))
    }

    mutating func unpublishRecord(_ request: APIRequest) throws -> Reply {
        let selection = try parseSelection(request.body, type: "selective_unpublish_operation", withNonLocalizedContent: false)
        var record = try existingRecord(request.parameter)
        if let selection {
            record.unpublish(locales: selection.locales)
        } else {
            record.unpublishEntirely()
        }
        records[record.id] = record
        return .resource(200, render(record), included: includedItemType(of: record))
    }

    /// `nil` for a request without a body (whole-record operation).
    private func parseSelection(_ body: Data?, type: String, withNonLocalizedContent: Bool) throws -> Selection? {
        guard let body, !body.isEmpty else { return nil }
        let allowed: Set<String> = withNonLocalizedContent ? ["content_in_locales", "non_localized_content"] : ["content_in_locales"]
        let input = try ResourceInput.parse(body, type: type, attributes: .only(allowed), relationships: [])
        let localesField = "data.attributes.content_in_locales"
        guard let requested = input.attributes["content_in_locales"] else {
            throw APIError.invalidFormat(field: localesField, "is required")
        }
        guard JSONKind.stringArray.matches(requested), let list = requested.arrayValue?.compactMap(\.stringValue) else {
            throw APIError.invalidFormat(field: localesField, "must be an array of locale codes")
        }
        if let unknown = list.first(where: { !locales.contains($0) }) {
            throw APIError.invalidFormat(field: localesField,
                                         "\"\(unknown)\" is not a locale of this project (\(locales.joined(separator: ", ")))")
        }
        var nonLocalized = false
        if withNonLocalizedContent {
            guard let flag = input.attributes["non_localized_content"] else {
                throw APIError.invalidFormat(field: "data.attributes.non_localized_content", "is required")
            }
            guard let value = flag.boolValue else {
                throw APIError.invalidFormat(field: "data.attributes.non_localized_content", "must be a boolean")
            }
            nonLocalized = value
        }
        return Selection(locales: list, nonLocalizedContent: nonLocalized)
    }
}
