import XCTest

@testable import DatoCMSGenerator

final class NamingTests: XCTestCase {
    func testTypeAndMemberNamesFromSnakeCase() {
        XCTAssertEqual(Naming.typeName("item_type"), "ItemType")
        XCTAssertEqual(Naming.memberName("item_type"), "itemType")
        XCTAssertEqual(Naming.typeName("upload_request"), "UploadRequest")
        XCTAssertEqual(Naming.memberName("is_valid"), "isValid")
        XCTAssertEqual(Naming.typeName("item"), "Item")
        XCTAssertEqual(Naming.memberName("item"), "item")
    }

    func testBracketedQueryKeysBecomeCamelCase() {
        XCTAssertEqual(Naming.memberName("filter[ids]"), "filterIds")
        XCTAssertEqual(Naming.memberName("page[limit]"), "pageLimit")
        XCTAssertEqual(Naming.memberName("page[offset]"), "pageOffset")
        XCTAssertEqual(Naming.memberName("filter[only_valid]"), "filterOnlyValid")
        XCTAssertEqual(Naming.typeName("filter[ids]"), "FilterIds")
    }

    func testCamelCaseIsKept() {
        XCTAssertEqual(Naming.memberName("statusText"), "statusText")
        XCTAssertEqual(Naming.typeName("statusText"), "StatusText")
        XCTAssertEqual(Naming.words("statusText"), ["status", "Text"])
        XCTAssertEqual(Naming.words("filter[only_valid]"), ["filter", "only", "valid"])
    }

    func testLeadingDigitsGetAnUnderscore() {
        XCTAssertEqual(Naming.memberName("3d_model"), "_3dModel")
        XCTAssertEqual(Naming.typeName("3d_model"), "_3dModel")
        XCTAssertEqual(Naming.memberName("1st"), "_1st")
    }

    func testEmptyAndPunctuationOnlyNames() {
        XCTAssertEqual(Naming.typeName(""), "Value")
        XCTAssertEqual(Naming.memberName(""), "value")
        XCTAssertEqual(Naming.memberName("-"), "value")
        XCTAssertEqual(Naming.plural(""), "values")
    }

    func testPlurals() {
        XCTAssertEqual(Naming.plural("item"), "items")
        XCTAssertEqual(Naming.plural("upload_request"), "uploadRequests")
        XCTAssertEqual(Naming.plural("job_result"), "jobResults")
        XCTAssertEqual(Naming.plural("item_type"), "itemTypes")
        XCTAssertEqual(Naming.plural("field"), "fields")
        XCTAssertEqual(Naming.plural("sso_settings"), "ssoSettings")
        XCTAssertEqual(Naming.plural("menu_item"), "menuItems")
        XCTAssertEqual(Naming.plural("search_index"), "searchIndexes")
        XCTAssertEqual(Naming.plural("build_trigger_activity"), "buildTriggerActivities")
        XCTAssertEqual(Naming.plural("day"), "days")
    }

    func testFunctionNamesFromRelations() {
        XCTAssertEqual(Naming.functionName(forRel: "self"), "find")
        XCTAssertEqual(Naming.functionName(forRel: "instances"), "list")
        XCTAssertEqual(Naming.functionName(forRel: "bulk_publish"), "bulkPublish")
        XCTAssertEqual(Naming.functionName(forRel: "batch_destroy"), "batchDestroy")
        XCTAssertEqual(Naming.functionName(forRel: "create"), "create")
        XCTAssertEqual(Naming.functionName(forRel: "current_vs_published_state"), "currentVsPublishedState")
    }

    func testKeywordsAreEscaped() {
        XCTAssertEqual(Naming.escaped("default"), "`default`")
        XCTAssertEqual(Naming.escaped("class"), "`class`")
        XCTAssertEqual(Naming.escaped("protocol"), "`protocol`")
        XCTAssertEqual(Naming.escaped("in"), "`in`")
        XCTAssertEqual(Naming.escaped("Type"), "`Type`")
        XCTAssertEqual(Naming.escaped("item"), "item")
        XCTAssertEqual(Naming.escaped("type"), "type")
        XCTAssertEqual(Naming.escaped("statusText"), "statusText")
        // Keywords stay keywords as member names: the renderer escapes them.
        XCTAssertEqual(Naming.memberName("default"), "default")
        XCTAssertEqual(Naming.memberName("class"), "class")
    }

    func testNamesUnusableEvenInBackticksAreRenamed() {
        XCTAssertEqual(Naming.memberName("self"), "self_")
        XCTAssertEqual(Naming.memberName("Self"), "self_")
        XCTAssertEqual(Naming.memberName("init"), "init_")
        XCTAssertEqual(Naming.memberName("_"), "value")
        XCTAssertEqual(Naming.escaped(Naming.memberName("self")), "self_")
    }

    func testConstantFromPattern() {
        XCTAssertEqual(Naming.constant(fromPattern: "^item$"), "item")
        XCTAssertEqual(Naming.constant(fromPattern: "^item_type$"), "item_type")
        XCTAssertEqual(Naming.constant(fromPattern: "^selective-publish$"), "selective-publish")
        XCTAssertNil(Naming.constant(fromPattern: "item"))
        XCTAssertNil(Naming.constant(fromPattern: "^item"))
        XCTAssertNil(Naming.constant(fromPattern: "^$"))
        XCTAssertNil(Naming.constant(fromPattern: "^[a-z]+$"))
        XCTAssertNil(Naming.constant(fromPattern: "^a.b$"))
        XCTAssertNil(Naming.constant(fromPattern: nil))
    }

    func testUniqueAppendsCounters() {
        var taken: Set<String> = ["find"]
        XCTAssertEqual(Naming.unique("list", in: &taken), "list")
        XCTAssertEqual(Naming.unique("find", in: &taken), "find2")
        XCTAssertEqual(Naming.unique("find", in: &taken), "find3")
        XCTAssertEqual(taken, ["find", "list", "find2", "find3"])
    }
}
