import Foundation

/// Encodings and line endings kb cannot read as Markdown, recognised up front so the author hears "this file is
/// UTF-16" rather than the misleading "the article has no title" the garbled text would give.
enum SourceEncoding {
    /// Bytes looked at for NUL bytes: enough to tell UTF-16 text, cheap on a big file.
    static let sniffLength = 4096

    /// What is wrong with the file's bytes, or nil when they can be read as UTF-8 text with LF or CRLF line ends.
    static func problem(in data: Data) -> (message: String, hint: String)? {
        let saveAsUTF8 = "save it as UTF-8 (in most editors: Save As, encoding UTF-8)"
        if data.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || data.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return ("this file is UTF-32 (it starts with a UTF-32 byte-order mark); kb reads UTF-8 only", saveAsUTF8)
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let order = data.first == 0xFF ? "little-endian" : "big-endian"
            return ("this file is UTF-16 (\(order), it starts with a byte-order mark); kb reads UTF-8 only", saveAsUTF8)
        }
        let head = data.prefix(sniffLength)
        let nulCount = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        // UTF-16 text of Latin letters is every other byte NUL; a stray NUL in UTF-8 text is one of thousands.
        if nulCount > 0 && nulCount * 4 >= head.count {
            return ("this file looks like UTF-16 (\(nulCount) of its first \(head.count) bytes are NUL); kb reads UTF-8 only", saveAsUTF8)
        }
        if data.contains(0x0D) && !data.contains(0x0A) {
            return ("this file uses CR-only line endings (classic Mac), so kb sees it as one line",
                    "save it with LF line endings (Unix); CRLF (Windows) works too")
        }
        return nil
    }
}
