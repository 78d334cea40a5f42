import DatoCMS
import DatoCMSSimulator

extension Contracts {
    /// users, roles, accessTokens, ssoUsers, ssoGroups, ssoSettings, siteInvitations, editingSessions, auditLogEvents.
    static let access: [Contract] = users + roles + accessTokens + sso + invitations + editing

    /// A relationship object linking one resource, as stored by the simulator.
    private static func link(_ type: String, _ id: String) -> DatoCMSSimulator.JSON {
        ["data": ["type": .string(type), "id": .string(id)]]
    }

    private static let users: [Contract] = [
        Contract("users.update") { harness in
            let role = try await harness.client.roles.create(name: "Editor")
            let id = harness.seed("user", ["email": "ann@example.com", "is_active": true])
            let user = try await harness.client.users.update(id, isActive: false, role: role.id)
            try expectEqual(user.attributes.isActive, false, "active")
            try expectEqual(user.relationships.role?.id, role.id, "role")
            try expectEqual(harness.simulator.resource(type: "user", id: id)?.relatedID("role"), role.id, "stored role")
        },
        Contract("users.list") { harness in
            let ids = [harness.seed("user", ["email": "ann@example.com"]), harness.seed("user", ["email": "bob@example.com"])]
            let users = try await harness.client.users.list()
            try expectEqual(users.map(\.id), ids, "listed IDs")
            try expectEqual(users.map(\.attributes.email), ["ann@example.com", "bob@example.com"], "emails")
        },
        Contract("users.find") { harness in
            let id = harness.seed("user", ["email": "ann@example.com", "full_name": "Ann"])
            let user = try await harness.client.users.find(id)
            try expectEqual(user.attributes.fullName, "Ann", "full name")
        },
        Contract("users.me") { harness in
            let me = try await harness.client.users.me()
            // Whoever the token belongs to: a user, an SSO user, the account or an access token.
            try expect(["user", "sso_user", "account", "access_token"].contains(me.data["type"]?.stringValue ?? ""), "me is \(me.data)")
            try expect(me.data["id"]?.stringValue?.isEmpty == false, "me has no ID")
        },
        Contract("users.destroy") { harness in
            let id = harness.seed("user", ["email": "ann@example.com"])
            try expectEqual(try await harness.client.users.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "user", id: id) == nil, "the user is still stored")
        },
    ]

    private static let roles: [Contract] = [
        Contract("roles.create") { harness in
            let role = try await harness.client.roles.create(name: "Editor", canEditSchema: true)
            try expectEqual(role.attributes.name, "Editor", "name")
            try expectEqual(role.attributes.canEditSchema, true, "can edit schema")
            try expectEqual(harness.simulator.resource(type: "role", id: role.id)?[attribute: "can_edit_schema"], true, "stored permission")
        },
        Contract("roles.update") { harness in
            let id = harness.seed("role", ["name": "Editor"])
            let role = try await harness.client.roles.update(id, name: "Senior editor", canManageUsers: true)
            try expectEqual(role.attributes.name, "Senior editor", "name")
            try expectEqual(harness.simulator.resource(type: "role", id: id)?[attribute: "can_manage_users"], true, "stored permission")
        },
        Contract("roles.list") { harness in
            let ids = [harness.seed("role", ["name": "Editor"]), harness.seed("role", ["name": "Admin"])]
            try expectEqual(try await harness.client.roles.list().map(\.id), ids, "listed IDs")
        },
        Contract("roles.find") { harness in
            let id = harness.seed("role", ["name": "Editor"])
            try expectEqual(try await harness.client.roles.find(id).attributes.name, "Editor", "name")
        },
        Contract("roles.destroy") { harness in
            let id = harness.seed("role", ["name": "Editor"])
            try expectEqual(try await harness.client.roles.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "role", id: id) == nil, "the role is still stored")
        },
        Contract("roles.duplicate") { harness in
            let id = harness.seed("role", ["name": "Editor", "can_edit_schema": true])
            let copy = try await harness.client.roles.duplicate(id)
            try expect(copy.id != id, "the copy has the original's ID")
            try expectEqual(copy.attributes.canEditSchema, true, "copied permission")
            try expectEqual(harness.simulator.resources(ofType: "role").count, 2, "stored roles")
        },
    ]

    private static let accessTokens: [Contract] = [
        Contract("accessTokens.create") { harness in
            let role = try await harness.client.roles.create(name: "Reader")
            let token = try await harness.client.accessTokens.create(name: "Website", canAccessCda: true, canAccessCdaPreview: false, canAccessCma: false, role: role.id)
            try expectEqual(token.attributes.name, "Website", "name")
            try expectEqual(token.relationships.role?.id, role.id, "role")
            try expectEqual(harness.simulator.resource(type: "access_token", id: token.id)?[attribute: "can_access_cda"], true, "stored CDA access")
        },
        Contract("accessTokens.update") { harness in
            let id = harness.seed("access_token", ["name": "Website", "can_access_cda": true])
            let token = try await harness.client.accessTokens.update(id, name: "Preview", canAccessCda: true, canAccessCdaPreview: true, canAccessCma: false)
            try expectEqual(token.attributes.name, "Preview", "name")
            try expectEqual(harness.simulator.resource(type: "access_token", id: id)?[attribute: "can_access_cda_preview"], true, "stored preview access")
        },
        Contract("accessTokens.list") { harness in
            let ids = [harness.seed("access_token", ["name": "Website"]), harness.seed("access_token", ["name": "CI"])]
            let tokens = try await harness.client.accessTokens.list()
            try expectEqual(tokens.map(\.id), ids, "listed IDs")
            try expectEqual(tokens.map(\.attributes.name), ["Website", "CI"], "names")
        },
        Contract("accessTokens.find") { harness in
            let id = harness.seed("access_token", ["name": "Website", "token": "abc123"])
            let token = try await harness.client.accessTokens.find(id)
            try expectEqual(token.attributes.token, "abc123", "token")
        },
        Contract("accessTokens.regenerateToken") { harness in
            let id = harness.seed("access_token", ["name": "Website", "token": "abc123"])
            let token = try await harness.client.accessTokens.regenerateToken(id)
            try expectEqual(token.id, id, "ID")
            try expect(token.attributes.token != nil && token.attributes.token != "abc123", "the token was not regenerated: \(String(describing: token.attributes.token))")
            try expectEqual(harness.simulator.resource(type: "access_token", id: id)?[attribute: "token"]?.stringValue, token.attributes.token, "stored token")
        },
        Contract("accessTokens.destroy") { harness in
            let id = harness.seed("access_token", ["name": "Website"])
            try expectEqual(try await harness.client.accessTokens.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "access_token", id: id) == nil, "the token is still stored")
        },
    ]

    private static let sso: [Contract] = [
        Contract("ssoUsers.list") { harness in
            let ids = [harness.seed("sso_user", ["username": "ann"]), harness.seed("sso_user", ["username": "bob"])]
            let users = try await harness.client.ssoUsers.list()
            try expectEqual(users.map(\.id), ids, "listed IDs")
            try expectEqual(users.map(\.attributes.username), ["ann", "bob"], "usernames")
        },
        Contract("ssoUsers.find") { harness in
            let id = harness.seed("sso_user", ["username": "ann", "first_name": "Ann"])
            try expectEqual(try await harness.client.ssoUsers.find(id).attributes.firstName, "Ann", "first name")
        },
        Contract("ssoUsers.copyUsers") { harness in
            let id = harness.seed("sso_user", ["username": "ann"])
            let users = try await harness.client.ssoUsers.copyUsers()
            try expect(users.contains { $0.id == id && $0.attributes.username == "ann" }, "copied users: \(users.map(\.id))")
        },
        Contract("ssoUsers.destroy") { harness in
            let id = harness.seed("sso_user", ["username": "ann"])
            try expectEqual(try await harness.client.ssoUsers.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "sso_user", id: id) == nil, "the SSO user is still stored")
        },
        Contract("ssoGroups.list") { harness in
            let ids = [harness.seed("sso_group", ["name": "Editors", "priority": 1]), harness.seed("sso_group", ["name": "Admins", "priority": 2])]
            let groups = try await harness.client.ssoGroups.list()
            try expectEqual(groups.map(\.id), ids, "listed IDs")
            try expectEqual(groups.map(\.attributes.priority), [1, 2], "priorities")
        },
        Contract("ssoGroups.copyRoles") { harness in
            let id = harness.seed("sso_group", ["name": "Editors"])
            let group = try await harness.client.ssoGroups.copyRoles(id)
            try expectEqual(group.id, id, "group")
            try expectEqual(group.attributes.name, "Editors", "name")
        },
        Contract("ssoGroups.update") { harness in
            let role = try await harness.client.roles.create(name: "Editor")
            let id = harness.seed("sso_group", ["name": "Editors", "priority": 1])
            let group = try await harness.client.ssoGroups.update(id, priority: 5, role: role.id)
            try expectEqual(group.attributes.priority, 5, "priority")
            try expectEqual(harness.simulator.resource(type: "sso_group", id: id)?.relatedID("role"), role.id, "stored role")
        },
        Contract("ssoGroups.destroy") { harness in
            let id = harness.seed("sso_group", ["name": "Editors"])
            try expectEqual(try await harness.client.ssoGroups.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "sso_group", id: id) == nil, "the SSO group is still stored")
        },
        Contract("ssoSettings.find") { harness in
            harness.seed("sso_settings", ["idp_saml_metadata_url": "https://idp.example.com/metadata", "saml_token": "s3cr3t"])
            let settings = try await harness.client.ssoSettings.find()
            try expectEqual(settings.attributes.idpSamlMetadataUrl, "https://idp.example.com/metadata", "metadata URL")
            try expectEqual(settings.attributes.samlToken, "s3cr3t", "SAML token")
        },
        Contract("ssoSettings.generateToken") { harness in
            let id = harness.seed("sso_settings")
            let generated = try await harness.client.ssoSettings.generateToken()
            try expect(!generated.data.attributes.scimApiToken.isEmpty, "no SCIM API token was generated")
            try expectEqual(harness.simulator.resource(type: "sso_settings", id: id)?[attribute: "scim_api_token"]?.stringValue,
                            generated.data.attributes.scimApiToken, "stored SCIM API token")
        },
        Contract("ssoSettings.update") { harness in
            let role = try await harness.client.roles.create(name: "Editor")
            let id = harness.seed("sso_settings")
            let settings = try await harness.client.ssoSettings.update(idpSamlMetadataUrl: "https://idp.example.com/metadata", defaultRole: role.id)
            try expectEqual(settings.attributes.idpSamlMetadataUrl, "https://idp.example.com/metadata", "metadata URL")
            try expectEqual(settings.relationships.defaultRole?.id, role.id, "default role")
            try expectEqual(harness.simulator.resource(type: "sso_settings", id: id)?.relatedID("default_role"), role.id, "stored default role")
        },
    ]

    private static let invitations: [Contract] = [
        Contract("siteInvitations.create") { harness in
            let role = try await harness.client.roles.create(name: "Editor")
            let invitation = try await harness.client.siteInvitations.create(email: "ann@example.com", role: role.id)
            try expectEqual(invitation.attributes.email, "ann@example.com", "email")
            try expectEqual(harness.simulator.resource(type: "site_invitation", id: invitation.id)?.relatedID("role"), role.id, "stored role")
        },
        Contract("siteInvitations.update") { harness in
            let role = try await harness.client.roles.create(name: "Admin")
            let id = harness.seed("site_invitation", ["email": "ann@example.com"])
            let invitation = try await harness.client.siteInvitations.update(id, role: role.id)
            try expectEqual(invitation.relationships.role?.id, role.id, "role")
            try expectEqual(harness.simulator.resource(type: "site_invitation", id: id)?.relatedID("role"), role.id, "stored role")
        },
        Contract("siteInvitations.list") { harness in
            let ids = [harness.seed("site_invitation", ["email": "ann@example.com"]), harness.seed("site_invitation", ["email": "bob@example.com"])]
            let invitations = try await harness.client.siteInvitations.list()
            try expectEqual(invitations.map(\.id), ids, "listed IDs")
        },
        Contract("siteInvitations.find") { harness in
            let id = harness.seed("site_invitation", ["email": "ann@example.com", "expired": true])
            let invitation = try await harness.client.siteInvitations.find(id)
            try expectEqual(invitation.attributes.email, "ann@example.com", "email")
            try expectEqual(invitation.attributes.expired, true, "expired")
        },
        Contract("siteInvitations.destroy") { harness in
            let id = harness.seed("site_invitation", ["email": "ann@example.com"])
            try expectEqual(try await harness.client.siteInvitations.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "site_invitation", id: id) == nil, "the invitation is still stored")
        },
        Contract("siteInvitations.resend") { harness in
            let id = harness.seed("site_invitation", ["email": "ann@example.com"])
            let invitation = try await harness.client.siteInvitations.resend(id)
            try expectEqual(invitation.id, id, "ID")
            try expectEqual(invitation.attributes.email, "ann@example.com", "email")
        },
    ]

    private static let editing: [Contract] = [
        Contract("editingSessions.list") { harness in
            let ids = [harness.seed("editing_session"), harness.seed("editing_session")]
            try expectEqual(try await harness.client.editingSessions.list().map(\.id), ids, "listed IDs")
        },
        Contract("editingSessions.update") { harness in
            let record = try await harness.makeRecord()
            let id = harness.seed("editing_session")
            let lock = EditingSessionLockItem(type: "editing_session_lock_item", relationships: EditingSessionLockItemRelationships(
                item: ToOneRelationship(data: ResourceIdentifier(type: "item", id: record.id))))
            let answer = try await harness.client.editingSessions.update(id, EditingSessionUpdateBody(data: .lockItem(lock)))
            // The answer is the session, alone or followed by its form contents.
            let session = answer.data.arrayValue?.first ?? answer.data
            try expectEqual(session["id"]?.stringValue, id, "session ID")
            try expectEqual(session["type"]?.stringValue, "editing_session", "session type")
            let sent = harness.simulator.receivedRequests().last { $0.method == "PUT" }?.jsonBody
            try expectEqual(sent?["data"]?["relationships"]?["item"]?["data"]?["id"], .string(record.id), "locked record sent")
        },
        Contract("editingSessions.destroy") { harness in
            let id = harness.seed("editing_session", relationships: ["editor": link("user", harness.seed("user"))])
            try expectEqual(try await harness.client.editingSessions.destroy(id)?.id, id, "destroyed ID")
            try expect(harness.simulator.resource(type: "editing_session", id: id) == nil, "the session is still stored")
        },
        Contract("auditLogEvents.query") { harness in
            let ids = [harness.seed("audit_log_event", ["action_name": "items.create"]), harness.seed("audit_log_event", ["action_name": "items.destroy"])]
            let events = try await harness.client.auditLogEvents.query(detailedLog: true)
            try expectEqual(events.map(\.id), ids, "events")
            let sent = harness.simulator.receivedRequests().last { $0.path == "/audit-log-events/query" }?.jsonBody
            try expectEqual(sent?["data"]?["attributes"]?["detailed_log"], true, "detailed_log sent")
        },
    ]
}
