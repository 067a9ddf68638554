#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the listening socket.
enum Listener {
    /// Binds `host:port` (port 0 picks one) and returns the non-blocking socket and the port it got.
    static func open(host: String, port: Int) throws(ServerError) -> (descriptor: Int32, port: Int) {
        guard (0...65535).contains(port) else {
            throw .cannotBind(host: host, port: port, reason: "ports go from 0 to 65535")
        }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .cannotBind(host: host, port: port, reason: "unknown address (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(list) }
        let address = first.pointee
        let descriptor = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard descriptor >= 0 else { throw .system(operation: "socket", reason: System.errorText()) }
        var one: Int32 = 1
        // Lets a restarted server rebind while old connections sit in TIME_WAIT; a live listener still blocks the port.
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
            let code = errno
            close(descriptor)
            if code == EADDRINUSE { throw .portInUse(host: host, port: port) }
            throw .cannotBind(host: host, port: port, reason: System.errorText(code))
        }
        guard listen(descriptor, ServerLimits.listenBacklog) == 0 else {
            let code = errno
            close(descriptor)
            if code == EADDRINUSE { throw .portInUse(host: host, port: port) }
            throw .cannotBind(host: host, port: port, reason: System.errorText(code))
        }
        System.setNonBlocking(descriptor)
        return (descriptor, boundPort(descriptor) ?? port)
    }

    private static func boundPort(_ descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { return nil }
        return withUnsafePointer(to: &storage) { pointer -> Int? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default:
                return nil
            }
        }
    }
}
