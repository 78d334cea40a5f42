import Foundation
import XCTest

@testable import DatoCMSGenerator

/// Seeded random mutations of real schemas thrown at the whole generator: every one must end in
/// generated files or a `GeneratorError` naming a position, never a crash or a hang. A failure
/// prints the seed and mutation number, so it replays exactly.
final class FuzzTests: XCTestCase {
    /// Fixed so CI is reproducible; change it locally (`DATOCMS_FUZZ_SEED`) to explore.
    private var seed: UInt64 { ProcessInfo.processInfo.environment["DATOCMS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_DA70 }

    /// Many rounds on the small fixtures (fast), a few on the large real schemas (slow in debug).
    /// Every fourth generated output of the fixtures is type-checked, and every tenth of the large
    /// schemas: type-checking costs about 0.6 s per fixture output and seconds per copy of the
    /// official schema, so checking them all would add minutes to CI.
    func testMutationsOfTheFixtures() throws {
        try fuzz(Support.bytes(Fixtures.library), name: "library", rounds: 400, typeCheckEvery: 4)
        try fuzz(Support.bytes(Fixtures.oddNames), name: "oddNames", rounds: 150, typeCheckEvery: 4)
    }

    func testMutationsOfTheCheckedInSchema() throws {
        try fuzz(Array(Data(contentsOf: Support.checkedInSchema)), name: "cma-hyperschema.json", rounds: 60, typeCheckEvery: 10)
    }

    func testMutationsOfTheOfficialSchema() throws {
        try fuzz(Array(Data(contentsOf: Support.requireSiteAPISchema())), name: "site-api-hyperschema-2021-05.json", rounds: 30, typeCheckEvery: 10)
    }

    /// Options that give round `round`'s output names of its own, so many outputs type-check together.
    private static func options(round: Int) -> GeneratorOptions {
        GeneratorOptions(clientName: "Fuzz\(round)Client", filePrefix: "F\(round)_", typePrefix: "F\(round)")
    }

    /// Type-checks `outputs` in one compiler run; on failure, finds and names the rounds that fail.
    private func typeCheck(_ outputs: [(label: String, output: Generator.Output)], name: String) throws {
        guard !outputs.isEmpty else { return }
        let batch = try TypeChecker.check(outputs.map(\.output))
        XCTAssertEqual(batch.warnings, [], "\(name): generated code with warnings")
        guard !batch.succeeded else { return }
        for (label, output) in outputs {
            let single = try TypeChecker.check(output)
            XCTAssertTrue(single.succeeded, "\(label): the generated code does not compile:\n\(single.log.prefix(2000))")
        }
    }

    private func fuzz(_ original: [UInt8], name: String, rounds: Int, typeCheckEvery: Int = 1) throws {
        let tree = try JSONReader.parse(original)
        var random = SplitMix64(seed: seed ^ UInt64(name.utf8.count))
        var outcomes: [String: Int] = [:]
        var pending: [(label: String, output: Generator.Output)] = []
        for round in 0..<rounds {
            var mutator = Mutator(random: random, root: tree)
            let (bytes, mutation) = mutator.mutate(original)
            random = mutator.random
            let label = "seed \(seed), round \(round) (\(mutation))"
            let options = Self.options(round: round)
            let outcome = try runWithDeadline(label) { () -> String in
                do throws(GeneratorError) {
                    let output = try Generator.generate(schemaBytes: bytes, file: "fuzzed.json", options: options)
                    return output.files.isEmpty ? "no files" : "generated"
                } catch {
                    // A diagnostic must say where: a pointer or a line.
                    return error.pointer.isEmpty && error.line == nil ? "error without position: \(error)" : "rejected"
                }
            }
            XCTAssertTrue(outcome == "generated" || outcome == "rejected", "\(label): \(outcome)")
            outcomes[outcome, default: 0] += 1
            // Whatever the generator accepts must compile.
            if outcome == "generated", outcomes["generated", default: 0] % typeCheckEvery == 0 {
                pending.append((label, try Generator.generate(schemaBytes: bytes, file: "fuzzed.json", options: options)))
                if pending.count == 40 {
                    try typeCheck(pending, name: name)
                    pending = []
                }
            }
        }
        try typeCheck(pending, name: name)
        // Both paths must be exercised, or the mutations are too timid (or too wild) to mean much.
        XCTAssertGreaterThan(outcomes["generated", default: 0], rounds / 10, "\(name): \(outcomes)")
        XCTAssertGreaterThan(outcomes["rejected", default: 0], rounds / 10, "\(name): \(outcomes)")
        print("fuzz \(name): \(outcomes.sorted { $0.key < $1.key })")
    }

    /// Runs `body` on a thread of its own and fails (instead of hanging the suite) when it does
    /// not finish in time.
    private func runWithDeadline(_ label: String, seconds: Double = 60, _ body: @escaping @Sendable () -> String) throws -> String {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.set(body())
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else {
            XCTFail("\(label): the generator did not finish within \(Int(seconds)) s")
            throw XCTSkip("stopped after a hang")
        }
        return box.value ?? "no result"
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var value: String? { lock.withLock { stored } }
    func set(_ value: String) { lock.withLock { stored = value } }
}

/// A small, fast, seedable generator (so runs replay exactly across platforms).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations: structural ones on the parsed tree (re-serialized), and raw byte damage.
private struct Mutator {
    var random: SplitMix64
    let root: JSONNode

    private static let oddKeys = ["", "self", "Self", "default", "1st", "filter[ids]", "a b", "é", "type", "$ref", "properties", "client", "Item"]
    private static let typeNames = ["string", "integer", "number", "boolean", "object", "array", "null", "date", "any"]

    mutating func mutate(_ original: [UInt8]) -> (bytes: [UInt8], mutation: String) {
        let pointers = collectPointers(root)
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            let cut = Int.random(in: 0..<original.count, using: &random)
            return (Array(original[..<cut]), "truncated at byte \(cut)")
        case 1:
            var bytes = original
            let at = Int.random(in: 0..<bytes.count, using: &random)
            let junk: [UInt8] = [0x7B, 0x7D, 0x5B, 0x5D, 0x22, 0x2C, 0x3A, 0x00, 0xFF, 0x5C]
            bytes[at] = junk.randomElement(using: &random)!
            return (bytes, "byte \(at) replaced")
        default:
            let target = pointers.randomElement(using: &random)!
            let kind = Int.random(in: 0..<7, using: &random)
            let tree = transform(root, at: target.tokens[...], kind: kind, pointers: pointers)
            return (Array(tree.serialized().utf8), "structural \(kind) at #\(target)")
        }
    }

    private func collectPointers(_ node: JSONNode) -> [JSONPointer] {
        var result = [node.pointer]
        switch node.value {
        case .object(let members): for member in members { result += collectPointers(member.value) }
        case .array(let elements): for element in elements { result += collectPointers(element) }
        default: break
        }
        return result
    }

    /// Applies mutation `kind` to the node at `path`.
    private mutating func transform(_ node: JSONNode, at path: ArraySlice<String>, kind: Int, pointers: [JSONPointer]) -> JSONNode {
        var node = node
        guard let token = path.first else { return mutateHere(node, kind: kind, pointers: pointers) }
        switch node.value {
        case .object(var members):
            if let index = members.lastIndex(where: { $0.key == token }) {
                members[index].value = transform(members[index].value, at: path.dropFirst(), kind: kind, pointers: pointers)
            }
            node.value = .object(members)
        case .array(var elements):
            if let index = Int(token), elements.indices.contains(index) {
                elements[index] = transform(elements[index], at: path.dropFirst(), kind: kind, pointers: pointers)
            }
            node.value = .array(elements)
        default: break
        }
        return node
    }

    private mutating func mutateHere(_ node: JSONNode, kind: Int, pointers: [JSONPointer]) -> JSONNode {
        var node = node
        switch kind {
        case 0: // Replace with a value of another kind.
            let values: [JSONNode.Value] = [.null, .bool(true), .number("-1"), .string("x"), .array([]), .object([])]
            node.value = values.randomElement(using: &random)!
        case 1: // Drop a member or an element.
            if case .object(var members) = node.value, !members.isEmpty {
                members.remove(at: Int.random(in: 0..<members.count, using: &random))
                node.value = .object(members)
            } else if case .array(var elements) = node.value, !elements.isEmpty {
                elements.remove(at: Int.random(in: 0..<elements.count, using: &random))
                node.value = .array(elements)
            }
        case 2: // Rename a member to an awkward name.
            if case .object(var members) = node.value, !members.isEmpty {
                let index = Int.random(in: 0..<members.count, using: &random)
                members[index].key = Self.oddKeys.randomElement(using: &random)!
                node.value = .object(members)
            }
        case 3: // Duplicate a member (same key twice).
            if case .object(var members) = node.value, let member = members.randomElement(using: &random) {
                members.append(member)
                node.value = .object(members)
            }
        case 4: // Point a `$ref` anywhere in the document (possibly at itself, making a cycle).
            let target = pointers.randomElement(using: &random)!
            node.value = .object([(key: "$ref", value: JSONNode(value: .string("#" + target.description), line: 1, column: 1, pointer: node.pointer))])
        case 5: // A `type` list, possibly with unknown names.
            let count = Int.random(in: 1...3, using: &random)
            let names = (0..<count).map { _ in JSONNode(value: .string(Self.typeNames.randomElement(using: &random)!), line: 1, column: 1, pointer: node.pointer) }
            node.value = .object([(key: "type", value: JSONNode(value: .array(names), line: 1, column: 1, pointer: node.pointer))])
        default: // Nest the value deeper under an awkward key.
            node = JSONNode(value: .object([(key: Self.oddKeys.randomElement(using: &random)!, value: node)]), line: node.line, column: node.column, pointer: node.pointer)
        }
        return node
    }
}
