import DatoCMSSimulator
import DatoCMSSoak
import XCTest

/// A CI-sized soak: mixed operations through the SDK against a simulator injecting random faults
/// into one request in ten. Retries must never create a record twice or lose one, every failure
/// must be a typed error, and the faults must really have happened.
final class SoakTests: XCTestCase {
    func testThreeHundredOperationsUnderTenPercentFaultsStayConsistent() async throws {
        let report = try await SoakRun(configuration: .init(operations: 300, faultRate: 0.1, seed: 20_251_130, concurrency: 4)).run()

        XCTAssertEqual(report.operations, 300)
        XCTAssertEqual(report.duplicates, [], "\(report)")
        XCTAssertEqual(report.losses, [], "\(report)")
        XCTAssertEqual(report.staleUpdates, [], "\(report)")
        XCTAssertEqual(report.undeleted, [], "\(report)")
        XCTAssertEqual(report.wrongAnswers, [], "\(report)")
        XCTAssertEqual(report.untypedFailures, 0, "\(report)")
        XCTAssertTrue(report.isClean)
        // The run proves something only if faults hit it, including the ones that lose an answer
        // after the write.
        XCTAssertGreaterThan(report.faultCount, 15, "\(report)")
        XCTAssertGreaterThan(report.faults["dropAfterProcessing", default: 0], 0, "\(report)")
        let failed = report.tallies.values.reduce(0) { $0 + $1.failed }
        XCTAssertGreaterThan(failed, 0, "some faults cannot be retried away (POSTs, corrupt 2xx answers)")
        XCTAssertGreaterThan(report.tallies[.create]?.succeeded ?? 0, 50)
    }

    func testTheAuditCatchesADuplicate() async throws {
        // The audit itself must be able to fail: replaying POSTs (which the policy forbids by
        // default) under drops after processing creates duplicates, and the report must say so.
        let report = try await SoakRun(configuration: .init(
            operations: 120, faultRate: 0.3, seed: 5, concurrency: 2,
            faultKinds: [.dropConnectionAfterProcessing], replayNonIdempotentRequests: true)).run()

        XCTAssertFalse(report.duplicates.isEmpty, "\(report)")
        XCTAssertFalse(report.isClean)
    }
}
