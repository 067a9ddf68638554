#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file on disk: if none of these changed, its contents did not either.
struct FileStamp: Sendable, Equatable {
    var size: Int
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var inode: UInt64
}

/// A symbolic link kb refuses to follow: its target lies outside the folder being read, or it leads back into a
/// folder already being read (a loop).
struct LinkProblem: Sendable, Equatable {
    /// The link, relative to the folder being read.
    var link: String
    /// Where it points, resolved (or as written when it cannot be resolved).
    var target: String
    var isLoop: Bool
}

/// Every regular file under a folder, and the links that were refused.
struct FileScan: Sendable {
    var files: [SourceFile] = []
    var refusedLinks: [LinkProblem] = []
}

/// Lists folders with opendir/readdir and stat, which is several times cheaper than FileManager for 10,000 files.
enum FileListing {
    /// Folder levels followed at most: deeper trees are a loop kb could not see, or not a help center.
    static let maximumDepth = 64

    /// Every regular file under `root` with its stamp, sorted by relative path, skipping hidden names and the
    /// links `scan` refuses (callers that publish files report those through `scan` or `SymlinkCheck`).
    static func files(under root: String) throws(SiteIOError) -> [SourceFile] {
        try scan(root).files
    }

    /// Lists `root`. A symbolic link is followed once when its resolved target stays inside `root` and is not a
    /// folder already being read; otherwise it is refused and reported, so a link cannot publish host files.
    static func scan(_ root: String) throws(SiteIOError) -> FileScan {
        var result = FileScan()
        guard let realRoot = resolved(root) else {
            throw SiteIOError(path: root, message: "cannot read folder: \(String(cString: strerror(errno)))")
        }
        var seenFolders: Set<String> = [realRoot]
        var pending: [(relative: String, depth: Int)] = [("", 0)]
        while let (folder, depth) = pending.popLast() {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            guard let directory = opendir(absolute) else {
                throw SiteIOError(path: absolute, message: "cannot read folder: \(String(cString: strerror(errno)))")
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                guard let name = FileListing.name(of: entry) else { continue }
                if name.hasPrefix(".") { continue }
                let relative = folder.isEmpty ? name : folder + "/" + name
                let path = root + "/" + relative
                // Relative to the open folder, so the kernel does not walk the whole path again for each of thousands of files.
                var info = stat()
                guard fstatat(dirfd(directory), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFLNK {
                    guard let target = resolved(path) else {
                        // A dangling link is skipped as before; one that loops on itself is refused.
                        if errno == ELOOP { result.refusedLinks.append(LinkProblem(link: relative, target: linkText(path), isLoop: true)) }
                        continue
                    }
                    guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                        result.refusedLinks.append(LinkProblem(link: relative, target: target, isLoop: false))
                        continue
                    }
                    guard stat(path, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFDIR {
                        guard seenFolders.insert(target).inserted else {
                            result.refusedLinks.append(LinkProblem(link: relative, target: target, isLoop: true))
                            continue
                        }
                    }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    guard depth + 1 < maximumDepth else {
                        throw SiteIOError(path: path, message: "folders nest more than \(maximumDepth) levels deep")
                    }
                    if let real = resolved(path) { seenFolders.insert(real) }
                    pending.append((relative, depth + 1))
                case S_IFREG: result.files.append(SourceFile(relativePath: relative, absolutePath: path, stamp: stamp(info)))
                default: continue
                }
            }
        }
        result.files.sort { $0.relativePath < $1.relativePath }
        result.refusedLinks.sort { $0.link < $1.link }
        return result
    }

    /// The absolute path with every link resolved, or nil (errno says why).
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// What a link says, unresolved, for messages about links that cannot be resolved.
    private static func linkText(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count > 0 else { return "?" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Reads an entry's name in place: an entry is only as long as its name (d_reclen), so copying
    /// the whole `dirent` (entry.pointee) reads past the end of readdir's buffer.
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String? {
        guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return nil }
        return String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
    }

    /// Whether the entry is a folder, read in place for the same reason (false when the file system does not say).
    static func isDirectory(_ entry: UnsafeMutablePointer<dirent>) -> Bool {
        guard let typeOffset = MemoryLayout<dirent>.offset(of: \dirent.d_type) else { return false }
        return (UnsafeRawPointer(entry) + typeOffset).load(as: UInt8.self) == UInt8(DT_DIR)
    }

    static func stamp(_ info: stat) -> FileStamp {
        #if canImport(Darwin)
        return FileStamp(size: Int(info.st_size), modifiedSeconds: Int(info.st_mtimespec.tv_sec),
                         modifiedNanoseconds: Int(info.st_mtimespec.tv_nsec), inode: UInt64(info.st_ino))
        #else
        return FileStamp(size: Int(info.st_size), modifiedSeconds: Int(info.st_mtim.tv_sec),
                         modifiedNanoseconds: Int(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino))
        #endif
    }
}
