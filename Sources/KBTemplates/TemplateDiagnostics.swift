// Turning byte offsets into line/column/quoted line, and "did you mean" suggestions.

/// The 1-based line and column (counted in Unicode scalars) of `offset`, and the text of that line.
func sourceLocation(in bytes: [UInt8], offset: Int) -> (line: Int, column: Int, text: String) {
    let offset = max(0, min(offset, bytes.count))
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == 0x0A {
        line += 1
        lineStart = index + 1
    }
    var column = 1
    for index in lineStart..<offset where bytes[index] & 0xC0 != 0x80 { column += 1 }
    var lineEnd = lineStart
    while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
    if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    return (line, column, String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
}

/// Builds the public error for a problem at `offset` of a template's source.
func makeTemplateError(file: String, source: [UInt8], offset: Int, message: String, hint: String?) -> TemplateError {
    let location = sourceLocation(in: source, offset: offset)
    return TemplateError(file: file, line: location.line, column: location.column, message: message, hint: hint, sourceLine: location.text)
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
func closestName<S: Sequence>(to name: String, among candidates: S) -> String? where S.Element == String {
    let target = Array(name.unicodeScalars)
    // Two edits for names of 3+ characters ("idx" → "index"), three for long ones; one for tiny names.
    let limit = target.count <= 2 ? 1 : max(2, min(3, target.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let scalars = Array(candidate.unicodeScalars)
        guard abs(scalars.count - target.count) <= limit else { continue }
        let distance = editDistance(target, scalars)
        guard distance <= limit else { continue }
        if let current = best, distance > current.distance || (distance == current.distance && candidate > current.name) {
            continue
        }
        best = (candidate, distance)
    }
    return best?.name
}

/// Levenshtein distance with adjacent transpositions counted as one edit ("artcile" → "article").
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = min(value, previousPrevious[j - 2] + 1)
            }
            current[j] = value
        }
        (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
}

extension TemplateError {
    /// The description's quoted source line with a caret under the column (tabs kept so the caret lines up).
    var quotedSource: String {
        guard line > 0, !sourceLine.isEmpty else { return "" }
        let number = String(line)
        let gutter = String(repeating: " ", count: max(0, 5 - number.count))
        var caretPadding = ""
        for scalar in sourceLine.unicodeScalars.prefix(max(0, column - 1)) {
            caretPadding.append(scalar == "\t" ? "\t" : " ")
        }
        return "\n\(gutter)\(number) | \(sourceLine)\n\(String(repeating: " ", count: gutter.count + number.count)) | \(caretPadding)^"
    }
}
