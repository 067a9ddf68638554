// The size of an SVG from its root element's `width`, `height` and `viewBox` attributes. One forward
// scan: find `<svg`, then read attributes until the tag's `>`; nothing is ever rescanned.

enum SVGSize {
    /// The longest number read (digits, point, sign); anything longer is not a real size.
    static let maxNumberLength = 32

    static func read(_ b: ArraySlice<UInt8>) -> ImageHeaderResult {
        guard let tagStart = findRoot(b) else { return .corrupt("no <svg> element in the first \(ImageHeader.maxBytes / 1024) KB") }
        var width: Double?, height: Double?, box: (Double, Double)?
        var i = tagStart
        let end = b.endIndex
        while i < end {
            let c = b[i]
            if c == UInt8(ascii: ">") { break }
            guard isNameByte(c) else { i += 1; continue }
            let nameStart = i
            while i < end && isNameByte(b[i]) { i += 1 }
            let name = b[nameStart..<i]
            while i < end && isSpace(b[i]) { i += 1 }
            guard i < end, b[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < end && isSpace(b[i]) { i += 1 }
            guard i < end else { break }
            var valueStart = i, valueEnd = i
            if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                let quote = b[i]
                valueStart = i + 1
                i += 1
                while i < end && b[i] != quote { i += 1 }
                guard i < end else { return .corrupt("the <svg> tag is cut short") }
                valueEnd = i
                i += 1
            } else {
                while i < end && !isSpace(b[i]) && b[i] != UInt8(ascii: ">") { i += 1 }
                valueEnd = i
            }
            let value = b[valueStart..<valueEnd]
            if name.elementsEqual("width".utf8) { width = length(value) }
            else if name.elementsEqual("height".utf8) { height = length(value) }
            else if name.elementsEqual("viewBox".utf8) { box = viewBox(value) }
        }
        if let width, let height { return .size(width: rounded(width), height: rounded(height)) }
        if let (bw, bh) = box, bw > 0, bh > 0 {
            if let width { return .size(width: rounded(width), height: rounded(width * bh / bw)) }
            if let height { return .size(width: rounded(height * bw / bh), height: rounded(height)) }
            return .size(width: rounded(bw), height: rounded(bh))
        }
        return .corrupt("the <svg> element has neither width and height nor a viewBox")
    }

    static func rounded(_ value: Double) -> Int {
        guard value.isFinite, value > 0, value < Double(ImageHeader.maxDimension + 1) else { return 0 }
        return Int(value.rounded(.up))
    }

    /// The offset just after `<svg` at the start of the root element.
    static func findRoot(_ b: ArraySlice<UInt8>) -> Int? {
        var i = b.startIndex
        let end = b.endIndex
        while i + 4 < end {
            if b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "s"), b[i + 2] == UInt8(ascii: "v"), b[i + 3] == UInt8(ascii: "g"),
               isSpace(b[i + 4]) || b[i + 4] == UInt8(ascii: ">") || b[i + 4] == UInt8(ascii: "/") {
                return i + 4
            }
            i += 1
        }
        return nil
    }

    /// A length in user units or `px`; percentages and other units give nil (the viewBox decides).
    static func length(_ value: ArraySlice<UInt8>) -> Double? {
        var v = value[...]
        while let first = v.first, isSpace(first) { v = v.dropFirst() }
        while let last = v.last, isSpace(last) { v = v.dropLast() }
        if v.count > 2, v.suffix(2).elementsEqual("px".utf8) { v = v.dropLast(2) }
        return number(v)
    }

    static func viewBox(_ value: ArraySlice<UInt8>) -> (Double, Double)? {
        var numbers: [Double] = []
        var i = value.startIndex
        while i < value.endIndex && numbers.count < 5 {
            while i < value.endIndex && (isSpace(value[i]) || value[i] == UInt8(ascii: ",")) { i += 1 }
            let start = i
            while i < value.endIndex && !isSpace(value[i]) && value[i] != UInt8(ascii: ",") { i += 1 }
            if start == i { break }
            guard let n = number(value[start..<i]) else { return nil }
            numbers.append(n)
        }
        return numbers.count == 4 ? (numbers[2], numbers[3]) : nil
    }

    /// A plain decimal number (optional sign, digits, optional fraction), or nil.
    static func number(_ v: ArraySlice<UInt8>) -> Double? {
        guard !v.isEmpty, v.count <= maxNumberLength else { return nil }
        var seenDigit = false, seenPoint = false
        for (k, c) in v.enumerated() {
            if c >= 48 && c <= 57 { seenDigit = true; continue }
            if c == UInt8(ascii: ".") && !seenPoint { seenPoint = true; continue }
            if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && k == 0 { continue }
            return nil
        }
        guard seenDigit else { return nil }
        return Double(String(decoding: v, as: UTF8.self))
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 }
    static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20) >= 97 && (c | 0x20) <= 122 || (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: ":") || c == UInt8(ascii: "_")
    }
}
