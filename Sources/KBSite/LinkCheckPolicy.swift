/// How broken links in articles are reported (`link_check` in `Articles/_index.md`): imported docs often
/// link to pages of another site by site-root paths, which must not stop the build.
public enum LinkCheckLevel: String, Sendable, CaseIterable {
    /// A broken link fails the build (the default).
    case error
    /// A broken link is printed as a warning with its location; the build goes on.
    case warn
    /// Links are not reported at all (they are still rewritten when they resolve).
    case off
}

/// The site's link-check settings: the level and the destination prefixes never checked.
public struct LinkCheckPolicy: Sendable, Equatable {
    public var level: LinkCheckLevel = .error
    /// `link_check_ignore`: destinations starting with one of these (e.g. `/en-US/docs/`) are not checked.
    public var ignoredPrefixes: [String] = []

    public init(level: LinkCheckLevel = .error, ignoredPrefixes: [String] = []) {
        self.level = level
        self.ignoredPrefixes = ignoredPrefixes
    }

    /// The severity a problem with `destination` gets, or nil when it is not reported.
    func severity(for destination: String) -> Diagnostic.Severity? {
        if ignoredPrefixes.contains(where: { destination.hasPrefix($0) }) { return nil }
        switch level {
        case .error: return .error
        case .warn: return .warning
        case .off: return nil
        }
    }
}

extension FieldReader {
    /// Reads `link_check: error | warn | off` and `link_check_ignore: [prefixes]`; wrong values are located errors.
    mutating func linkCheckPolicy() -> LinkCheckPolicy {
        var policy = LinkCheckPolicy()
        if let entry = map.entry("link_check"), entry.value != .null {
            if let text = entry.value.stringValue, let level = LinkCheckLevel(rawValue: text) {
                policy.level = level
            } else {
                diagnostics.append(Diagnostic(
                    path: path, line: entry.line, column: entry.column,
                    message: "'link_check' must be error, warn or off, not '\(entry.value.stringValue ?? "a list or map")'",
                    hint: "error (the default) fails the build on a broken link; warn prints it and goes on; off does not check"))
            }
        }
        policy.ignoredPrefixes = stringList("link_check_ignore")
        if let entry = map.entry("link_check_ignore"), policy.ignoredPrefixes.contains(where: { $0.isEmpty }) {
            diagnostics.append(Diagnostic(
                path: path, line: entry.line, column: entry.column,
                message: "'link_check_ignore' has an empty prefix, which would skip every link",
                hint: "list the starts of the links not to check, e.g. link_check_ignore: [\"/en-US/docs/\"]; link_check: off skips them all"))
            policy.ignoredPrefixes.removeAll { $0.isEmpty }
        }
        return policy
    }
}
