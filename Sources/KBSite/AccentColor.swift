import Foundation

/// An sRGB colour from a CSS hex string, with the WCAG 2 contrast arithmetic the accent checks need.
struct RGBColor: Sendable, Equatable {
    var red: Double, green: Double, blue: Double  // 0...1

    /// Parses `#rgb` or `#rrggbb` (case-insensitive); nil for anything else.
    init?(hex: String) {
        var digits = Array(hex.utf8)
        guard digits.first == UInt8(ascii: "#") else { return nil }
        digits.removeFirst()
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        guard digits.count == 6 else { return nil }
        var values: [Double] = []
        for pair in stride(from: 0, to: 6, by: 2) {
            guard let high = RGBColor.hexValue(digits[pair]), let low = RGBColor.hexValue(digits[pair + 1]) else { return nil }
            values.append(Double(high * 16 + low) / 255)
        }
        (red, green, blue) = (values[0], values[1], values[2])
    }

    init(red: Double, green: Double, blue: Double) { (self.red, self.green, self.blue) = (red, green, blue) }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// `#rrggbb`, lower case.
    var hex: String {
        "#" + [red, green, blue].map { value in
            let text = String(Int((min(max(value, 0), 1) * 255).rounded()), radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    /// WCAG 2 relative luminance.
    var luminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// WCAG 2 contrast ratio, 1...21.
    func contrast(with other: RGBColor) -> Double {
        let (a, b) = (luminance + 0.05, other.luminance + 0.05)
        return max(a, b) / min(a, b)
    }

    /// Hue (0...360), saturation and lightness (0...1).
    var hsl: (hue: Double, saturation: Double, lightness: Double) {
        let high = max(red, green, blue), low = min(red, green, blue)
        let lightness = (high + low) / 2
        guard high > low else { return (0, 0, lightness) }
        let delta = high - low
        let saturation = lightness > 0.5 ? delta / (2 - high - low) : delta / (high + low)
        var hue: Double
        if high == red { hue = (green - blue) / delta + (green < blue ? 6 : 0) } else if high == green { hue = (blue - red) / delta + 2 } else { hue = (red - green) / delta + 4 }
        hue *= 60
        return (hue, saturation, lightness)
    }

    /// The same hue and saturation at another lightness.
    func withLightness(_ lightness: Double) -> RGBColor {
        let (hue, saturation, _) = hsl
        let l = min(max(lightness, 0), 1)
        let q = l < 0.5 ? l * (1 + saturation) : l + saturation - l * saturation
        let p = 2 * l - q
        func channel(_ t0: Double) -> Double {
            var t = t0
            if t < 0 { t += 1 }
            if t > 1 { t -= 1 }
            if t < 1.0 / 6 { return p + (q - p) * 6 * t }
            if t < 0.5 { return q }
            if t < 2.0 / 3 { return p + (q - p) * (2.0 / 3 - t) * 6 }
            return p
        }
        let h = hue / 360
        return RGBColor(red: channel(h + 1.0 / 3), green: channel(h), blue: channel(h - 1.0 / 3))
    }
}

/// The accent colours a site uses in both schemes, checked against the default theme's backgrounds.
struct AccentColors: Sendable, Equatable {
    /// The minimum contrast (WCAG AA for text) every accent pair must reach.
    static let minimumContrast = 4.5
    /// Backgrounds links and buttons sit on in the theme's light scheme (`--bg`, `--bg-soft`, `--surface`).
    static let lightBackgrounds = ["#ffffff", "#f3f6f9"].compactMap(RGBColor.init(hex:))
    /// The same in the dark scheme.
    static let darkBackgrounds = ["#0e1217", "#151b23"].compactMap(RGBColor.init(hex:))
    static let white = RGBColor(red: 1, green: 1, blue: 1)
    static let nearBlack = RGBColor(red: 11.0 / 255, green: 24.0 / 255, blue: 38.0 / 255)  // #0b1826, the theme's dark on-accent

    var light: String
    var dark: String
    /// Text on light-scheme accent buttons: white or near-black, whichever contrasts more.
    var onLight: String
    var onDark: String

    /// The lowest contrast of `color` against `backgrounds`.
    static func worstContrast(_ color: RGBColor, on backgrounds: [RGBColor]) -> Double {
        backgrounds.map { color.contrast(with: $0) }.min() ?? 1
    }

    /// White or near-black, whichever contrasts more with `color`, and that contrast.
    static func textOn(_ color: RGBColor) -> (color: RGBColor, contrast: Double) {
        let white = color.contrast(with: Self.white), black = color.contrast(with: nearBlack)
        return white >= black ? (Self.white, white) : (nearBlack, black)
    }

    /// Whether a colour passes on those backgrounds and with its button text.
    static func passes(_ color: RGBColor, on backgrounds: [RGBColor]) -> Bool {
        worstContrast(color, on: backgrounds) >= minimumContrast && textOn(color).contrast >= minimumContrast
    }

    /// The nearest passing shade of the same hue: lightness moved in steps of 0.5% towards darker on light
    /// backgrounds (`darker: true`) or lighter on dark ones; nil when none passes.
    static func nearestPassing(_ color: RGBColor, on backgrounds: [RGBColor], darker: Bool) -> RGBColor? {
        let start = color.hsl.lightness
        for step in 0...200 {
            let lightness = start + (darker ? -1 : 1) * Double(step) * 0.005
            guard (0...1).contains(lightness) else { return nil }
            let candidate = color.withLightness(lightness)
            if passes(candidate, on: backgrounds) { return candidate }
        }
        return nil
    }
}
