import DatoCMSSimulator
import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Uses this package the way a user's package does: `Tests/Fixtures/DownstreamPackage` is copied to
/// a temporary folder, pointed at this checkout by path, and built with `swift build`. Its two
/// targets apply `DatoCMSGeneratorPlugin` to their own schemas — DatoCMS's official 2021 Site API
/// schema (from `../shared`) and a small dashboard-style schema with a `datocms-codegen.json` naming
/// its client — and its executable exercises both generated clients against the simulator.
/// The same package then runs `swift package update-schema` against a schema the simulator serves,
/// and `update-schema-from-file` on a local one. Its third target, `SchemaOnlyAPI`, has no Swift
/// file, which SwiftPM does not build.
final class DownstreamPackageTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let officialSchema = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/datocms/site-api-hyperschema-2021-05.json")

    func testTheBuildPluginAndUpdateSchemaInADownstreamPackage() throws {
        guard FileManager.default.fileExists(atPath: Self.officialSchema.path) else {
            throw XCTSkip("""
                Skipped: \(Self.officialSchema.path) is absent. This test builds DatoCMS's official \
                schema through the plugin; check out the shared test data beside the repository to run it.
                """)
        }
        let package = try makeFixturePackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let dashboardSchema = package.appendingPathComponent("Sources/DashboardAPI/dashboard.hyperschema.json")

        // 1. A clean build generates both clients, with no warnings from generated code.
        let firstBuild = try swift(["build", "--product", "downstream-check"], in: package)
        XCTAssertTrue(firstBuild.output.contains("Generating the DatoCMS client for OfficialSiteAPI from site-api-hyperschema-2021-05.json"), firstBuild.output)
        XCTAssertTrue(firstBuild.output.contains("Generating the DatoCMS client for DashboardAPI from dashboard.hyperschema.json"), firstBuild.output)
        let generatedWarnings = firstBuild.output.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("Generated_") }
        XCTAssertEqual(generatedWarnings, [], "the generated code compiles with warnings")
        // SwiftPM still leaves out a target without a Swift file, as the README warns.
        XCTAssertTrue(firstBuild.output.contains("Source files for target SchemaOnlyAPI should be located under"), firstBuild.output)
        XCTAssertFalse(firstBuild.output.contains("Generating the DatoCMS client for SchemaOnlyAPI"), firstBuild.output)

        // 2. Both generated clients work (the official one against the simulator).
        let check = try ProcessRunner.run([package.appendingPathComponent(".build/debug/downstream-check").path], in: package, timeout: 120)
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("downstream-check: OK (9 calls through the official-schema client, 2 through DashboardClient)"), check.output)

        // 3. What the README says of no-op builds: the first after a clean build relinks the generator
        //    tool (SwiftPM builds it in two passes with separate build databases), so every generation
        //    re-runs, but it rewrites no file, so nothing compiles. The next build runs nothing.
        let settleBuild = try swift(["build", "--product", "downstream-check"], in: package)
        let settleSteps = steps(of: settleBuild)
        XCTAssertTrue(settleSteps.contains("Generating the DatoCMS client for DashboardAPI from dashboard.hyperschema.json"), settleBuild.output)
        XCTAssertTrue(settleSteps.contains("Generating the DatoCMS client for OfficialSiteAPI from site-api-hyperschema-2021-05.json"), settleBuild.output)
        let beyondRelinkingAndGenerating = settleSteps.filter {
            !$0.hasPrefix("Generating the DatoCMS client") && !$0.contains("datocms-codegen") && !$0.contains("DatoCMSGenerator")
                && $0 != "Write Objects.LinkFileList"
        }
        XCTAssertEqual(beyondRelinkingAndGenerating, [], settleBuild.output)
        let noOpBuild = try swift(["build", "--product", "downstream-check"], in: package)
        XCTAssertEqual(steps(of: noOpBuild), [], noOpBuild.output)

        // 4. update-schema fetches from a URL (served by the simulator), checks the schema, replaces
        //    the target's file and reports the new link; the next build recompiles only that target.
        let original = try Data(contentsOf: dashboardSchema)
        let extended = try addingDestroyLink(to: original)
        let simulator = DatoCMSSimulator(options: .init(hyperSchema: extended))
        let base = try simulator.start()
        defer { simulator.stop() }
        let schemaURL = base.absoluteString + DatoCMSSimulator.hyperSchemaPath
        let update = try swift(updateSchema + ["--target", "DashboardAPI", "--url", schemaURL], in: package)
        XCTAssertTrue(update.output.contains("+ link site.destroy (DELETE /sites/:id)"), update.output)
        XCTAssertTrue(update.output.contains("0 resource(s) added, 0 removed; 1 link(s) added, 0 removed, 0 changed."), update.output)
        XCTAssertTrue(update.output.contains("0 property(ies) added, 0 removed, 0 changed."), update.output)
        XCTAssertEqual(try Data(contentsOf: dashboardSchema), extended, "the schema file was not replaced by the download")
        XCTAssertEqual(simulator.receivedRequests().map(\.path), [DatoCMSSimulator.hyperSchemaPath])

        let rebuild = try swift(["build", "--product", "downstream-check"], in: package)
        XCTAssertTrue(rebuild.output.contains("Generating the DatoCMS client for DashboardAPI"), rebuild.output)
        XCTAssertTrue(rebuild.output.contains("Compiling DashboardAPI Generated_site.swift"), rebuild.output)
        XCTAssertFalse(rebuild.output.contains("Compiling OfficialSiteAPI"), rebuild.output)
        let generatedDestroy = try String(contentsOf: try generatedFile("Generated_site.swift", target: "DashboardAPI", in: package), encoding: .utf8)
        XCTAssertTrue(generatedDestroy.contains("func destroy("), "the new link has no generated function")

        // 5. A download that does not generate is refused, naming the pointer, and changes nothing.
        let broken = DatoCMSSimulator(options: .init(hyperSchema: Data(String(decoding: extended, as: UTF8.self)
            .replacingOccurrences(of: "#/definitions/site/definitions/id", with: "#/definitions/site/definitions/missing").utf8)))
        let brokenBase = try broken.start()
        defer { broken.stop() }
        let refused = try ProcessRunner.run(
            ["swift", "package"] + updateSchema + ["--target", "DashboardAPI", "--url", brokenBase.absoluteString + DatoCMSSimulator.hyperSchemaPath],
            in: package)
        XCTAssertNotEqual(refused.status, 0, refused.output)
        XCTAssertTrue(refused.output.contains("resolves nowhere"), refused.output)
        XCTAssertTrue(refused.output.contains("(at #/definitions/site/"), refused.output)
        XCTAssertTrue(refused.output.contains("was left unchanged"), refused.output)
        XCTAssertEqual(try Data(contentsOf: dashboardSchema), extended)

        // 6. A local file needs no network permission: update-schema-from-file, given only the write
        //    permission and a path relative to where it runs, replaces the schema and lists the
        //    property the file adds. update-schema, which may download, is refused without the network
        //    permission, and SwiftPM's refusal points at update-schema-from-file.
        let nameAttribute = #""name": { "description": "The project's name", "type": "string" },"#
        let withPlan = Data(String(decoding: extended, as: UTF8.self)
            .replacingOccurrences(of: nameAttribute, with: nameAttribute + #" "plan": { "type": ["string", "null"] },"#).utf8)
        XCTAssertNotEqual(withPlan, extended, "the fixture schema has no name attribute to add a property after")
        try withPlan.write(to: package.appendingPathComponent("new-dashboard.json"))
        let fromFile = try swift(["--allow-writing-to-package-directory", "update-schema-from-file", "new-dashboard.json", "--target", "DashboardAPI"], in: package)
        XCTAssertTrue(fromFile.output.contains("+ property site.attributes.plan (string or null, optional)"), fromFile.output)
        XCTAssertTrue(fromFile.output.contains("0 resource(s) added, 0 removed; 0 link(s) added, 0 removed, 0 changed."), fromFile.output)
        XCTAssertTrue(fromFile.output.contains("1 property(ies) added, 0 removed, 0 changed."), fromFile.output)
        XCTAssertEqual(try Data(contentsOf: dashboardSchema), withPlan, "the schema file was not replaced by the local file")
        let withoutNetwork = try ProcessRunner.run(
            ["swift", "package", "--allow-writing-to-package-directory", "update-schema", "--target", "DashboardAPI", "--file", "new-dashboard.json"],
            in: package)
        XCTAssertNotEqual(withoutNetwork.status, 0, withoutNetwork.output)
        XCTAssertTrue(withoutNetwork.output.contains("update-schema-from-file"), withoutNetwork.output)

        // 7. The target without a Swift file is not in the package; update-schema says why.
        let schemaOnly = try ProcessRunner.run(
            ["swift", "package", "--allow-writing-to-package-directory", "update-schema-from-file", "new-dashboard.json", "--target", "SchemaOnlyAPI"],
            in: package)
        XCTAssertNotEqual(schemaOnly.status, 0, schemaOnly.output)
        XCTAssertTrue(schemaOnly.output.contains("target SchemaOnlyAPI has no Swift file, so SwiftPM leaves it out of the package"), schemaOnly.output)

        // 8. A schema edited by hand into something the generator rejects fails the build with the
        //    file, line and JSON pointer.
        try Data(String(decoding: extended, as: UTF8.self)
            .replacingOccurrences(of: "\"type\": \"string\", \"enum\"", with: "\"type\": \"strnig\", \"enum\"").utf8)
            .write(to: dashboardSchema)
        let failing = try ProcessRunner.run(["swift", "build", "--product", "downstream-check"], in: package)
        XCTAssertNotEqual(failing.status, 0, failing.output)
        XCTAssertTrue(failing.output.contains("dashboard.hyperschema.json:"), failing.output)
        XCTAssertTrue(failing.output.contains("(at #/definitions/site/definitions/attributes/properties/class/type)"), failing.output)
    }

    /// `swift package generate-models` as a user runs it: the command plugin builds `datocms-models`,
    /// which reads a project's models through the SDK (here from the simulator, with the token from
    /// the environment) and writes them into the package; `generate-models-from-file --check` then
    /// finds them up to date from the export, offline; a field added to the project is drift.
    func testGenerateModelsInADownstreamPackage() async throws {
        let package = try makeFixturePackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let simulator = DatoCMSSimulator(options: .init(apiToken: "downstream-token", jobDuration: .milliseconds(1)))
        let base = try simulator.start()
        defer { simulator.stop() }
        let modelID = "Xk2bQ5sLQpWl1xw2Y0a9rA"
        try await send("POST", "/item-types", #"{"data":{"type":"item_type","id":"\#(modelID)","attributes":{"name":"Note","api_key":"note"}}}"#, to: base)
        try await send("POST", "/item-types/\(modelID)/fields",
                       #"{"data":{"type":"field","attributes":{"label":"Title","api_key":"title","field_type":"string","validators":{"required":{}}}}}"#, to: base)

        let generate = try ProcessRunner.run(
            ["DATOCMS_API_TOKEN=downstream-token", "swift", "package", "--allow-writing-to-package-directory", "--allow-network-connections", "all",
             "generate-models", "--base-url", base.absoluteString, "--output", "Sources/ProjectModels", "--save-schema", "models.json"],
            in: package)
        XCTAssertTrue(generate.succeeded, generate.output)
        let note = try String(contentsOf: package.appendingPathComponent("Sources/ProjectModels/Note.swift"), encoding: .utf8)
        XCTAssertTrue(note.contains(#"public static let itemTypeID = "\#(modelID)""#), note)
        XCTAssertTrue(note.contains("public var title: String\n"), note)
        XCTAssertTrue(FileManager.default.fileExists(atPath: package.appendingPathComponent("models.json").path), "--save-schema wrote no export")

        let upToDate = try swift(["--allow-writing-to-package-directory", "generate-models-from-file", "models.json", "--output", "Sources/ProjectModels", "--check"], in: package)
        XCTAssertTrue(upToDate.output.contains("The generated models are up to date."), upToDate.output)

        try await send("POST", "/item-types/\(modelID)/fields",
                       #"{"data":{"type":"field","attributes":{"label":"Body","api_key":"body","field_type":"text"}}}"#, to: base)
        let drift = try ProcessRunner.run(
            ["DATOCMS_API_TOKEN=downstream-token", "swift", "package", "--allow-writing-to-package-directory", "--allow-network-connections", "all",
             "generate-models", "--base-url", base.absoluteString, "--output", "Sources/ProjectModels", "--check"],
            in: package)
        XCTAssertFalse(drift.succeeded, drift.output)
        XCTAssertTrue(drift.output.contains("+     public var body: String?"), drift.output)
        XCTAssertEqual(try String(contentsOf: package.appendingPathComponent("Sources/ProjectModels/Note.swift"), encoding: .utf8), note, "--check wrote")
    }

    /// Sends a JSON:API request to the simulator and waits for the job it starts, if any.
    private func send(_ method: String, _ path: String, _ body: String, to base: URL) async throws {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.httpBody = Data(body.utf8)
        for (name, value) in [("Authorization", "Bearer downstream-token"), ("X-Api-Version", "3"), ("Content-Type", "application/vnd.api+json")] {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw StepFailed(description: "\(method) \(path): \(status) \(String(decoding: data, as: UTF8.self))") }
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let job = document?["data"] as? [String: Any], job["type"] as? String == "job", let jobID = job["id"] as? String else { return }
        for _ in 0..<200 {
            var poll = URLRequest(url: base.appendingPathComponent("/job-results/\(jobID)"))
            poll.setValue("Bearer downstream-token", forHTTPHeaderField: "Authorization")
            poll.setValue("3", forHTTPHeaderField: "X-Api-Version")
            let (_, pollResponse) = try await URLSession.shared.data(for: poll)
            if (pollResponse as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StepFailed(description: "job \(jobID) of \(method) \(path) did not finish")
    }

    /// The README's layout of a target of your own is the fixture's `DashboardAPI`, file for file,
    /// and the Swift file it suggests is the fixture's.
    func testTheREADMEsTargetLayoutIsTheFixtures() throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "```\nSources/DashboardAPI/\n"),
            let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex)
        else { return XCTFail("README.md shows no layout of Sources/DashboardAPI/") }
        // Lines like "├── dashboard.hyperschema.json   the schema".
        let files = readme[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropFirst().first.map(String.init)
        }
        let fixture = Self.packageRoot.appendingPathComponent("Tests/Fixtures/DownstreamPackage/Sources/DashboardAPI")
        XCTAssertEqual(files.sorted(), try FileManager.default.contentsOfDirectory(atPath: fixture.path).sorted())
        let swiftFile = try String(contentsOf: fixture.appendingPathComponent("DashboardAPI.swift"), encoding: .utf8)
        XCTAssertTrue(readme.contains("// Sources/DashboardAPI/DashboardAPI.swift\n" + swiftFile), "README.md suggests another DashboardAPI.swift than the fixture's")
    }

    struct StepFailed: Error, CustomStringConvertible {
        var description: String
    }

    private let updateSchema = ["--allow-network-connections", "all", "--allow-writing-to-package-directory", "update-schema"]

    /// Runs `swift <arguments>`, failing the test with the output when it does not succeed.
    private func swift(_ arguments: [String], in directory: URL) throws -> ProcessRunner.Result {
        let command = arguments.first == "build" ? ["swift"] + arguments : ["swift", "package"] + arguments
        let result = try ProcessRunner.run(command, in: directory)
        guard result.succeeded else {
            throw StepFailed(description: "\(command.joined(separator: " ")) exited with \(result.status):\n\(result.output)")
        }
        return result
    }

    /// The steps a build ran as SwiftPM prints them (`[4/9] Linking x` → `Linking x`), without those
    /// every build prints and without SwiftPM's recompiling of plugin scripts, which it repeats on
    /// some builds with nothing changed whatever the plugin does (swift-package-manager#6596).
    private func steps(of build: ProcessRunner.Result) -> [String] {
        build.output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("["), let end = line.firstIndex(of: "]") else { return nil }
            let step = line[line.index(after: end)...].trimmingCharacters(in: .whitespaces)
            let everyBuild = step.hasPrefix("Write swift-version") || step == "Planning build" || step.hasPrefix("Compiling plugin ")
            return everyBuild ? nil : step
        }
    }

    /// A file the build plugin wrote for `target` (the outputs folder is named after the package's folder).
    private func generatedFile(_ name: String, target: String, in package: URL) throws -> URL {
        let outputs = package.appendingPathComponent(".build/plugins/outputs")
        let enumerator = FileManager.default.enumerator(at: outputs, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == name, url.path.contains("/\(target)/") { return url }
        }
        throw StepFailed(description: "no \(name) for \(target) under \(outputs.path)")
    }

    /// Copies the fixture, points it at this checkout and adds the official schema to its target
    /// (when `../shared` has it; else a stand-in).
    private func makeFixturePackage() throws -> URL {
        let fileManager = FileManager.default
        let destination = fileManager.temporaryDirectory.appendingPathComponent("datocms-downstream-\(UUID().uuidString)")
        try fileManager.copyItem(at: Self.packageRoot.appendingPathComponent("Tests/Fixtures/DownstreamPackage"), to: destination)
        let manifestURL = destination.appendingPathComponent("Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
            .replacingOccurrences(of: "DATOCMS_SWIFT_PATH", with: Self.packageRoot.path)
            // SwiftPM names a path dependency after its folder, lowercased.
            .replacingOccurrences(of: "DATOCMS_SWIFT_IDENTITY", with: Self.packageRoot.lastPathComponent.lowercased())
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
        if fileManager.fileExists(atPath: Self.officialSchema.path) {
            try fileManager.copyItem(at: Self.officialSchema,
                                     to: destination.appendingPathComponent("Sources/OfficialSiteAPI/site-api-hyperschema-2021-05.json"))
        } else {
            // SwiftPM plans every target's build-tool plugin even to run a command plugin, and the
            // plugin refuses a target without a schema: the dashboard's stands in. (The test that
            // builds the official client skips without ../shared.)
            try fileManager.copyItem(at: destination.appendingPathComponent("Sources/DashboardAPI/dashboard.hyperschema.json"),
                                     to: destination.appendingPathComponent("Sources/OfficialSiteAPI/dashboard.hyperschema.json"))
        }
        return destination
    }

    /// The dashboard schema with a `destroy` link added to `site`.
    private func addingDestroyLink(to schema: Data) throws -> Data {
        let text = String(decoding: schema, as: UTF8.self)
        let selfLink = "\"rel\": \"self\""
        let destroy = """
            "rel": "destroy", "method": "DELETE", "href": "/sites/{(%2Fschemata%2Fsite%23%2Fdefinitions%2Fsite%2Fdefinitions%2Fidentity)}", "title": "Delete a project",
                      "targetSchema": { "type": "object", "required": ["data"], "properties": { "data": { "$ref": "#/definitions/site" } } }
                    },
                    {
                      \(selfLink)
            """
        guard text.contains(selfLink) else { throw StepFailed(description: "the fixture schema has no self link to insert before") }
        return Data(text.replacingOccurrences(of: selfLink, with: destroy).utf8)
    }
}
