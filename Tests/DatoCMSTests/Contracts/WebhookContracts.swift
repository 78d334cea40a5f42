import DatoCMS
import DatoCMSSimulator
import Foundation

extension Contracts {
    static let webhooks: [Contract] = [
        Contract("webhooks.create") { harness in
            let webhook = try await harness.client.webhooks.create(
                name: "Rebuild", url: "https://example.com/hook", headers: ["X-Key": "1"],
                events: [WebhookEvent(entityType: .item, eventTypes: [.publish])])
            try expectEqual(webhook.attributes.name, "Rebuild", "name")
            try expectEqual(harness.simulator.resource(type: "webhook", id: webhook.id)?[attribute: "url"], "https://example.com/hook", "stored url")
            // Required but nullable members left nil are sent as explicit nulls: the API refuses them missing.
            let sent = try DatoCMSSimulator.JSON(parsing: harness.simulator.receivedRequests().last { $0.method == "POST" }?.body ?? Data())
            for key in ["custom_payload", "http_basic_user", "http_basic_password"] {
                try expectEqual(sent["data"]?["attributes"]?[key], .null, key)
            }
            try expect(sent["data"]?["attributes"]?["enabled"] == nil, "an optional member left nil is not sent")
        },
        Contract("webhooks.update") { harness in
            let id = harness.seed("webhook", ["name": "Old"])
            let webhook = try await harness.client.webhooks.update(id, name: "New")
            try expectEqual(webhook.attributes.name, "New", "name")
        },
        Contract("webhooks.list") { harness in
            let ids = [harness.seed("webhook"), harness.seed("webhook")]
            try expectEqual(try await harness.client.webhooks.list().map(\.id), ids, "listed IDs")
        },
        Contract("webhooks.find") { harness in
            let id = harness.seed("webhook", ["name": "Hook"])
            try expectEqual(try await harness.client.webhooks.find(id).attributes.name, "Hook", "name")
        },
        Contract("webhooks.destroy") { harness in
            let id = harness.seed("webhook")
            try expectEqual(try await harness.client.webhooks.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "webhook", id: id) == nil, "the webhook is still stored")
        },
    ]
}
