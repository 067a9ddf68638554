import Foundation
@testable import KBSearch

/// Reads the bundled Articles/ into search documents for the quality test. KBSearchTests depends only on
/// KBSearch, so this is a small stand-in for the site builder: the front matter fields search uses, headings,
/// and the body as text (paragraphs on one line each, link targets dropped).
enum ArticleReader {
    static func documents(in directory: URL) throws -> [SearchDocument] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix("_") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return document(slug: String(name.dropLast(3)), text: text)
        }
    }

    static func document(slug: String, text: String) -> SearchDocument {
        var fields: [String: String] = [:]
        var body = Substring(text)
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") {
            for line in text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            body = text[end.upperBound...]
        }
        var headings: [String] = []
        var lines: [String] = []
        var paragraph: [String] = []
        // Sections as the site builder hands them over (it reads them from the parse tree).
        var sections: [SearchSection] = []
        func flush() {
            if !paragraph.isEmpty {
                let text = withoutLinkTargets(paragraph.joined(separator: " "))
                lines.append(text)
                if sections.isEmpty { sections.append(SearchSection(heading: "", paragraphs: [])) }
                sections[sections.count - 1].paragraphs.append(plain(text))
            }
            paragraph = []
        }
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") {
                flush()
                let heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                headings.append(heading)
                lines.append(heading)
                sections.append(SearchSection(heading: heading, paragraphs: [], role: heading == "What it means" ? .primary : .normal))
                continue
            }
            let startsItem = line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("|") || line.hasPrefix("```")
                || line.hasPrefix(">") || (line.first?.isNumber == true && line.contains(". "))
            if startsItem { flush() }
            paragraph.append(line)
        }
        flush()
        return SearchDocument(url: "/\(slug)/", title: unquote(fields["title"] ?? slug),
                              code: fields["code"].flatMap { Int($0) }, summary: unquote(fields["summary"] ?? ""),
                              headings: headings, text: lines.joined(separator: "\n"),
                              keywords: list(fields["keywords"]), aliases: list(fields["aliases"]),
                              tags: list(fields["tags"]), sections: sections)
    }

    /// Markup a reader does not see: list markers, emphasis, the brackets of links, code backticks.
    static func plain(_ text: String) -> String {
        var line = Substring(text)
        for marker in ["- ", "* ", "> "] where line.hasPrefix(marker) { line = line.dropFirst(marker.count) }
        if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty,
           line[line.index(after: dot)...].hasPrefix(" ") {
            line = line[line.index(dot, offsetBy: 2)...]
        }
        return String(line).replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
            .replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
    }

    /// "[text](target)" -> "[text]", so link targets do not count as words of the article.
    static func withoutLinkTargets(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "](") {
            result += rest[..<open.lowerBound] + "]"
            guard let close = rest[open.upperBound...].firstIndex(of: ")") else { rest = ""; break }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func unquote(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }

    /// An inline YAML list of plain or double-quoted items.
    static func list(_ value: String?) -> [String] {
        guard let value, value.hasPrefix("["), value.hasSuffix("]") else { return [] }
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if escaped { current.append(character); escaped = false; continue }
            if quoted && character == "\\" { escaped = true; continue }
            if character == "\"" { quoted.toggle(); continue }
            if character == "," && !quoted {
                items.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue
            }
            current.append(character)
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items.filter { !$0.isEmpty }
    }
}
