import Foundation

/// Runs command-line tools for the plugin tests and keeps their combined output for assertions and
/// failure messages.
struct ProcessRunner {
    struct Result {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: Int
        var description: String { "\(command) did not finish within \(seconds) s" }
    }

    /// Runs `arguments` (the first found on `PATH`) in `directory`; kills it after `timeout`.
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 900) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // SwiftPM asks for a plugin permission on a terminal; the tests must see it refuse instead.
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let collected = OutputBuffer()
        // Drained on another thread so a chatty build can never fill the pipe and stall.
        let reader = Thread {
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            collected.finish()
        }
        try process.run()
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw TimedOut(command: arguments.joined(separator: " "), seconds: Int(timeout))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        collected.waitUntilFinished()
        return Result(status: process.terminationStatus, output: collected.text)
    }
}

/// Output gathered by the reader thread.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSCondition()
    private var data = Data()
    private var finished = false

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    func finish() {
        lock.lock()
        finished = true
        lock.broadcast()
        lock.unlock()
    }

    func waitUntilFinished() {
        lock.lock()
        while !finished { lock.wait() }
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
