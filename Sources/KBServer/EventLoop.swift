import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts open connections across all loops so the total stays under the configured maximum,
/// and deals accepted connections out to the loops in turn so the load spreads over every thread.
final class Admission: @unchecked Sendable {
    private let lock = NSLock()
    private var open = 0
    private var turn = 0
    private let limit: Int
    /// Set once before any loop thread starts, read-only afterwards.
    var loops: [EventLoop] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func tryEnter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard open < limit else { return false }
        open += 1
        return true
    }

    func leave() {
        lock.lock()
        open -= 1
        lock.unlock()
    }

    /// The loop that should own the next connection.
    func nextLoop() -> EventLoop? {
        lock.lock()
        defer { lock.unlock() }
        guard !loops.isEmpty else { return nil }
        turn = (turn + 1) % loops.count
        return loops[turn]
    }
}

/// A message from other threads to a loop.
enum LoopMessage {
    /// Bytes for every open event stream.
    case broadcast([UInt8])
    /// A connection accepted by another loop, now this loop's to serve.
    case adopt(Int32)
    case stop
}

/// One thread's worth of connections: accepts from the shared listener, reads, parses, responds, times out.
///
/// Everything but `inbox` is confined to the loop's own thread, hence `@unchecked Sendable`.
final class EventLoop: @unchecked Sendable {
    private let poller: Poller
    private let listener: Int32
    private let site: StaticSite
    private let reloadState: LiveReloadState?
    private let admission: Admission
    private let headerTimeout: Int64
    private let idleTimeout: Int64
    private let pingInterval: Int64
    private let wake: (read: Int32, write: Int32)
    private let inboxLock = NSLock()
    private var inbox: [LoopMessage] = []
    private var connections: [Int32: Connection] = [:]
    private var running = true
    private var listenerPaused = false
    private var now: Int64 = System.monotonicMilliseconds()
    private var dateSecond = -1
    private var dateText = ""

    init(listener: Int32, site: StaticSite, reloadState: LiveReloadState?, admission: Admission,
         configuration: ServerConfiguration) throws(ServerError) {
        guard let wake = System.makeWakePipe() else { throw .system(operation: "pipe", reason: System.errorText()) }
        self.wake = wake
        self.listener = listener
        self.site = site
        self.reloadState = reloadState
        self.admission = admission
        headerTimeout = max(1, configuration.headerTimeout.milliseconds)
        idleTimeout = max(1, configuration.idleTimeout.milliseconds)
        pingInterval = max(1, configuration.eventPingInterval.milliseconds)
        poller = Poller(preferPortable: configuration.usePortablePoller)
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Safe from any thread.
    func post(_ message: LoopMessage) {
        inboxLock.lock()
        inbox.append(message)
        inboxLock.unlock()
        System.wake(wake.write)
    }

    /// After the thread has ended: closes connections handed over too late to be adopted.
    func closeOrphans() {
        inboxLock.lock()
        let messages = inbox
        inbox.removeAll()
        inboxLock.unlock()
        for case .adopt(let descriptor) in messages {
            close(descriptor)
            admission.leave()
        }
    }

    /// The thread body; returns after `.stop`, with every connection closed.
    func run() {
        poller.add(listener, readable: true, writable: false, shared: true)
        poller.add(wake.read, readable: true, writable: false)
        var nextSweep = now + ServerLimits.sweepMilliseconds
        while running {
            let timeout = Int32(max(0, min(nextSweep - now, ServerLimits.sweepMilliseconds)))
            poller.wait(timeout: timeout) { descriptor, readiness in
                self.handle(descriptor, readiness)
            }
            now = System.monotonicMilliseconds()
            if now >= nextSweep {
                sweep()
                nextSweep = now + ServerLimits.sweepMilliseconds
            }
        }
        if !listenerPaused { poller.remove(listener) }
        processInbox() // adopts connections handed over at the last moment, so they are closed below
        for connection in Array(connections.values) { closeConnection(connection) }
    }

    // MARK: - Events

    private func handle(_ descriptor: Int32, _ readiness: Readiness) {
        if descriptor == listener { acceptConnections(); return }
        if descriptor == wake.read { System.drain(wake.read); processInbox(); return }
        guard let connection = connections[descriptor] else { return }
        switch connection.state {
        case .reading:
            if readiness.readable || readiness.failed { readRequests(connection) }
        case .writing:
            if readiness.writable || readiness.failed, flush(connection) == .done, finishResponse(connection) {
                processRequests(connection)
            }
        case .eventStream:
            if readiness.readable || readiness.failed { discardInput(connection) }
            if connections[descriptor] != nil, readiness.writable { _ = flushEvents(connection) }
        case .lingering:
            discardInput(connection)
        }
    }

    private func processInbox() {
        inboxLock.lock()
        let messages = inbox
        inbox.removeAll()
        inboxLock.unlock()
        for message in messages {
            switch message {
            case .stop:
                running = false
            case .adopt(let descriptor):
                register(descriptor)
            case .broadcast(let bytes):
                for connection in Array(connections.values) where connection.state == .eventStream {
                    sendEvent(bytes, to: connection)
                }
            }
        }
    }

    private func acceptConnections() {
        for _ in 0..<ServerLimits.maxAcceptsPerWakeup {
            let descriptor = accept(listener, nil, nil)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: the listener would stay readable and spin; rest it until the next sweep.
                    poller.remove(listener)
                    listenerPaused = true
                }
                return
            }
            guard admission.tryEnter() else {
                // Over the limit: say so briefly rather than leaving the client hanging.
                let reply = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                _ = reply.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, System.sendFlags | Int32(MSG_DONTWAIT)) }
                close(descriptor)
                continue
            }
            System.setNonBlocking(descriptor)
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            #if !os(Linux)
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            // Whichever loop wakes for the listener, connections are dealt round-robin so no thread idles.
            if let owner = admission.nextLoop(), owner !== self {
                owner.post(.adopt(descriptor))
            } else {
                register(descriptor)
            }
        }
    }

    private func register(_ descriptor: Int32) {
        let connection = Connection(descriptor: descriptor, deadline: now + headerTimeout)
        connections[descriptor] = connection
        poller.add(descriptor, readable: true, writable: false)
    }

    // MARK: - Requests

    private func readRequests(_ connection: Connection) {
        if connection.end == connection.capacity { connection.compact() }
        let space = connection.capacity - connection.end
        guard space > 0 else { return } // processRequests answers a full buffer before we get here
        let count = recv(connection.descriptor, connection.buffer + connection.end, space, 0)
        if count == 0 { closeConnection(connection); return }
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { closeConnection(connection) }
            return
        }
        connection.end += count
        processRequests(connection)
    }

    /// Answers every complete request in the buffer, in order, until one has to wait for the socket.
    private func processRequests(_ connection: Connection) {
        let buffer = connection.buffer
        while connection.state == .reading {
            if !connection.requestStarted {
                // RFC 9112 section 2.2: ignore empty lines before a request line.
                while connection.start < connection.end, buffer[connection.start] == 13 || buffer[connection.start] == 10 {
                    connection.start += 1
                }
                if connection.start == connection.end {
                    connection.start = 0
                    connection.end = 0
                    connection.deadline = now + idleTimeout
                    return
                }
                connection.requestStarted = true
                connection.sawLineFeed = false
                connection.scanFrom = connection.start
                connection.deadline = now + headerTimeout
            }
            let searchFrom = max(connection.scanFrom, connection.start)
            guard let headEnd = HTTPRequestParser.headEnd(buffer, from: searchFrom, end: connection.end) else {
                if !connection.sawLineFeed {
                    connection.sawLineFeed = HTTPRequestParser.hasRequestLine(buffer, start: searchFrom, end: connection.end)
                }
                let pending = connection.end - connection.start
                if !connection.sawLineFeed && pending > ServerLimits.maxRequestLineBytes {
                    respondWithError(.uriTooLong, to: connection)
                } else if pending >= ServerLimits.maxHeadBytes {
                    respondWithError(.headersTooLarge, to: connection)
                } else {
                    connection.scanFrom = HTTPRequestParser.resumePoint(start: connection.start, end: connection.end)
                }
                return
            }
            let result = HTTPRequestParser.parse(buffer, start: connection.start, end: headEnd)
            connection.start = headEnd
            connection.requestStarted = false
            let finished: Bool
            switch result {
            case .request(let request, _):
                let response = site.respond(to: request)
                finished = startResponse(response, to: connection, keepAlive: request.keepAlive && !response.closeConnection,
                                         omitBody: request.method == .head)
            case .failure(let status):
                finished = startResponse(.error(status), to: connection, keepAlive: false, omitBody: false)
            case .incomplete:
                finished = startResponse(.error(.badRequest), to: connection, keepAlive: false, omitBody: false)
            }
            guard finished, finishResponse(connection) else { return }
        }
    }

    private func respondWithError(_ status: HTTPStatus, to connection: Connection) {
        connection.requestStarted = false
        connection.start = connection.end
        if startResponse(.error(status), to: connection, keepAlive: false, omitBody: false) {
            _ = finishResponse(connection)
        }
    }

    // MARK: - Responses

    private enum FlushResult { case done, blocked, closed }

    /// Queues a response and writes what the socket takes now; true when all of it went out.
    private func startResponse(_ response: Response, to connection: Connection, keepAlive: Bool, omitBody: Bool) -> Bool {
        if response.isEventStream {
            var output = response.head(keepAlive: false, date: currentDate())
            let snapshot = reloadState?.snapshot() ?? LiveReloadSnapshot()
            output += LiveReload.greeting(generation: snapshot.generation, errors: snapshot.errors)
            connection.state = .eventStream
            connection.nextPing = now + pingInterval
            connection.start = 0
            connection.end = 0
            sendEvent(output, to: connection)
            return false
        }
        connection.output = response.head(keepAlive: keepAlive, date: currentDate())
        connection.outputOffset = 0
        switch response.body {
        case .none:
            break
        case .bytes(let bytes):
            if !omitBody { connection.output += bytes }
        case let .file(descriptor, offset, length):
            if omitBody {
                close(descriptor)
            } else {
                connection.file = (descriptor, offset, length)
            }
        }
        connection.keepAlive = keepAlive
        connection.state = .writing
        connection.deadline = now + idleTimeout
        return flush(connection) == .done
    }

    private func flush(_ connection: Connection) -> FlushResult {
        var budget = ServerLimits.writeBudgetBytes
        while connection.outputOffset < connection.output.count {
            let more = connection.file != nil ? System.moreFlag : 0
            let count = connection.output.withUnsafeBytes { bytes in
                send(connection.descriptor, bytes.baseAddress! + connection.outputOffset,
                     bytes.count - connection.outputOffset, System.sendFlags | more)
            }
            if count > 0 {
                connection.outputOffset += count
                connection.deadline = now + idleTimeout
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitForWritability(connection)
                return .blocked
            } else {
                closeConnection(connection)
                return .closed
            }
        }
        while let file = connection.file, file.remaining > 0 {
            guard budget > 0 else {
                waitForWritability(connection)
                return .blocked
            }
            let count = sendFileChunk(file, to: connection.descriptor, limit: min(file.remaining, budget))
            if count > 0 {
                connection.file = (file.descriptor, file.offset + count, file.remaining - count)
                budget -= count
                connection.deadline = now + idleTimeout
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitForWritability(connection)
                return .blocked
            } else {
                // A peer that went away, or a file truncated under us: this response cannot complete.
                closeConnection(connection)
                return .closed
            }
        }
        if let file = connection.file {
            close(file.descriptor)
            connection.file = nil
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
        connection.outputOffset = 0
        if connection.waitingToWrite {
            connection.waitingToWrite = false
            poller.modify(connection.descriptor, readable: true, writable: false)
        }
        return .done
    }

    private func sendFileChunk(_ file: (descriptor: Int32, offset: Int, remaining: Int), to socket: Int32, limit: Int) -> Int {
        #if os(Linux)
        var offset = off_t(file.offset)
        return sendfile(socket, file.descriptor, &offset, limit)
        #else
        var chunk = [UInt8](repeating: 0, count: min(limit, 64 * 1024))
        let read = chunk.withUnsafeMutableBytes { pread(file.descriptor, $0.baseAddress, $0.count, off_t(file.offset)) }
        guard read > 0 else { return read == 0 ? 0 : -1 }
        return chunk.withUnsafeBytes { send(socket, $0.baseAddress, read, System.sendFlags) }
        #endif
    }

    private func waitForWritability(_ connection: Connection) {
        guard !connection.waitingToWrite else { return }
        connection.waitingToWrite = true
        // Event streams keep reading so a departed client is noticed; responses pause reading to keep order.
        poller.modify(connection.descriptor, readable: connection.state == .eventStream, writable: true)
    }

    /// After a complete response: true when the connection goes on to the next request.
    private func finishResponse(_ connection: Connection) -> Bool {
        guard connection.keepAlive else {
            startLingering(connection)
            return false
        }
        connection.state = .reading
        connection.deadline = now + idleTimeout
        return true
    }

    private func startLingering(_ connection: Connection) {
        shutdown(connection.descriptor, Int32(SHUT_WR))
        connection.state = .lingering
        connection.deadline = now + ServerLimits.lingerMilliseconds
        connection.discardedBytes = 0
    }

    private func discardInput(_ connection: Connection) {
        var scratch = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let count = withUnsafeMutableBytes(of: &scratch) { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            closeConnection(connection)
            return
        }
        if count > 0 {
            connection.discardedBytes += count
            if connection.discardedBytes > ServerLimits.maxLingerBytes { closeConnection(connection) }
        }
    }

    // MARK: - Event streams

    private func sendEvent(_ bytes: [UInt8], to connection: Connection) {
        if connection.pendingOutput + bytes.count > ServerLimits.maxPendingEventBytes {
            closeConnection(connection)
            return
        }
        if connection.outputOffset > 0 && connection.outputOffset == connection.output.count {
            connection.output.removeAll(keepingCapacity: true)
            connection.outputOffset = 0
        }
        connection.output += bytes
        _ = flushEvents(connection)
    }

    private func flushEvents(_ connection: Connection) -> FlushResult {
        while connection.outputOffset < connection.output.count {
            let count = connection.output.withUnsafeBytes { bytes in
                send(connection.descriptor, bytes.baseAddress! + connection.outputOffset,
                     bytes.count - connection.outputOffset, System.sendFlags)
            }
            if count > 0 {
                connection.outputOffset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitForWritability(connection)
                return .blocked
            } else {
                closeConnection(connection)
                return .closed
            }
        }
        connection.output.removeAll(keepingCapacity: true)
        connection.outputOffset = 0
        if connection.waitingToWrite {
            connection.waitingToWrite = false
            poller.modify(connection.descriptor, readable: true, writable: false)
        }
        return .done
    }

    // MARK: - Timeouts and teardown

    private func sweep() {
        if listenerPaused {
            listenerPaused = false
            poller.add(listener, readable: true, writable: false, shared: true)
        }
        var expired: [Connection] = []
        var pings: [Connection] = []
        for connection in connections.values {
            if connection.state == .eventStream {
                if now >= connection.nextPing { pings.append(connection) }
            } else if now >= connection.deadline {
                expired.append(connection)
            }
        }
        for connection in pings {
            connection.nextPing = now + pingInterval
            sendEvent(LiveReload.ping, to: connection)
        }
        for connection in expired where connections[connection.descriptor] === connection {
            if connection.state == .reading && connection.requestStarted {
                // A head that never completed: tell the client why before closing.
                respondWithError(.requestTimeout, to: connection)
            } else {
                closeConnection(connection)
            }
        }
    }

    private func closeConnection(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        poller.remove(connection.descriptor)
        close(connection.descriptor)
        if let file = connection.file {
            close(file.descriptor)
            connection.file = nil
        }
        admission.leave()
    }

    private func currentDate() -> String {
        let seconds = time(nil)
        if seconds != dateSecond {
            dateSecond = seconds
            dateText = HTTPDate.format(seconds)
        }
        return dateText
    }
}
