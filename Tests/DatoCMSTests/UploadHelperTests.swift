import DatoCMS
import DatoCMSSimulator
import DatoCMSSoak
import Foundation
import XCTest

/// The upload helpers over the real path: files streamed from disk to the simulator's storage,
/// remote files served by a loopback server on another port, progress, metadata, MD5 dedupe,
/// replacement and cancellation.
final class UploadHelperTests: XCTestCase {
    private var harness: Harness!
    private var scratch: [URL] = []

    override func setUpWithError() throws {
        harness = try Harness()
    }

    override func tearDown() {
        harness.stop()
        harness = nil
        for url in scratch { try? FileManager.default.removeItem(at: url) }
        scratch = []
    }

    /// A 3×2 grayscale PNG.
    private let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAAAAAC3VnxVAAAADklEQVR4AWNoaGBgYGAABQAB8pmn4wAAAABJRU5ErkJggg==")!

    // MARK: Streaming

    func testAFileOf100MiBIsStreamedFromDiskWithFlatMemory() async throws {
        let size = 100 << 20
        let (file, md5) = try makeFile(size: size, name: "big.bin")
        let reports = ProgressLog()

        let sampler = MemorySampler()
        let upload = try await harness.client.uploads.upload(fileAt: file, progress: reports.append)
        let growth = sampler.stop()

        // Exactly the bytes: the simulator hashed what it received, as DatoCMS does.
        XCTAssertEqual(upload.attributes.size, size)
        XCTAssertEqual(upload.attributes.md5, md5)
        XCTAssertEqual(harness.simulator.upload(id: upload.id)?[attribute: "md5"]?.stringValue, md5)
        let put = try XCTUnwrap(harness.simulator.receivedRequests().first { $0.method == "PUT" })
        XCTAssertEqual(put.header("Content-Length"), String(size), "a known length, not a chunked body")
        XCTAssertNil(put.header("Transfer-Encoding"), "no transfer coding beside the length: storage refuses both")
        XCTAssertNil(put.header("Authorization"))
        XCTAssertEqual(reports.reports.last { $0.phase == .uploading }?.completedBytes, Int64(size))

        if MemorySampler.isAvailable {
            // Client and simulator share this process: neither may hold the file. Reading it into
            // memory once, on either side, would grow resident memory by 100 MiB.
            XCTAssertLessThan(growth, 40 << 20, "resident memory grew by \(growth >> 20) MiB uploading a 100 MiB file")
        }
    }

    func testAStorageTransferThatFailsIsSentAgainFromTheStartOfTheFile() async throws {
        let size = 3 << 20
        let (file, md5) = try makeFile(size: size, name: "retry.bin")
        // The storage takes the whole body, then answers 503: a PUT is safe to repeat.
        harness.simulator.injectFault(.transientError(status: 503), matching: .method("PUT").path(prefix: "/_storage/"))
        let reports = ProgressLog()

        let upload = try await harness.client.uploads.upload(fileAt: file, progress: reports.append)

        let puts = harness.simulator.receivedRequests().filter { $0.method == "PUT" }
        XCTAssertEqual(puts.count, 2)
        XCTAssertEqual(puts.map { $0.body?.count }, [size, size], "each attempt sends the whole file")
        XCTAssertEqual(upload.attributes.md5, md5)
        let sent = reports.reports.filter { $0.phase == .uploading }.map(\.completedBytes)
        XCTAssertEqual(sent, sent.sorted(), "a retried transfer does not send progress backwards")
        XCTAssertEqual(sent.last, Int64(size))
    }

    func testAStorageRedirectIsRefusedForFilesToo() async throws {
        let (file, _) = try makeFile(size: 10_000, name: "a.bin")
        let stolen = LockedRequests()
        let thief = try LoopbackHTTPServer { request in
            stolen.append(request)
            return .init(status: 200)
        }
        defer { thief.stop() }
        let storage = try LoopbackHTTPServer { _ in .init(status: 307, headers: [("Location", thief.baseURL.absoluteString + "/bucket")]) }
        defer { storage.stop() }
        let request = HTTPRequest(method: "PUT", url: storage.baseURL.appendingPathComponent("file"), headers: [("Authorization", "Bearer \(testToken)")])
        do {
            _ = try await harness.client.core.sendWithoutCredentials(request, bodyFromFile: file)
            XCTFail("a redirect was followed")
        } catch DatoCMSError.redirected(_, let status, let location) {
            XCTAssertEqual(status, 307)
            XCTAssertEqual(location, thief.baseURL.absoluteString + "/bucket")
        }
        XCTAssertTrue(stolen.requests.isEmpty, "the file went nowhere else")
    }

    // MARK: Remote files

    func testUploadFromARemoteURLSendsNothingOfDatoCMSToThatHost() async throws {
        let seen = LockedRequests()
        let png = png
        let remote = try LoopbackHTTPServer { request in
            seen.append(request)
            switch request.path {
            case "/old/cat.png": return .init(status: 302, headers: [("Location", "/photos/cat.png")])
            case "/photos/cat.png": return .init(status: 200, headers: [("Content-Type", "image/png")], body: png)
            default: return .init(status: 404)
            }
        }
        defer { remote.stop() }
        let leftoversBefore = downloadDirectories()

        let upload = try await harness.client.uploads.upload(
            fromURL: remote.baseURL.appendingPathComponent("old/cat.png"), author: "Ada")

        XCTAssertEqual(seen.requests.map(\.path), ["/old/cat.png", "/photos/cat.png"], "one redirect, followed")
        for request in seen.requests {
            XCTAssertEqual(request.method, "GET")
            XCTAssertNil(request.header("Authorization"), "the API token must never reach another host")
            XCTAssertNil(request.header("X-Api-Version"))
            XCTAssertNil(request.header("X-Environment"))
            XCTAssertFalse(request.headers.contains { $0.value.contains(testToken) })
        }
        XCTAssertEqual(upload.attributes.filename, "cat.png", "the name comes from the URL")
        XCTAssertEqual(upload.attributes.width, 3)
        XCTAssertEqual(upload.attributes.md5, MD5.hexDigest(of: png))
        XCTAssertEqual(upload.attributes.author, "Ada")
        let put = try XCTUnwrap(harness.simulator.receivedRequests().first { $0.method == "PUT" })
        XCTAssertEqual(put.header("Content-Type"), "image/png")
        XCTAssertEqual(put.body, png)
        XCTAssertEqual(downloadDirectories(), leftoversBefore, "the temporary file is gone")
    }

    func testARemoteFileOverTheLimitFailsWithATypedErrorAndLeavesNothingBehind() async throws {
        // One server announces its size, the other streams without ever saying how much.
        let announced = try LoopbackHTTPServer { _ in .init(status: 200, body: Data(count: 3 << 20)) }
        defer { announced.stop() }
        let endless = try LoopbackHTTPServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n") else { return }
            let piece = Data(count: 64 << 10)
            var sent = 0
            while sent < 256 << 20, connection.write(piece) { sent += piece.count }
        }
        defer { endless.stop() }
        let leftoversBefore = downloadDirectories()

        for server in [announced, endless] {
            let url = server.baseURL.appendingPathComponent("files/huge.bin")
            do {
                _ = try await harness.client.uploads.upload(fromURL: url, maximumDownloadSize: 1 << 20)
                XCTFail("a file over the limit was uploaded")
            } catch let error as UploadError {
                XCTAssertEqual(error, .remoteFileTooLarge(url: url, limit: 1 << 20))
                XCTAssertTrue(error.description.contains("maximumDownloadSize"), error.description)
            }
        }
        XCTAssertEqual(downloadDirectories(), leftoversBefore, "no temporary file is left behind")
        XCTAssertTrue(harness.simulator.receivedRequests().isEmpty, "DatoCMS heard nothing of it")
    }

    // MARK: Progress

    func testProgressGoesThroughEveryPhaseInOrderWithMonotonicByteCounts() async throws {
        let size = 3 << 20
        let (file, _) = try makeFile(size: size, name: "report.pdf")
        let reports = ProgressLog()
        _ = try await harness.client.uploads.upload(fileAt: file, skipCreationIfAlreadyExists: true, progress: reports.append)

        XCTAssertEqual(reports.phases, [.checkingForDuplicate, .requestingUploadURL, .uploading, .creatingUpload, .waitingForJob])
        let uploading = reports.reports.filter { $0.phase == .uploading }
        XCTAssertEqual(uploading.first?.completedBytes, 0)
        XCTAssertEqual(uploading.last?.completedBytes, Int64(size))
        XCTAssertTrue(uploading.allSatisfy { $0.totalBytes == Int64(size) })
        XCTAssertEqual(uploading.map(\.completedBytes), uploading.map(\.completedBytes).sorted(), "byte counts never go backwards")
        XCTAssertTrue(uploading.contains { $0.completedBytes > 0 && $0.completedBytes < Int64(size) },
                      "bytes are reported while they are sent, not only at the start and the end: \(uploading)")
        let hashing = reports.reports.filter { $0.phase == .checkingForDuplicate }
        XCTAssertEqual(hashing.last?.completedBytes, Int64(size))

        // From a URL: the download comes first, and ends at the file's size.
        let remoteBytes = Data(count: 200_000)
        let remote = try LoopbackHTTPServer { _ in .init(status: 200, body: remoteBytes) }
        defer { remote.stop() }
        let remoteReports = ProgressLog()
        _ = try await harness.client.uploads.upload(fromURL: remote.baseURL.appendingPathComponent("a.bin"), progress: remoteReports.append)
        XCTAssertEqual(remoteReports.phases, [.downloading, .requestingUploadURL, .uploading, .creatingUpload, .waitingForJob])
        let downloading = remoteReports.reports.filter { $0.phase == .downloading }
        XCTAssertEqual(downloading.last, UploadProgress(phase: .downloading, completedBytes: 200_000, totalBytes: 200_000))
        XCTAssertEqual(downloading.map(\.completedBytes), downloading.map(\.completedBytes).sorted())
    }

    // MARK: Metadata, duplicates, replacement

    func testTheMetadataOfCreateIsStored() async throws {
        let (file, _) = try makeFile(size: 10_000, name: "cat.jpg")
        let collection = try await harness.client.uploadCollections.create(label: "Cats")
        let metadata = UploadAttributesDefaultFieldMetadata(
            alt: ["en": "A cat"], title: ["en": "Cat"], customData: ["en": ["source": "garden"]],
            focalPoint: UploadAttributesDefaultFieldMetadataFocalPoint(x: 0.25, y: 0.75))

        let upload = try await harness.client.uploads.upload(
            fileAt: file, filename: "garden-cat.jpg", copyright: "2026 Ada", author: "Ada", notes: "Spring shoot",
            defaultFieldMetadata: metadata, tags: ["cats", "garden"], uploadCollection: collection.id)

        XCTAssertEqual(upload.attributes.filename, "garden-cat.jpg")
        XCTAssertEqual(upload.attributes.copyright, "2026 Ada")
        XCTAssertEqual(upload.attributes.author, "Ada")
        XCTAssertEqual(upload.attributes.notes, "Spring shoot")
        XCTAssertEqual(upload.attributes.tags, ["cats", "garden"])
        XCTAssertEqual(upload.attributes.defaultFieldMetadata.alt?["en"], "A cat")
        XCTAssertEqual(upload.attributes.defaultFieldMetadata.title?["en"], "Cat")
        XCTAssertEqual(upload.attributes.defaultFieldMetadata.customData?["en"], ["source": "garden"])
        XCTAssertEqual(upload.attributes.defaultFieldMetadata.focalPoint, UploadAttributesDefaultFieldMetadataFocalPoint(x: 0.25, y: 0.75))

        let stored = try XCTUnwrap(harness.simulator.upload(id: upload.id))
        XCTAssertEqual(stored[attribute: "author"], "Ada")
        XCTAssertEqual(stored[attribute: "copyright"], "2026 Ada")
        XCTAssertEqual(stored[attribute: "notes"], "Spring shoot")
        XCTAssertEqual(stored[attribute: "tags"], ["cats", "garden"])
        XCTAssertEqual(stored[attribute: "default_field_metadata"]?["alt"]?["en"], "A cat")
        XCTAssertEqual(stored[attribute: "default_field_metadata"]?["focal_point"]?["x"], 0.25)
        XCTAssertEqual(stored.relatedID("upload_collection"), collection.id)
        XCTAssertEqual(harness.simulator.receivedRequests().last { $0.method == "PUT" }?.header("Content-Type"), "image/jpeg")
    }

    func testSkippingDuplicatesReturnsTheUploadWithTheSameMD5AndStoresNothingAgain() async throws {
        let (file, md5) = try makeFile(size: 50_000, name: "logo.png")
        let first = try await harness.client.uploads.upload(fileAt: file, author: "first")
        _ = harness.takeRequests()

        let again = try await harness.client.uploads.upload(fileAt: file, filename: "logo-copy.png", author: "second", skipCreationIfAlreadyExists: true)

        XCTAssertEqual(again.id, first.id)
        XCTAssertEqual(again.attributes.author, "first", "the existing upload comes back untouched")
        let requests = harness.takeRequests()
        XCTAssertEqual(requests.map { "\($0.method) \($0.path)" }, ["GET /uploads"], "no upload request, no storage PUT, no create")
        XCTAssertEqual(requests.first?.queryValue("filter[fields][md5][eq]"), md5)
        XCTAssertEqual(harness.simulator.uploads().count, 1)

        // Other bytes are not a duplicate: the lookup filters, it does not return any upload.
        let (other, _) = try makeFile(size: 50_000, name: "other.png", seed: 99)
        let new = try await harness.client.uploads.upload(fileAt: other, skipCreationIfAlreadyExists: true)
        XCTAssertNotEqual(new.id, first.id)
        XCTAssertEqual(harness.simulator.uploads().count, 2)
        let uploads = try await harness.client.uploads.list(filterFields: ["md5": ["eq": .string(md5)]])
        XCTAssertEqual(uploads.map(\.id), [first.id])
    }

    func testReplacingTheFileKeepsTheUploadAndChangesItsBytes() async throws {
        let (file, oldMD5) = try makeFile(size: 20_000, name: "notes.txt")
        let upload = try await harness.client.uploads.upload(fileAt: file, author: "Ada", tags: ["kept"])
        let replacement = scratchFile("cover.png")
        try png.write(to: replacement)
        _ = harness.takeRequests()

        let replaced = try await harness.client.uploads.replaceFile(of: upload.id, withFileAt: replacement, replaceStrategy: .keepUrl)

        XCTAssertEqual(replaced.id, upload.id)
        XCTAssertEqual(replaced.attributes.size, png.count)
        XCTAssertEqual(replaced.attributes.md5, MD5.hexDigest(of: png))
        XCTAssertNotEqual(replaced.attributes.md5, oldMD5)
        XCTAssertEqual(replaced.attributes.width, 3)
        XCTAssertEqual(replaced.attributes.author, "Ada", "metadata stays")
        XCTAssertEqual(replaced.attributes.tags, ["kept"])
        let update = try XCTUnwrap(harness.takeRequests().first { $0.method == "PUT" && $0.path == "/uploads/\(upload.id)" })
        XCTAssertEqual(update.queryValue("replace_strategy"), "keep_url")
        XCTAssertEqual(update.jsonBody?["data"]?["attributes"]?["path"]?.stringValue, replaced.attributes.path)
        XCTAssertEqual(harness.simulator.uploads().count, 1)
        XCTAssertEqual(harness.simulator.upload(id: upload.id)?[attribute: "md5"]?.stringValue, MD5.hexDigest(of: png))

        // And from a URL.
        let served = Data("version three".utf8)
        let remote = try LoopbackHTTPServer { _ in .init(status: 200, headers: [("Content-Type", "text/plain")], body: served) }
        defer { remote.stop() }
        let third = try await harness.client.uploads.replaceFile(of: upload.id, withFileFromURL: remote.baseURL.appendingPathComponent("v3.txt"))
        XCTAssertEqual(third.id, upload.id)
        XCTAssertEqual(third.attributes.md5, MD5.hexDigest(of: served))
        XCTAssertEqual(third.attributes.filename, "v3.txt")
        XCTAssertEqual(harness.simulator.upload(id: upload.id)?[attribute: "size"], .number(Double(served.count)))
    }

    // MARK: Cancellation

    func testCancelledUploadsCreateNothingAndHaveLetGoOfTheirFilesWhenTheyReturn() async throws {
        // Each cancellation ends a transfer while the client may still be reading the file for it:
        // a read that lands after the transfer is gone must be harmless (it once killed the process
        // on Linux, about one cancellation in ten), and by the time the call returns the transfer
        // must have let go of the file — not go on in the background, holding it open, after the
        // caller has moved on (and maybe deleted it). Twenty in a row, cancelled from inside the
        // transfer, so the order of events cannot depend on timing.
        let (file, _) = try makeFile(size: 16 << 20, name: "clip.mp4")
        for round in 1...20 {
            try await cancelDuringTransfer(of: .uploading) { [client = harness.client] progress in
                try await client.uploads.upload(fileAt: file, progress: progress)
            }
            XCTAssertEqual(descriptors { $0.hasPrefix(file.path) }, [], "round \(round): the file is still open after the cancelled upload returned")
        }
        XCTAssertTrue(harness.simulator.uploads().isEmpty, "no upload is created once a call is cancelled")
        XCTAssertFalse(harness.simulator.receivedRequests().contains { $0.method == "POST" && $0.path == "/uploads" })

        // A remote file cancelled while it downloads: its temporary file is closed and deleted.
        let remote = try LoopbackHTTPServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(64 << 20)\r\nConnection: close\r\n\r\n") else { return }
            let piece = Data(count: 64 << 10)
            while connection.write(piece) {}
        }
        defer { remote.stop() }
        let leftoversBefore = downloadDirectories()
        for round in 1...5 {
            try await cancelDuringTransfer(of: .downloading) { [client = harness.client] progress in
                try await client.uploads.upload(fromURL: remote.baseURL.appendingPathComponent("huge.bin"), progress: progress)
            }
            XCTAssertEqual(descriptors { $0.contains("/datocms-download-") }, [], "round \(round): the download is still open after the cancelled upload returned")
        }
        XCTAssertEqual(downloadDirectories(), leftoversBefore, "no temporary file is left behind")
        XCTAssertTrue(harness.simulator.uploads().isEmpty)
    }

    #if canImport(FoundationNetworking)
    // On Linux the transport reads the file itself (on Apple platforms URLSession does).
    func testAFileThatShrinksWhileItIsSentFailsWithAFileErrorInsteadOfStalling() async throws {
        let size = 8 << 20
        let (file, _) = try makeFile(size: size, name: "rewritten.txt")
        let storage = try LoopbackHTTPServer { _ in .init(status: 200) }
        defer { storage.stop() }
        let client = DatoCMSClient(configuration: ClientConfiguration(
            apiToken: testToken, baseURL: try XCTUnwrap(harness.simulator.baseURL), retry: .never))
        let truncated = OnceFlag()
        let request = HTTPRequest(method: "PUT", url: storage.baseURL.appendingPathComponent("bucket/rewritten.txt"))
        do {
            _ = try await client.core.sendWithoutCredentials(request, bodyFromFile: file) { sent in
                // Halved once the first bytes are out: the rest of the announced length never comes.
                guard sent.completedBytes > 0, truncated.set() else { return }
                if let handle = try? FileHandle(forWritingTo: file) {
                    try? handle.truncate(atOffset: UInt64(size / 2))
                    try? handle.close()
                }
            }
            XCTFail("a body shorter than its Content-Length was sent as if complete")
        } catch let error as CocoaError {
            // Not a transport error after the server gave up waiting for the missing half.
            XCTAssertEqual(error.code, .fileReadUnknown, "\(error)")
            XCTAssertEqual(error.userInfo[NSFilePathErrorKey] as? String, file.path)
        }
        XCTAssertTrue(truncated.wasSet, "the file was cut while it was being sent")
    }
    #endif

    // MARK: Helpers

    /// Writes `size` bytes to a new scratch file, different for each `seed` and never repeating a
    /// MiB; returns it with its MD5 (computed while writing, with the SDK's own MD5, which
    /// `MD5Tests` checks against RFC 1321's vectors).
    private func makeFile(size: Int, name: String, seed: UInt64 = 1) throws -> (URL, String) {
        let url = scratchFile(name)
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var words = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for index in words.indices {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            words[index] = mixed ^ (mixed >> 31)
        }
        var md5 = MD5()
        var written = 0
        var piece: UInt64 = 0
        while written < size {
            words[0] = piece  // every MiB differs from the others
            let chunk = words.withUnsafeBytes { Data($0.prefix(min($0.count, size - written))) }
            md5.update(chunk)
            try handle.write(contentsOf: chunk)
            written += chunk.count
            piece += 1
        }
        return (url, md5.hexDigest)
    }

    private func scratchFile(_ name: String) -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("upload-helper-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        scratch.append(directory)
        return directory.appendingPathComponent(name)
    }

    /// Runs `upload` in a task of its own, cancels that task from inside the upload's own progress
    /// callback once `phase` has moved its first bytes, and checks that the call ended with
    /// `CancellationError`.
    private func cancelDuringTransfer(
        of phase: UploadProgress.Phase,
        _ upload: @escaping @Sendable (_ progress: @escaping @Sendable (UploadProgress) -> Void) async throws -> Upload,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let cancel = Canceller()
        let task = Task {
            try await upload { report in
                if report.phase == phase, report.completedBytes > 0 { cancel.cancel() }
            }
        }
        cancel.set(task)
        do {
            _ = try await task.value
            XCTFail("the cancelled upload finished", file: file, line: line)
        } catch is CancellationError {}
        XCTAssertTrue(cancel.didCancel, file: file, line: line)
    }

    /// The paths this process has open whose names satisfy `matching` (a deleted file's ends in
    /// ` (deleted)`). Always empty where there is no `/proc/self/fd`.
    private func descriptors(_ matching: (String) -> Bool) -> [String] {
        let directory = "/proc/self/fd"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)") }.filter(matching)
    }

    /// The helpers' temporary download directories present now.
    private func downloadDirectories() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        return Set(names.filter { $0.hasPrefix("datocms-download-") })
    }
}

/// Progress reports as they arrived.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [UploadProgress] = []

    var append: @Sendable (UploadProgress) -> Void {
        { [self] report in lock.withLock { storage.append(report) } }
    }

    var reports: [UploadProgress] { lock.withLock { storage } }

    /// The phases in the order they began.
    var phases: [UploadProgress.Phase] {
        reports.map(\.phase).reduce(into: []) { phases, phase in
            if phases.last != phase { phases.append(phase) }
        }
    }
}

/// A flag raised once, from any thread.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    /// Raises the flag; `true` only for the call that raised it.
    func set() -> Bool { lock.withLock { defer { raised = true }; return !raised } }

    var wasSet: Bool { lock.withLock { raised } }
}

/// Requests a loopback server received.
private final class LockedRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ReceivedRequest] = []
    func append(_ request: ReceivedRequest) { lock.withLock { storage.append(request) } }
    var requests: [ReceivedRequest] { lock.withLock { storage } }
}

/// Cancels a task from inside it: a cancellation asked for before the task is known is kept and
/// applied as soon as it is.
private final class Canceller: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Upload, any Error>?
    private var requested = false

    func set(_ task: Task<Upload, any Error>) {
        let cancelNow = lock.withLock { () -> Bool in
            self.task = task
            return requested
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task = lock.withLock { () -> Task<Upload, any Error>? in
            requested = true
            return self.task
        }
        task?.cancel()
    }

    var didCancel: Bool { lock.withLock { requested } }
}

/// The SDK's MD5 against RFC 1321's own test suite (§A.5), whole and fed in uneven pieces.
final class MD5Tests: XCTestCase {
    func testRFC1321Vectors() async throws {
        let vectors = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (text, expected) in vectors {
            let bytes = Data(text.utf8)
            XCTAssertEqual(MD5.hexDigest(of: bytes), expected, text)
            // Pieces of 1, 2, 3… bytes cross every block boundary differently.
            var md5 = MD5()
            var offset = 0
            var length = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + length)
                md5.update(bytes[offset..<end])
                offset = end
                length += 1
            }
            XCTAssertEqual(md5.hexDigest, expected, "\(text), in pieces")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("md5-\(UUID().uuidString)")
            try bytes.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let fromFile = try await MD5.hexDigest(ofFileAt: file)
            XCTAssertEqual(fromFile, expected, "\(text), from a file")
        }
    }
}
