import DatoCMS
import DatoCMSSimulator

extension Contracts {
    /// plugins, buildTriggers, buildEvents, webhookCalls, searchIndexes, searchIndexEvents, searchResults.
    static let integrations: [Contract] = plugins + buildTriggers + buildEvents + webhookCalls + searchIndexes + searchResults

    /// A relationship object linking one resource, as stored by the simulator.
    private static func link(_ type: String, _ id: String) -> DatoCMSSimulator.JSON {
        ["data": ["type": .string(type), "id": .string(id)]]
    }

    /// The last request the simulator received for `path`.
    private static func lastRequest(_ harness: Harness, _ method: String, _ path: String) -> ReceivedRequest? {
        harness.simulator.receivedRequests().last { $0.method == method && $0.path == path }
    }

    /// Calls an action that answers with nothing (`trigger`, `abort`, …) on a stored `type`
    /// resource at `/<collection>/<id>/<suffix>`, and checks that it was sent without a body
    /// and left the resource in place (a `DELETE …/abort` must not delete it).
    private static func action(_ function: String, _ type: String, _ method: String, _ collection: String, _ suffix: String,
                               _ call: @escaping @Sendable (DatoCMSClient, String) async throws -> Void) -> Contract {
        Contract(function) { harness in
            let id = harness.seed(type)
            try await call(harness.client, id)
            let request = lastRequest(harness, method, "/\(collection)/\(id)/\(suffix)")
            try expect(request != nil, "no \(method) /\(collection)/\(id)/\(suffix) was sent")
            try expect(request?.body?.isEmpty ?? true, "the action sent a body")
            try expect(harness.simulator.resource(type: type, id: id) != nil, "the \(type) is gone after the action")
        }
    }

    private static let plugins: [Contract] = [
        Contract("plugins.create") { harness in
            let plugin = try await harness.client.plugins.create(
                name: "Star rating", url: "https://plugins.example.com/stars", pluginType: .fieldEditor, fieldTypes: [.integer])
            try expectEqual(plugin.attributes.name, "Star rating", "name")
            try expectEqual(harness.simulator.resource(type: "plugin", id: plugin.id)?[attribute: "url"], "https://plugins.example.com/stars", "stored URL")
        },
        Contract("plugins.update") { harness in
            let id = harness.seed("plugin", ["name": "Stars", "url": "https://plugins.example.com/stars"])
            let plugin = try await harness.client.plugins.update(id, name: "Star rating", parameters: ["max": 5])
            try expectEqual(plugin.attributes.name, "Star rating", "name")
            try expectEqual(plugin.attributes.parameters, ["max": 5], "parameters")
            try expectEqual(harness.simulator.resource(type: "plugin", id: id)?[attribute: "parameters"]?["max"], 5, "stored parameters")
        },
        Contract("plugins.list") { harness in
            let ids = [harness.seed("plugin", ["name": "Stars"]), harness.seed("plugin", ["name": "Map"])]
            let plugins = try await harness.client.plugins.list()
            try expectEqual(plugins.map(\.id), ids, "listed IDs")
            try expectEqual(plugins.map(\.attributes.name), ["Stars", "Map"], "names")
        },
        Contract("plugins.find") { harness in
            let id = harness.seed("plugin", ["name": "Stars", "package_name": "datocms-plugin-stars"])
            try expectEqual(try await harness.client.plugins.find(id).attributes.packageName, "datocms-plugin-stars", "package name")
        },
        Contract("plugins.destroy") { harness in
            let id = harness.seed("plugin", ["name": "Stars"])
            try expectEqual(try await harness.client.plugins.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "plugin", id: id) == nil, "the plugin is still stored")
        },
        Contract("plugins.fields") { harness in
            let id = harness.seed("plugin", ["name": "Stars"])
            _ = try await harness.makeModel()
            // The model's title and slug fields use the built-in editors, not the plugin.
            try expectEqual(try await harness.client.plugins.fields(id).map(\.id), [], "fields using the plugin")
        },
    ]

    private static let buildTriggers: [Contract] = [
        Contract("buildTriggers.list") { harness in
            let ids = [harness.seed("build_trigger", ["name": "Production"]), harness.seed("build_trigger", ["name": "Staging"])]
            let triggers = try await harness.client.buildTriggers.list()
            try expectEqual(triggers.map(\.id), ids, "listed IDs")
            try expectEqual(triggers.map(\.attributes.name), ["Production", "Staging"], "names")
        },
        Contract("buildTriggers.find") { harness in
            let id = harness.seed("build_trigger", ["name": "Production", "adapter": "netlify"])
            let trigger = try await harness.client.buildTriggers.find(id)
            try expectEqual(trigger.attributes.adapter, .netlify, "adapter")
        },
        Contract("buildTriggers.create") { harness in
            let trigger = try await harness.client.buildTriggers.create(
                name: "Production", adapter: .custom, frontendUrl: "https://www.example.com", autotriggerOnScheduledPublications: true,
                adapterSettings: ["trigger_url": "https://ci.example.com/build"])
            try expectEqual(trigger.attributes.name, "Production", "name")
            try expectEqual(trigger.attributes.adapterSettings["trigger_url"], "https://ci.example.com/build", "adapter settings")
            try expectEqual(harness.simulator.resource(type: "build_trigger", id: trigger.id)?[attribute: "autotrigger_on_scheduled_publications"], true, "stored autotrigger")
        },
        Contract("buildTriggers.update") { harness in
            let id = harness.seed("build_trigger", ["name": "Production", "enabled": true])
            let trigger = try await harness.client.buildTriggers.update(id, enabled: false)
            try expectEqual(trigger.attributes.enabled, false, "enabled")
            try expectEqual(trigger.attributes.name, "Production", "untouched name")
            try expectEqual(harness.simulator.resource(type: "build_trigger", id: id)?[attribute: "enabled"], false, "stored enabled")
        },
        action("buildTriggers.trigger", "build_trigger", "POST", "build-triggers", "trigger") { try await $0.buildTriggers.trigger($1) },
        action("buildTriggers.abort", "build_trigger", "DELETE", "build-triggers", "abort") { try await $0.buildTriggers.abort($1) },
        action("buildTriggers.abortIndexing", "build_trigger", "DELETE", "build-triggers", "abort_indexing") { try await $0.buildTriggers.abortIndexing($1) },
        action("buildTriggers.reindex", "build_trigger", "PUT", "build-triggers", "reindex") { try await $0.buildTriggers.reindex($1) },
        Contract("buildTriggers.destroy") { harness in
            let id = harness.seed("build_trigger", ["name": "Production"])
            try expectEqual(try await harness.client.buildTriggers.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "build_trigger", id: id) == nil, "the build trigger is still stored")
        },
    ]

    private static let buildEvents: [Contract] = [
        Contract("buildEvents.list") { harness in
            let trigger = harness.seed("build_trigger", ["name": "Production"])
            let ids = (0..<3).map { _ in harness.seed("build_event", ["event_type": "request_success"], relationships: ["build_trigger": link("build_trigger", trigger)]) }
            let page = try await harness.client.buildEvents.list(pageOffset: 1, pageLimit: 1)
            try expectEqual(page.map(\.id), [ids[1]], "second page of one")
            try expectEqual(page.first?.relationships.buildTrigger?.id, trigger, "build trigger")
        },
        Contract("buildEvents.find") { harness in
            let id = harness.seed("build_event", ["event_type": "response_failure"])
            try expectEqual(try await harness.client.buildEvents.find(id).attributes.eventType, .responseFailure, "event type")
        },
    ]

    private static let webhookCalls: [Contract] = [
        Contract("webhookCalls.list") { harness in
            let webhook = harness.seed("webhook", ["name": "Rebuild"])
            let ids = [harness.seed("webhook_call", ["status": "success"], relationships: ["webhook": link("webhook", webhook)]),
                       harness.seed("webhook_call", ["status": "failed"], relationships: ["webhook": link("webhook", webhook)])]
            let calls = try await harness.client.webhookCalls.list(pageLimit: 10)
            try expectEqual(calls.map(\.id), ids, "listed IDs")
            try expectEqual(calls.map(\.attributes.status), [.success, .failed], "statuses")
        },
        Contract("webhookCalls.find") { harness in
            let id = harness.seed("webhook_call", ["request_url": "https://example.com/hook", "response_status": 500, "status": "failed"])
            let call = try await harness.client.webhookCalls.find(id)
            try expectEqual(call.attributes.requestUrl, "https://example.com/hook", "request URL")
            try expectEqual(call.attributes.responseStatus, 500, "response status")
        },
        action("webhookCalls.resendWebhook", "webhook_call", "POST", "webhook_calls", "resend_webhook") { try await $0.webhookCalls.resendWebhook($1) },
    ]

    private static let searchIndexes: [Contract] = [
        Contract("searchIndexes.list") { harness in
            let ids = [harness.seed("search_index", ["name": "Website"]), harness.seed("search_index", ["name": "Docs"])]
            let indexes = try await harness.client.searchIndexes.list()
            try expectEqual(indexes.map(\.id), ids, "listed IDs")
            try expectEqual(indexes.map(\.attributes.name), ["Website", "Docs"], "names")
        },
        Contract("searchIndexes.find") { harness in
            let id = harness.seed("search_index", ["name": "Website", "frontend_url": "https://www.example.com"])
            try expectEqual(try await harness.client.searchIndexes.find(id).attributes.frontendUrl, "https://www.example.com", "frontend URL")
        },
        Contract("searchIndexes.create") { harness in
            let trigger = harness.seed("build_trigger", ["name": "Production"])
            let index = try await harness.client.searchIndexes.create(name: "Website", enabled: true, frontendUrl: "https://www.example.com", buildTriggers: [trigger])
            try expectEqual(index.attributes.name, "Website", "name")
            try expectEqual(index.relationships.buildTriggers?.data.map(\.id), [trigger], "build triggers")
            try expectEqual(harness.simulator.resource(type: "search_index", id: index.id)?[attribute: "enabled"], true, "stored enabled")
        },
        Contract("searchIndexes.update") { harness in
            let id = harness.seed("search_index", ["name": "Website", "enabled": true])
            let index = try await harness.client.searchIndexes.update(id, name: "Site", userAgentSuffix: "indexer")
            try expectEqual(index.attributes.name, "Site", "name")
            try expectEqual(index.attributes.enabled, true, "untouched enabled")
            try expectEqual(harness.simulator.resource(type: "search_index", id: id)?[attribute: "user_agent_suffix"], "indexer", "stored suffix")
        },
        action("searchIndexes.trigger", "search_index", "POST", "search-indexes", "trigger") { try await $0.searchIndexes.trigger($1) },
        action("searchIndexes.abort", "search_index", "DELETE", "search-indexes", "abort") { try await $0.searchIndexes.abort($1) },
        Contract("searchIndexes.destroy") { harness in
            let id = harness.seed("search_index", ["name": "Website"])
            try expectEqual(try await harness.client.searchIndexes.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "search_index", id: id) == nil, "the search index is still stored")
        },
    ]

    private static let searchResults: [Contract] = [
        Contract("searchIndexEvents.list") { harness in
            let index = harness.seed("search_index", ["name": "Website"])
            let ids = [harness.seed("search_index_event", ["event_type": "indexing_started"], relationships: ["search_index": link("search_index", index)]),
                       harness.seed("search_index_event", ["event_type": "indexing_success"], relationships: ["search_index": link("search_index", index)])]
            let events = try await harness.client.searchIndexEvents.list(filterFieldsSearchIndexIdEq: index)
            try expectEqual(events.map(\.id), ids, "listed IDs")
            try expectEqual(lastRequest(harness, "GET", "/search-index-events")?.queryValue("filter[fields][search_index_id][eq]"), index, "filter sent")
        },
        Contract("searchIndexEvents.find") { harness in
            let id = harness.seed("search_index_event", ["event_type": "indexing_failure"])
            try expectEqual(try await harness.client.searchIndexEvents.find(id).attributes.eventType, .indexingFailure, "event type")
        },
        Contract("searchResults.list") { harness in
            let id = harness.seed("search_result", ["title": "Hello world", "url": "https://www.example.com/hello", "score": 1.5])
            let results = try await harness.client.searchResults.list(filterQuery: "hello")
            try expectEqual(results.map(\.id), [id], "results")
            try expectEqual(results.first?.attributes.score, 1.5, "score")
            try expectEqual(lastRequest(harness, "GET", "/search-results")?.queryValue("filter[query]"), "hello", "query sent")
        },
    ]
}
