import DatoCMSSimulator
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clients that misbehave at the connection level: they connect and fall silent, or arrive when
/// the process has no descriptor left to accept them with.
final class HostileLoadTests: XCTestCase {
    func testSilentConnectionsAreClosedAfterTheIdleTimeoutButSlowAndBusyOnesAreNot() throws {
        let (simulator, client) = try startSimulator(.init(idleConnectionTimeout: .seconds(1)))
        defer { simulator.stop() }
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        let silent = try XCTUnwrap(RawHTTP.connect(port: port))
        defer { close(silent) }
        let stalledMidHead = try XCTUnwrap(RawHTTP.connect(port: port))
        defer { close(stalledMidHead) }
        sendText(stalledMidHead, "GET /item-types HTTP/1.1\r\nHost: x\r\n")

        // Both clients below outlast the timeout in total while never pausing for long, so they
        // show the timeout counts silence, not the age of a connection or request.
        let busy = try XCTUnwrap(RawHTTP.connect(port: port))
        defer { close(busy) }
        let requestCount = 15
        for index in 0..<requestCount {
            if index > 0 { Thread.sleep(forTimeInterval: 0.1) }
            let last = index == requestCount - 1 ? "Connection: close\r\n" : ""
            sendText(busy, "GET /item-types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\n\(last)\r\n")
        }
        let answers = readUntilClosed(busy, timeout: 20)
        XCTAssertEqual(answers.text.components(separatedBy: "HTTP/1.1 200 OK").count - 1, requestCount, answers.text)

        let model = #"{"data":{"type":"item_type","attributes":{"name":"Tag","api_key":"tag"}}}"#
        let request = Array(("POST /item-types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\n"
            + "Content-Length: \(model.utf8.count)\r\nConnection: close\r\n\r\n" + model).utf8)
        let pieceSize = request.count / 15 + 1
        let pieces = stride(from: 0, to: request.count, by: pieceSize).map { Array(request[$0..<min($0 + pieceSize, request.count)]) }
        let slow = try RawHTTP.exchange(port: port, pieces, pause: 0.1, timeout: 20)
        XCTAssertTrue(slow.hasPrefix("HTTP/1.1 201 "), slow)

        let deadline = Date().addingTimeInterval(20)
        for (name, descriptor) in [("silent", silent), ("stalled mid-head", stalledMidHead)] {
            let outcome = readUntilClosed(descriptor, timeout: deadline.timeIntervalSinceNow)
            XCTAssertTrue(outcome.closed, "the \(name) connection is still open")
            XCTAssertEqual(outcome.text, "", "the \(name) connection is closed without an answer")
        }
    }

    func testAcceptingBacksOffInsteadOfSpinningWhenOutOfDescriptors() throws {
        #if !os(Linux)
        throw XCTSkip("finds the open descriptors through /proc/self/fd, which only Linux has")
        #else
        // Out of descriptors in a process of its own. Whatever else runs in the test process at
        // that moment (the end of an earlier test's transfers, URLSession's teardown) could need
        // one, and on Linux libdispatch cannot do without: its once-a-second check of its worker
        // threads opens /proc/<tid>/stat whenever work is waiting, and traps when that open
        // fails — killing every test at once with signal 4, and no backtrace, since the
        // backtracer cannot be loaded without a descriptor either.
        guard ProcessInfo.processInfo.environment[outOfDescriptorsChild] != nil else {
            return try runAloneInChildProcess("DatoCMSSimulatorTests.HostileLoadTests/testAcceptingBacksOffInsteadOfSpinningWhenOutOfDescriptors")
        }
        let (simulator, client) = try startSimulator()
        defer { simulator.stop() }
        let port = try XCTUnwrap(client.baseURL.port.map(UInt16.init))

        // The limit caps descriptor numbers, not their count: just above the highest open one,
        // every free number below it can be taken by this test's own sockets.
        let highest = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { Int($0) }.max() ?? 2
        var original = rlimit()
        XCTAssertEqual(getrlimit(fileLimit, &original), 0)
        var lowered = original
        lowered.rlim_cur = rlim_t(highest + 1 + 16)
        guard lowered.rlim_cur < original.rlim_cur else { throw XCTSkip("the descriptor limit is already too low to lower") }
        guard setrlimit(fileLimit, &lowered) == 0 else { throw XCTSkip("cannot lower RLIMIT_NOFILE (errno \(errno))") }
        defer { _ = setrlimit(fileLimit, &original) }

        var fillers: [Int32] = []
        var pending: [Int32] = []
        defer { for descriptor in fillers + pending { close(descriptor) } }
        var failure: Int32 = 0
        while fillers.count < 100_000 {
            guard let descriptor = RawHTTP.makeSocket() else { failure = errno; break }
            fillers.append(descriptor)
        }
        guard failure == EMFILE, fillers.count > 4 else {
            return XCTFail("expected to run out of descriptors after a few sockets: \(fillers.count) opened, errno \(failure)")
        }
        // Connecting a socket needs no new descriptor, but accepting it does.
        pending = Array(fillers.suffix(4))
        fillers.removeLast(pending.count)
        for descriptor in pending { XCTAssertTrue(RawHTTP.connect(descriptor, port: port)) }
        // The last in the accept queue: should another thread free a descriptor or two meanwhile,
        // the server takes the first connections with them and this one still waits.
        let probe = pending[pending.count - 1]
        sendText(probe, "GET /item-types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n\r\n")

        let cpuBefore = processCPUSeconds()
        let answeredEarly = waitReadable(probe, timeout: 1)
        let cpuUsed = processCPUSeconds() - cpuBefore
        XCTAssertFalse(answeredEarly, "the server accepted although the process was out of descriptors")
        // Spinning takes a core: about 1 s of CPU here on an idle machine, still over 0.3 s on a
        // busy one; backing off takes a few milliseconds.
        XCTAssertLessThan(cpuUsed, 0.1, "CPU seconds used in one second while connections waited to be accepted")

        for descriptor in fillers { close(descriptor) }
        fillers = []
        XCTAssertEqual(setrlimit(fileLimit, &original), 0)
        let answer = readUntilClosed(probe, timeout: 20)
        XCTAssertTrue(answer.text.hasPrefix("HTTP/1.1 200 "), "a request queued meanwhile is served: \(answer.text)")
        let fresh = try RawHTTP.exchange(port: port, "GET /item-types HTTP/1.1\r\nAuthorization: Bearer sim-token\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(fresh.hasPrefix("HTTP/1.1 200 "), "a new connection is served: \(fresh)")
        #endif
    }
}


private func sendText(_ descriptor: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
}

/// Whether `descriptor` became readable (data or end of stream) within `timeout` seconds.
private func waitReadable(_ descriptor: Int32, timeout: TimeInterval) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let remaining = Int32(deadline.timeIntervalSinceNow * 1000)
        guard remaining > 0 else { return false }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&entry, 1, remaining) > 0 { return true }
    }
}

/// Reads until the server closes the connection or `timeout` seconds pass.
private func readUntilClosed(_ descriptor: Int32, timeout: TimeInterval) -> (text: String, closed: Bool) {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    let deadline = Date().addingTimeInterval(timeout)
    while waitReadable(descriptor, timeout: deadline.timeIntervalSinceNow) {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
        received.append(contentsOf: buffer[0..<count])
    }
    return (String(decoding: received, as: UTF8.self), false)
}

#if os(Linux)
private let fileLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)

/// Set in the environment of the child process a test runs its body in.
private let outOfDescriptorsChild = "DATOCMS_TESTS_OUT_OF_DESCRIPTORS_CHILD"

extension XCTestCase {
    /// Runs `test` (`Module.Class/method`) alone in a new process of this test binary, with
    /// ``outOfDescriptorsChild`` set so that the test runs its body there, and fails with the
    /// child's output unless that passed; skips when it skipped.
    fileprivate func runAloneInChildProcess(_ test: String, timeout: TimeInterval = 300) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("datocms-child-test-\(UUID().uuidString).log")
        XCTAssertTrue(FileManager.default.createFile(atPath: log.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = [test]
        process.environment = ProcessInfo.processInfo.environment.merging([outOfDescriptorsChild: "1"]) { _, child in child }
        process.standardInput = FileHandle.nullDevice
        // A file rather than a pipe: nothing to drain while waiting.
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()

        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if text.contains("with 1 test skipped") { throw XCTSkip("skipped in the child process:\n\(text)") }
        XCTAssertFalse(timedOut, "the child process did not finish within \(Int(timeout)) s:\n\(text)")
        XCTAssertEqual(process.terminationReason, .exit, "the child process died of signal \(process.terminationStatus):\n\(text)")
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("Executed 1 test, with 0 failures"), text)
    }
}

/// User plus system CPU time of the whole process so far.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
#endif
