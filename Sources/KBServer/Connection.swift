#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client socket and everything the event loop knows about it. Touched only by its loop's thread.
final class Connection {
    enum State {
        /// Waiting for (the rest of) a request head.
        case reading
        /// Sending a response; reading pauses until it is out, which keeps pipelined responses in order.
        case writing
        /// `/__kb/reload`: open until the client leaves, events pushed as they happen.
        case eventStream
        /// Response sent and write side shut; reading and discarding until the client closes, so it sees our reply.
        case lingering
    }

    let descriptor: Int32
    let buffer: UnsafeMutablePointer<UInt8>
    let capacity = ServerLimits.readBufferBytes
    /// Unconsumed bytes are `buffer[start..<end]`.
    var start = 0
    var end = 0
    /// Where the search for the end of the current head resumes.
    var scanFrom = 0
    /// Whether the current request line is complete (a line feed arrived), for choosing 414 over 431.
    var sawLineFeed = false
    var state = State.reading
    /// Bytes of the next request have arrived; its header deadline runs.
    var requestStarted = false
    var deadline: Int64
    var output: [UInt8] = []
    var outputOffset = 0
    var file: (descriptor: Int32, offset: Int, remaining: Int)?
    var keepAlive = true
    /// Registered for writability (only while a write is blocked).
    var waitingToWrite = false
    var discardedBytes = 0
    var nextPing: Int64 = 0

    init(descriptor: Int32, deadline: Int64) {
        self.descriptor = descriptor
        self.deadline = deadline
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if let file { close(file.descriptor) }
    }

    var pendingOutput: Int { output.count - outputOffset }

    /// Moves unconsumed bytes to the front so the buffer has room at the end.
    func compact() {
        guard start > 0 else { return }
        let count = end - start
        if count > 0 { memmove(buffer, buffer + start, count) }
        scanFrom -= start
        end = count
        start = 0
    }
}
