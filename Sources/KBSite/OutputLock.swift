import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Another build holds the output folder's lock and the caller asked not to wait (`kb build --no-wait`).
public struct OutputBusy: Error, CustomStringConvertible, Sendable {
    public var lockFile: String
    public var description: String { "\(lockFile): another kb build or kb serve is writing this output folder" }
}

/// An exclusive `flock` on `.<Output>.kb-lock` beside the output folder, held for a whole build and swap, so two
/// builds of one folder never interleave. The file stays (removing it would let a third build lock a new inode
/// while the second still holds the old one); the leftover sweep skips it by name.
public final class OutputLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// The lock file of `output`.
    public static func path(for output: String) -> String {
        OutputWriter.stagingPrefix(for: output) + "lock"
    }

    /// Takes the lock; if it is busy, calls `onWait` once and blocks, or with `wait: false` throws `OutputBusy`.
    public init(output: String, wait: Bool = true, onWait: () -> Void = {}) throws {
        path = OutputLock.path(for: output)
        let parent = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw SiteIOError(path: path, message: "cannot open the build lock: \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw SiteIOError(path: path, message: "cannot take the build lock: \(reason)")
            }
            guard wait else {
                close(fd)
                throw OutputBusy(lockFile: path)
            }
            onWait()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw SiteIOError(path: path, message: "cannot take the build lock: \(reason)")
                }
            }
        }
        descriptor = fd
    }

    deinit { close(descriptor) }
}
