// HTTP exchanges (`http`): request and status lines, header fields, and the body, which is lexed as
// JSON, HTML/XML or CSS when the message's Content-Type says so. A block may hold several messages.

enum HTTPLexer {
    static let methods = WordList(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
                                   "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PURGE"])

    static func lex(_ s: inout ByteScanner) {
        while !s.atEnd {
            s.skipBlankLines()
            guard !s.atEnd else { return }
            startLine(&s)
            let bodyLanguage = headers(&s)
            body(&s, bodyLanguage)
        }
    }

    /// `GET /path HTTP/1.1` or `HTTP/1.1 404 Not Found`.
    static func startLine(_ s: inout ByteScanner) {
        if s.matches("HTTP/", at: s.i) {
            version(&s)
            s.skipSpaces()
            if ASCII.isDigit(s.peek()) {
                let start = s.i
                while !s.atEnd && ASCII.isDigit(s.peek()) { s.i &+= 1 }
                s.emit(.number, from: start)
            }
            s.skipSpaces()
            let start = s.i
            s.skipToLineEnd()
            s.emit(.name, from: start)
        } else {
            let start = s.i
            while !s.atEnd && ASCII.isLetter(s.peek()) { s.i &+= 1 }
            s.emit(.keyword, from: start)
            s.skipSpaces()
            let target = s.i
            while !s.atEnd && s.peek() != 32 && s.peek() != 10 { s.i &+= 1 }
            s.emit(.string, from: target)
            s.skipSpaces()
            if s.matches("HTTP/", at: s.i) { version(&s) }
            s.skipToLineEnd()
        }
        if !s.atEnd { s.i &+= 1 }
    }

    static func version(_ s: inout ByteScanner) {
        let start = s.i
        while !s.atEnd && s.peek() != 32 && s.peek() != 10 { s.i &+= 1 }
        s.emit(.keyword, from: start)
    }

    /// Header lines up to the blank line; returns the language of the body from Content-Type.
    static func headers(_ s: inout ByteScanner) -> HighlightLanguage? {
        var language: HighlightLanguage?
        while !s.atEnd && s.peek() != 10 && !(s.peek() == 13 && s.peek(1) == 10) {
            // A response right after a request, with no blank line between.
            if s.matches("HTTP/", at: s.i) { return language }
            let nameStart = s.i
            while !s.atEnd && s.peek() != UInt8(ascii: ":") && s.peek() != 10 { s.i &+= 1 }
            guard s.peek() == UInt8(ascii: ":") else {
                // Not a header field: leave the line plain.
                s.skipLine()
                continue
            }
            let isContentType = s.i &- nameStart == 12 && s.matchesIgnoringCase("content-type", at: nameStart)
            s.emit(.attribute, from: nameStart)
            s.take(.punctuation)
            s.skipSpaces()
            let valueStart = s.i
            s.skipToLineEnd()
            if isContentType { language = bodyLanguage(s, valueStart, s.i) }
            if ASCII.isDigit(s.at(valueStart)) && allDigits(s, valueStart, s.i) { s.emit(.number, from: valueStart) }
            if !s.atEnd { s.i &+= 1 }
        }
        return language
    }

    /// The body: up to the next line that starts a response (`HTTP/`), lexed by Content-Type.
    static func body(_ s: inout ByteScanner, _ language: HighlightLanguage?) {
        if s.peek() == 13 { s.i &+= 1 }
        if s.peek() == 10 { s.i &+= 1 }
        let start = s.i
        var stop = s.i
        while stop < s.end {
            if s.matches("HTTP/", at: stop) { break }
            while stop < s.end && s.b[stop] != 10 { stop &+= 1 }
            if stop < s.end { stop &+= 1 }
        }
        if let language {
            let outer = s.end
            s.end = stop
            s.i = start
            Highlighter.lex(&s, language)
            s.end = outer
        }
        s.i = stop
    }

    static func bodyLanguage(_ s: ByteScanner, _ start: Int, _ stop: Int) -> HighlightLanguage? {
        var j = start
        while j < stop {
            if s.matchesIgnoringCase("json", at: j) { return .json }
            if s.matchesIgnoringCase("html", at: j) || s.matchesIgnoringCase("xml", at: j) { return .html }
            if s.matchesIgnoringCase("css", at: j) { return .css }
            if s.matchesIgnoringCase("javascript", at: j) { return .javascript }
            j &+= 1
        }
        return nil
    }

    static func allDigits(_ s: ByteScanner, _ start: Int, _ stop: Int) -> Bool {
        for j in start..<stop where !ASCII.isDigit(s.b[j]) && s.b[j] != 13 { return false }
        return true
    }
}

extension ByteScanner {
    mutating func skipBlankLines() {
        while !atEnd {
            var j = i
            while j < end && (b[j] == 32 || b[j] == 9 || b[j] == 13) { j &+= 1 }
            guard j < end, b[j] == 10 else { return }
            i = j &+ 1
        }
    }
}
