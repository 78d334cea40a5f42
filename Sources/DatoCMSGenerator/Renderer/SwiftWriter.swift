import Foundation

/// Accumulates Swift source text with indentation and `///` documentation.
struct SwiftWriter {
    private(set) var text = ""
    private var level = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: level) + content + "\n"
        }
    }

    mutating func indent(_ body: (inout SwiftWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// Opens `header {`, writes the body indented, closes `}`.
    mutating func block(_ header: String, _ body: (inout SwiftWriter) -> Void) {
        line(header + " {")
        indent(body)
        line("}")
    }

    /// Writes documentation as `///` lines: summary, then each detail paragraph, then extra lines.
    mutating func doc(_ documentation: Documentation, extra: [String] = []) {
        var paragraphs: [[String]] = []
        if let summary = documentation.summary { paragraphs.append(Self.lines(summary)) }
        for detail in documentation.details { paragraphs.append(Self.lines(detail)) }
        // Extra lines quote schema text too (parameter summaries, deprecation notes).
        if !extra.isEmpty { paragraphs.append(extra.flatMap(Self.lines)) }
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { line("///") }
            for text in paragraph { line(text.isEmpty ? "///" : "/// " + text) }
        }
    }

    /// Splits schema text into lines for a `///` comment, trimming trailing spaces.
    ///
    /// Schema text is untrusted: every character Swift (or an editor) could take as the end of a line
    /// — CR, CRLF, NEL, VT, FF, U+2028, U+2029 — starts a new comment line rather than ending the
    /// comment, and other control characters (NUL included) are dropped, so no description can
    /// break out of its comment into code.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCR:
                continue  // the LF of a CRLF: the CR already ended the line
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                lines.append(String(current).trimmingTrailingWhitespace)
                current = String.UnicodeScalarView()
            case 0x09:
                current.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0, 0xFEFF:
                continue
            default:
                current.append(scalar)
            }
        }
        lines.append(String(current).trimmingTrailingWhitespace)
        return lines
    }

    /// A Swift string literal for `value`.
    static func literal(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result)
    }
}
