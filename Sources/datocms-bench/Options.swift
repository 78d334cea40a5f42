import Foundation

/// The median of `values` (the mean of the two middle ones for an even count); NaN when empty.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Reads a subcommand's `--name N` options, each a positive whole number; anything else prints
/// `usage` and exits.
func integerOptions(_ arguments: [String], allowed: Set<String>, usage: String) -> [String: Int] {
    var arguments = arguments
    var values: [String: Int] = [:]
    while !arguments.isEmpty {
        let argument = arguments.removeFirst()
        guard allowed.contains(argument), let value = arguments.isEmpty ? nil : Int(arguments.removeFirst()), value > 0 else { fail(usage) }
        values[argument] = value
    }
    return values
}
