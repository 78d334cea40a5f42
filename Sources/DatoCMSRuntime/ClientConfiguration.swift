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
    /// How long and how often to poll for the results of asynchronous jobs.
    public var jobPolling: JobPollingPolicy
    /// Sends the HTTP requests. Defaults to a `URLSession`-based transport.
    public var transport: any HTTPTransport

    /// Creates a configuration.
    /// - Parameters:
    ///   - apiToken: A DatoCMS API token with the permissions your calls need.
    ///   - baseURL: The API's base URL; defaults to ``defaultBaseURL``.
    ///   - environment: A sandbox environment name, or `nil` for the primary environment.
    ///   - apiVersion: The API version; DatoCMS's current one is `"3"`.
    ///   - userAgent: The `User-Agent` to send.
    ///   - jobPolling: The polling policy for asynchronous jobs.
    ///   - transport: The transport; defaults to ``URLSessionTransport``.
    public init(
        apiToken: String,
        baseURL: URL = ClientConfiguration.defaultBaseURL,
        environment: String? = nil,
        apiVersion: String = "3",
        userAgent: String = "datocms-swift/0.1",
        jobPolling: JobPollingPolicy = .default,
        transport: any HTTPTransport = URLSessionTransport()
    ) {
        self.apiToken = apiToken
        self.baseURL = baseURL
        self.environment = environment
        self.apiVersion = apiVersion
        self.userAgent = userAgent
        self.jobPolling = jobPolling
        self.transport = transport
    }
}

extension ClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    /// A description with the token redacted, safe to log.
    public var description: String {
        "ClientConfiguration(baseURL: \(baseURL.absoluteString), environment: \(environment ?? "primary"), apiVersion: \(apiVersion), apiToken: <redacted>)"
    }

    /// Same as ``description``: the token is never shown.
    public var debugDescription: String { description }
}
