import Foundation

/// Which JSON files are hyper-schemas. Shared by every plugin of the package through symbolic
/// links, since plugins cannot depend on a library of their own.
enum HyperSchemaFile {
    /// Whether the JSON at `url` is a hyper-schema: an object with `definitions` and a
    /// hyper-schema `$schema`.
    static func matches(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return root["definitions"] != nil && (root["$schema"] as? String)?.contains("hyper-schema") == true
    }
}
