/// A problem in the input that stops generation: it names the file, the position and the
/// JSON pointer, so a build failure says exactly where to look.
public struct GeneratorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The schema file.
    public var file: String
    /// The JSON pointer of the offending value (`""` for the document itself).
    public var pointer: String
    /// The line (1-based), when known.
    public var line: Int?
    /// The column (1-based), when known.
    public var column: Int?
    /// What is wrong, and what to do about it.
    public var message: String

    /// Creates an error.
    public init(file: String, pointer: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.pointer = pointer
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message (at #/pointer)` — the format compilers use, so IDEs and
    /// SwiftPM show it at the right place.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): error: \(message) (at #\(pointer))"
    }
}

/// A note about something the generator did on its own (a renamed collision, a fallback to a
/// free-form JSON type), printed as a warning so the output never surprises silently.
public struct GeneratorWarning: Sendable, CustomStringConvertible, Equatable {
    /// The schema file.
    public var file: String
    /// The JSON pointer concerned.
    public var pointer: String
    /// The line, when known.
    public var line: Int?
    /// What happened.
    public var message: String
    /// A decision that loses nothing and needs no action (a fixed, documented rename), printed
    /// as `note:` so that builds do not count it as a warning.
    public var isNote = false

    /// `file:line: warning: message (at #/pointer)` (`note:` for a note).
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        return "\(location): \(isNote ? "note" : "warning"): \(message) (at #\(pointer))"
    }
}
