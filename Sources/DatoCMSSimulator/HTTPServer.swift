import Foundation

/// A minimal HTTP/1.1 server on POSIX sockets: one accept thread, one thread per connection.
///
/// Threads rather than Dispatch work items because connection handlers block in `recv` for the
/// whole life of a keep-alive connection; parking those on the shared Dispatch pool could starve
/// it (and the caller's own code that runs there).
final class HTTPServer: Sendable {
    /// The port actually bound (useful when 0 was asked for).
    let port: UInt16

    private struct Registry: Sendable {
        var stopped = false
        var connections: Set<Int32> = []
        var accepted = 0
    }

    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let handler: any HTTPHandler
    private let limits: HTTPLimits
    private let registry = Locked(Registry())
    private let acceptLoopFinished = DispatchSemaphore(value: 0)

    /// Binds 127.0.0.1:`port`; call ``start()`` to begin accepting.
    init(port: UInt16, handler: any HTTPHandler, limits: HTTPLimits = HTTPLimits()) throws(SocketError) {
        let (listener, boundPort) = try Socket.listenOnLoopback(port: port)
        let wake: (read: Int32, write: Int32)
        do {
            wake = try Socket.makePipe()
        } catch {
            Socket.closeDescriptor(listener)
            throw error
        }
        self.listener = listener
        self.port = boundPort
        self.wakeRead = wake.read
        self.wakeWrite = wake.write
        self.handler = handler
        self.limits = limits
    }

    /// How many connections the server has accepted since it was made.
    var acceptedConnectionCount: Int { registry.withLock { $0.accepted } }

    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "DatoCMSSimulator.accept"
        thread.start()
    }

    /// Stops accepting, closes the listening socket and shuts down open connections.
    /// Returns once the listening socket is closed. Idempotent.
    func stop() {
        let alreadyStopped = registry.withLock { registry -> Bool in
            if registry.stopped { return true }
            registry.stopped = true
            // Under the lock, so a connection thread cannot close (and the kernel reuse) a
            // descriptor between our reading the set and shutting it down.
            for connection in registry.connections { Socket.shutdownBoth(connection) }
            return false
        }
        guard !alreadyStopped else { return }
        Socket.writeByte(wakeWrite)
        acceptLoopFinished.wait()
    }

    private func acceptLoop() {
        defer {
            Socket.closeDescriptor(listener)
            Socket.closeDescriptor(wakeRead)
            Socket.closeDescriptor(wakeWrite)
            acceptLoopFinished.signal()
        }
        var backoffMilliseconds: Int32 = 0
        while true {
            let ready = Socket.waitReadable([listener, wakeRead], timeoutMilliseconds: -1)
            if ready.contains(wakeRead) || registry.withLock({ $0.stopped }) { return }
            guard ready.contains(listener) else { continue }
            let connection: Int32
            do {
                guard let accepted = try Socket.accept(from: listener) else { continue }
                connection = accepted
                backoffMilliseconds = 0
            } catch {
                // Out of descriptors (or memory): the connection stays queued, so the listener
                // stays readable and retrying at once would spin at full CPU until something
                // closes. Wait on the wake pipe alone, so stop() still ends the wait at once.
                backoffMilliseconds = min(max(backoffMilliseconds * 2, 5), 100)
                if !Socket.waitReadable([wakeRead], timeoutMilliseconds: backoffMilliseconds).isEmpty { return }
                continue
            }
            let admitted = registry.withLock { registry -> Bool in
                guard !registry.stopped else { return false }
                registry.connections.insert(connection)
                registry.accepted += 1
                return true
            }
            guard admitted else {
                Socket.closeDescriptor(connection)
                return
            }
            spawnConnectionThread(for: connection)
        }
    }

    private func spawnConnectionThread(for descriptor: Int32) {
        let handler = handler, limits = limits, registry = registry
        let thread = Thread {
            HTTPConnection(descriptor: descriptor, handler: handler, limits: limits).run()
            registry.withLock { _ = $0.connections.remove(descriptor) }
            Socket.closeDescriptor(descriptor)
        }
        thread.name = "DatoCMSSimulator.connection"
        // Explicit because Apple platforms give secondary threads only 512 KiB; JSON nesting
        // is bounded (see JSONParser) but recursion still needs headroom.
        thread.stackSize = 4 << 20
        thread.start()
    }
}
