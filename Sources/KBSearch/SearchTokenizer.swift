import Foundation

// The tokenizer of the search index. Its rules are specified once in Docs/search-reference.md ("Tokenization")
// and implemented twice: here (build time) and in Templates/assets/search.js (query time). The shared fixture
// Tests/Fixtures/KBSearch/tokenizer-cases.json holds both to the same output.

/// Splits text into normalized search terms: folded, lower-cased, split, stop words dropped, lightly stemmed.
public enum SearchTokenizer {
    /// The search terms of `text`, in order, duplicates kept.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        forEachWord(text) { word in
            if let term = term(ofWord: Array(word)) { result.append(String(decoding: term, as: UTF8.self)) }
        }
        return result
    }

    /// Words dropped from queries and documents: they carry no meaning for finding an article.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "do", "does", "for", "from", "how", "i", "in",
        "is", "it", "its", "me", "my", "of", "on", "or", "our", "that", "the", "this", "to", "was", "we", "were",
        "what", "when", "where", "which", "who", "why", "with", "you", "your",
    ]

    /// The longest word (in code points) that becomes a term; longer runs are ids or noise.
    public static let maximumWordLength = 40

    /// The term of one folded word (UTF-8), or nil when the word is a stop word or too long.
    static func term(ofWord word: [UInt8]) -> [UInt8]? {
        if word.count <= 5, let text = String(validating: word, as: UTF8.self), stopWords.contains(text) { return nil }
        return stem(word)
    }

    /// Calls `body` with each folded word of `text` (UTF-8 bytes), before stop words and stemming.
    static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var copy = text
        copy.withUTF8 { bytes in
            var scanner = FoldingScanner(bytes: bytes)
            scanner.run(body)
        }
    }

    // MARK: Stemming

    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6F || byte == 0x75 || byte == 0x79
    }

    private static func hasSuffix(_ word: [UInt8], _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return suffix.withUTF8Buffer { suffixBytes in
            var index = 0
            while index < count {
                if word[word.count - count + index] != suffixBytes[index] { return false }
                index += 1
            }
            return true
        }
    }

    private static func containsVowel(_ word: [UInt8], upTo end: Int) -> Bool {
        var index = 0
        while index < end {
            if isVowel(word[index]) { return true }
            index += 1
        }
        return false
    }

    /// The light English stemmer of the spec; only words of ASCII letters longer than 3 are touched.
    static func stem(_ input: [UInt8]) -> [UInt8] {
        guard input.count > 3 else { return input }
        for byte in input where byte < 0x61 || byte > 0x7A { return input }
        var word = input
        // Step 1: plurals.
        if hasSuffix(word, "ies") && word.count >= 5 {
            word.removeLast(3); word.append(0x79)
        } else if hasSuffix(word, "sses") {
            word.removeLast(2)
        } else if hasSuffix(word, "s") && !hasSuffix(word, "ss") && !hasSuffix(word, "us") && !hasSuffix(word, "is") {
            word.removeLast()
        }
        // Step 2: -ied, -ing, -ed.
        var stripped = false
        if hasSuffix(word, "ied") && word.count >= 5 {
            word.removeLast(3); word.append(0x79)
        } else if hasSuffix(word, "ing") && word.count - 3 >= 3 && containsVowel(word, upTo: word.count - 3) {
            word.removeLast(3); stripped = true
        } else if hasSuffix(word, "ed") && !hasSuffix(word, "eed") && word.count - 2 >= 3
                    && containsVowel(word, upTo: word.count - 2) {
            word.removeLast(2); stripped = true
        }
        if stripped, word.count >= 2 {
            let last = word[word.count - 1]
            if last == word[word.count - 2] && !isVowel(last) && last != 0x6C && last != 0x73 && last != 0x7A {
                word.removeLast()
            }
        }
        // Step 3: a final silent e.
        if word.count >= 4 && hasSuffix(word, "e") && !hasSuffix(word, "ee") { word.removeLast() }
        return word
    }
}

/// Walks UTF-8 text code point by code point, folding each one, and emits the words of the spec.
private struct FoldingScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Folding a non-ASCII code point goes through Foundation; texts repeat the same few, so remember them.
    var foldCache: [UInt32: Unit] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// What one code point becomes after folding.
    enum Unit: Equatable {
        case letter(UInt8)      // an ASCII word character, already lower-cased (no allocation)
        case word([UInt8])      // folded UTF-8 of non-ASCII word characters
        case separator
        case apostrophe
        case ignored            // folds to nothing, e.g. a combining accent

        var isWordCharacter: Bool {
            switch self {
            case .letter, .word: return true
            case .separator, .apostrophe, .ignored: return false
            }
        }
    }

    /// The longest word kept in bytes: 40 code points of at most 4 bytes plus one folded unit; a word
    /// growing past it is too long anyway, so its bytes stop being stored.
    private static let wordCapacity = 512

    mutating func run(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let word = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.wordCapacity)
        defer { word.deallocate() }
        var count = 0           // bytes in `word`
        var length = 0          // code points in `word`
        var tooLong = false

        func finish() {
            if count > 0 && !tooLong { body(UnsafeBufferPointer(start: word, count: count)) }
            count = 0; length = 0; tooLong = false
        }
        func append(_ byte: UInt8) {
            length += 1
            if length > SearchTokenizer.maximumWordLength || count >= Self.wordCapacity { tooLong = true }
            if !tooLong { word[count] = byte }
            count += 1
        }

        while position < bytes.count {
            // ASCII letters, digits and separators directly: the bulk of any text, no `Unit` built.
            let byte = bytes[position]
            if byte < 0x80 && byte != 0x27 {
                position += 1
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    append(byte | 0x20)
                } else {
                    finish()
                }
                continue
            }
            let (current, next) = unit(at: position)
            position = next
            switch current {
            case .letter(let letter):
                append(letter)
            case .word(let folded):
                length += scalarCount(folded)
                if length > SearchTokenizer.maximumWordLength || count + folded.count > Self.wordCapacity {
                    tooLong = true
                }
                if !tooLong {
                    for byte in folded { word[count] = byte; count += 1 }
                } else {
                    count += folded.count
                }
            case .ignored:
                continue
            case .separator:
                finish()
            case .apostrophe:
                guard count > 0, position < bytes.count else { finish(); continue }
                let (following, afterFollowing) = unit(at: position)
                guard following.isWordCharacter else { finish(); continue }
                if following == .letter(0x73) || following == .word([0x73]) {
                    let possessive = afterFollowing >= bytes.count || !unit(at: afterFollowing).0.isWordCharacter
                    if possessive { position = afterFollowing; finish(); continue }
                }
                // An apostrophe inside a word joins its halves ("don't" -> "dont").
            }
        }
        finish()
    }

    private func scalarCount(_ utf8: [UInt8]) -> Int {
        var count = 0
        for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The folded unit of the code point starting at `index`, and the index after it.
    mutating func unit(at index: Int) -> (Unit, Int) {
        let byte = bytes[index]
        if byte < 0x80 {
            switch byte {
            case 0x41...0x5A: return (.letter(byte | 0x20), index + 1)
            case 0x61...0x7A, 0x30...0x39: return (.letter(byte), index + 1)
            case 0x27: return (.apostrophe, index + 1)
            default: return (.separator, index + 1)
            }
        }
        let (scalar, next) = decodeScalar(at: index)
        guard let scalar else { return (.separator, next) }
        if scalar.value == 0x2019 { return (.apostrophe, next) }
        // No-break space and the General Punctuation block (dashes, quotes, invisible format characters)
        // fold to separators; answering directly spares the common ones a decomposition.
        if scalar.value == 0xA0 || (0x2000...0x206F).contains(scalar.value) { return (.separator, next) }
        if let known = foldCache[scalar.value] { return (known, next) }
        let folded = Self.fold(scalar)
        foldCache[scalar.value] = folded
        return (folded, next)
    }

    /// Decodes one UTF-8 scalar; invalid bytes decode to nil and count as a separator.
    private func decodeScalar(at index: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, index + 1)
        }
        guard index + length <= bytes.count else { return (nil, index + 1) }
        var offset = 1
        while offset < length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return (nil, index + offset) }
            value = value << 6 | UInt32(continuation & 0x3F)
            offset += 1
        }
        return (Unicode.Scalar(value), index + length)
    }

    /// Folding of one non-ASCII code point: NFD, lower case, drop nonspacing marks, then the special table.
    static func fold(_ scalar: Unicode.Scalar) -> Unit {
        let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping.lowercased()
        var folded: [UInt8] = []
        var sawSeparator = false
        for part in decomposed.unicodeScalars {
            let category = part.properties.generalCategory
            if category == .nonspacingMark { continue }
            if let replacement = specialFolds[part.value] {
                folded.append(contentsOf: replacement.utf8)
                continue
            }
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                folded.append(contentsOf: String(part).utf8)
            default:
                sawSeparator = true
            }
        }
        if sawSeparator { return .separator }
        return folded.isEmpty ? .ignored : .word(folded)
    }

    /// Letters that canonical decomposition leaves alone but readers type as ASCII.
    static let specialFolds: [UInt32: String] = [
        0xDF: "ss",   // ß
        0xE6: "ae",   // æ
        0x153: "oe",  // œ
        0xF8: "o",    // ø
        0x111: "d",   // đ
        0x142: "l",   // ł
        0x131: "i",   // dotless ı
        0x3C2: "σ",   // final sigma ς -> σ, so case mapping context never matters
        0xFE: "th",   // þ
        0xF0: "d",    // ð
    ]
}
