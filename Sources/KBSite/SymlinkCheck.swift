/// Turns the symbolic links a folder scan refused into diagnostics; also the check for Templates/, which the
/// template engine reads itself, so call it before loading templates from a folder.
public enum SymlinkCheck {
    /// One error per refused link under `folder`, shown as `displayName/link`; empty when every link is fine.
    public static func diagnostics(folder: String, displayName: String) -> [Diagnostic] {
        guard let scan = try? FileListing.scan(folder) else { return [] }
        return diagnostics(scan.refusedLinks, displayName: displayName)
    }

    static func diagnostics(_ links: [LinkProblem], displayName: String) -> [Diagnostic] {
        links.map { problem in
            let path = displayName + "/" + problem.link
            if problem.isLoop {
                return Diagnostic(path: path, line: 0, column: 0,
                                  message: "the symbolic link leads to \(problem.target), a folder kb already reads (a loop)",
                                  hint: "remove the link; kb follows a link only once")
            }
            return Diagnostic(path: path, line: 0, column: 0,
                              message: "the symbolic link points to \(problem.target), outside \(displayName)/",
                              hint: "kb publishes only what lies inside \(displayName)/: copy the file in, or remove the link")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SymlinkCheck {
    /// An error when the output folder is a symbolic link: each build swaps a new folder into its place, which
    /// would replace the link with a folder and leave its target stale, so kb refuses rather than guess.
    static func outputDiagnostic(_ output: String) -> Diagnostic? {
        var path = output
        // "Output/" would make lstat follow the link.
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        let target = FileListing.resolved(path) ?? "a path that does not exist"
        return Diagnostic(path: ContentLoader.displayName(output), line: 0, column: 0,
                          message: "the output folder is a symbolic link to \(target); kb replaces the output folder on every build and will not replace a link",
                          hint: "build into the target itself (--output \(target)), or remove the link (rm \(path)) and build again")
    }
}
