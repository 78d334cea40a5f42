import Foundation

extension DatoCMSClient {
    /// The project's models, block models and their fields as JSON: the input of
    /// `swift package generate-models --schema <file>`, so that models can be generated (and checked
    /// for drift) offline, in tests and in CI without a token.
    ///
    /// The document is `{"item_types": [...], "fields": [...]}`, each resource as the API returns it,
    /// sorted by ID and with sorted keys, so that exports of an unchanged project are identical.
    /// Reads the environment the client is configured with.
    ///
    /// - Returns: The export's UTF-8 bytes.
    /// - Throws: ``DatoCMSError`` when a request fails.
    public func exportModelSchema() async throws -> Data {
        let itemTypes = try await self.itemTypes.list().sorted { $0.id < $1.id }
        var fields: [Field] = []
        for itemType in itemTypes {
            fields += try await self.fields.list(itemType.id)
        }
        fields.sort { $0.id < $1.id }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ModelSchemaExport(itemTypes: itemTypes, fields: fields))
    }
}

/// The document ``DatoCMSClient/exportModelSchema()`` writes.
private struct ModelSchemaExport: Encodable {
    var itemTypes: [ItemType]
    var fields: [Field]

    enum CodingKeys: String, CodingKey {
        case itemTypes = "item_types"
        case fields
    }
}
