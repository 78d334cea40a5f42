import Foundation

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
