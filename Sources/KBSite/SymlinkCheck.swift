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
