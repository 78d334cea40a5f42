import DatoCMS
import DatoCMSSimulator
import Foundation
import XCTest

/// A record model whose title is a localized field, read and written as `Localized<String>`.
private struct LocalizedPost: Codable, Sendable, Equatable {
    var title: Localized<String>
    var slug: String
}

/// `Localized<Value>`: a localized field's value, through the simulator and as a value.
final class LocalizedTests: XCTestCase {
    func testALocalizedFieldRoundTripsThroughTheSimulator() async throws {
        let harness = try Harness()  // locales en, it
        defer { harness.stop() }
        let model = try await harness.makeModel(localizedTitle: true)
        _ = harness.takeRequests()

        let created = try await harness.client.items.create(
            attributes: LocalizedPost(title: ["en": "Hello", "it": nil], slug: "hello"), itemType: model.id)
        let create = try XCTUnwrap(harness.takeRequests().first { $0.method == "POST" })
        let sent = try XCTUnwrap(((json(create.body)?["data"] as? NSDictionary)?["attributes"] as? NSDictionary)?["title"] as? NSDictionary)
        XCTAssertEqual(sent, ["en": "Hello", "it": NSNull()], "a locale without content is sent as null, not left out")

        XCTAssertEqual(created.title, ["en": "Hello", "it": nil])
        XCTAssertTrue(created.title.contains(locale: "it"), "a null locale is kept, not dropped")
        XCTAssertEqual(created.title.value(for: "it", fallbacks: ["en"]), "Hello")

        let found = try await harness.client.items.find(created.id, as: LocalizedPost.self)
        XCTAssertEqual(found.attributes, LocalizedPost(title: ["en": "Hello", "it": nil], slug: "hello"))
        XCTAssertEqual(found.title.locales, ["en", "it"])

        // Translate, then read it back typed and untyped.
        var post = found.attributes
        post.title["it"] = "Ciao"
        _ = try await harness.client.items.update(created.id, attributes: post)
        let translated = try await harness.client.items.find(created.id, as: LocalizedPost.self)
        XCTAssertEqual(translated.title["it"], "Ciao")
        XCTAssertEqual(translated.title.value(for: "it", fallbacks: ["en"]), "Ciao")
        let untyped = try await harness.client.items.find(created.id)
        XCTAssertEqual(untyped.attributes["title"], ["en": "Hello", "it": "Ciao"])
    }

    func testAFieldThatIsNotLocalizedDoesNotDecodeAsLocalized() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let model = try await harness.makeModel(localizedTitle: false)
        let record = try await harness.client.items.create(attributes: Article(title: "Plain", slug: "plain"), itemType: model.id)

        do {
            _ = try await harness.client.items.find(record.id, as: LocalizedPost.self)
            XCTFail("a string is not a localized value")
        } catch DatoCMSError.decoding(_, _, let path, _) {
            XCTAssertTrue(path.hasSuffix("attributes.title"), path)
        }
    }

    func testLiteralsSubscriptsAndFallbacks() {
        var title: Localized<String> = ["it": "Ciao", "en": "Hello", "de": nil]
        XCTAssertEqual(title.locales, ["de", "en", "it"], "in order of code, whatever the literal's order")
        XCTAssertEqual(title["en"], "Hello")
        XCTAssertNil(title["de"])
        XCTAssertNil(title["fr"])
        XCTAssertTrue(title.contains(locale: "de"))
        XCTAssertFalse(title.contains(locale: "fr"))

        // Fallbacks skip nulls and missing locales, in the order given.
        XCTAssertEqual(title.value(for: "de", fallbacks: ["fr", "it", "en"]), "Ciao")
        XCTAssertEqual(title.value(for: "en", fallbacks: ["it"]), "Hello")
        XCTAssertNil(title.value(for: "de"))
        XCTAssertNil(title.value(for: "fr", fallbacks: ["de"]))

        // Setting nil keeps the locale as null; removing drops it.
        title["en"] = nil
        XCTAssertTrue(title.contains(locale: "en"))
        XCTAssertEqual(title.removeLocale("it"), "Ciao")
        XCTAssertEqual(title.locales, ["de", "en"])
        XCTAssertEqual(title, ["de": nil, "en": nil])
        XCTAssertNotEqual(title, ["de": nil], "a locale holding null is not a missing one")
        XCTAssertTrue(Localized<String>().isEmpty)

        let lengths = Localized<String>(["en": "Hello", "it": nil]).mapValues(\.count)
        XCTAssertEqual(lengths, ["en": 5, "it": nil])
        XCTAssertEqual(Set<Localized<Int>>([lengths, ["it": nil, "en": 5], ["en": 6]]).count, 2)
        XCTAssertEqual("\(lengths)", "[en: 5, it: null]")
    }

    func testJSONShapeIsAnObjectKeyedByLocale() throws {
        let decoded = try JSONDecoder().decode(Localized<String>.self, from: Data(#"{"en":"Hello","it":null,"fr":"Salut"}"#.utf8))
        XCTAssertEqual(decoded, ["en": "Hello", "it": nil, "fr": "Salut"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(decoded), as: UTF8.self), #"{"en":"Hello","fr":"Salut","it":null}"#)

        // Values of any Codable type, e.g. a localized number or list.
        let counts = try JSONDecoder().decode(Localized<[Int]>.self, from: Data(#"{"en":[1,2],"it":[]}"#.utf8))
        XCTAssertEqual(counts["en"], [1, 2])
        XCTAssertEqual(counts["it"], [])

        XCTAssertThrowsError(try JSONDecoder().decode(Localized<String>.self, from: Data(#""Hello""#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(Localized<String>.self, from: Data(#"{"en":1}"#.utf8)))
    }
}
