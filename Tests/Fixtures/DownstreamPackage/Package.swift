// swift-tools-version:6.0
// A package of a user of datocms-swift, applying its build-tool plugin to targets of its own.
// Tests copy it to a temporary folder, fill in the placeholders below and add DatoCMS's official
// schema to OfficialSiteAPI (that file is read from ../shared, never committed).
import PackageDescription

let package = Package(
    name: "downstream",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "DATOCMS_SWIFT_PATH")],
    targets: [
        .target(
            name: "OfficialSiteAPI",
            dependencies: [.product(name: "DatoCMSRuntime", package: "DATOCMS_SWIFT_IDENTITY")],
            plugins: [.plugin(name: "DatoCMSGeneratorPlugin", package: "DATOCMS_SWIFT_IDENTITY")]
        ),
        .target(
            name: "DashboardAPI",
            dependencies: [.product(name: "DatoCMSRuntime", package: "DATOCMS_SWIFT_IDENTITY")],
            plugins: [.plugin(name: "DatoCMSGeneratorPlugin", package: "DATOCMS_SWIFT_IDENTITY")]
        ),
        // The mistake the README warns about: a schema and options but no Swift file. SwiftPM leaves
        // such a target out (swift-package-manager#8061); the tests check that it still does, and that
        // update-schema explains it.
        .target(
            name: "SchemaOnlyAPI",
            dependencies: [.product(name: "DatoCMSRuntime", package: "DATOCMS_SWIFT_IDENTITY")],
            plugins: [.plugin(name: "DatoCMSGeneratorPlugin", package: "DATOCMS_SWIFT_IDENTITY")]
        ),
        .executableTarget(
            name: "downstream-check",
            dependencies: ["OfficialSiteAPI", "DashboardAPI", .product(name: "DatoCMSSimulator", package: "DATOCMS_SWIFT_IDENTITY")]
        ),
    ]
)
