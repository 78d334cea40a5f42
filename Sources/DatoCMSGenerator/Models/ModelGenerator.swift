import Foundation

/// Generates a project's models as Swift types (issue 14): one `DatoCMSModel` struct per model and
/// block model, and an enum per field that accepts blocks; and checks existing files for drift.
public enum ModelGenerator {
    /// Generated files and what the generator decided on its own.
    public struct Output: Sendable {
        /// File names and contents, in a stable order.
        public var files: [(name: String, contents: String)]
        /// Renames and fallbacks, to print as warnings.
        public var warnings: [GeneratorWarning]
    }

    /// Generates the models described in `schemaBytes` (see ``ProjectSchema/parse(_:file:)``).
    /// `importedModule` is the module the files import (`DatoCMS`; `DatoCMSRuntime` works too).
    public static func generate(schemaBytes: [UInt8], file: String, importedModule: String = "DatoCMS") throws(GeneratorError) -> Output {
        let schema = try ProjectSchema.parse(schemaBytes, file: file)
        guard !schema.itemTypes.isEmpty else {
            throw GeneratorError(file: file, pointer: "", message: "no item_type resources found: export the project's models with `datocms-models --save-schema`")
        }
        var translator = ModelTranslator(schema: schema, file: file)
        let declarations = translator.translate()
        let renderer = ModelRenderer(importedModule: importedModule)
        return Output(files: declarations.map { ($0.fileName, renderer.render($0)) }, warnings: translator.warnings)
    }

    /// Whether `contents` is a file this generator wrote (and may therefore replace or delete).
    public static func isGenerated(_ contents: String) -> Bool {
        contents.hasPrefix(ModelRenderer.header)
    }

    /// How the generated files differ from those in a directory.
    public struct Drift: Sendable, Equatable, CustomStringConvertible {
        /// Files the project now needs that the directory lacks (a model was added).
        public var added: [String] = []
        /// Generated files whose model is gone from the project.
        public var removed: [String] = []
        /// Files whose contents changed, with a line diff each (`-` in the directory, `+` generated).
        public var changed: [ChangedFile] = []

        /// A file whose contents changed.
        public struct ChangedFile: Sendable, Equatable {
            /// The file name.
            public var name: String
            /// The lines that differ, with context.
            public var diff: String
        }

        /// Whether the directory is up to date.
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

        /// A report for people: the files and, for changed ones, the lines that differ.
        public var description: String {
            guard !isEmpty else { return "The generated models are up to date." }
            var lines: [String] = ["The project's models no longer match the generated code:"]
            for name in added { lines.append("+ \(name): a new model") }
            for name in removed { lines.append("- \(name): the model is gone") }
            for change in changed {
                lines.append("~ \(change.name):")
                lines.append(change.diff)
            }
            lines.append("Run generate-models (or generate-models-from-file) again without --check to update them.")
            return lines.joined(separator: "\n")
        }
    }

    /// Compares `output` with the generated files found in `directory` (files without the
    /// generator's header are the user's and are ignored).
    public static func drift(of output: Output, against directory: URL) -> Drift {
        var drift = Drift()
        let existing = generatedFiles(in: directory)
        for file in output.files {
            guard let current = existing[file.name] else {
                drift.added.append(file.name)
                continue
            }
            if current != file.contents {
                drift.changed.append(Drift.ChangedFile(name: file.name, diff: LineDiff.render(old: current, new: file.contents)))
            }
        }
        let names = Set(output.files.map(\.name))
        drift.removed = existing.keys.filter { !names.contains($0) }.sorted()
        return drift
    }

    /// Writes `output` into `directory` (creating it), and deletes the generated files of models
    /// that are gone. Returns the drift that was corrected.
    @discardableResult
    public static func write(_ output: Output, to directory: URL) throws -> Drift {
        let drift = drift(of: output, against: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let changed = Set(drift.added + drift.changed.map(\.name))
        for file in output.files where changed.contains(file.name) {
            try Data(file.contents.utf8).write(to: directory.appendingPathComponent(file.name), options: .atomic)
        }
        for name in drift.removed {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        return drift
    }

    /// The `.swift` files in `directory` that carry the generator's header, by name.
    private static func generatedFiles(in directory: URL) -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".swift") {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8), isGenerated(text) else { continue }
            files[name] = text
        }
        return files
    }
}
