import Foundation

/// Everything a client needs to talk to a DatoCMS API: where, as whom, and how patiently.
///
/// ```swift
/// let configuration = ClientConfiguration(apiToken: token, environment: "staging")
/// let client = DatoCMSClient(configuration: configuration)
/// ```
public struct ClientConfiguration: Sendable {
    /// The default base URL of the Content Management API.
    public static let defaultBaseURL = URL(string: "https://site-api.datocms.com")!

    /// The API token sent as `Authorization: Bearer …`. Never printed: see ``description``.
    public var apiToken: String
    /// Where requests go. Paths from the schema are appended to it.
    public var baseURL: URL
    /// The sandbox environment to address (`X-Environment`); `nil` means the primary one.
    public var environment: String?
    /// The API version sent as `X-Api-Version`.
    public var apiVersion: String
    /// The `User-Agent` header.
    public var userAgent: String
    /// Headers sent with every API request (job polls included), after the SDK's own: for a
    /// proxy or gateway in front of the API, or tracing. Never sent to upload storage, which is
    /// another host. The headers the SDK owns cannot be replaced here (see
    /// ``ConfigurationError/reservedHeaderNames``), and names and values must be valid HTTP:
    /// otherwise every request fails with ``ConfigurationError`` before anything is sent.
    /// Values are logged at ``RequestLogging/Level/bodyAndHeaders`` like any header's, so carry no
    /// secret here unless its name is a credential header's (`Cookie`, `Proxy-Authorization`).
    public var extraHeaders: [String: String]
    /// How long and how often to poll for the results of asynchronous jobs.
    public var jobPolling: JobPollingPolicy
    /// When failed requests are retried, and whether requests are paced under the rate limit.
    public var retry: RetryPolicy
    /// How long one attempt, and one call with all its retries and waits, may take.
    public var timeouts: RequestTimeouts
    /// What is logged about each request, and where. Credentials are always redacted.
    public var logging: RequestLogging
    /// The largest response body accepted, in bytes; a larger one fails with
    /// ``DatoCMSError/unexpectedResponse(request:status:reason:body:)``.
    public var maximumResponseSize: Int
    /// The deepest nesting of arrays and objects accepted in a response body.
    public var maximumResponseDepth: Int
    /// Sends the HTTP requests. Defaults to a `URLSession`-based transport.
    public var transport: any HTTPTransport

    /// Creates a configuration.
    /// - Parameters:
    ///   - apiToken: A DatoCMS API token with the permissions your calls need.
    ///   - baseURL: The API's base URL; defaults to ``defaultBaseURL``.
    ///   - environment: A sandbox environment name, or `nil` for the primary environment.
    ///   - apiVersion: The API version; DatoCMS's current one is `"3"`.
    ///   - userAgent: The `User-Agent` to send.
    ///   - extraHeaders: Headers to send with every API request; see ``extraHeaders``.
    ///   - jobPolling: The polling policy for asynchronous jobs.
    ///   - retry: The retry and pacing policy; see ``RetryPolicy/default``.
    ///   - timeouts: The deadlines the client enforces itself; see ``RequestTimeouts/default``.
    ///     `RequestTimeouts(call: .seconds(30))` bounds every call, retries included, to 30 s.
    ///   - logging: Request logging; off by default.
    ///   - maximumResponseSize: The largest response body accepted (64 MiB by default).
    ///   - maximumResponseDepth: The deepest JSON nesting accepted in a response (256 by default).
    ///   - transport: The transport; defaults to ``URLSessionTransport``.
    ///
    /// The token is only ever sent to `baseURL`, and only over HTTPS: a plain `http://` base URL is
    /// refused (every request fails with ``DatoCMSError/invalidRequest(_:)``, nothing is sent)
    /// unless its host is a loopback address such as `127.0.0.1`, `::1` or `localhost`.
    public init(
        apiToken: String,
        baseURL: URL = ClientConfiguration.defaultBaseURL,
        environment: String? = nil,
        apiVersion: String = "3",
        userAgent: String = "datocms-swift/0.1",
        extraHeaders: [String: String] = [:],
        jobPolling: JobPollingPolicy = .default,
        retry: RetryPolicy = .default,
        timeouts: RequestTimeouts = .default,
        logging: RequestLogging = .disabled,
        maximumResponseSize: Int = 64 << 20,
        maximumResponseDepth: Int = 256,
        transport: any HTTPTransport = URLSessionTransport()
    ) {
        self.apiToken = apiToken
        self.baseURL = baseURL
        self.environment = environment
        self.apiVersion = apiVersion
        self.userAgent = userAgent
        self.extraHeaders = extraHeaders
        self.jobPolling = jobPolling
        self.retry = retry
        self.timeouts = timeouts
        self.logging = logging
        self.maximumResponseSize = maximumResponseSize
        self.maximumResponseDepth = maximumResponseDepth
        self.transport = transport
    }
}

extension ClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description with the token redacted, safe to log.
    public var description: String {
        "ClientConfiguration(baseURL: \(baseURL.absoluteString), environment: \(environment ?? "primary"), apiVersion: \(apiVersion), apiToken: <redacted>)"
    }

    /// Same as ``description``: the token is never shown.
    public var debugDescription: String { description }

    /// What `dump` and debuggers show: every setting but the token.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "apiToken": "<redacted>",
            "baseURL": baseURL,
            "environment": environment as Any,
            "apiVersion": apiVersion,
            "userAgent": userAgent,
            // Names only: a gateway's key may travel in a header of any name.
            "extraHeaderNames": extraHeaders.keys.sorted(),
            "jobPolling": jobPolling,
            "retry": retry,
            "timeouts": timeouts,
            "logLevel": logging.level,
            "maximumResponseSize": maximumResponseSize,
            "maximumResponseDepth": maximumResponseDepth,
        ], displayStyle: .struct)
    }

    /// Whether the token may be sent to ``baseURL``: HTTPS anywhere, plain HTTP only on loopback.
    var allowsSendingCredentials: Bool {
        switch baseURL.scheme?.lowercased() {
        case "https": return true
        case "http": return Self.isLoopback(baseURL.host)
        default: return false
        }
    }

    /// ``extraHeaders`` in the order they are sent (by name, so every request is the same),
    /// checked: a reserved name, an invalid name or value throws ``ConfigurationError``.
    func checkedExtraHeaders() throws -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for name in extraHeaders.keys.sorted(by: { ($0.lowercased(), $0) < ($1.lowercased(), $1) }) {
            let value = extraHeaders[name] ?? ""
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(ConfigurationError.isTokenCharacter) else {
                throw ConfigurationError.invalidHeaderName(name)
            }
            guard !ConfigurationError.reservedHeaderNames.contains(name.lowercased()) else {
                throw ConfigurationError.reservedHeader(name)
            }
            guard value.unicodeScalars.allSatisfy(ConfigurationError.isValueCharacter) else {
                throw ConfigurationError.invalidHeaderValue(name: name)
            }
            headers.append((name, value))
        }
        return headers
    }

    static func isLoopback(_ host: String?) -> Bool {
        guard var host = host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

/// A setting of ``ClientConfiguration`` that cannot be used. Every request made with it fails
/// with this error before anything is sent, so a mistake cannot reach the API half-applied.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An extra header would replace one the SDK owns (see ``reservedHeaderNames``).
    case reservedHeader(String)
    /// An extra header's name is empty or holds a character HTTP does not allow in a name
    /// (a space, a colon, a line break, a non-ASCII letter…).
    case invalidHeaderName(String)
    /// An extra header's value holds a line break or another control character, or a non-ASCII
    /// character (which platforms send differently). The value is not repeated here: it may be a secret.
    case invalidHeaderValue(name: String)

    /// Header names (lowercased) an extra header may not use: those the SDK sets itself —
    /// `Authorization` (the token goes only where the SDK sends it), `X-Api-Version`,
    /// `X-Environment`, `Content-Type`, `Accept`, `User-Agent` (set ``ClientConfiguration/userAgent``
    /// instead) — and those the transport owns because they frame the message or its encoding
    /// (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Accept-Encoding`…), which a
    /// second value would corrupt.
    public static let reservedHeaderNames: Set<String> = [
        "authorization", "x-api-version", "x-environment", "content-type", "accept", "user-agent",
        "accept-encoding", "host", "content-length", "transfer-encoding", "connection", "keep-alive",
        "proxy-connection", "te", "trailer", "upgrade", "expect",
    ]

    public var description: String {
        switch self {
        case .reservedHeader(let name):
            let hint = name.lowercased() == "user-agent" ? " (set ClientConfiguration.userAgent instead)" : ""
            return "Invalid configuration: the extra header \(name.debugDescription) is set by the SDK and cannot be replaced\(hint)"
        case .invalidHeaderName(let name):
            return "Invalid configuration: \(name.debugDescription) is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)"
        case .invalidHeaderValue(let name):
            return "Invalid configuration: the value of the extra header \(name.debugDescription) contains a line break, a control character or a non-ASCII character"
        }
    }

    /// RFC 9110 `tchar`: what a header name is made of.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
    }

    /// RFC 9110 field content, restricted to ASCII: visible characters, spaces and tabs.
    static func isValueCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || (0x20...0x7E).contains(scalar.value)
    }
}

/// The deadlines the client enforces itself, on every platform: it cancels the request when one
/// passes, whatever the server does (a silent socket, a body trickling one byte a second).
///
/// ```swift
/// var configuration = ClientConfiguration(apiToken: token)
/// configuration.timeouts = RequestTimeouts(attempt: .seconds(20), call: .seconds(90))
/// ```
public struct RequestTimeouts: Sendable, Hashable {
    /// The most one attempt may take, from sending the request to the last byte of the answer.
    /// An attempt that runs out counts as a lost connection for ``RetryPolicy``: idempotent
    /// requests are retried, a `POST` is not (it may have been processed).
    public var attempt: Duration
    /// The most one API call may take in all: attempts, retries, backoff and rate-limit waits.
    /// Waiting for an asynchronous job is bounded separately, by ``JobPollingPolicy/timeout``.
    public var call: Duration
    /// The most one transfer to the upload storage (a signed URL, not the API) may take, per
    /// attempt and in all. Larger than ``attempt`` because files can be large.
    public var storageTransfer: Duration

    /// Creates timeouts; non-positive values are raised to one millisecond.
    public init(attempt: Duration = .seconds(60), call: Duration = .seconds(180), storageTransfer: Duration = .seconds(1800)) {
        self.attempt = max(attempt, .milliseconds(1))
        self.call = max(call, .milliseconds(1))
        self.storageTransfer = max(storageTransfer, .milliseconds(1))
    }

    /// 60 s per attempt, 3 minutes per call, 30 minutes per storage transfer.
    public static let `default` = RequestTimeouts()
}
