// Standalone (no imports), so the output-path fuzz harness can compile it with OutputPath.swift.

/// URL-safe slugs for tags and headings.
public enum Slug {
    /// Lowercase ASCII letters and digits, other runs become a single `-`.
    public static func make(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else if !scalar.isASCII, scalar.properties.isAlphabetic {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? "tag" : result
    }
}
