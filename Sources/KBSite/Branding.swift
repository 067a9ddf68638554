import Foundation

/// Branding settings of `Articles/_index.md`: logo, favicon, accent colours and the support link.
public struct Branding: Sendable, Equatable {
    /// Site path (`/images/logo.svg`) or `https://` URL of the logo, shown in place of the theme's mark.
    public var logo: String?
    public var favicon: String?
    var accent: AccentColors?
    public var supportURL: String?
    public var supportLabel = "Contact support"

    public init() {}

    /// The setting names this reads, so they are not passed on as `site.extra`.
    static let keys: Set<String> = ["logo", "favicon", "accent_color", "accent_color_dark", "support_url", "support_label"]

    /// CSS that swaps the theme's accent for the site's in both schemes, or "" when no accent is set.
    var accentCSS: String {
        guard let accent else { return "" }
        func block(_ color: String, _ text: String) -> String {
            ":root{--link:\(color);--link-hover:\(color);--accent:\(color);--focus:\(color);--on-accent:\(text)}"
        }
        return block(accent.light, accent.onLight) + "@media (prefers-color-scheme: dark){" + block(accent.dark, accent.onDark) + "}"
    }

    /// Reads and checks the branding settings of the site's `_index.md` at `path`; `articlesDirectory` holds the logo files.
    static func read(_ map: FrontMatterMap, path: String, articlesDirectory: String) -> (Branding, [Diagnostic]) {
        var branding = Branding()
        var diagnostics: [Diagnostic] = []
        func text(_ key: String) -> (String, FrontMatterEntry)? {
            guard let entry = map.entry(key) else { return nil }
            if case .null = entry.value { return nil }
            guard case .string(let value) = entry.value else {
                diagnostics.append(Diagnostic(path: path, line: entry.line, column: entry.column, message: "'\(key)' must be a text value",
                                              hint: "write it in quotes, e.g. \(key): \"...\""))
                return nil
            }
            return (value, entry)
        }
        func fail(_ entry: FrontMatterEntry, _ message: String, _ hint: String) {
            diagnostics.append(Diagnostic(path: path, line: entry.line, column: entry.column, message: message, hint: hint))
        }
        // Every URL setting goes through URLSetting, so none can carry javascript: or leave Articles/.
        var urls = FieldReader(map: map, path: path)
        branding.logo = urls.url("logo", .image(articlesDirectory: articlesDirectory))
        branding.favicon = urls.url("favicon", .image(articlesDirectory: articlesDirectory))
        branding.supportURL = urls.url("support_url", .link)
        diagnostics += urls.diagnostics
        if let (value, _) = text("support_label"), !value.isEmpty { branding.supportLabel = value }
        branding.accent = accent(text("accent_color"), dark: text("accent_color_dark"), fail: fail)
        return (branding, diagnostics)
    }

    private static func accent(_ light: (String, FrontMatterEntry)?, dark: (String, FrontMatterEntry)?,
                               fail: (FrontMatterEntry, String, String) -> Void) -> AccentColors? {
        guard let (lightText, lightEntry) = light else {
            if let (_, entry) = dark { fail(entry, "'accent_color_dark' needs 'accent_color' too", "add accent_color: \"#0a58b5\" (the light scheme's accent)") }
            return nil
        }
        guard let lightColor = checked(lightText, entry: lightEntry, on: AccentColors.lightBackgrounds, scheme: "light", darker: true, fail: fail) else {
            return nil
        }
        let darkColor: RGBColor
        if let (darkText, darkEntry) = dark {
            guard let given = checked(darkText, entry: darkEntry, on: AccentColors.darkBackgrounds, scheme: "dark", darker: false, fail: fail) else {
                return nil
            }
            darkColor = given
        } else if let derived = AccentColors.nearestPassing(lightColor, on: AccentColors.darkBackgrounds, darker: false) {
            darkColor = derived
        } else {
            fail(lightEntry, "no lighter shade of \(lightText) reaches 4.5:1 on the dark scheme's backgrounds",
                 "give the dark scheme's accent as accent_color_dark: \"#7cb9ff\"")
            return nil
        }
        return AccentColors(light: lightColor.hex, dark: darkColor.hex,
                            onLight: AccentColors.textOn(lightColor).color.hex, onDark: AccentColors.textOn(darkColor).color.hex)
    }

    /// Parses a hex colour and checks its contrast on `backgrounds` and with its button text.
    private static func checked(_ text: String, entry: FrontMatterEntry, on backgrounds: [RGBColor], scheme: String, darker: Bool,
                                fail: (FrontMatterEntry, String, String) -> Void) -> RGBColor? {
        guard let color = RGBColor(hex: text) else {
            fail(entry, "'\(entry.key)' must be a CSS hex colour such as \"#0a58b5\", not '\(text)'", "write # and 3 or 6 hex digits, in quotes")
            return nil
        }
        guard AccentColors.passes(color, on: backgrounds) else {
            let background = AccentColors.worstContrast(color, on: backgrounds)
            let button = AccentColors.textOn(color).contrast
            let ratio = min(background, button)
            let what = background <= button ? "the \(scheme) scheme's backgrounds" : "its button text"
            let suggestion = AccentColors.nearestPassing(color, on: backgrounds, darker: darker).map { "the nearest shade that passes is \"\($0.hex)\"" }
                ?? "choose a \(darker ? "darker" : "lighter") colour"
            fail(entry, "'\(entry.key)' \(text) has a contrast of \(String(format: "%.2f", ratio)):1 against \(what); it needs at least 4.5:1",
                 suggestion)
            return nil
        }
        return color
    }
}
