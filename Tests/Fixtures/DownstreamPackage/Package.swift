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
        .executableTarget(
            name: "downstream-check",
            dependencies: ["OfficialSiteAPI", "DashboardAPI", .product(name: "DatoCMSSimulator", package: "DATOCMS_SWIFT_IDENTITY")]
        ),
    ]
)
