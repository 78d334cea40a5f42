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
        if !extra.isEmpty { paragraphs.append(extra) }
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { line("///") }
            for text in paragraph { line(text.isEmpty ? "///" : "/// " + text) }
        }
    }

    /// Splits text into lines, trimming trailing spaces; HTML comments and CRs are dropped.
    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).trimmingTrailingWhitespace }
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
