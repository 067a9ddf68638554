import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A static file server for previewing the site, with optional live reload.
///
/// `start()` binds and serves on background threads; `reload()` and `showErrors(_:)` reach every open page;
/// `stop()` closes everything. All methods are safe to call from any thread.
public final class PreviewServer: @unchecked Sendable {
    /// What the server was created with.
    public let configuration: ServerConfiguration
    private let lock = NSLock()
    private let reloadState = LiveReloadState()
    private var loops: [EventLoop] = []
    private var listener: Int32 = -1
    private var admission: Admission?
    private let finished = DispatchGroup()

    /// A server for `configuration`; nothing happens until `start()`.
    public init(configuration: ServerConfiguration) {
        self.configuration = configuration
    }

    deinit { stop() }

    /// Binds and starts serving; returns the port bound (useful with port 0). Ignores SIGPIPE process-wide.
    @discardableResult
    public func start() throws(ServerError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard loops.isEmpty else { throw .system(operation: "start", reason: "the server is already running") }
        System.ignoreBrokenPipes()
        System.raiseDescriptorLimit(to: configuration.maxConnections + 256)
        let site = try StaticSite(root: configuration.root, liveReload: configuration.liveReload ? reloadState : nil,
                                  basePath: configuration.basePath)
        let (descriptor, port) = try Listener.open(host: configuration.host, port: configuration.port)
        let admission = Admission(limit: configuration.maxConnections)
        let count = configuration.threads > 0
            ? configuration.threads : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        var created: [EventLoop] = []
        do {
            for _ in 0..<count {
                created.append(try EventLoop(listener: descriptor, site: site, reloadState: reloadState,
                                             admission: admission, configuration: configuration))
            }
        } catch {
            close(descriptor)
            throw error
        }
        listener = descriptor
        loops = created
        admission.loops = created
        self.admission = admission
        for loop in created {
            finished.enter()
            let group = finished
            // Weak: `loops` owns the loop while it runs; a finished Thread object must not keep its descriptors open.
            let thread = Thread { [weak loop] in
                loop?.run()
                group.leave()
            }
            thread.name = "kb-server"
            thread.stackSize = 1 << 20
            thread.start()
        }
        return port
    }

    /// Tells open pages to reload; call once a good build is completely written.
    public func reload() {
        let generation = reloadState.advance()
        broadcast(LiveReload.reloadEvent(generation: generation))
    }

    /// Shows a failed build's errors (`path:line:col: message`) over every open page, and on pages opened later.
    public func showErrors(_ lines: [String]) {
        reloadState.fail(lines)
        broadcast(Array(LiveReload.errorsEvent(lines).utf8))
    }

    /// Closes the listener and every connection, and waits for the loops to finish. Safe to call twice.
    public func stop() {
        lock.lock()
        let running = loops
        loops = []
        let descriptor = listener
        listener = -1
        let admission = self.admission
        self.admission = nil
        lock.unlock()
        guard !running.isEmpty else { return }
        for loop in running { loop.post(.stop) }
        finished.wait()
        for loop in running { loop.closeOrphans() }
        admission?.loops = [] // breaks the loop <-> admission cycle
        close(descriptor)
    }

    private func broadcast(_ bytes: [UInt8]) {
        lock.lock()
        let running = loops
        lock.unlock()
        for loop in running { loop.post(.broadcast(bytes)) }
    }
}
