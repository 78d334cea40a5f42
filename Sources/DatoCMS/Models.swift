import DatoCMSRuntime
import Foundation

// Record calls that know their model from the type: a `DatoCMSModel` carries its item type ID, so
// creating, listing and validating records of it need no ID passed along. Finding, updating and
// publishing already take `as: Model.self` generically.

extension DatoCMSClient.ItemsEndpoints {
    /// Creates a record of `Model`'s model with these field values.
    ///
    /// ```swift
    /// let draft = try await client.items.create(Article(title: "Hello", slug: "hello"))
    /// ```
    ///
    /// `POST /items` with `relationships.item_type` set to `Model.itemTypeID`.
    /// - Parameters:
    ///   - record: The field values.
    ///   - id: An ID chosen on the client (see `RecordID.generate()`), to link the record before it
    ///     exists; DatoCMS assigns one when it is `nil`.
    /// - Returns: The record created, typed by `Model`.
    /// - Throws: `ApiError` for an error answer (`422` for an invalid value), `DatoCMSError` for
    ///   transport and decoding failures.
    @discardableResult
    public func create<Model: DatoCMSModel>(_ record: Model, id: String? = nil) async throws -> Item<Model> {
        try await create(id: id, attributes: record, itemType: Model.itemTypeID)
    }

    /// Checks whether DatoCMS would accept these field values for a new record of `Model`'s model,
    /// without creating it.
    ///
    /// `POST /items/validate` (DatoCMS marks it private).
    /// - Parameter record: The field values.
    /// - Throws: `ApiError` with the validation errors when they would be refused, `DatoCMSError`
    ///   for transport failures.
    public func validateNew<Model: DatoCMSModel>(_ record: Model) async throws {
        try await validateNew(attributes: record, itemType: Model.itemTypeID)
    }

    /// Checks whether DatoCMS would accept these field values for the existing record `itemId`,
    /// without saving them.
    ///
    /// `POST /items/:id/validate` (DatoCMS marks it private).
    /// - Parameters:
    ///   - itemId: The record's ID.
    ///   - record: The field values.
    /// - Throws: `ApiError` with the validation errors when they would be refused, `DatoCMSError`
    ///   for transport failures.
    public func validateExisting<Model: DatoCMSModel>(_ itemId: String, _ record: Model) async throws {
        try await validateExisting(itemId, attributes: record, itemType: Model.itemTypeID)
    }

    /// Lists records of `Model`'s model only (`filter[type]` is `Model.itemTypeID`), typed by it.
    ///
    /// ```swift
    /// let articles = try await client.items.list(as: Article.self, orderBy: "title_ASC")
    /// let same: [Item<Article>] = try await client.items.list()   // typed by context: the same call
    /// ```
    ///
    /// Swift picks this over the general `list(…, as:)` whenever the records are typed by a
    /// `DatoCMSModel`, through `as:` or by context. It has no `filterType` or `filterIds`: a call
    /// naming either gets the general `list`, which sends exactly the filters you give and adds
    /// no model filter (DatoCMS does not combine `filter[ids]` with `filter[type]`), so
    /// `list(filterType: "article,news", as: Article.self)` asks for both models, and records
    /// of another shape then fail to decode as `Model`.
    ///
    /// `GET /items?filter[type]=<Model.itemTypeID>`
    /// - Parameters:
    ///   - nested: When true, blocks come as whole records instead of IDs.
    ///   - filterQuery: Full-text query the records must match.
    ///   - filterFields: Conditions on field values (`filter[fields]`).
    ///   - filterOnlyValid: When true, only records that pass validation.
    ///   - locale: Locale of `filterQuery` and `filterFields`.
    ///   - orderBy: Sort rules as `<field>_<ASC|DESC>`, comma separated.
    ///   - version: `current` (drafts included, the default) or `published`.
    ///   - pageOffset: Zero-based index of the first record.
    ///   - pageLimit: How many records (default 30, at most 500); use `listAll(as:)` for every one.
    ///   - modelType: The model.
    /// - Returns: One page of records.
    /// - Throws: `ApiError` for an error answer, `DatoCMSError` for transport and decoding failures.
    public func list<Model: DatoCMSModel>(
        nested: Bool? = nil, filterQuery: String? = nil, filterFields: JSONValue? = nil,
        filterOnlyValid: Bool? = nil, locale: String? = nil, orderBy: String? = nil, version: ItemListQueryVersion? = nil,
        pageOffset: Int? = nil, pageLimit: Int? = nil, as modelType: Model.Type = Model.self
    ) async throws -> [Item<Model>] {
        try await list(
            nested: nested, filterType: Model.itemTypeID, filterQuery: filterQuery, filterFields: filterFields,
            filterOnlyValid: filterOnlyValid, locale: locale, orderBy: orderBy, version: version, pageOffset: pageOffset,
            pageLimit: pageLimit, as: modelType)
    }

    /// Every record of `Model`'s model, across pages, typed by it (`filter[type]` is
    /// `Model.itemTypeID`; see `list(as:…)` for what `filterType` and `filterIds` do).
    ///
    /// ```swift
    /// for try await article in client.items.listAll(as: Article.self) { print(article.title) }
    /// ```
    ///
    /// `GET /items?filter[type]=<Model.itemTypeID>`, page by page as you iterate (see `PageSequence`).
    /// - Parameters:
    ///   - nested: When true, blocks come as whole records instead of IDs.
    ///   - filterQuery: Full-text query the records must match.
    ///   - filterFields: Conditions on field values (`filter[fields]`).
    ///   - filterOnlyValid: When true, only records that pass validation.
    ///   - locale: Locale of `filterQuery` and `filterFields`.
    ///   - orderBy: Sort rules as `<field>_<ASC|DESC>`, comma separated.
    ///   - version: `current` (drafts included, the default) or `published`.
    ///   - pageSize: Records per request (at most 500).
    ///   - concurrency: Pages fetched at the same time, ahead of your loop.
    ///   - modelType: The model.
    /// - Returns: The records, in order; iterating throws what `list` throws.
    public func listAll<Model: DatoCMSModel>(
        nested: Bool? = nil, filterQuery: String? = nil, filterFields: JSONValue? = nil,
        filterOnlyValid: Bool? = nil, locale: String? = nil, orderBy: String? = nil, version: ItemListQueryVersion? = nil,
        pageSize: Int = 500, concurrency: Int = 3, as modelType: Model.Type = Model.self
    ) -> PagedElements<Item<Model>> {
        listAll(
            nested: nested, filterType: Model.itemTypeID, filterQuery: filterQuery, filterFields: filterFields,
            filterOnlyValid: filterOnlyValid, locale: locale, orderBy: orderBy, version: version, pageSize: pageSize,
            concurrency: concurrency, as: modelType)
    }

    /// Every page of records of `Model`'s model, typed by it (`filter[type]` is
    /// `Model.itemTypeID`; see `list(as:…)` for what `filterType` and `filterIds` do).
    ///
    /// `GET /items?filter[type]=<Model.itemTypeID>`, page by page as you iterate (see `PageSequence`).
    /// - Parameters:
    ///   - nested: When true, blocks come as whole records instead of IDs.
    ///   - filterQuery: Full-text query the records must match.
    ///   - filterFields: Conditions on field values (`filter[fields]`).
    ///   - filterOnlyValid: When true, only records that pass validation.
    ///   - locale: Locale of `filterQuery` and `filterFields`.
    ///   - orderBy: Sort rules as `<field>_<ASC|DESC>`, comma separated.
    ///   - version: `current` (drafts included, the default) or `published`.
    ///   - pageSize: Records per request (at most 500).
    ///   - concurrency: Pages fetched at the same time, ahead of your loop.
    ///   - modelType: The model.
    /// - Returns: The pages, in order, with `offset` and `totalCount`; iterating throws what `list` throws.
    public func listPages<Model: DatoCMSModel>(
        nested: Bool? = nil, filterQuery: String? = nil, filterFields: JSONValue? = nil,
        filterOnlyValid: Bool? = nil, locale: String? = nil, orderBy: String? = nil, version: ItemListQueryVersion? = nil,
        pageSize: Int = 500, concurrency: Int = 3, as modelType: Model.Type = Model.self
    ) -> PageSequence<Item<Model>> {
        listPages(
            nested: nested, filterType: Model.itemTypeID, filterQuery: filterQuery, filterFields: filterFields,
            filterOnlyValid: filterOnlyValid, locale: locale, orderBy: orderBy, version: version, pageSize: pageSize,
            concurrency: concurrency, as: modelType)
    }
}
