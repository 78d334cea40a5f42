import Foundation

/// Placeholder until the subcommand lands (issue 13).
func runJobSchedule(_ arguments: [String]) async {
    print("not measured yet")
    exit(0)
}
