// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "datocms-swift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        /// The generated DatoCMS Content Management API client (re-exports the runtime).
        .library(name: "DatoCMS", targets: ["DatoCMS"]),
        /// The hand-written runtime the generated code stands on: transport, requests, JSON:API, errors, jobs.
        .library(name: "DatoCMSRuntime", targets: ["DatoCMSRuntime"]),
        /// An in-memory DatoCMS CMA served over loopback HTTP, for tests and demos.
        .library(name: "DatoCMSSimulator", targets: ["DatoCMSSimulator"]),
        /// The code generator as a library (parse → translate → render).
        .library(name: "DatoCMSGenerator", targets: ["DatoCMSGenerator"]),
        /// Build-tool plugin: generates a client from a hyper-schema JSON.
        .plugin(name: "DatoCMSGeneratorPlugin", targets: ["DatoCMSGeneratorPlugin"]),
        /// Command plugin: `swift package update-schema` downloads, checks and replaces a hyper-schema.
        .plugin(name: "UpdateSchemaPlugin", targets: ["UpdateSchemaPlugin"]),
        /// Command plugin: `swift package update-schema-from-file` does the same from a local file, without network access.
        .plugin(name: "UpdateSchemaFromFilePlugin", targets: ["UpdateSchemaFromFilePlugin"]),
        /// Command plugin: `swift package build-docs` builds a module's documentation site with the toolchain's docc, failing on any warning.
        .plugin(name: "BuildDocsPlugin", targets: ["BuildDocsPlugin"]),
        .executable(name: "datocms-codegen", targets: ["datocms-codegen"]),
        .executable(name: "datocms-demo", targets: ["datocms-demo"]),
        .executable(name: "datocms-bench", targets: ["datocms-bench"]),
        .executable(name: "datocms-models", targets: ["datocms-models"]),
        /// Command plugin: `swift package generate-models` writes a project's models as Swift types, read from the API (see README).
        .plugin(name: "GenerateModelsPlugin", targets: ["GenerateModelsPlugin"]),
        /// Command plugin: `swift package generate-models-from-file` does the same from an export, without network access.
        .plugin(name: "GenerateModelsFromFilePlugin", targets: ["GenerateModelsFromFilePlugin"]),
    ],
    targets: [
        .target(name: "DatoCMSRuntime"),
        .target(
            name: "DatoCMS",
            dependencies: ["DatoCMSRuntime"],
            plugins: ["DatoCMSGeneratorPlugin"]
        ),
        .target(name: "DatoCMSGenerator"),
        .executableTarget(name: "datocms-codegen", dependencies: ["DatoCMSGenerator"]),
        .plugin(
            name: "DatoCMSGeneratorPlugin",
            capability: .buildTool(),
            dependencies: ["datocms-codegen"]
        ),
        .plugin(
            name: "UpdateSchemaPlugin",
            capability: .command(
                intent: .custom(verb: "update-schema", description: "Download a DatoCMS hyper-schema, check that it generates, and replace the checked-in one"),
                permissions: [
                    .allowNetworkConnections(
                        scope: .all(),
                        reason: "Downloads the hyper-schema (by default from site-api.datocms.com); for a local file, `update-schema-from-file` needs no network"
                    ),
                    .writeToPackageDirectory(reason: "Replaces the hyper-schema the client is generated from"),
                ]
            ),
            dependencies: ["datocms-codegen"]
        ),
        // A verb of its own because SwiftPM asks for a verb's permissions before running it.
        .plugin(
            name: "UpdateSchemaFromFilePlugin",
            capability: .command(
                intent: .custom(verb: "update-schema-from-file", description: "Check that a local hyper-schema file generates, and replace the checked-in one with it"),
                permissions: [.writeToPackageDirectory(reason: "Replaces the hyper-schema the client is generated from")]
            ),
            dependencies: ["datocms-codegen"]
        ),
        .executableTarget(name: "datocms-models", dependencies: ["DatoCMS", "DatoCMSGenerator"]),
        .plugin(
            name: "GenerateModelsPlugin",
            capability: .command(
                intent: .custom(verb: "generate-models", description: "Write a DatoCMS project's models as Swift types (from the API or an export), or check them for drift with --check"),
                permissions: [
                    .allowNetworkConnections(scope: .all(), reason: "Reads the project's models and fields from the DatoCMS API (not needed with --schema)"),
                    .writeToPackageDirectory(reason: "Writes the generated model files into --output"),
                ]
            ),
            dependencies: ["datocms-models"]
        ),
        .plugin(
            name: "GenerateModelsFromFilePlugin",
            capability: .command(
                intent: .custom(verb: "generate-models-from-file", description: "Write a DatoCMS project's models as Swift types from an export (generate-models --save-schema), or check them with --check"),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated model files into --output")]
            ),
            dependencies: ["datocms-models"]
        ),
        // docc from the toolchain, not swift-docc-plugin: the package takes no third-party dependency.
        .plugin(
            name: "BuildDocsPlugin",
            capability: .command(
                intent: .custom(verb: "build-docs", description: "Build the documentation of DatoCMS (or --target) as a static website with docc; fails on any warning or undocumented public symbol"),
                permissions: [.writeToPackageDirectory(reason: "Writes the documentation site to .build/docs (or --output)")]
            )
        ),
        // Serves the endpoints of Schema/ it was built with: the plugin embeds the schema's text
        // (datocms-codegen.json), and the generator's parser reads it.
        .target(name: "DatoCMSSimulator", dependencies: ["DatoCMSGenerator", "DatoCMSRuntime"], plugins: ["DatoCMSGeneratorPlugin"]),
        // Mixed operations through the SDK against a faulty simulator, then an audit of the records.
        .target(name: "DatoCMSSoak", dependencies: ["DatoCMS", "DatoCMSSimulator"]),
        .executableTarget(name: "datocms-demo", dependencies: ["DatoCMS", "DatoCMSGenerator", "DatoCMSSimulator"]),
        .executableTarget(name: "datocms-bench", dependencies: ["DatoCMSGenerator", "DatoCMSSoak", "DatoCMS", "DatoCMSSimulator"]),
        .testTarget(name: "DatoCMSGeneratorTests", dependencies: ["DatoCMSGenerator"]),
        .testTarget(name: "PluginTests", dependencies: ["DatoCMSSimulator"]),
        .testTarget(name: "DatoCMSSimulatorTests", dependencies: ["DatoCMSSimulator"]),
        .testTarget(name: "DatoCMSTests", dependencies: ["DatoCMS", "DatoCMSSimulator", "DatoCMSSoak", "DatoCMSGenerator"]),
    ]
)
