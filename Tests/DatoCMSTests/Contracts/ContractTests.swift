import DatoCMS
import DatoCMSGenerator
import DatoCMSSimulator
import Foundation
import XCTest

/// Every friendly function the client has, called once against the simulator (206/206 for
/// today's schema): the call must reach its endpoint and decode the answer, and the contract's
/// own checks must hold.
final class ContractTests: XCTestCase {
    /// What the generator made of the checked-in schema: `namespace.function` → method and path.
    struct GeneratedFunction {
        let method: String
        let pathPattern: NSRegularExpression
        let displayPath: String

        /// Whether one of `requests` was a call of this function (its method, a path of its shape).
        func wasCalled(in requests: [ReceivedRequest]) -> Bool {
            requests.contains { request in
                request.method == method
                    && pathPattern.firstMatch(in: request.path, range: NSRange(request.path.startIndex..., in: request.path)) != nil
            }
        }

        /// The path with each placeholder written `*`, e.g. `/items/*/publish`.
        var pathShape: String {
            "/" + displayPath.split(separator: "/").map { $0.hasPrefix("{") ? "*" : String($0) }.joined(separator: "/")
        }
    }

    static func generatedFunctions() throws -> [String: GeneratedFunction] {
        let schemaURL = packageRoot.appendingPathComponent("Schema/cma-hyperschema.json")
        let schema = try SchemaParser.parse(Array(try Data(contentsOf: schemaURL)), file: "cma-hyperschema.json")
        var translator = Translator()
        let module = try translator.translate(schema)
        var functions: [String: GeneratedFunction] = [:]
        for namespace in module.namespaces {
            for endpoint in namespace.endpoints {
                let pattern = "^" + NSRegularExpression.escapedPattern(for: endpoint.displayPath)
                    .replacingOccurrences(of: #"\\\{[^/]*?\\\}"#, with: "[^/]+", options: .regularExpression) + "$"
                functions["\(namespace.property).\(endpoint.name)"] = GeneratedFunction(
                    method: endpoint.method, pathPattern: try NSRegularExpression(pattern: pattern), displayPath: endpoint.displayPath)
            }
        }
        return functions
    }

    func testEveryGeneratedFunctionHasAContract() throws {
        let generated = Set(try Self.generatedFunctions().keys)
        let covered = Contracts.all.map(\.function)
        XCTAssertEqual(covered.count, Set(covered).count, "a function has two contracts: \(Dictionary(grouping: covered, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        XCTAssertEqual(generated.subtracting(covered).sorted(), [], "generated functions without a contract")
        XCTAssertEqual(Set(covered).subtracting(generated).sorted(), [], "contracts for functions the client does not have")
        XCTAssertEqual(generated.count, 206, "today's schema has 206 links; update this count with the schema")
    }

    func testEveryContractRoundTripsThroughTheSimulator() async throws {
        let functions = try Self.generatedFunctions()
        let contracts = Contracts.all
        // A few at a time: each has its own simulator, and the machine may have two cores.
        let failures = await withTaskGroup(of: String?.self, returning: [String].self) { group in
            var iterator = contracts.makeIterator()
            var failures: [String] = []
            func startNext() {
                guard let contract = iterator.next() else { return }
                group.addTask { await Self.check(contract, against: functions[contract.function]) }
            }
            for _ in 0..<4 { startNext() }
            for await failure in group {
                if let failure { failures.append(failure) }
                startNext()
            }
            return failures.sorted()
        }
        for failure in failures { XCTFail(failure) }
    }

    private static func check(_ contract: Contract, against function: GeneratedFunction?) async -> String? {
        guard let function else { return "\(contract.function): the client has no such function" }
        let harness: Harness
        do {
            harness = try Harness()
        } catch {
            return "\(contract.function): the simulator did not start: \(error)"
        }
        defer { harness.stop() }
        do {
            try await contract.run(harness)
        } catch {
            return "\(contract.function): \(error)"
        }
        return function.wasCalled(in: harness.simulator.receivedRequests()) ? nil : "\(contract.function): no \(function.method) \(function.displayPath) reached the simulator"
    }
}
