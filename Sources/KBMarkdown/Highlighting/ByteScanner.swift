// The cursor every lexer shares: a forward-only position over a code block's bytes, the tokens
// found so far, and the small scans lexers have in common (quoted strings, numbers, words).
// Every scan advances `i` and never moves it back, which is what keeps the lexers linear.

struct ByteScanner {
    let b: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var i: Int
    /// One past the last byte this lexer may read (a sub-lexer runs with a nearer end).
    var end: Int
    /// The first byte of the block; `at` reads nothing before it.
    let lower: Int
    private(set) var tokens: [HighlightToken] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        b = bytes
        i = start
        lower = start
        self.end = end
    }

    @inline(__always) var atEnd: Bool { i >= end }

    /// The byte `k` places ahead of the cursor, or 0 past the end.
    @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
        let j = i &+ k
        return j < end && j >= lower ? b[j] : 0
    }

    /// The byte at `j`, or 0 outside the window.
    @inline(__always) func at(_ j: Int) -> UInt8 { j < end && j >= lower ? b[j] : 0 }

    /// Records `start..<stop` as `kind`, joined to the previous token when they touch and match.
    mutating func emit(_ kind: HighlightTokenKind, _ start: Int, _ stop: Int) {
        guard start < stop else { return }
        if let last = tokens.last, last.kind == kind, last.end == Int32(start) {
            tokens[tokens.count - 1].end = Int32(stop)
        } else {
            tokens.append(HighlightToken(kind: kind, start: Int32(start), end: Int32(stop)))
        }
    }

    /// Gives the token that ends at `stop` and covers `start` the class `kind` from `start` on.
    mutating func retag(_ kind: HighlightTokenKind, _ start: Int, _ stop: Int) {
        guard let last = tokens.last, last.end == Int32(stop), last.start <= Int32(start), last.kind != kind else { return }
        if last.start == Int32(start) {
            tokens[tokens.count - 1].kind = kind
        } else {
            tokens[tokens.count - 1].end = Int32(start)
            tokens.append(HighlightToken(kind: kind, start: Int32(start), end: Int32(stop)))
        }
    }

    /// Records from `start` to the cursor.
    @inline(__always) mutating func emit(_ kind: HighlightTokenKind, from start: Int) { emit(kind, start, i) }

    /// Records the next `count` bytes and moves past them.
    @inline(__always) mutating func take(_ kind: HighlightTokenKind, _ count: Int = 1) {
        let start = i
        i = min(i &+ count, end)
        emit(kind, start, i)
    }

    // MARK: moving

    mutating func skipSpaces() {
        while i < end && (b[i] == 32 || b[i] == 9) { i &+= 1 }
    }

    /// Moves to the line's newline (not past it).
    mutating func skipToLineEnd() {
        while i < end && b[i] != 10 { i &+= 1 }
    }

    /// Moves past the line's newline.
    mutating func skipLine() {
        skipToLineEnd()
        if i < end { i &+= 1 }
    }

    /// Moves past the next `terminator` (up to 4 bytes), or to the end when there is none.
    /// Returns whether it was found. Linear: the cursor never revisits a byte.
    @discardableResult
    mutating func skip(past terminator: StaticString) -> Bool {
        let t = terminator.utf8Start, n = terminator.utf8CodeUnitCount
        while i < end {
            if b[i] == t[0] && matches(terminator, at: i) { i &+= n; return true }
            i &+= 1
        }
        return false
    }

    /// Whether the bytes at `j` spell `word` exactly.
    func matches(_ word: StaticString, at j: Int) -> Bool {
        let w = word.utf8Start, n = word.utf8CodeUnitCount
        guard j >= lower, j &+ n <= end else { return false }
        for k in 0..<n where b[j &+ k] != w[k] { return false }
        return true
    }

    /// Whether the bytes at `j` spell `word` (lowercase ASCII), ignoring case.
    func matchesIgnoringCase(_ word: StaticString, at j: Int) -> Bool {
        let w = word.utf8Start, n = word.utf8CodeUnitCount
        guard j >= lower, j &+ n <= end else { return false }
        for k in 0..<n where ASCII.lower(b[j &+ k]) != w[k] { return false }
        return true
    }

    /// Whether the cursor is at the first non-blank byte of its line.
    func atLineStart(from lineStart: Int) -> Bool {
        var j = lineStart
        while j < i && (b[j] == 32 || b[j] == 9) { j &+= 1 }
        return j == i
    }

    // MARK: common tokens

    /// A string opened by the quote at the cursor. Backslash escapes count when `escapes`; it stops at
    /// the closing quote, or (unterminated) at the end of the line, or of the block when `multiline`.
    mutating func string(escapes: Bool = true, multiline: Bool = false, kind: HighlightTokenKind = .string) {
        let start = i, quote = b[i]
        i &+= 1
        while i < end {
            let c = b[i]
            if c == quote { i &+= 1; break }
            if c == 10 && !multiline { break }
            if c == 92 && escapes && i &+ 1 < end && (multiline || b[i &+ 1] != 10) { i &+= 2; continue }
            i &+= 1
        }
        emit(kind, start, i)
    }

    /// A run of word bytes (letters, digits, `_`, non-ASCII, plus `extra`) from the cursor; returns its start.
    @discardableResult
    mutating func word(extra: StaticString = "") -> Int {
        let start = i
        while i < end && (ByteScanner.isWordByte(b[i]) || ByteScanner.contains(extra, b[i])) { i &+= 1 }
        return start
    }

    /// A number: digits, then any letters, digits, `.` and `_` that follow (`0x1F`, `1.5e3`, `10ms`, `2xx`),
    /// and an exponent sign right after `e`.
    mutating func number(kind: HighlightTokenKind = .number, from first: Int? = nil) {
        let start = first ?? i
        while i < end {
            let c = b[i]
            if ByteScanner.isWordByte(c) || c == 46 {
                // A dot followed by a non-digit ends it, so `1.method` and `1..2` are not one number.
                if c == 46 && !ASCII.isDigit(at(i &+ 1)) { break }
                i &+= 1
            } else if (c == 43 || c == 45) && (b[i &- 1] | 0x20) == 101 && ASCII.isDigit(b[start]) && !ByteScanner.hasHexPrefix(b, start, i) {
                i &+= 1
            } else {
                break
            }
        }
        emit(kind, start, i)
    }

    static func hasHexPrefix(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ i: Int) -> Bool {
        i > start &+ 1 && b[start] == 48 && (b[start &+ 1] | 0x20) == 120
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        ASCII.isAlphanumeric(c) || c == 95 || c >= 0x80
    }

    @inline(__always) static func isWordStart(_ c: UInt8) -> Bool {
        ASCII.isLetter(c) || c == 95 || c >= 0x80
    }

    static func contains(_ set: StaticString, _ c: UInt8) -> Bool {
        let p = set.utf8Start
        for k in 0..<set.utf8CodeUnitCount where p[k] == c { return true }
        return false
    }

    /// Whether the word `start..<stop` is in `list`.
    @inline(__always) func isWord(_ start: Int, _ stop: Int, in list: WordList) -> Bool {
        list.contains(b, start, stop)
    }
}

/// A fixed set of ASCII words (at most 24 bytes each) looked up without allocating: each word is
/// packed into three integers.
struct WordList: Sendable {
    struct Key: Hashable, Sendable { var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0 }
    private let keys: Set<Key>
    private let ignoreCase: Bool

    init(_ words: [String], ignoreCase: Bool = false) {
        self.ignoreCase = ignoreCase
        var keys = Set<Key>()
        for word in words {
            let bytes = Array(word.utf8)
            if let key = bytes.withUnsafeBufferPointer({ WordList.key($0, 0, $0.count, lower: ignoreCase) }) { keys.insert(key) }
        }
        self.keys = keys
    }

    @inline(__always)
    static func key(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, lower: Bool) -> Key? {
        let n = stop &- start
        guard n > 0 && n <= 24 else { return nil }
        var key = Key()
        for k in 0..<n {
            let c = lower ? ASCII.lower(b[start &+ k]) : b[start &+ k]
            let shift = UInt64((k & 7) &* 8)
            switch k >> 3 {
            case 0: key.a |= UInt64(c) << shift
            case 1: key.b |= UInt64(c) << shift
            default: key.c |= UInt64(c) << shift
            }
        }
        return key
    }

    func contains(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        guard let key = WordList.key(b, start, stop, lower: ignoreCase) else { return false }
        return keys.contains(key)
    }
}
