import KBMarkdown

extension FieldReader {
    /// Reads `raw_html: sanitize | escape | trusted`; any other value is a located error.
    mutating func rawHTMLMode(_ key: String) -> RawHTMLMode? {
        guard let entry = map.entry(key) else { return nil }
        if case .null = entry.value { return nil }
        if let text = entry.value.stringValue, let mode = RawHTMLMode(rawValue: text) { return mode }
        diagnostics.append(Diagnostic(
            path: path, line: entry.line, column: entry.column,
            message: "'\(key)' must be sanitize, escape or trusted, not '\(entry.value.stringValue ?? "a list or map")'",
            hint: "sanitize (the default) keeps safe HTML only; escape shows it as text; trusted passes it as written"))
        return nil
    }
}
