/// A line diff for drift reports: the changed lines with a few lines of context, marked `-`
/// (old, listed first) and `+` (new), from a longest-common-subsequence alignment. Generated model files are
/// small (one model each), so the quadratic table is cheap.
enum LineDiff {
    static func render(old: String, new: String, context: Int = 2) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        enum Line { case same(String), removed(String), added(String) }
        var script: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                script.append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                script.append(.removed(a[i])); i += 1
            } else {
                script.append(.added(b[j])); j += 1
            }
        }
        let changedIndexes = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        var shown = Set<Int>()
        for index in changedIndexes {
            for near in max(0, index - context)...min(script.count - 1, index + context) { shown.insert(near) }
        }
        var lines: [String] = []
        var previous: Int?
        for index in shown.sorted() {
            if let previous, index != previous + 1 { lines.append("  …") }
            switch script[index] {
            case .same(let text): lines.append("  " + text)
            case .removed(let text): lines.append("- " + text)
            case .added(let text): lines.append("+ " + text)
            }
            previous = index
        }
        return lines.joined(separator: "\n")
    }
}
