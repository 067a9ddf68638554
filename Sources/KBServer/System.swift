#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small wrappers over the C library that the rest of the module shares.
enum System {
    /// Milliseconds on a clock that never jumps (wall-clock changes must not fire timeouts).
    static func monotonicMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// A non-blocking pipe used to wake a thread sleeping in poll or epoll.
    static func makeWakePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        setNonBlocking(fds[0])
        setNonBlocking(fds[1])
        return (fds[0], fds[1])
    }

    static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }

    static func drain(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(fd, &scratch, scratch.count) > 0 {}
    }

    /// Raises the soft descriptor limit towards `wanted`, so many open connections do not hit EMFILE.
    static func raiseDescriptorLimit(to wanted: Int) {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return }
        let target = rlim_t(wanted)
        if limit.rlim_cur >= target { return }
        limit.rlim_cur = min(target, limit.rlim_max)
        _ = setrlimit(resource, &limit)
    }

    /// Sockets and sendfile would kill the process with SIGPIPE when a client goes away mid-write.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    #if os(Linux)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    static let moreFlag = Int32(MSG_MORE)
    #else
    static let sendFlags: Int32 = 0
    static let moreFlag: Int32 = 0
    #endif

    static func realPath(_ path: String) -> (path: String?, error: Int32) {
        guard let resolved = realpath(path, nil) else { return (nil, errno) }
        defer { free(resolved) }
        return (String(cString: resolved), 0)
    }
}

extension stat {
    /// Modification time as (seconds, nanoseconds), whatever the platform calls the field.
    var modificationTime: (seconds: Int, nanoseconds: Int) {
        #if os(Linux)
        (Int(st_mtim.tv_sec), Int(st_mtim.tv_nsec))
        #else
        (Int(st_mtimespec.tv_sec), Int(st_mtimespec.tv_nsec))
        #endif
    }
}
