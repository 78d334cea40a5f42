/// A JSON:API resource object held by the simulator, exactly as the API would render it
/// (e.g. in `GET /items/:id`).
public struct SimulatedResource: Sendable, Equatable {
    /// The resource ID.
    public var id: String
    /// The JSON:API type: `item`, `item_type`, `field` or `upload`.
    public var type: String
    /// The `attributes` member.
    public var attributes: [String: DatoCMSSimulator.JSON]
    /// The `relationships` member.
    public var relationships: [String: DatoCMSSimulator.JSON]
    /// The `meta` member (records only; empty for other types).
    public var meta: [String: DatoCMSSimulator.JSON]
    /// The whole resource object.
    public var json: DatoCMSSimulator.JSON

    /// Creates a resource from a rendered JSON:API resource object.
    public init(json: DatoCMSSimulator.JSON) {
        self.json = json
        id = json["id"]?.stringValue ?? ""
        type = json["type"]?.stringValue ?? ""
        attributes = json["attributes"]?.objectValue ?? [:]
        relationships = json["relationships"]?.objectValue ?? [:]
        meta = json["meta"]?.objectValue ?? [:]
    }

    /// The attribute called `name`, if present.
    public subscript(attribute name: String) -> DatoCMSSimulator.JSON? { attributes[name] }

    /// The ID linked by relationship `name` (to-one relationships), if any.
    public func relatedID(_ name: String) -> String? { relationships[name]?["data"]?["id"]?.stringValue }

    /// A record's `meta.status` (`draft`, `updated` or `published`); `nil` for other types.
    public var status: String? { meta["status"]?.stringValue }
}
