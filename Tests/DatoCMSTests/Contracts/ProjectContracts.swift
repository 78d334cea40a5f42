import DatoCMS
import DatoCMSSimulator
import Foundation

extension Contracts {
    /// site, environments, maintenanceMode, session, publicInfo, dailyUsages, usageCounters, subscriptionLimits, subscriptionFeatures, whiteLabelSettings, emojiSuggestions.
    static let project: [Contract] = site + siteOptIns + environments + singletons + usage

    /// The project's one `site` resource as the simulator stores it.
    private static func storedSite(_ harness: Harness) -> SimulatedResource? {
        harness.simulator.resources(ofType: "site").first
    }

    private static let site: [Contract] = [
        Contract("site.find") { harness in
            let id = harness.seed("site", ["name": "Blog", "locales": ["en", "it"]])
            let site = try await harness.client.site.find()
            try expectEqual(site.id, id, "site ID")
            try expectEqual(site.attributes.name, "Blog", "name")
            try expectEqual(site.attributes.locales, ["en", "it"], "locales")
        },
        Contract("site.update") { harness in
            let id = harness.seed("site", ["name": "Blog"])
            // A job; `improved_boolean_fields` travels in the body's `meta`.
            let site = try await harness.client.site.update(name: "Magazine", improvedBooleanFields: true)
            try expectEqual(site.id, id, "site ID")
            try expectEqual(site.attributes.name, "Magazine", "name")
            try expectEqual(site.meta.improvedBooleanFields, true, "meta.improved_boolean_fields")
            try expectEqual(storedSite(harness)?[attribute: "name"], "Magazine", "stored name")
        },
        Contract("site.updateAssetsCdnDefaultSettings") { harness in
            harness.seed("site", ["name": "Blog"])
            let settings = SiteAttributesAssetsCdnDefaultSettings(
                image: SiteAttributesAssetsCdnDefaultSettingsImage(q: 60), video: SiteAttributesAssetsCdnDefaultSettingsVideo(disableServingRawVideos: true))
            let site = try await harness.client.site.updateAssetsCdnDefaultSettings(assetsCdnDefaultSettings: settings)
            try expectEqual(site.attributes.assetsCdnDefaultSettings, settings, "returned settings")
            try expectEqual(storedSite(harness)?[attribute: "assets_cdn_default_settings"]?["image"]?["q"], 60, "stored image quality")
        },
    ]

    /// One `PUT /site/activate-…` per opt-in: each turns its `meta` flag on, in the answer and in the store.
    private static func optIn(_ function: String, _ flag: String, _ call: @escaping @Sendable (DatoCMSClient) async throws -> Site,
                              _ read: @escaping @Sendable (SiteMeta) -> Bool?) -> Contract {
        Contract("site.\(function)") { harness in
            harness.seed("site", ["name": "Blog"])
            let site = try await call(harness.client)
            try expectEqual(read(site.meta), true, "meta.\(flag) in the answer")
            try expectEqual(storedSite(harness)?.meta[flag], true, "stored meta.\(flag)")
        }
    }

    private static let siteOptIns: [Contract] = [
        optIn("activateImprovedTimezoneManagement", "improved_timezone_management", { try await $0.site.activateImprovedTimezoneManagement() }, \.improvedTimezoneManagement),
        optIn("activateImprovedHexManagement", "improved_hex_management", { try await $0.site.activateImprovedHexManagement() }, \.improvedHexManagement),
        optIn("activateImprovedGqlMultilocaleFields", "improved_gql_multilocale_fields", { try await $0.site.activateImprovedGqlMultilocaleFields() }, \.improvedGqlMultilocaleFields),
        optIn("activateImprovedGqlVisibilityControl", "improved_gql_visibility_control", { try await $0.site.activateImprovedGqlVisibilityControl() }, \.improvedGqlVisibilityControl),
        optIn("activateImprovedBooleanFields", "improved_boolean_fields", { try await $0.site.activateImprovedBooleanFields() }, \.improvedBooleanFields),
        optIn("activateDraftModeAsDefault", "draft_mode_default", { try await $0.site.activateDraftModeAsDefault() }, \.draftModeDefault),
        optIn("activateImprovedValidationAtPublishing", "improved_validation_at_publishing", { try await $0.site.activateImprovedValidationAtPublishing() }, \.improvedValidationAtPublishing),
        optIn("activateImprovedExposureOfInlineBlocksInCda", "improved_exposure_of_inline_blocks_in_cda", { try await $0.site.activateImprovedExposureOfInlineBlocksInCda() }, \.improvedExposureOfInlineBlocksInCda),
        optIn("activateImprovedItemsListing", "improved_items_listing", { try await $0.site.activateImprovedItemsListing() }, \.improvedItemsListing),
        optIn("activateMillisecondsInDatetime", "milliseconds_in_datetime", { try await $0.site.activateMillisecondsInDatetime() }, \.millisecondsInDatetime),
        optIn("activateNonLocalizedFocalPoints", "non_localized_focal_points", { try await $0.site.activateNonLocalizedFocalPoints() }, \.nonLocalizedFocalPoints),
    ]

    /// A client for the same simulator that works in `environment`.
    private static func client(_ harness: Harness, in environment: String) throws -> DatoCMSClient {
        var configuration = harness.client.configuration
        configuration.environment = environment
        return DatoCMSClient(configuration: configuration)
    }

    private static let environments: [Contract] = [
        Contract("environments.fork") { harness in
            let model = try await harness.makeModel()
            let sandbox = try await harness.client.environments.fork("main", id: "feature")
            try expectEqual(sandbox.id, "feature", "new environment")
            try expectEqual(sandbox.meta.forkedFrom, "main", "forked from")
            try expectEqual(sandbox.meta.primary, false, "primary")
            try expectEqual(try await client(harness, in: "feature").itemTypes.list().map(\.id), [model.id], "models copied to the fork")
        },
        Contract("environments.promote") { harness in
            _ = try await harness.client.environments.fork("main", id: "feature")
            let model = try await client(harness, in: "feature").itemTypes.create(name: "Event", apiKey: "event")
            let promoted = try await harness.client.environments.promote("feature")
            try expectEqual(promoted.meta.primary, true, "primary")
            // Requests without X-Environment now reach the promoted sandbox.
            try expect(harness.simulator.itemType(id: model.id) != nil, "the primary environment does not have the sandbox's model")
        },
        Contract("environments.rename") { harness in
            _ = try await harness.client.environments.fork("main", id: "feature")
            let renamed = try await harness.client.environments.rename("feature", id: "feature-2")
            try expectEqual(renamed.id, "feature-2", "new name")
            try expectEqual(try await harness.client.environments.list().map(\.id).sorted(), ["feature-2", "main"], "environments")
        },
        Contract("environments.list") { harness in
            _ = try await harness.client.environments.fork("main", id: "feature")
            let environments = try await harness.client.environments.list()
            try expectEqual(environments.map(\.id).sorted(), ["feature", "main"], "environments")
            try expectEqual(environments.first { $0.id == "main" }?.meta.primary, true, "main is primary")
        },
        Contract("environments.find") { harness in
            let main = try await harness.client.environments.find("main")
            try expectEqual(main.id, "main", "ID")
            try expectEqual(main.meta.primary, true, "primary")
        },
        Contract("environments.destroy") { harness in
            _ = try await harness.client.environments.fork("main", id: "feature")
            let destroyed = try await harness.client.environments.destroy("feature")
            try expectEqual(destroyed?.id, "feature", "destroyed environment")
            try expectEqual(try await harness.client.environments.list().map(\.id), ["main"], "remaining environments")
        },
    ]

    private static let singletons: [Contract] = [
        Contract("maintenanceMode.find") { harness in
            let mode = try await harness.client.maintenanceMode.find()
            try expectEqual(mode.type, "maintenance_mode", "type")
            try expectEqual(mode.attributes.active, false, "active")
        },
        Contract("maintenanceMode.activate") { harness in
            let mode = try await harness.client.maintenanceMode.activate(force: true)
            try expectEqual(mode.attributes.active, true, "active")
            try expectEqual(harness.simulator.receivedRequests().last?.queryValue("force"), "true", "force query parameter")
        },
        Contract("maintenanceMode.deactivate") { harness in
            _ = try await harness.client.maintenanceMode.activate()
            let mode = try await harness.client.maintenanceMode.deactivate()
            try expectEqual(mode.attributes.active, false, "active")
        },
        Contract("session.create") { harness in
            let session = try await harness.client.session.create(email: "editor@example.com", password: "secret")
            try expectEqual(session.type, "session", "type")
            let sent = harness.simulator.receivedRequests().last { $0.path == "/sessions" }?.jsonBody
            try expectEqual(sent?["data"]?["attributes"]?["email"], "editor@example.com", "email sent")
            try expectEqual(harness.simulator.resources(ofType: "session").map(\.id), [session.id], "stored sessions")
            // A session has no attributes: the password is neither kept nor echoed.
            try expect(harness.simulator.resource(type: "session", id: session.id)?[attribute: "password"] == nil, "the session keeps the password")
        },
        Contract("session.destroy") { harness in
            harness.seed("session")
            try await harness.client.session.destroy()
            try expectEqual(harness.simulator.resources(ofType: "session").count, 0, "sessions left")
        },
        Contract("publicInfo.find") { harness in
            harness.seed("public_info", ["name": "Blog", "white_label": true])
            let info = try await harness.client.publicInfo.find()
            try expectEqual(info.attributes.name, "Blog", "name")
            try expectEqual(info.attributes.whiteLabel, true, "white label")
        },
        Contract("whiteLabelSettings.find") { harness in
            harness.seed("white_label_settings", ["custom_i18n_messages_template_url": "https://example.com/i18n.json"])
            let settings = try await harness.client.whiteLabelSettings.find()
            try expectEqual(settings.attributes.customI18nMessagesTemplateUrl, "https://example.com/i18n.json", "template URL")
        },
        Contract("whiteLabelSettings.update") { harness in
            let id = harness.seed("white_label_settings")
            let settings = try await harness.client.whiteLabelSettings.update(customI18nMessagesTemplateUrl: "https://example.com/i18n.json")
            try expectEqual(settings.attributes.customI18nMessagesTemplateUrl, "https://example.com/i18n.json", "template URL")
            try expectEqual(harness.simulator.resource(type: "white_label_settings", id: id)?[attribute: "custom_i18n_messages_template_url"],
                            "https://example.com/i18n.json", "stored template URL")
        },
        Contract("emojiSuggestions.find") { harness in
            harness.seed("emoji_suggestions", ["emojis": ["🚀", "🛰️"]])
            let suggestions = try await harness.client.emojiSuggestions.find(term: "rocket")
            try expectEqual(suggestions.attributes.emojis, ["🚀", "🛰️"], "emojis")
            try expectEqual(harness.simulator.receivedRequests().last?.queryValue("term"), "rocket", "term query parameter")
        },
    ]

    private static let usage: [Contract] = [
        Contract("dailyUsages.list") { harness in
            let ids = [harness.seed("daily_usage", ["date": "2024-05-01", "cma_api_calls": 12]), harness.seed("daily_usage", ["date": "2024-05-02"])]
            let usages = try await harness.client.dailyUsages.list()
            try expectEqual(usages.map(\.id), ids, "listed IDs")
            try expectEqual(usages.first?.attributes.cmaApiCalls, 12, "CMA calls")
        },
        Contract("usageCounters.find") { harness in
            harness.simulator.insertResource(type: "usage_counter", id: UsageCounterId.cmaEndpointRequests.rawValue,
                                             attributes: ["result": [["value": "/items", "counter": 42]]])
            let counter = try await harness.client.usageCounters.find(UsageCounterId.cmaEndpointRequests.rawValue, period: .lastMonth)
            try expectEqual(counter.attributes.result.map(\.counter), [42], "counters")
            try expectEqual(harness.simulator.receivedRequests().last?.queryValue("period"), "last_month", "period query parameter")
        },
        Contract("subscriptionLimits.list") { harness in
            let ids = [harness.seed("subscription_limit", ["code": "items", "usage": 10, "limit": 100]), harness.seed("subscription_limit", ["code": "locales"])]
            let limits = try await harness.client.subscriptionLimits.list()
            try expectEqual(limits.map(\.id), ids, "listed IDs")
            try expectEqual(limits.first?.attributes.limit, 100, "limit")
        },
        Contract("subscriptionLimits.find") { harness in
            let id = harness.seed("subscription_limit", ["code": "items", "usage": 10, "limit": 100])
            let limit = try await harness.client.subscriptionLimits.find(id)
            try expectEqual(limit.attributes.code, "items", "code")
            try expectEqual(limit.attributes.usage, 10, "usage")
        },
        Contract("subscriptionFeatures.list") { harness in
            let ids = [harness.seed("subscription_feature", ["code": "sso", "enabled": true]), harness.seed("subscription_feature", ["code": "workflows"])]
            let features = try await harness.client.subscriptionFeatures.list()
            try expectEqual(features.map(\.id), ids, "listed IDs")
            try expectEqual(features.map(\.attributes.enabled), [true, false], "enabled")
        },
    ]
}
