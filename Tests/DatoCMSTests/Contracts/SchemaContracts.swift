import DatoCMS
import DatoCMSSimulator

extension Harness {
    /// A model with a `link` field pointing to `target`; returns the model and the field.
    fileprivate func makeModel(linkingTo target: String) async throws -> (model: ItemType, field: Field) {
        let model = try await client.itemTypes.create(name: "Author", apiKey: "author")
        let field = try await client.fields.create(model.id, label: "Favourite", fieldType: .link, apiKey: "favourite",
                                                   validators: ["item_item_type": ["item_types": .array([.string(target)])]])
        return (model, field)
    }
}

extension Contracts {
    /// itemTypes, fields, fieldsets, itemTypeFilters, menuItems, schemaMenuItems, workflows.
    static let schema: [Contract] = itemTypes + fields + fieldsets + filtersAndMenus + workflows

    private static let itemTypes: [Contract] = [
        Contract("itemTypes.create") { harness in
            let model = try await harness.client.itemTypes.create(name: "Post", apiKey: "post", draftModeActive: true)
            try expectEqual(model.attributes.apiKey, "post", "API key")
            try expectEqual(model.attributes.draftModeActive, true, "draft mode")
            try expectEqual(harness.simulator.itemType(id: model.id)?[attribute: "name"], "Post", "stored name")
        },
        Contract("itemTypes.update") { harness in
            let model = try await harness.makeModel()
            let updated = try await harness.client.itemTypes.update(model.id, name: "Story", hint: "Long reads")
            try expectEqual(updated.attributes.name, "Story", "name")
            try expectEqual(harness.simulator.itemType(id: model.id)?[attribute: "hint"], "Long reads", "stored hint")
        },
        Contract("itemTypes.list") { harness in
            let models = [try await harness.makeModel(), try await harness.makeModel()]
            try expectEqual(try await harness.client.itemTypes.list().map(\.id), models.map(\.id), "listed IDs")
        },
        Contract("itemTypes.find") { harness in
            let model = try await harness.makeModel()
            let found = try await harness.client.itemTypes.find(model.id)
            try expectEqual(found.attributes.apiKey, model.attributes.apiKey, "API key")
            try expectEqual(found.relationships.fields?.ids.count, 2, "fields")
        },
        Contract("itemTypes.duplicate") { harness in
            let model = try await harness.makeModel()
            let copy = try await harness.client.itemTypes.duplicate(model.id)
            try expect(copy.id != model.id && copy.attributes.apiKey != model.attributes.apiKey, "the copy reuses the original's ID or API key")
            try expectEqual(harness.simulator.itemTypes().count, 2, "stored models")
            try expectEqual(harness.simulator.fields().count, 4, "stored fields (the copy has its own)")
        },
        Contract("itemTypes.destroy") { harness in
            let model = try await harness.makeModel()
            let destroyed = try await harness.client.itemTypes.destroy(model.id)
            try expectEqual(destroyed?.id, model.id, "destroyed ID")
            try expect(harness.simulator.itemType(id: model.id) == nil, "the model is still stored")
        },
        Contract("itemTypes.referencing") { harness in
            let target = try await harness.makeModel()
            let (linking, _) = try await harness.makeModel(linkingTo: target.id)
            try expectEqual(try await harness.client.itemTypes.referencing(target.id).map(\.id), [linking.id], "referencing models")
        },
        Contract("itemTypes.reorderFieldsAndFieldsets") { harness in
            let model = try await harness.makeModel()
            let fields = try await harness.client.fields.list(model.id)
            let body = ItemTypeReorderFieldsAndFieldsetsBody(data: fields.reversed().enumerated().map { index, field in
                .field(.init(type: "field", id: field.id, attributes: .init(position: index + 1)))
            })
            let result = try await harness.client.itemTypes.reorderFieldsAndFieldsets(model.id, body)
            try expectEqual(result.data.count, 2, "reordered entries")
            try expectEqual(harness.simulator.field(id: fields[1].id)?[attribute: "position"], 1, "new position of the last field")
            try expectEqual(try await harness.client.fields.list(model.id).map(\.id), fields.reversed().map(\.id), "field order")
        },
    ]

    private static let fields: [Contract] = [
        Contract("fields.create") { harness in
            let model = try await harness.client.itemTypes.create(name: "Post", apiKey: "post")
            let field = try await harness.client.fields.create(model.id, label: "Body", fieldType: .text, apiKey: "body", hint: "Markdown")
            try expectEqual(field.attributes.fieldType, .text, "field type")
            try expectEqual(field.relationships.itemType?.id, model.id, "model")
            try expectEqual(harness.simulator.field(id: field.id)?[attribute: "hint"], "Markdown", "stored hint")
        },
        Contract("fields.update") { harness in
            let model = try await harness.makeModel()
            let field = try await harness.client.fields.list(model.id).element(0)
            let updated = try await harness.client.fields.update(field.id, label: "Headline")
            try expectEqual(updated.attributes.label, "Headline", "label")
            try expectEqual(harness.simulator.field(id: field.id)?[attribute: "label"], "Headline", "stored label")
        },
        Contract("fields.list") { harness in
            let model = try await harness.makeModel()
            _ = try await harness.makeModel()
            try expectEqual(try await harness.client.fields.list(model.id).map(\.attributes.apiKey), ["title", "slug"], "API keys")
        },
        Contract("fields.referencing") { harness in
            let target = try await harness.makeModel()
            let (_, link) = try await harness.makeModel(linkingTo: target.id)
            try expectEqual(try await harness.client.fields.referencing(target.id).map(\.id), [link.id], "referencing fields")
        },
        Contract("fields.related") { harness in
            let model = try await harness.makeModel()
            let block = try await harness.client.itemTypes.create(name: "Quote", apiKey: "quote", modularBlock: true)
            let quote = try await harness.client.fields.create(block.id, label: "Quote", fieldType: .text, apiKey: "quote")
            let content = try await harness.client.fields.create(model.id, label: "Content", fieldType: .richText, apiKey: "content",
                                                                 validators: ["rich_text_blocks": ["item_types": .array([.string(block.id)])]])
            let own = try await harness.client.fields.list(model.id).map(\.id)
            let related = try await harness.client.fields.related(model.id).map(\.id)
            try expectEqual(Set(related), Set(own + [quote.id]), "the model's fields and its blocks' fields")
            try expect(own.contains(content.id), "the block field is not among the model's fields")
        },
        Contract("fields.find") { harness in
            let model = try await harness.makeModel()
            let field = try await harness.client.fields.list(model.id).element(0)
            let found = try await harness.client.fields.find(field.id)
            try expectEqual(found.attributes.apiKey, "title", "API key")
            try expectEqual(found.relationships.itemType?.id, model.id, "model")
        },
        Contract("fields.destroy") { harness in
            let model = try await harness.makeModel()
            let field = try await harness.client.fields.list(model.id).element(0)
            try expectEqual(try await harness.client.fields.destroy(field.id)?.id, field.id, "destroyed ID")
            try expect(harness.simulator.field(id: field.id) == nil, "the field is still stored")
        },
        Contract("fields.duplicate") { harness in
            let model = try await harness.makeModel()
            let field = try await harness.client.fields.list(model.id).element(0)
            let copy = try await harness.client.fields.duplicate(field.id)
            try expect(copy.id != field.id && copy.attributes.apiKey != field.attributes.apiKey, "the copy reuses the original's ID or API key")
            try expectEqual(copy.attributes.fieldType, field.attributes.fieldType, "field type")
            try expectEqual(try await harness.client.fields.list(model.id).count, 3, "the model's fields")
        },
    ]

    private static let fieldsets: [Contract] = [
        Contract("fieldsets.create") { harness in
            let model = try await harness.makeModel()
            let fieldset = try await harness.client.fieldsets.create(model.id, title: "SEO", collapsible: true)
            try expectEqual(fieldset.attributes.title, "SEO", "title")
            try expectEqual(fieldset.relationships.itemType?.id, model.id, "model")
            try expectEqual(harness.simulator.resource(type: "fieldset", id: fieldset.id)?[attribute: "collapsible"], true, "stored collapsible")
        },
        Contract("fieldsets.update") { harness in
            let model = try await harness.makeModel()
            let fieldset = try await harness.client.fieldsets.create(model.id, title: "SEO")
            let updated = try await harness.client.fieldsets.update(fieldset.id, title: "Search")
            try expectEqual(updated.attributes.title, "Search", "title")
            try expectEqual(harness.simulator.resource(type: "fieldset", id: fieldset.id)?[attribute: "title"], "Search", "stored title")
        },
        Contract("fieldsets.list") { harness in
            let model = try await harness.makeModel()
            let other = try await harness.makeModel()
            let fieldsets = [try await harness.client.fieldsets.create(model.id, title: "SEO"),
                             try await harness.client.fieldsets.create(model.id, title: "Media")]
            _ = try await harness.client.fieldsets.create(other.id, title: "Other")
            try expectEqual(try await harness.client.fieldsets.list(model.id).map(\.id), fieldsets.map(\.id), "the model's fieldsets")
        },
        Contract("fieldsets.find") { harness in
            let model = try await harness.makeModel()
            let fieldset = try await harness.client.fieldsets.create(model.id, title: "SEO", hint: "Meta tags")
            try expectEqual(try await harness.client.fieldsets.find(fieldset.id).attributes.hint, "Meta tags", "hint")
        },
        Contract("fieldsets.destroy") { harness in
            let model = try await harness.makeModel()
            let fieldset = try await harness.client.fieldsets.create(model.id, title: "SEO")
            try expectEqual(try await harness.client.fieldsets.destroy(fieldset.id)?.id, fieldset.id, "destroyed ID")
            try expect(harness.simulator.resource(type: "fieldset", id: fieldset.id) == nil, "the fieldset is still stored")
        },
    ]

    private static let filtersAndMenus: [Contract] = [
        Contract("itemTypeFilters.create") { harness in
            let model = try await harness.makeModel()
            let filter = try await harness.client.itemTypeFilters.create(name: "Drafts", filter: ["_status": ["eq": "draft"]], itemType: model.id)
            try expectEqual(filter.attributes.name, "Drafts", "name")
            try expectEqual(filter.relationships.itemType?.id, model.id, "model")
            try expectEqual(harness.simulator.resource(type: "item_type_filter", id: filter.id)?.relatedID("item_type"), model.id, "stored model")
        },
        Contract("itemTypeFilters.update") { harness in
            let model = try await harness.makeModel()
            let filter = try await harness.client.itemTypeFilters.create(name: "Drafts", itemType: model.id)
            let updated = try await harness.client.itemTypeFilters.update(filter.id, name: "Unpublished", shared: true)
            try expectEqual(updated.attributes.shared, true, "shared")
            try expectEqual(harness.simulator.resource(type: "item_type_filter", id: filter.id)?[attribute: "name"], "Unpublished", "stored name")
        },
        Contract("itemTypeFilters.list") { harness in
            let ids = [harness.seed("item_type_filter", ["name": "A"]), harness.seed("item_type_filter", ["name": "B"])]
            try expectEqual(try await harness.client.itemTypeFilters.list().map(\.id), ids, "listed IDs")
        },
        Contract("itemTypeFilters.find") { harness in
            let id = harness.seed("item_type_filter", ["name": "Drafts", "order_by": "title_ASC"])
            try expectEqual(try await harness.client.itemTypeFilters.find(id).attributes.orderBy, "title_ASC", "order")
        },
        Contract("itemTypeFilters.destroy") { harness in
            let id = harness.seed("item_type_filter", ["name": "Drafts"])
            try expectEqual(try await harness.client.itemTypeFilters.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "item_type_filter", id: id) == nil, "the filter is still stored")
        },
        Contract("menuItems.create") { harness in
            let model = try await harness.makeModel()
            let item = try await harness.client.menuItems.create(label: "Blog", position: 2, itemType: model.id)
            try expectEqual(item.attributes.label, "Blog", "label")
            try expectEqual(harness.simulator.resource(type: "menu_item", id: item.id)?.relatedID("item_type"), model.id, "stored model")
        },
        Contract("menuItems.update") { harness in
            let item = try await harness.client.menuItems.create(label: "Blog")
            let updated = try await harness.client.menuItems.update(item.id, label: "News", externalUrl: "https://example.com")
            try expectEqual(updated.attributes.label, "News", "label")
            try expectEqual(harness.simulator.resource(type: "menu_item", id: item.id)?[attribute: "external_url"], "https://example.com", "stored URL")
        },
        Contract("menuItems.list") { harness in
            let ids = [harness.seed("menu_item", ["label": "A"]), harness.seed("menu_item", ["label": "B"]), harness.seed("menu_item")]
            try expectEqual(try await harness.client.menuItems.list(filterIds: [ids[2], ids[0]]).map(\.id), [ids[2], ids[0]], "filtered IDs")
        },
        Contract("menuItems.find") { harness in
            let id = harness.seed("menu_item", ["label": "Blog", "open_in_new_tab": true])
            try expectEqual(try await harness.client.menuItems.find(id).attributes.openInNewTab, true, "open in new tab")
        },
        Contract("menuItems.destroy") { harness in
            let id = harness.seed("menu_item", ["label": "Blog"])
            try expectEqual(try await harness.client.menuItems.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "menu_item", id: id) == nil, "the menu item is still stored")
        },
        Contract("menuItems.reorder") { harness in
            let parent = try await harness.client.menuItems.create(label: "Content", position: 1)
            let child = try await harness.client.menuItems.create(label: "Blog", position: 2)
            let under = ToOneRelationship(data: ResourceIdentifier(type: "menu_item", id: parent.id))
            let moved = try await harness.client.menuItems.reorder(MenuItemReorderBody(data: [
                .init(id: child.id, type: "menu_item", attributes: .init(position: 1), relationships: .init(parent: under)),
            ]))
            try expectEqual(moved.first { $0.id == child.id }?.relationships.parent?.id, parent.id, "answered parent")
            try expectEqual(harness.simulator.resource(type: "menu_item", id: child.id)?.relatedID("parent"), parent.id, "stored parent")
            try expectEqual(harness.simulator.resource(type: "menu_item", id: child.id)?[attribute: "position"], 1, "stored position")
        },
        Contract("schemaMenuItems.create") { harness in
            let model = try await harness.makeModel()
            let item = try await harness.client.schemaMenuItems.create(label: "Articles", kind: .itemType, itemType: model.id)
            try expectEqual(item.attributes.kind, .itemType, "kind")
            try expectEqual(harness.simulator.resource(type: "schema_menu_item", id: item.id)?.relatedID("item_type"), model.id, "stored model")
        },
        Contract("schemaMenuItems.update") { harness in
            let item = try await harness.client.schemaMenuItems.create(label: "Articles", kind: .itemType)
            let updated = try await harness.client.schemaMenuItems.update(item.id, label: "Stories", position: 3)
            try expectEqual(updated.attributes.position, 3, "position")
            try expectEqual(harness.simulator.resource(type: "schema_menu_item", id: item.id)?[attribute: "label"], "Stories", "stored label")
        },
        Contract("schemaMenuItems.list") { harness in
            let ids = [harness.seed("schema_menu_item", ["label": "A"]), harness.seed("schema_menu_item", ["label": "B"])]
            try expectEqual(try await harness.client.schemaMenuItems.list().map(\.id), ids, "listed IDs")
        },
        Contract("schemaMenuItems.find") { harness in
            let id = harness.seed("schema_menu_item", ["label": "Blocks", "kind": "modular_block"])
            try expectEqual(try await harness.client.schemaMenuItems.find(id).attributes.kind, .modularBlock, "kind")
        },
        Contract("schemaMenuItems.destroy") { harness in
            let id = harness.seed("schema_menu_item", ["label": "Blocks"])
            try expectEqual(try await harness.client.schemaMenuItems.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "schema_menu_item", id: id) == nil, "the menu item is still stored")
        },
        Contract("schemaMenuItems.reorder") { harness in
            let first = try await harness.client.schemaMenuItems.create(label: "A", position: 1, kind: .itemType)
            let second = try await harness.client.schemaMenuItems.create(label: "B", position: 2, kind: .itemType)
            let atRoot = ToOneRelationship(data: nil)
            let moved = try await harness.client.schemaMenuItems.reorder(SchemaMenuItemReorderBody(data: [
                .init(id: second.id, type: "schema_menu_item", attributes: .init(position: 1), relationships: .init(parent: atRoot)),
                .init(id: first.id, type: "schema_menu_item", attributes: .init(position: 2), relationships: .init(parent: atRoot)),
            ]))
            try expectEqual(Set(moved.map(\.id)), [first.id, second.id], "answered items")
            try expectEqual(harness.simulator.resource(type: "schema_menu_item", id: second.id)?[attribute: "position"], 1, "stored position")
        },
    ]

    private static let workflows: [Contract] = [
        Contract("workflows.create") { harness in
            let workflow = try await harness.client.workflows.create(name: "Review", apiKey: "review", stages: [
                WorkflowAttributesStage(id: "draft", name: "Draft", initial: true), WorkflowAttributesStage(id: "approved", name: "Approved"),
            ])
            try expectEqual(workflow.attributes.stages.map(\.id), ["draft", "approved"], "stages")
            try expectEqual(harness.simulator.resource(type: "workflow", id: workflow.id)?[attribute: "api_key"], "review", "stored API key")
        },
        Contract("workflows.update") { harness in
            let id = harness.seed("workflow", ["name": "Review", "api_key": "review"])
            let updated = try await harness.client.workflows.update(id, name: "Approval")
            try expectEqual(updated.attributes.name, "Approval", "name")
            try expectEqual(harness.simulator.resource(type: "workflow", id: id)?[attribute: "api_key"], "review", "untouched API key")
        },
        Contract("workflows.list") { harness in
            let ids = [harness.seed("workflow", ["name": "A"]), harness.seed("workflow", ["name": "B"])]
            try expectEqual(try await harness.client.workflows.list().map(\.id), ids, "listed IDs")
        },
        Contract("workflows.find") { harness in
            let id = harness.seed("workflow", ["name": "Review", "stages": [["id": "draft", "name": "Draft"]]])
            try expectEqual(try await harness.client.workflows.find(id).attributes.stages.map(\.name), ["Draft"], "stages")
        },
        Contract("workflows.destroy") { harness in
            let id = harness.seed("workflow", ["name": "Review"])
            try await harness.client.workflows.destroy(id)
            try expect(harness.simulator.resource(type: "workflow", id: id) == nil, "the workflow is still stored")
        },
    ]
}
