/// Front matter `error_names`: the names browsers show for their own errors (`ERR_TIMED_OUT`). Each is a key of
/// `codes.json` with its own answer card, so each belongs to exactly one article.
enum ErrorNames {
    /// The longest name accepted; browsers' own names are far shorter.
    static let maxLength = 64

    /// The valid names of `error_names`; any other is a located error.
    static func read(_ reader: inout FieldReader) -> [String] {
        guard let entry = reader.map.entry("error_names") else { return [] }
        var names: [String] = []
        for name in reader.stringList("error_names") {
            if isValid(name) {
                if !names.contains(name) { names.append(name) }
            } else {
                reader.diagnostics.append(Diagnostic(
                    path: reader.path, line: entry.valueLine, column: entry.valueColumn,
                    message: "'error_names' has '\(name.prefix(80))', which is not a browser error name",
                    hint: "write each name as the browser shows it, in capitals, digits and underscores, starting with a letter: ERR_TIMED_OUT"))
            }
        }
        return names
    }

    /// `ERR_TIMED_OUT`, `DNS_PROBE_FINISHED_NXDOMAIN`: a capital letter, then capitals, digits or `_`.
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maxLength, first >= 0x41 && first <= 0x5A else { return false }
        return bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}

extension SiteChecks {
    /// A browser error name listed by two articles would give `codes.json` two answers for one key.
    mutating func checkErrorNames() {
        var owner: [String: Article] = [:]
        for article in model.articles.sorted(by: { $0.relativePath < $1.relativePath }) {
            for name in article.errorNames {
                if let first = owner[name] {
                    let entry = article.frontMatter.entry("error_names")
                    diagnostics.append(Diagnostic(
                        path: article.displayPath, line: entry?.valueLine ?? 1, column: entry?.valueColumn ?? 1,
                        message: "'error_names' lists \(name), which \(first.displayPath) lists too",
                        hint: "each name belongs to one article: keep it in the one that answers it"))
                } else {
                    owner[name] = article
                }
            }
        }
    }
}
