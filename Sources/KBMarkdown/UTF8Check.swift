// Fast checks over whole inputs: UTF-8 validity (so valid bytes skip a String round trip) and NUL.

enum UTF8Check {
    /// Whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let n = buffer.count
            var i = 0
            while i < n {
                // ASCII fast path, eight bytes at a time.
                if i &+ 8 <= n && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i &+= 8
                    continue
                }
                let c = base[i]
                if c < 0x80 {
                    i &+= 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return false
                }
                guard i &+ length <= n else { return false }
                let second = base[i &+ 1]
                guard second >= lower && second <= upper else { return false }
                var k = 2
                while k < length {
                    guard base[i &+ k] & 0xC0 == 0x80 else { return false }
                    k &+= 1
                }
                i &+= length
            }
            return true
        }
    }

    static func containsNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            let n = buffer.count
            var i = 0
            while i &+ 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 8
            }
            while i < n {
                if base[i] == 0 { return true }
                i &+= 1
            }
            return false
        }
    }
}
