import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches folders (recursively, including folders created later) and reports changed paths in debounced batches:
/// one save, however many events the editor causes, gives one callback once the folder has been quiet for
/// `debounceMilliseconds`. Uses inotify on Linux and polls modification times elsewhere.
/// Keep a reference while watching: releasing the watcher stops it.
public final class FileWatcher: @unchecked Sendable {
    private let paths: [String]
    private let debounce: Int64
    private let onChange: @Sendable ([String]) -> Void
    private let source: ChangeSource
    private let wake: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var running = false
    private let finished = DispatchGroup()

    /// Watches `paths` (folders or files); `onChange` runs on the watcher's thread with the sorted changed paths.
    public convenience init(paths: [String], debounceMilliseconds: Int = 100,
                            onChange: @escaping @Sendable ([String]) -> Void) throws(ServerError) {
        try self.init(paths: paths, debounceMilliseconds: debounceMilliseconds, polling: false, onChange: onChange)
    }

    /// `polling` forces the portable backend (tests use it to cover the fallback on Linux).
    init(paths: [String], debounceMilliseconds: Int, polling: Bool,
         onChange: @escaping @Sendable ([String]) -> Void) throws(ServerError) {
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw .watchFailed(path: path, reason: "no such file or folder") }
        }
        guard let wake = System.makeWakePipe() else { throw .system(operation: "pipe", reason: System.errorText()) }
        self.paths = paths
        self.debounce = Int64(max(0, debounceMilliseconds))
        self.onChange = onChange
        self.wake = wake
        #if os(Linux)
        if !polling {
            do {
                source = .inotify(try InotifySource(paths: paths))
            } catch {
                close(wake.read)
                close(wake.write)
                throw error
            }
            return
        }
        #endif
        source = .polling(PollingSource(paths: paths))
    }

    deinit {
        stop()
        close(wake.read)
        close(wake.write)
    }

    /// Starts watching on a background thread.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        finished.enter()
        let group = finished
        // Weak: the finished Thread object may outlive stop(), and must not keep the descriptors open.
        let thread = Thread { [weak self] in
            self?.watchLoop()
            group.leave()
        }
        thread.name = "kb-watcher"
        thread.start()
    }

    /// Stops watching and waits for a callback in progress to return. Safe to call twice.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        guard wasRunning else { return }
        System.wake(wake.write)
        finished.wait()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    private func watchLoop() {
        var pending = Set<String>()
        var lastChange: Int64 = 0
        while isRunning {
            let now = System.monotonicMilliseconds()
            var timeout = source.pollInterval
            if !pending.isEmpty { timeout = min(timeout, max(0, lastChange + debounce - now)) }
            var descriptors = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            if let descriptor = source.descriptor {
                descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), Int32(clamping: timeout))
            if descriptors[0].revents != 0 { System.drain(wake.read) }
            guard isRunning else { return }
            let changes = source.collectChanges()
            let after = System.monotonicMilliseconds()
            let relevant = changes.filter { !Self.isEditorTemporary($0) }
            if !relevant.isEmpty {
                pending.formUnion(relevant)
                lastChange = after
            }
            if !pending.isEmpty && after - lastChange >= debounce {
                let batch = pending.sorted()
                pending.removeAll()
                onChange(batch)
            }
        }
    }

    /// Swap files, backups and lock files that editors write beside the real one.
    static func isEditorTemporary(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".swo") || name.hasSuffix("~")
            || name.hasPrefix(".#") || name == "4913" || name == ".DS_Store"
    }
}

/// The limit on folders watched or entries polled, so a huge tree cannot exhaust memory or descriptors.
private let maxWatchedEntries = 100_000

private enum ChangeSource {
    #if os(Linux)
    case inotify(InotifySource)
    #endif
    case polling(PollingSource)

    var descriptor: Int32? {
        switch self {
        #if os(Linux)
        case .inotify(let source): source.descriptor
        #endif
        case .polling: nil
        }
    }

    /// How long the loop may sleep when nothing is pending.
    var pollInterval: Int64 {
        switch self {
        #if os(Linux)
        case .inotify: 1000
        #endif
        case .polling: 250
        }
    }

    func collectChanges() -> [String] {
        switch self {
        #if os(Linux)
        case .inotify(let source): source.read()
        #endif
        case .polling(let source): source.scan()
        }
    }
}

/// Lists a folder's entries with lstat, so symlinked folders are not followed into loops.
private func listFolder(_ folder: String) -> [(path: String, isFolder: Bool, info: stat)] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    var entries: [(path: String, isFolder: Bool, info: stat)] = []
    for name in names {
        let path = folder + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        entries.append((path, info.st_mode & S_IFMT == S_IFDIR, info))
    }
    return entries
}

#if os(Linux)
private final class InotifySource {
    let descriptor: Int32
    private var folders: [Int32: String] = [:]
    private let roots: [String]
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 8)
    private static let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
                                     | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

    init(paths: [String]) throws(ServerError) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            buffer.deallocate()
            throw .watchFailed(path: paths.first ?? "", reason: "inotify: \(System.errorText())")
        }
        roots = paths
        var existing: [String] = []
        for path in paths {
            guard addWatches(path, existing: &existing) else {
                close(descriptor)
                buffer.deallocate()
                throw .watchFailed(path: path, reason: System.errorText())
            }
        }
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Watches `path` and every folder below it, appending what is already inside to `existing`
    /// (files created in a new folder before its watch existed would otherwise be missed).
    @discardableResult
    private func addWatches(_ path: String, existing: inout [String]) -> Bool {
        guard folders.count < maxWatchedEntries else { return true }
        let watch = inotify_add_watch(descriptor, path, Self.mask)
        guard watch >= 0 else { return false }
        folders[watch] = path
        for entry in listFolder(path) {
            existing.append(entry.path)
            if entry.isFolder { addWatches(entry.path, existing: &existing) }
        }
        return true
    }

    func read() -> [String] {
        var changes: [String] = []
        while true {
            let count = Glibc.read(descriptor, buffer, 64 * 1024)
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len, then len bytes of NUL-padded name.
            while offset + 16 <= count {
                let watch = buffer.load(fromByteOffset: offset, as: Int32.self)
                let mask = buffer.load(fromByteOffset: offset + 4, as: UInt32.self)
                let nameLength = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = buffer.advanced(by: offset + 16).assumingMemoryBound(to: UInt8.self)
                var nameEnd = 0
                while nameEnd < nameLength, nameStart[nameEnd] != 0 { nameEnd += 1 }
                let name = String(decoding: UnsafeBufferPointer(start: nameStart, count: nameEnd), as: UTF8.self)
                offset += 16 + nameLength
                handle(watch: watch, mask: mask, name: name, changes: &changes)
            }
        }
        return changes
    }

    private func handle(watch: Int32, mask: UInt32, name: String, changes: inout [String]) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost: report the roots so the whole site is rebuilt.
            changes += roots
            return
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[watch] = nil
            return
        }
        guard let folder = folders[watch] else { return }
        let path = name.isEmpty ? folder : folder + "/" + name
        changes.append(path)
        if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            addWatches(path, existing: &changes)
        }
    }
}
#endif

/// The portable fallback: compares size and modification time of every entry on each scan.
private final class PollingSource {
    private let roots: [String]
    private var snapshot: [String: (Int, Int, Int)]

    init(paths: [String]) {
        roots = paths
        snapshot = [:]
        snapshot = takeSnapshot()
    }

    private func takeSnapshot() -> [String: (Int, Int, Int)] {
        var result: [String: (Int, Int, Int)] = [:]
        var stack = roots
        while let path = stack.popLast(), result.count < maxWatchedEntries {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let time = info.modificationTime
            result[path] = (time.seconds, time.nanoseconds, Int(info.st_size))
            if info.st_mode & S_IFMT == S_IFDIR {
                for entry in listFolder(path) { stack.append(entry.path) }
            }
        }
        return result
    }

    func scan() -> [String] {
        let current = takeSnapshot()
        var changes: [String] = []
        for (path, stamp) in current {
            if let old = snapshot[path], old == stamp { continue }
            changes.append(path)
        }
        for path in snapshot.keys where current[path] == nil { changes.append(path) }
        snapshot = current
        return changes
    }
}
