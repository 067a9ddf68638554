import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output path → content hash of every file a build produced, so the next build can skip unchanged files.
typealias OutputManifest = [String: UInt64]

/// Writes a build into a temporary folder beside the output and swaps it in only when the build succeeded;
/// or, for `kb serve`'s rebuilds, keeps only the files whose contents changed and writes them in place at the end.
final class OutputWriter: @unchecked Sendable {
    let outputDirectory: String
    let stagingDirectory: String
    private let lock = NSLock()
    private var createdDirectories: Set<String> = []
    /// Set for in-place rebuilds: the manifest of the files already in the output folder.
    private let previous: OutputManifest?
    private let recordsManifest: Bool
    /// What this build produced (filled when `recordsManifest`).
    private(set) var manifest: OutputManifest = [:]
    /// In-place mode: changed files, written only by `commit()`, so a failed rebuild writes nothing.
    private var pending: [(path: String, bytes: [UInt8])] = []
    /// Files actually written by the last commit.
    private(set) var writtenCount = 0
    /// True when the staging folder is a reused earlier output (the spare), whose files and folders are
    /// overwritten in place; then `writtenPaths` says which of its files to keep.
    private var reusesSpare = false
    private var writtenPaths: Set<String> = []

    /// In-place writer for a rebuild over an output folder whose files are described by `previous`.
    init(outputDirectory: String, previous: OutputManifest) {
        self.outputDirectory = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        stagingDirectory = self.outputDirectory
        self.previous = previous
        recordsManifest = true
    }

    /// Prefix of the temporary folders, so leftovers of a killed build can be found and removed.
    static func stagingPrefix(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".kb-"
    }

    /// The previous output, kept beside the output folder after a build: the next build writes into its existing
    /// files and folders instead of creating tens of thousands of new ones and deleting as many old ones, which
    /// is most of a large build's time on ext4.
    static func sparePath(for output: String) -> String {
        stagingPrefix(for: output) + "spare"
    }

    init(outputDirectory: String, recordsManifest: Bool = false) throws(SiteIOError) {
        self.outputDirectory = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        self.previous = nil
        self.recordsManifest = recordsManifest
        OutputWriter.removeLeftovers(of: self.outputDirectory)
        let prefix = OutputWriter.stagingPrefix(for: self.outputDirectory)
        stagingDirectory = prefix + "staging-\(getpid())"
        // Claim the spare by renaming it, so two builds never write into the same folder.
        let spare = OutputWriter.sparePath(for: self.outputDirectory)
        if OutputWriter.isRealDirectory(spare), rename(spare, stagingDirectory) == 0 {
            reusesSpare = true
        } else {
            do {
                try FileManager.default.createDirectory(atPath: stagingDirectory, withIntermediateDirectories: true)
            } catch {
                let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
                throw SiteIOError(path: stagingDirectory, message: "cannot create the build folder: \(reason ?? error.localizedDescription)", reason: reason)
            }
        }
        createdDirectories.insert(stagingDirectory)
    }

    /// Deals with folders an interrupted build left behind: one becomes the spare if there is none, since its
    /// unneeded files are swept anyway; the others are removed.
    static func removeLeftovers(of output: String) {
        let prefix = stagingPrefix(for: output)
        let parent = (prefix as NSString).deletingLastPathComponent
        let namePrefix = (prefix as NSString).lastPathComponent
        let spare = sparePath(for: output)
        let lock = OutputLock.path(for: output)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names.sorted() where name.hasPrefix(namePrefix) {
            let path = parent + "/" + name
            if path == spare || path == lock { continue }
            if !isRealDirectory(spare), isRealDirectory(path), rename(path, spare) == 0 { continue }
            removeTree(path)
        }
    }

    /// A folder, not a symbolic link to one.
    static func isRealDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Writes `bytes` at `relativePath` inside the staging folder; safe from many threads.
    func write(_ relativePath: String, _ bytes: some Collection<UInt8>) throws(SiteIOError) {
        // The last line of defence: input-derived paths were checked with a located error before rendering.
        do {
            _ = try OutputPath(relativePath)
        } catch {
            throw SiteIOError(path: outputDirectory, message: "refused to write '\(relativePath)': the path \(error.message)")
        }
        if recordsManifest {
            let hash = ContentHash.value(bytes)
            lock.lock()
            manifest[relativePath] = hash
            let unchanged = previous?[relativePath] == hash
            let inPlace = previous != nil
            if inPlace && !unchanged { pending.append((relativePath, Array(bytes))) }
            lock.unlock()
            if inPlace { return }
        }
        let path = stagingDirectory + "/" + relativePath
        let folder = (path as NSString).deletingLastPathComponent
        try ensureDirectory(folder)
        if reusesSpare {
            try OutputWriter.overwriteFile(path, bytes)
        } else {
            try OutputWriter.writeFile(path, bytes)
        }
        lock.lock()
        writtenCount += 1
        if reusesSpare { writtenPaths.insert(relativePath) }
        lock.unlock()
    }

    /// Writes over an existing file of the spare without truncating it first, so the file system reuses its
    /// inode and blocks; anything that is not a plain file of its own (a folder, a link) is replaced.
    static func overwriteFile(_ path: String, _ bytes: some Collection<UInt8>) throws(SiteIOError) {
        var fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        var info = stat()
        if fd >= 0, fstat(fd, &info) != 0 || info.st_mode & S_IFMT != S_IFREG || info.st_nlink != 1 {
            close(fd)
            fd = -1
        }
        if fd < 0 {
            removeTree(path)
            try writeFile(path, bytes)
            return
        }
        defer { close(fd) }
        try writeContents(fd, bytes, path: path)
        if info.st_size > bytes.count, ftruncate(fd, off_t(bytes.count)) != 0 {
            throw SiteIOError(path: path, message: "cannot write file: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
        }
    }

    /// One open, one write loop, one close: no temporary file and no fsync per page, since the whole
    /// staging folder is what gets swapped in atomically.
    static func writeFile(_ path: String, _ bytes: some Collection<UInt8>) throws(SiteIOError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SiteIOError(path: path, message: "cannot write file: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        try writeContents(fd, bytes, path: path)
    }

    /// Writes all of `bytes` to the open file `fd`; `path` names it in the error.
    private static func writeContents(_ fd: Int32, _ bytes: some Collection<UInt8>, path: String) throws(SiteIOError) {
        let failure: Int32? = bytes.withContiguousStorageIfAvailable { buffer in writeAll(fd, UnsafeRawBufferPointer(buffer)) } ?? {
            let copy = Array(bytes)
            return copy.withUnsafeBytes { writeAll(fd, $0) }
        }()
        if let failure {
            throw SiteIOError(path: path, message: "cannot write file: \(String(cString: strerror(failure)))", reason: String(cString: strerror(failure)))
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
        let known = createdDirectories.contains(folder)
        lock.unlock()
        if known { return }
        if reusesSpare {
            // Under the lock: a spare's folder may have to be replaced, and two threads must not both do that.
            lock.lock()
            defer { lock.unlock() }
            try ensureSpareDirectory(folder)
            return
        }
        // mkdir outside the lock: two threads making one folder both succeed (EEXIST is fine).
        try OutputWriter.makeDirectory(folder)
        lock.lock()
        createdDirectories.insert(folder)
        lock.unlock()
    }

    /// The spare's folders may be files or links now: each level is checked once, from the top. Holds the lock.
    private func ensureSpareDirectory(_ folder: String) throws(SiteIOError) {
        if createdDirectories.contains(folder) { return }
        let parent = (folder as NSString).deletingLastPathComponent
        if parent.count >= stagingDirectory.count, parent != folder { try ensureSpareDirectory(parent) }
        if !OutputWriter.isRealDirectory(folder) {
            OutputWriter.removeTree(folder)
            try OutputWriter.makeDirectory(folder)
        }
        createdDirectories.insert(folder)
    }

    /// `mkdir -p` with plain system calls; FileManager's version costs several stats per call.
    static func makeDirectory(_ folder: String) throws(SiteIOError) {
        if mkdir(folder, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else {
            throw SiteIOError(path: folder, message: "cannot create folder: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
        }
        let parent = (folder as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != folder else {
            throw SiteIOError(path: folder, message: "cannot create folder: no parent")
        }
        try makeDirectory(parent)
        if mkdir(folder, 0o755) == 0 || errno == EEXIST { return }
        throw SiteIOError(path: folder, message: "cannot create folder: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
    }

    /// `rm -rf` with openat/unlinkat, several times cheaper than FileManager.removeItem for a built site.
    static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            unlink(path)
            return
        }
        removeContents(of: fd)
        close(fd)
        rmdir(path)
    }

    /// The names in the folder open at `fd` (without `.` and `..`), each with whether it is labelled a folder;
    /// read in full first, so the caller may delete entries while going through them.
    private static func entries(of fd: Int32) -> [(name: String, isDirectory: Bool)] {
        guard let directory = fdopendir(dup(fd)) else { return [] }
        defer { closedir(directory) }
        var names: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(directory) {
            guard let name = FileListing.name(of: entry), name != ".", name != ".." else { continue }
            names.append((name, FileListing.isDirectory(entry)))
        }
        return names
    }

    /// Removes everything inside the folder open at `fd`; bounded depth, since kb's output is shallow.
    private static func removeContents(of fd: Int32, depth: Int = 0) {
        guard depth < 64 else { return }
        for (name, isDirectory) in entries(of: fd) {
            if isDirectory {
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 {
                    removeContents(of: child, depth: depth + 1)
                    close(child)
                }
                unlinkat(fd, name, AT_REMOVEDIR)
            } else if unlinkat(fd, name, 0) != 0 && errno == EISDIR {
                // d_type can be unknown on some file systems.
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 {
                    removeContents(of: child, depth: depth + 1)
                    close(child)
                }
                unlinkat(fd, name, AT_REMOVEDIR)
            }
        }
    }

    /// Puts the staged build in place of the output folder, atomically where the system allows.
    /// In place: writes the changed files; with `keepUnwritten` (a partial rebuild) files not produced this time
    /// stay, otherwise they are deleted.
    func commit(keepUnwritten: Bool = false) throws(SiteIOError) {
        if let previous {
            if keepUnwritten {
                manifest = previous.merging(manifest) { _, new in new }
            }
            for (relativePath, bytes) in pending.sorted(by: { $0.path < $1.path }) {
                let path = outputDirectory + "/" + relativePath
                try ensureDirectory((path as NSString).deletingLastPathComponent)
                try OutputWriter.writeFile(path, bytes)
            }
            writtenCount = pending.count
            pending = []
            // A partial rebuild keeps every file, so only a full one looks for files to delete.
            for path in keepUnwritten ? [] : previous.keys.sorted() where manifest[path] == nil {
                let absolute = outputDirectory + "/" + path
                unlink(absolute)
                // Remove folders the deleted page leaves empty (rmdir fails harmlessly on non-empty ones).
                var folder = (absolute as NSString).deletingLastPathComponent
                while folder.count > outputDirectory.count, rmdir(folder) == 0 {
                    folder = (folder as NSString).deletingLastPathComponent
                }
            }
            return
        }
        if reusesSpare { sweepSpare() }
        let manager = FileManager.default
        if !manager.fileExists(atPath: outputDirectory) {
            guard rename(stagingDirectory, outputDirectory) == 0 else {
                throw SiteIOError(path: outputDirectory, message: "cannot move the new build into place: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
            }
            return
        }
        // Linux: exchange both folders in one step, so the output folder exists at every instant.
        if AtomicExchange.exchange(stagingDirectory, outputDirectory) {
            keepAsSpare(stagingDirectory)
            return
        }
        let old = OutputWriter.stagingPrefix(for: outputDirectory) + "old-\(getpid())"
        guard rename(outputDirectory, old) == 0 else {
            throw SiteIOError(path: outputDirectory, message: "cannot replace the output folder: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
        }
        guard rename(stagingDirectory, outputDirectory) == 0 else {
            _ = rename(old, outputDirectory)
            throw SiteIOError(path: outputDirectory, message: "cannot move the new build into place: \(String(cString: strerror(errno)))", reason: String(cString: strerror(errno)))
        }
        keepAsSpare(old)
    }

    /// Throws the staged build away (a failed build), leaving the output folder as it was; after a write error
    /// (`deleting`) the partial folder is removed instead of kept as the spare, so it cannot hold the space
    /// the next build needs.
    func discard(deleting: Bool = false) {
        if previous != nil {
            pending = []
            return
        }
        if deleting {
            OutputWriter.removeTree(stagingDirectory)
        } else {
            keepAsSpare(stagingDirectory)
        }
    }

    /// Keeps a finished-with folder as the next build's spare (removing it only if a spare is already there).
    private func keepAsSpare(_ folder: String) {
        let spare = OutputWriter.sparePath(for: outputDirectory)
        if OutputWriter.isRealDirectory(spare) || rename(folder, spare) != 0 { OutputWriter.removeTree(folder) }
    }

    /// Removes what the spare held that this build did not write: stale files, and folders no written file needs.
    private func sweepSpare() {
        let fd = open(stagingDirectory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        sweep(fd, relative: "", depth: 0)
        close(fd)
    }

    private func sweep(_ fd: Int32, relative: String, depth: Int) {
        for (name, isDirectory) in OutputWriter.entries(of: fd) {
            let path = relative.isEmpty ? name : relative + "/" + name
            if !isDirectory {
                if writtenPaths.contains(path) || unlinkat(fd, name, 0) == 0 || errno != EISDIR { continue }
                // A folder the file system did not label as one (d_type unknown): handled below.
            }
            // Folders kb wrote into are real folders (ensureDirectory checked them); recurse only there.
            let child = depth < 64 && createdDirectories.contains(stagingDirectory + "/" + path)
                ? openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1
            if child >= 0 {
                sweep(child, relative: path, depth: depth + 1)
                close(child)
            } else {
                OutputWriter.removeTree(stagingDirectory + "/" + path)
            }
        }
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
