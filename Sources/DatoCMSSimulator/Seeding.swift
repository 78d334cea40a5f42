import Foundation

extension DatoCMSSimulator {
    /// Stores records of the model `itemTypeID` directly, as if the project already had them:
    /// for tests and benchmarks that need many records (100,000 take about a second, where
    /// creating them through the API would take minutes).
    ///
    /// Each record gets a new ID, one version, and is published when its model has no draft mode,
    /// as `POST /items` would do; no attribute is validated.
    /// - Parameters:
    ///   - itemTypeID: The model's ID; it must exist.
    ///   - attributes: One attribute set per record to create, in order.
    /// - Returns: The new records' IDs, in order; empty when no model has `itemTypeID`.
    @discardableResult
    public func insertRecords(itemTypeID: String, attributes: [[String: JSON]]) -> [String] {
        store.withState { state in
            guard let itemType = state.itemTypes[itemTypeID] else { return [] }
            let now = Date()
            var ids: [String] = []
            ids.reserveCapacity(attributes.count)
            for values in attributes {
                ids.append(state.addRecord(id: Identifiers.resource(), of: itemType, attributes: values, now: now).id)
            }
            return ids
        }
    }
}
