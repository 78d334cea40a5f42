import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Constructs found in DatoCMS's real hyper-schemas (the account API of 2021, the site APIs of 2018
/// and 2021), reduced to a minimal schema: each is generated as the API means it, and compiles.
final class RealDialectTests: XCTestCase {
    private static func identity(_ resource: String) -> String { Support.identity(resource) }

    /// An account-API-like schema: a base URL of its own, no environments, a token placeholder
    /// beside `properties`, sloppy placeholders, a login body that is one of two shapes, and
    /// draft-04 query parameters in a GET's `schema`.
    static let account = """
    {
      "$schema": "http://json-schema.org/draft-04/hyper-schema",
      "title": "Account API",
      "links": [{"rel": "self", "href": "https://account-api.datocms.com"}],
      "definitions": {
        "user": {
          "type": "object",
          "definitions": {
            "id": {"type": "string"},
            "identity": {"$ref": "#/definitions/user/definitions/id"},
            "type": {"type": "string", "pattern": "^user$"},
            "data": {"type": "object", "properties": {"type": {"$ref": "#/definitions/user/definitions/type"}, "id": {"$ref": "#/definitions/user/definitions/id"}}, "required": ["type", "id"]}
          },
          "properties": {"id": {"$ref": "#/definitions/user/definitions/id"}, "type": {"$ref": "#/definitions/user/definitions/type"}},
          "links": []
        },
        "item_type": {
          "type": "object",
          "definitions": {
            "id": {"type": "string"},
            "identity": {"$ref": "#/definitions/item_type/definitions/id"},
            "type": {"type": "string", "pattern": "^item_type$"},
            "data": {"type": "object", "properties": {"type": {"$ref": "#/definitions/item_type/definitions/type"}, "id": {"$ref": "#/definitions/item_type/definitions/id"}}, "required": ["type", "id"]}
          },
          "properties": {"id": {"$ref": "#/definitions/item_type/definitions/id"}},
          "links": []
        },
        "site_invitation": {
          "type": "object",
          "definitions": {"id": {"type": "string"}, "identity": {"$ref": "#/definitions/site_invitation/definitions/id"}},
          "token": {"type": "string", "description": "The secret of the invitation e-mail."},
          "properties": {"id": {"$ref": "#/definitions/site_invitation/definitions/id"}},
          "links": [
            {"rel": "redeem", "method": "PUT", "title": "Redeem an invitation",
             "href": "/site-invitations/{(%2Fschemata%2Fsite_invitation%23%2Fdefinitions%2Fsite_invitation%2Ftoken)}/redeem"}
          ]
        },
        "webhook": {
          "type": "object",
          "definitions": {"id": {"type": "string"}, "identity": {"$ref": "#/definitions/webhook/definitions/id"}},
          "properties": {"id": {"$ref": "#/definitions/webhook/definitions/id"}},
          "links": [
            {"rel": "self", "method": "GET", "title": "A webhook", "href": "/webhooks/\(identity("user"))"},
            {"rel": "calls", "method": "GET", "title": "Its user's calls", "href": "/users/\(identity("user"))/webhooks/\(identity("webhook"))"},
            {"rel": "instances", "method": "GET", "title": "Webhooks",  "href": "/webhooks",
             "schema": {"type": "object", "properties": {"page[limit]": {"type": "integer"}, "page[offset]": {"type": "integer"}}}}
          ]
        },
        "role": {
          "type": "object",
          "definitions": {"id": {"type": "string"}, "identity": {"$ref": "#/definitions/role/definitions/id"}},
          "properties": {
            "id": {"$ref": "#/definitions/role/definitions/id"},
            "attributes": {"type": "object", "required": ["positive_item_type_permissions"], "properties": {
              "positive_item_type_permissions": {"type": "array", "items": {"type": "object", "required": ["item_type", "action"], "properties": {
                "item_type": {"description": "The model, or null for all of them.", "anyOf": [{"$ref": "#/definitions/item_type/definitions/id"}, {"type": "null"}]},
                "action": {"type": "string"}
              }}}
            }}
          },
          "links": [{"rel": "self", "method": "GET", "title": "A role", "href": "/roles/\(identity("role"))",
                     "targetSchema": {"type": "object", "properties": {"data": {"$ref": "#/definitions/role"}}}}]
        },
        "session": {
          "type": "object",
          "definitions": {"id": {"type": "string"}, "type": {"type": "string", "pattern": "^session$"}},
          "properties": {"id": {"$ref": "#/definitions/session/definitions/id"}},
          "links": [
            {"rel": "create", "method": "POST", "title": "Log in", "href": "/sessions",
             "schema": {"type": "object", "required": ["data"], "properties": {"data": {"anyOf": [
               {"title": "E-mail credentials", "type": "object", "properties": {
                 "type": {"$ref": "#/definitions/session/definitions/type"},
                 "attributes": {"type": "object", "required": ["email", "password"], "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}},
               {"type": "object", "properties": {
                 "type": {"type": "string", "pattern": "^password_reset$"},
                 "attributes": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}, "password": {"type": "string"}}}}},
               {"type": "object", "properties": {
                 "type": {"type": "string"},
                 "attributes": {"type": "object", "properties": {"otp": {"type": "string"}, "password": {"type": "string"}}}}}
             ]}}}}
          ]
        }
      }
    }
    """

    /// Every real schema at hand — DatoCMS's official 2021 site API (in ../shared) and the checked-in
    /// one — generates code that type-checks with no warning.
    func testTheRealSchemasCompileWithoutWarnings() throws {
        for (name, url) in [("site-api-hyperschema-2021-05.json", try Support.requireSiteAPISchema()), ("cma-hyperschema.json", Support.checkedInSchema)] {
            let output = try Generator.generate(schemaBytes: Array(try Data(contentsOf: url)), file: name)
            let result = try TypeChecker.check(output)
            XCTAssertTrue(result.succeeded, "\(name):\n\(result.log.prefix(3000))")
            XCTAssertEqual(result.warnings, [], name)
        }
    }

    /// Singletons (addressed by no ID of their own, named in the singular in a path) get a singular
    /// namespace, as the official clients have them: `client.site`, `client.maintenanceMode`.
    func testSingletonResourcesHaveSingularNamespaces() throws {
        let schema = try SchemaParser.parse(Array(try Data(contentsOf: Support.checkedInSchema)), file: "cma-hyperschema.json")
        var translator = Translator()
        let module = try translator.translate(schema)
        let properties = Dictionary(uniqueKeysWithValues: module.namespaces.map { ($0.resource, $0.property) })
        XCTAssertEqual(properties["site"], "site")
        XCTAssertEqual(properties["maintenance_mode"], "maintenanceMode")
        XCTAssertEqual(properties["scheduled_publication"], "scheduledPublication")
        XCTAssertEqual(properties["item"], "items")
        XCTAssertEqual(properties["audit_log_event"], "auditLogEvents", "a collection queried without an ID is still plural")
        XCTAssertEqual(module.namespace("site")?.typeName, "SiteEndpoints")
    }

    func testTheAccountDialectGeneratesAndCompiles() throws {
        let output = try Support.generate(Self.account, options: GeneratorOptions(clientName: "AccountClient"))
        let result = try TypeChecker.check(output)
        XCTAssertTrue(result.succeeded, result.log)
        XCTAssertEqual(result.warnings, [])
    }

    func testPlaceholdersMayPointAtAnyMemberAndAreNamedAfterIt() throws {
        let module = try Support.translate(Self.account).module
        let redeem = try XCTUnwrap(module.endpoint("site_invitation", "redeem"))
        XCTAssertEqual(redeem.pathParameters.map(\.name), ["token"])
        XCTAssertEqual(redeem.displayPath, "/site-invitations/{token}/redeem")
    }

    func testASloppyPlaceholderIsNamedAfterItsOwnResource() throws {
        let module = try Support.translate(Self.account).module
        XCTAssertEqual(module.endpoint("webhook", "find")?.pathParameters.map(\.name), ["webhookId"])
        // A path that names the other resource keeps it: `/users/{userId}/webhooks/{webhookId}`.
        XCTAssertEqual(module.endpoint("webhook", "calls")?.pathParameters.map(\.name), ["userId", "webhookId"])
    }

    func testAGetsSchemaIsItsQueryString() throws {
        let module = try Support.translate(Self.account).module
        let list = try XCTUnwrap(module.endpoint("webhook", "list"))
        XCTAssertNil(list.body, "a GET got a body")
        XCTAssertEqual(list.query?.type.properties.map(\.key), ["page[limit]", "page[offset]"])
    }

    func testAnAnyOfWithANullBranchIsOptional() throws {
        let module = try Support.translate(Self.account).module
        let permission = try XCTUnwrap(module.allTypes.compactMap { declaration -> StructDecl? in
            if case .structure(let structure) = declaration, structure.properties.contains(where: { $0.key == "action" }) { return structure }
            return nil
        }.first)
        XCTAssertEqual(permission.property("itemType")?.isOptional, true, "a required key whose value may be null")
        XCTAssertEqual(permission.property("action")?.isOptional, false)
    }

    func testTheBaseURLComesFromTheSchemaAndEnvironmentsOnlyWhereTheyExist() throws {
        let output = try Support.generate(Self.account, options: GeneratorOptions(clientName: "AccountClient"))
        let client = try XCTUnwrap(Support.contents(output, "Generated_Client.swift"))
        XCTAssertTrue(client.contains(#"URL(string: "https://account-api.datocms.com")"#), client)
        XCTAssertTrue(client.contains("public init(apiToken: String, baseURL: URL = AccountClient.defaultBaseURL)"), client)
        XCTAssertFalse(client.contains("environment: String?"), "the account API has no environments")

        // The site API (whose schema names site-api.datocms.com) has environments.
        let site = try Generator.generate(schemaBytes: Array(try Data(contentsOf: Support.checkedInSchema)), file: "cma-hyperschema.json")
        XCTAssertTrue(try XCTUnwrap(Support.contents(site, "Generated_Client.swift")).contains("environment: String? = nil"))
    }

    func testALoginBodyOfTwoShapesIsATypedChoice() throws {
        let module = try Support.translate(Self.account).module
        let choice = try XCTUnwrap(module.allTypes.compactMap { declaration -> ChoiceDecl? in
            if case .choice(let choice) = declaration { return choice }
            return nil
        }.first)
        // Named after the option's title, its JSON:API type, or the key only it has.
        XCTAssertEqual(choice.cases.map(\.name), ["eMailCredentials", "passwordReset", "otp"])
        let output = try Support.generate(Self.account)
        let session = try XCTUnwrap(Support.contents(output, "Generated_session.swift"))
        XCTAssertTrue(session.contains("public var data: \(choice.name)"), "the body's data is the choice, not JSONValue")
    }

    func testRelationshipsAndMetaOfAResourceDecodeLeniently() throws {
        let module = try Support.translate(Fixtures.library).module
        let relationships = module.allTypes.compactMap { declaration -> StructDecl? in
            if case .structure(let structure) = declaration, structure.name.hasSuffix("Relationships") { return structure }
            return nil
        }
        XCTAssertFalse(relationships.isEmpty)
        for structure in relationships {
            for property in structure.properties { XCTAssertTrue(property.isOptional, "\(structure.name).\(property.name)") }
        }
    }
}
