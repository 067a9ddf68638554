/// How a `PreviewServer` listens, what it serves and how long it waits for clients.
public struct ServerConfiguration: Sendable {
    /// Address to bind; loopback unless the user asks otherwise.
    public var host: String
    /// TCP port; 0 picks a free ephemeral port (see `PreviewServer.start()`).
    public var port: Int
    /// Folder served as the site root; nothing outside it is ever read.
    public var root: String
    /// Inject the reload script into HTML and serve the `/__kb/reload` event stream.
    public var liveReload: Bool
    /// URL path the root folder is served under (`/help/` for a build made for a subpath); `/` redirects there.
    public var basePath = "/"
    /// Longest time a client may take to send one complete request head (slowloris guard).
    public var headerTimeout: Duration
    /// Longest silence on a keep-alive connection, or without write progress, before it is closed.
    public var idleTimeout: Duration
    /// Open connections allowed at once; further clients are accepted and closed at once.
    public var maxConnections: Int
    /// Event-loop threads; 0 means one per processor, at most four.
    public var threads: Int
    /// Test hook: use the portable poll(2) loop even where epoll exists.
    var usePortablePoller = false
    /// Test hook: how often idle event streams get a comment line.
    var eventPingInterval = Duration.milliseconds(ServerLimits.eventPingMilliseconds)

    /// A configuration serving `root` on `host:port`.
    public init(root: String, host: String = "127.0.0.1", port: Int = 8000, liveReload: Bool = false,
                headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30),
                maxConnections: Int = 2048, threads: Int = 0) {
        self.root = root
        self.host = host
        self.port = port
        self.liveReload = liveReload
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.threads = threads
    }
}

/// Every size and count the server accepts is bounded by one of these.
enum ServerLimits {
    /// Longer request lines get 414; real browsers stay far below this.
    static let maxRequestLineBytes = 8 * 1024
    /// A request head (request line plus headers) larger than this gets 431.
    static let maxHeadBytes = 16 * 1024
    /// More header fields than this get 431.
    static let maxHeaderCount = 100
    /// Per-connection read buffer: one maximal head plus room for pipelined requests behind it.
    static let readBufferBytes = 24 * 1024
    /// Bytes sent to one connection per readiness event, so one fast reader cannot starve the rest.
    static let writeBudgetBytes = 512 * 1024
    /// HTML larger than this is streamed as is, without the live-reload script.
    static let maxInjectedHTMLBytes = 8 * 1024 * 1024
    /// A 404.html larger than this is not used as the 404 body.
    static let max404PageBytes = 1024 * 1024
    /// Unsent event-stream bytes above which a stuck live-reload client is dropped.
    static let maxPendingEventBytes = 256 * 1024
    /// After an error response, how long and how much we keep reading so the client sees the response, not a reset.
    static let lingerMilliseconds: Int64 = 2_000
    static let maxLingerBytes = 256 * 1024
    /// Comment sent on idle event streams so proxies and browsers keep them open.
    static let eventPingMilliseconds: Int64 = 15_000
    /// Accepts per wakeup, so a connection flood cannot stall the requests already in flight.
    static let maxAcceptsPerWakeup = 64
    /// How often timeouts are checked; also the longest a loop sleeps.
    static let sweepMilliseconds: Int64 = 100
    static let listenBacklog: Int32 = 1024
}

extension Duration {
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
