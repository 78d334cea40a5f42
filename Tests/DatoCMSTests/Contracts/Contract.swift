import DatoCMS
import DatoCMSSimulator
import Foundation

/// One generated friendly function, called against the simulator: the table that
/// ``ContractTests`` runs and checks for completeness.
///
/// `run` gets a fresh simulator and client, prepares what the call needs (through the SDK where
/// the API can create it, with ``DatoCMSSimulator/insertResource(type:id:attributes:relationships:parent:)``
/// where it cannot), makes the call and checks what it got back. The runner also checks that the
/// call reached the function's endpoint (method and path) and was answered with a 2xx.
struct Contract: Sendable {
    /// `namespace.function` as the client spells it, e.g. `webhooks.create`.
    let function: String
    let run: @Sendable (Harness) async throws -> Void

    init(_ function: String, _ run: @escaping @Sendable (Harness) async throws -> Void) {
        self.function = function
        self.run = run
    }
}

/// A check inside a contract that failed.
struct ContractViolation: Error, CustomStringConvertible {
    let description: String
}

/// Fails the contract with `message` unless `condition` holds.
func expect(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String,
            file: StaticString = #filePath, line: UInt = #line) throws {
    guard try condition() else { throw ContractViolation(description: "\(message()) (\(file):\(line))") }
}

/// Fails the contract unless `actual == expected`.
func expectEqual<Value: Equatable>(_ actual: Value, _ expected: Value, _ what: String = "value",
                                   file: StaticString = #filePath, line: UInt = #line) throws {
    guard actual == expected else {
        throw ContractViolation(description: "\(what): got \(actual), expected \(expected) (\(file):\(line))")
    }
}

extension Harness {
    /// A harness around a client pointed elsewhere (see ``ContractShapeTests``).
    init(simulator: DatoCMSSimulator, client: DatoCMSClient, serverRequests: @escaping @Sendable () -> [ReceivedRequest]) {
        self.simulator = simulator
        self.client = client
        self.serverRequests = serverRequests
    }

    /// Puts a resource of a type the API cannot create into the simulator; returns its ID.
    @discardableResult
    func seed(_ type: String, _ attributes: [String: DatoCMSSimulator.JSON] = [:],
              relationships: [String: DatoCMSSimulator.JSON] = [:], parent: (type: String, id: String)? = nil) -> String {
        simulator.insertResource(type: type, attributes: attributes, relationships: relationships, parent: parent).id
    }

    /// A model with `title`/`slug` and one record of it.
    func makeRecord() async throws -> Item<Article> {
        let model = try await makeModel()
        return try await makeRecords(1, model: model)[0]
    }
}

extension Array {
    /// The element at `index`, or a contract failure (a subscript would crash the whole test run
    /// when an answer is shorter than expected).
    func element(_ index: Int, file: StaticString = #filePath, line: UInt = #line) throws -> Element {
        guard indices.contains(index) else {
            throw ContractViolation(description: "expected at least \(index + 1) element(s), got \(count) (\(file):\(line))")
        }
        return self[index]
    }
}
