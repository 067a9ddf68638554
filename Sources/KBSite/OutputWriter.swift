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
        let data = Data(bytes)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw SiteIOError(path: path, message: "cannot write file (is the disk full or read-only?)")
        }
    }

    func write(_ relativePath: String, _ text: String) throws(SiteIOError) {
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
