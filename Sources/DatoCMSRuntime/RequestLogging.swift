import Foundation

/// Where and how much the client logs about its HTTP traffic. Credentials never reach the sink:
/// `Authorization`, `Cookie` and `Proxy-Authorization` headers are redacted, and so is the API token
/// wherever else it might appear (a body, a URL).
///
/// ```swift
/// let logging = RequestLogging(level: .basic) { line in print(line) }
/// let client = DatoCMSClient(configuration: ClientConfiguration(apiToken: token, logging: logging))
/// // → PUT https://site-api.datocms.com/items/123/publish
/// // ← 200 PUT https://site-api.datocms.com/items/123/publish (182 ms)
/// ```
public struct RequestLogging: Sendable {
    /// How much is logged.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        /// Nothing.
        case none
        /// Method, URL, status and timing of every attempt, and every retry with its reason.
        case basic
        /// `basic` plus request and response bodies (truncated to ``RequestLogging/maximumBodyLength``).
        case body
        /// `body` plus request and response headers.
        case bodyAndHeaders

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How much is logged.
    public var level: Level
    /// Receives each log entry, one or more lines of text.
    public var sink: @Sendable (String) -> Void
    /// Longest body text logged, in bytes.
    public var maximumBodyLength: Int

    /// Creates a logging setup.
    public init(level: Level, maximumBodyLength: Int = 8192, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.sink = sink
        self.maximumBodyLength = maximumBodyLength
    }

    /// No logging.
    public static let disabled = RequestLogging(level: .none) { _ in }
}

/// Formats log entries for one client, knowing the secret it must never print.
struct RequestLogger: Sendable, CustomReflectable {
    let logging: RequestLogging
    let secret: String

    var isEnabled: Bool { logging.level > .none }

    /// Keeps the secret out of `dump` and debuggers.
    var customMirror: Mirror { Mirror(self, children: ["level": logging.level, "secret": "<redacted>"]) }

    func request(_ request: HTTPRequest, attempt: Int) {
        guard isEnabled else { return }
        var text = "→ \(request.method) \(request.url.absoluteString)"
        if attempt > 1 { text += " (attempt \(attempt))" }
        if logging.level >= .bodyAndHeaders { text += headerLines(request.headers) }
        if logging.level >= .body, let body = request.body { text += "\n" + bodyText(body) }
        emit(text)
    }

    func response(_ response: HTTPResponse, to request: HTTPRequest, elapsed: Duration) {
        guard isEnabled else { return }
        var text = "← \(response.status) \(request.method) \(request.url.absoluteString) (\(milliseconds(elapsed)) ms)"
        if logging.level >= .bodyAndHeaders { text += headerLines(response.headers) }
        if logging.level >= .body, !response.body.isEmpty { text += "\n" + bodyText(response.body) }
        emit(text)
    }

    func failure(_ description: String, of request: HTTPRequest, elapsed: Duration) {
        guard isEnabled else { return }
        emit("✕ \(request.method) \(request.url.absoluteString) failed after \(milliseconds(elapsed)) ms: \(description)")
    }

    func retry(_ request: HTTPRequest, after delay: Duration, reason: String, nextAttempt: Int) {
        guard isEnabled else { return }
        emit("↻ \(request.method) \(request.url.absoluteString): \(reason); attempt \(nextAttempt) in \(milliseconds(delay)) ms")
    }

    private func headerLines(_ headers: [(name: String, value: String)]) -> String {
        headers.map { header in
            "\n  \(header.name): \(Redaction.headerValue(header))"
        }.joined()
    }

    private func bodyText(_ body: Data) -> String {
        var text = String(decoding: body.prefix(logging.maximumBodyLength), as: UTF8.self)
        if body.count > logging.maximumBodyLength { text += "… (\(body.count) bytes)" }
        return text
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private func emit(_ text: String) {
        logging.sink(Redaction.redact(text, secret: secret))
    }
}
