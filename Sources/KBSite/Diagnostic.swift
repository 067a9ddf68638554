/// One problem found in the input, located at `path:line:column`, with a hint on how to fix it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Comparable {
    /// A note (an article due for review) never fails a build; `--strict` turns warnings into errors.
    public enum Severity: String, Sendable { case error, warning, note }

    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String
    public var hint: String?
    /// Extra lines shown under the message (e.g. the template line with a caret).
    public var detail: String?

    public init(path: String, line: Int = 1, column: Int = 1, severity: Severity = .error,
                message: String, hint: String? = nil, detail: String? = nil) {
        self.path = path; self.line = line; self.column = column; self.severity = severity
        self.message = message; self.hint = hint; self.detail = detail
    }

    /// `path:line:col`, or just the path for a problem with a whole file or folder.
    public var location: String { line > 0 ? "\(path):\(line):\(column)" : path }

    public var description: String {
        var text = "\(location): \(severity == .error ? "" : severity.rawValue + ": ")\(message)"
        if let hint { text += "\n  hint: \(hint)" }
        if let detail, !detail.isEmpty { text += "\n" + detail }
        return text
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.path, a.line, a.column, a.message) < (b.path, b.line, b.column, b.message)
    }
}

/// A build that found problems in its input; nothing was written.
public struct BuildFailure: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The output folder could not be read or written.
public struct SiteIOError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    /// The system's words for the failure ("No space left on device"), when a system call failed.
    public var reason: String? = nil
    public var description: String { "\(path): \(message)" }
}
