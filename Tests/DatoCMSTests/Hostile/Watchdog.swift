import DatoCMS
import Foundation
import XCTest

/// What ``finishes(within:file:line:_:)`` reports for a call that did not end.
struct StillRunning: Error {}

/// Runs `body`, failing the test (and cancelling it) if it has not finished after `seconds`: for
/// calls that, unfixed, would never return. The bound is wide on purpose: it tells "ends" from "hangs".
func finishes<T: Sendable>(
    within seconds: Double, file: StaticString = #filePath, line: UInt = #line,
    _ body: @escaping @Sendable () async throws -> T
) async -> Result<T, any Error>? {
    let outcome: Result<T, any Error> = await withTaskGroup(of: Result<T, any Error>.self) { group in
        group.addTask {
            do { return .success(try await body()) } catch { return .failure(error) }
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return .failure(StillRunning())
        }
        let first = await group.next()!
        group.cancelAll()
        return first
    }
    if case .failure(let error) = outcome, error is StillRunning {
        XCTFail("still running after \(seconds) s", file: file, line: line)
        return nil
    }
    return outcome
}
