import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a build into a temporary folder beside the output and swaps it in only when the build succeeded.
final class OutputWriter: @unchecked Sendable {
    let outputDirectory: String
    let stagingDirectory: String
    private let lock = NSLock()
    private var createdDirectories: Set<String> = []

    /// Prefix of the temporary folders, so leftovers of a killed build can be found and removed.
    static func stagingPrefix(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".kb-"
    }

    init(outputDirectory: String) throws(SiteIOError) {
        self.outputDirectory = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        OutputWriter.removeLeftovers(of: self.outputDirectory)
        let prefix = OutputWriter.stagingPrefix(for: self.outputDirectory)
        stagingDirectory = prefix + "staging-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: stagingDirectory, withIntermediateDirectories: true)
        } catch {
            throw SiteIOError(path: stagingDirectory, message: "cannot create the build folder: \(error.localizedDescription)")
        }
        createdDirectories.insert(stagingDirectory)
    }

    /// Removes staging and old folders that an interrupted build left behind.
    static func removeLeftovers(of output: String) {
        let prefix = stagingPrefix(for: output)
        let parent = (prefix as NSString).deletingLastPathComponent
        let namePrefix = (prefix as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(namePrefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    /// Writes `bytes` at `relativePath` inside the staging folder; safe from many threads.
    func write(_ relativePath: String, _ bytes: some Collection<UInt8>) throws(SiteIOError) {
        let path = stagingDirectory + "/" + relativePath
        let folder = (path as NSString).deletingLastPathComponent
        try ensureDirectory(folder)
        try OutputWriter.writeFile(path, bytes)
    }

    /// One open, one write loop, one close: no temporary file and no fsync per page, since the whole
    /// staging folder is what gets swapped in atomically.
    static func writeFile(_ path: String, _ bytes: some Collection<UInt8>) throws(SiteIOError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SiteIOError(path: path, message: "cannot write file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let failure: Int32? = bytes.withContiguousStorageIfAvailable { buffer in writeAll(fd, UnsafeRawBufferPointer(buffer)) } ?? {
            let copy = Array(bytes)
            return copy.withUnsafeBytes { writeAll(fd, $0) }
        }()
        if let failure {
            throw SiteIOError(path: path, message: "cannot write file: \(String(cString: strerror(failure)))")
        }
    }

    /// Writes the whole buffer, retrying short writes; returns errno on failure.
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            guard let base = buffer.baseAddress else { return nil }
            let written = Glibc.write(fd, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    func write(_ relativePath: String, _ text: String) throws(SiteIOError) {
        // A native string's UTF-8 view is contiguous, so this writes without copying.
        try write(relativePath, text.utf8)
    }

    /// Copies a file into the staging folder.
    func copy(from source: String, to relativePath: String) throws(SiteIOError) {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw SiteIOError(path: source, message: "cannot read file")
        }
        try write(relativePath, data)
    }

    private func ensureDirectory(_ folder: String) throws(SiteIOError) {
        lock.lock()
        defer { lock.unlock() }
        if createdDirectories.contains(folder) { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SiteIOError(path: folder, message: "cannot create folder: \(error.localizedDescription)")
        }
        createdDirectories.insert(folder)
    }

    /// Puts the staged build in place of the output folder, atomically where the system allows.
    func commit() throws(SiteIOError) {
        let manager = FileManager.default
        if !manager.fileExists(atPath: outputDirectory) {
            guard rename(stagingDirectory, outputDirectory) == 0 else {
                throw SiteIOError(path: outputDirectory, message: "cannot move the new build into place: \(String(cString: strerror(errno)))")
            }
            return
        }
        // Linux: exchange both folders in one step, so the output folder exists at every instant.
        if AtomicExchange.exchange(stagingDirectory, outputDirectory) {
            try? manager.removeItem(atPath: stagingDirectory)
            return
        }
        let old = OutputWriter.stagingPrefix(for: outputDirectory) + "old-\(getpid())"
        guard rename(outputDirectory, old) == 0 else {
            throw SiteIOError(path: outputDirectory, message: "cannot replace the output folder: \(String(cString: strerror(errno)))")
        }
        guard rename(stagingDirectory, outputDirectory) == 0 else {
            _ = rename(old, outputDirectory)
            throw SiteIOError(path: outputDirectory, message: "cannot move the new build into place: \(String(cString: strerror(errno)))")
        }
        try? manager.removeItem(atPath: old)
    }

    /// Throws the staged build away (a failed build), leaving the output folder as it was.
    func discard() {
        try? FileManager.default.removeItem(atPath: stagingDirectory)
    }
}

/// `renameat2(RENAME_EXCHANGE)`, looked up at run time because Swift's Glibc module does not declare it.
enum AtomicExchange {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let atCurrentDirectory: Int32 = -100
        let renameExchange: UInt32 = 2
        return renameat2(atCurrentDirectory, a, atCurrentDirectory, b, renameExchange) == 0
        #else
        return false
        #endif
    }
}
