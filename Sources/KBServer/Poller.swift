#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a descriptor is ready for.
struct Readiness {
    var readable: Bool
    var writable: Bool
    /// Error or hang-up: the peer is gone or the socket broke.
    var failed: Bool
}

/// Readiness notification: epoll on Linux, poll(2) elsewhere (or when epoll is unavailable).
/// Owned by one event-loop thread; not thread-safe.
final class Poller {
    private enum Backend {
        case epoll(Epoll)
        case portable(PortablePoll)
    }
    private let backend: Backend

    init(preferPortable: Bool = false) {
        if !preferPortable, let epoll = Epoll() {
            backend = .epoll(epoll)
        } else {
            backend = .portable(PortablePoll())
        }
    }

    /// `shared` marks a descriptor several loops wait on (the listening socket): wake only one of them.
    func add(_ fd: Int32, readable: Bool, writable: Bool, shared: Bool = false) {
        switch backend {
        case .epoll(let epoll): epoll.control(Epoll.add, fd, readable: readable, writable: writable, exclusive: shared)
        case .portable(let poll): poll.add(fd, readable: readable, writable: writable)
        }
    }

    func modify(_ fd: Int32, readable: Bool, writable: Bool) {
        switch backend {
        case .epoll(let epoll): epoll.control(Epoll.modify, fd, readable: readable, writable: writable, exclusive: false)
        case .portable(let poll): poll.modify(fd, readable: readable, writable: writable)
        }
    }

    func remove(_ fd: Int32) {
        switch backend {
        case .epoll(let epoll): epoll.control(Epoll.delete, fd, readable: false, writable: false, exclusive: false)
        case .portable(let poll): poll.remove(fd)
        }
    }

    /// Waits up to `timeout` milliseconds and calls `handle` for each ready descriptor.
    func wait(timeout: Int32, _ handle: (Int32, Readiness) -> Void) {
        switch backend {
        case .epoll(let epoll): epoll.wait(timeout: timeout, handle)
        case .portable(let poll): poll.wait(timeout: timeout, handle)
        }
    }
}

/// epoll, reached through dlsym because the Swift Glibc module does not export <sys/epoll.h>.
private final class Epoll {
    static let add: Int32 = 1, delete: Int32 = 2, modify: Int32 = 3
    private static let eventIn: UInt32 = 0x001, eventOut: UInt32 = 0x004, eventErr: UInt32 = 0x008
    private static let eventHup: UInt32 = 0x010, eventExclusive: UInt32 = 1 << 28
    #if arch(x86_64) || arch(i386)
    // struct epoll_event is packed on x86: 4 bytes of events, then 8 of data.
    private static let stride = 12, dataOffset = 4
    #else
    private static let stride = 16, dataOffset = 8
    #endif
    private static let capacity = 256

    private let fd: Int32
    private let controlFunction: EpollFunctions.Control
    private let waitFunction: EpollFunctions.Wait
    private let events: UnsafeMutableRawPointer

    init?() {
        guard let functions = EpollFunctions.load() else { return nil }
        let fd = functions.create(0x80000) // EPOLL_CLOEXEC
        guard fd >= 0 else { return nil }
        self.fd = fd
        controlFunction = functions.control
        waitFunction = functions.wait
        events = UnsafeMutableRawPointer.allocate(byteCount: Self.stride * Self.capacity, alignment: 8)
    }

    deinit {
        close(fd)
        events.deallocate()
    }

    func control(_ operation: Int32, _ target: Int32, readable: Bool, writable: Bool, exclusive: Bool) {
        var mask: UInt32 = 0
        if readable { mask |= Self.eventIn }
        if writable { mask |= Self.eventOut }
        if exclusive { mask |= Self.eventExclusive }
        var event = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: mask, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt64(UInt32(bitPattern: target)), toByteOffset: Self.dataOffset, as: UInt64.self)
            _ = controlFunction(fd, operation, target, raw.baseAddress)
        }
    }

    func wait(timeout: Int32, _ handle: (Int32, Readiness) -> Void) {
        let count = waitFunction(fd, events, Int32(Self.capacity), timeout)
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let base = events + index * Self.stride
            let mask = base.loadUnaligned(as: UInt32.self)
            let data = (base + Self.dataOffset).loadUnaligned(as: UInt64.self)
            let readiness = Readiness(readable: mask & Self.eventIn != 0, writable: mask & Self.eventOut != 0,
                                      failed: mask & (Self.eventErr | Self.eventHup) != 0)
            handle(Int32(truncatingIfNeeded: data), readiness)
        }
    }
}

private struct EpollFunctions {
    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    let create: Create
    let control: Control
    let wait: Wait

    static func load() -> EpollFunctions? {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW),
              let create = dlsym(handle, "epoll_create1"),
              let control = dlsym(handle, "epoll_ctl"),
              let wait = dlsym(handle, "epoll_wait") else { return nil }
        return EpollFunctions(create: unsafeBitCast(create, to: Create.self),
                              control: unsafeBitCast(control, to: Control.self),
                              wait: unsafeBitCast(wait, to: Wait.self))
        #else
        return nil
        #endif
    }
}

/// poll(2) over a dense array; O(connections) per wait, fine for a preview server off Linux.
private final class PortablePoll {
    private var descriptors: [pollfd] = []
    private var indexOf: [Int32: Int] = [:]

    private static func mask(readable: Bool, writable: Bool) -> Int16 {
        var mask: Int16 = 0
        if readable { mask |= Int16(POLLIN) }
        if writable { mask |= Int16(POLLOUT) }
        return mask
    }

    func add(_ fd: Int32, readable: Bool, writable: Bool) {
        if indexOf[fd] != nil { modify(fd, readable: readable, writable: writable); return }
        indexOf[fd] = descriptors.count
        descriptors.append(pollfd(fd: fd, events: Self.mask(readable: readable, writable: writable), revents: 0))
    }

    func modify(_ fd: Int32, readable: Bool, writable: Bool) {
        guard let index = indexOf[fd] else { return }
        descriptors[index].events = Self.mask(readable: readable, writable: writable)
    }

    func remove(_ fd: Int32) {
        guard let index = indexOf.removeValue(forKey: fd) else { return }
        let last = descriptors.count - 1
        if index != last {
            descriptors[index] = descriptors[last]
            indexOf[descriptors[index].fd] = index
        }
        descriptors.removeLast()
    }

    func wait(timeout: Int32, _ handle: (Int32, Readiness) -> Void) {
        let count = descriptors.withUnsafeMutableBufferPointer { buffer in
            poll(buffer.baseAddress, nfds_t(buffer.count), timeout)
        }
        guard count > 0 else { return }
        // Copy first: handlers add and remove descriptors while we iterate.
        let ready = descriptors.filter { $0.revents != 0 }
        for entry in ready {
            let revents = Int32(entry.revents)
            handle(entry.fd, Readiness(readable: revents & Int32(POLLIN) != 0, writable: revents & Int32(POLLOUT) != 0,
                                       failed: revents & Int32(POLLERR | POLLHUP | POLLNVAL) != 0))
        }
    }
}
