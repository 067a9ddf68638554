/// Why the server or the file watcher could not start.
public enum ServerError: Error, CustomStringConvertible, Equatable {
    /// Another process already listens on the port.
    case portInUse(host: String, port: Int)
    /// The address cannot be bound (not local, malformed, or a privileged port).
    case cannotBind(host: String, port: Int, reason: String)
    /// The folder to serve is missing or not a folder.
    case rootNotFound(path: String)
    /// A folder to watch is missing or cannot be watched.
    case watchFailed(path: String, reason: String)
    /// The operating system refused a resource (sockets, threads, descriptors).
    case system(operation: String, reason: String)

    public var description: String {
        switch self {
        case let .portInUse(host, port):
            let next = port >= 65535 ? 8001 : port + 1
            return "port \(port) on \(host) is already in use; stop the other server or try --port \(next)"
        case let .cannotBind(host, port, reason):
            return "cannot listen on \(host) port \(port): \(reason); check --host and --port"
        case let .rootNotFound(path):
            return "\(path): no such folder to serve; build the site first or pass --output DIR"
        case let .watchFailed(path, reason):
            return "\(path): cannot watch for changes: \(reason)"
        case let .system(operation, reason):
            return "\(operation) failed: \(reason)"
        }
    }
}
