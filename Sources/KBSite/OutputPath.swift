/// A file's path inside the output folder, checked once: relative, `/`-separated, no empty, `.` or `..` segment,
/// no NUL, backslash or control character. Every path kb writes (pages, aliases, static files, assets, error
/// pages) becomes one of these, so no input (an alias, a file name, a tag) can make a write leave the folder.
struct OutputPath: Sendable, Hashable, CustomStringConvertible {
    /// The checked path, e.g. `network/502-bad-gateway/index.html`.
    let value: String
    var description: String { value }

    /// Why a path was refused, worded to follow "the path … ".
    enum Problem: Error, Sendable, Equatable {
        case empty
        case dotSegment(String)
        case forbiddenCharacter(String)
        case tooLong(String)

        var message: String {
            switch self {
            case .empty: return "is empty"
            case .dotSegment(""): return "has an empty segment (//)"
            case .dotSegment(let segment): return "has a '\(segment)' segment, which would leave its folder or the output folder"
            case .forbiddenCharacter(let name): return "contains \(name), which no output file name may contain"
            case .tooLong(let what): return "is too long: \(what)"
            }
        }
    }

    /// Bytes in one file or folder name: NAME_MAX on Linux and macOS. A longer alias would fail as a write error.
    static let maximumSegmentBytes = 255
    /// Bytes in the whole relative path, leaving room within PATH_MAX (4096) for the output folder's own path.
    static let maximumPathBytes = 1024

    /// Checks `path` (relative to the output folder; one leading `/` of a site path is dropped).
    init(_ path: String) throws(Problem) {
        var text = Substring(path)
        if text.hasPrefix("/") { text = text.dropFirst() }
        guard !text.isEmpty else { throw .empty }
        for byte in text.utf8 {
            switch byte {
            case 0: throw .forbiddenCharacter("a NUL byte")
            case UInt8(ascii: "\\"): throw .forbiddenCharacter("a backslash")
            case 0x01...0x1F, 0x7F: throw .forbiddenCharacter("a control character (byte \(byte))")
            default: continue
            }
        }
        for segment in text.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case "": throw .dotSegment("")
            case ".", "..": throw .dotSegment(String(segment))
            default:
                if segment.utf8.count > OutputPath.maximumSegmentBytes {
                    throw .tooLong("a part of \(segment.utf8.count) bytes, where file systems allow \(OutputPath.maximumSegmentBytes)")
                }
            }
        }
        if text.utf8.count > OutputPath.maximumPathBytes {
            throw .tooLong("\(text.utf8.count) bytes, where kb allows \(OutputPath.maximumPathBytes)")
        }
        value = String(text)
    }

    /// The file that serves a site path: `/tags/` → `tags/index.html`, `/404.html` → `404.html`.
    static func serving(_ sitePath: String) throws(Problem) -> OutputPath {
        var path = sitePath.hasPrefix("/") ? String(sitePath.dropFirst()) : sitePath
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        return try OutputPath(path)
    }

    /// An alias as written in front matter, made a site path: `bad-gateway` → `/bad-gateway/` (not yet checked).
    static func sitePath(alias: String) -> String {
        // Spaces and tabs around the value are a typing slip, not part of the path (as CharacterSet.whitespaces).
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = alias.unicodeScalars
        let first = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let last = scalars.lastIndex { !isSpace($0) }.map { scalars.index(after: $0) } ?? first
        var path = first < last ? String(scalars[first..<last]) : ""
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") && !path.hasSuffix(".html") { path += "/" }
        return path
    }

    /// nil when `sitePath` is a site path kb may write; else the reason, for a located diagnostic.
    static func problem(sitePath: String) -> Problem? {
        do {
            _ = try serving(sitePath)
            return nil
        } catch {
            return error
        }
    }
}
