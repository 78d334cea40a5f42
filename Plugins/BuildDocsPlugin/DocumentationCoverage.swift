import Foundation

/// The parts of a symbol graph file (the compiler's `*.symbols.json`) this command reads.
enum SymbolGraph {
    /// Enough to tell the platform a module was built for.
    struct Header: Decodable {
        var module: Module
    }

    struct Module: Decodable {
        var name: String
        var platform: Platform
    }

    struct Platform: Decodable {
        struct OperatingSystem: Decodable {
            var name: String
            var minimumVersion: Version?
        }
        struct Version: Decodable {
            var major: Int
            var minor: Int?
            var patch: Int?
        }
        var architecture: String?
        var vendor: String?
        var operatingSystem: OperatingSystem?
        var environment: String?

        /// The target triple the graph was extracted for; Apple platforms need the deployment
        /// version in it (a module built for macOS 13 cannot be loaded for an older one).
        var triple: String {
            var system = operatingSystem?.name ?? "unknown"
            if let version = operatingSystem?.minimumVersion {
                system += "\(version.major).\(version.minor ?? 0)"
                if let patch = version.patch, patch != 0 { system += ".\(patch)" }
            }
            var parts = [architecture ?? "unknown", vendor ?? "unknown", system]
            if let environment { parts.append(environment) }
            return parts.joined(separator: "-")
        }
    }

    struct File: Decodable {
        var module: Module
        var symbols: [Symbol]
        var relationships: [Relationship]
    }

    struct Symbol: Decodable {
        struct Kind: Decodable { var identifier: String }
        struct Identifier: Decodable { var precise: String }
        struct DocComment: Decodable {}
        struct Location: Decodable {
            struct Position: Decodable {
                var line: Int
                var character: Int
            }
            var uri: String
            var position: Position
        }
        var kind: Kind
        var identifier: Identifier
        var pathComponents: [String]
        var docComment: DocComment?
        var location: Location?
    }

    struct Relationship: Decodable {
        struct Origin: Decodable { var identifier: String }
        var kind: String
        var source: String
        var target: String
        /// Set when `source` implements the protocol requirement named here.
        var sourceOrigin: Origin?
    }
}

/// Which public symbols have documentation, by where they come from (a hand-written target, or code
/// a build plugin generated). A symbol is documented by its own `///` comment, or — for a
/// protocol requirement's implementation such as `init(from:)` or `description` — by the
/// requirement's, which `docc` shows as "Inherited from `Decodable.init(from:)`". Extension blocks
/// (`extension String`) are not declarations of their own and are not counted.
struct DocumentationCoverage {
    /// A public symbol without any documentation.
    struct Undocumented {
        var path: String
        var file: String?
        var line: Int
        var column: Int

        /// In the compiler's format, so editors and CI logs link it to the declaration.
        var diagnostic: String {
            let place = file.map { "\($0):\(line):\(column): " } ?? ""
            return "\(place)warning: public symbol '\(path)' has no documentation comment"
        }
    }

    /// The counts for one origin of symbols.
    struct Tally {
        var total = 0
        var ownComment = 0
        var byProtocol = 0
        var protocolOnly: [String] = []
        var documented: Int { ownComment + byProtocol }
    }

    private(set) var tallies: [String: Tally] = [:]
    private(set) var undocumented: [Undocumented] = []

    init(graphDirectory: URL, module: String, packageSources: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: graphDirectory.path)
            .filter { $0.hasSuffix(".symbols.json") }.sorted()
        guard names.contains("\(module).symbols.json") else {
            throw DocsError("swift-symbolgraph-extract wrote no \(module).symbols.json in \(graphDirectory.path)")
        }
        let sourcesPrefix = packageSources.standardizedFileURL.path + "/"
        for name in names {
            let file = try JSONDecoder().decode(SymbolGraph.File.self, from: Data(contentsOf: graphDirectory.appending(path: name)))
            let implementations = Set(file.relationships.filter { $0.sourceOrigin != nil || $0.kind == "defaultImplementationOf" }.map(\.source))
            for symbol in file.symbols where symbol.kind.identifier != "swift.extension" {
                let path = symbol.pathComponents.joined(separator: ".")
                let filePath = symbol.location.flatMap { URL(string: $0.uri)?.path }
                let origin = Self.origin(of: symbol, filePath: filePath, sourcesPrefix: sourcesPrefix)
                var tally = tallies[origin, default: Tally()]
                tally.total += 1
                if symbol.docComment != nil {
                    tally.ownComment += 1
                } else if implementations.contains(symbol.identifier.precise) {
                    tally.byProtocol += 1
                    tally.protocolOnly.append(path)
                } else {
                    undocumented.append(Undocumented(
                        path: path, file: filePath, line: (symbol.location?.position.line ?? 0) + 1,
                        column: (symbol.location?.position.character ?? 0) + 1))
                }
                tallies[origin] = tally
            }
        }
    }

    /// `DatoCMS (generated)` for a symbol declared in a build plugin's output, `DatoCMSRuntime` for
    /// one in `Sources/DatoCMSRuntime` (of this package or a dependency); without a location (members
    /// the compiler wrote), the module named in the symbol's mangled identifier.
    static func origin(of symbol: SymbolGraph.Symbol, filePath: String?, sourcesPrefix: String) -> String {
        if let filePath {
            if let range = filePath.range(of: "/plugins/outputs/") {
                // …/plugins/outputs/<package>/<target>/destination/<plugin>/…
                let components = filePath[range.upperBound...].split(separator: "/")
                if components.count > 1 { return "\(components[1]) (generated)" }
            }
            let inPackage = filePath.hasPrefix(sourcesPrefix) ? filePath.dropFirst(sourcesPrefix.count) : nil
            let inDependency = filePath.range(of: "/Sources/", options: .backwards).map { filePath[$0.upperBound...] }
            if let target = (inPackage ?? inDependency)?.split(separator: "/").first { return String(target) }
            return "other"
        }
        // Swift USRs start with s:<length><module name>.
        let usr = symbol.identifier.precise
        guard usr.hasPrefix("s:") else { return "other" }
        let rest = usr.dropFirst(2)
        let digits = rest.prefix(while: \.isNumber)
        guard let length = Int(digits), length > 0 else { return "other" }
        return String(rest.dropFirst(digits.count).prefix(length))
    }

    /// One line per origin; with `listingAll`, every symbol documented only by its protocol too.
    func printSummary(listingAll: Bool) {
        say("Public symbols documented:")
        for (origin, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            let missing = tally.total - tally.documented
            say("  \(origin): \(tally.documented) of \(tally.total) (\(tally.ownComment) by their own comment, \(tally.byProtocol) by the protocol requirement they implement)\(missing > 0 ? "; \(missing) undocumented" : "")")
            if listingAll {
                for path in tally.protocolOnly.sorted() { say("      by protocol: \(path)") }
            }
        }
    }
}
