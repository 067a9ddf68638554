import Foundation
import XCTest
@testable import KBSite

/// Branding settings: logo, favicon, accent colours with their contrast checks, and the support link.
final class BrandingTests: XCTestCase {
    func testContrastMatchesWCAGReferenceValues() throws {
        let white = try XCTUnwrap(RGBColor(hex: "#fff")), black = try XCTUnwrap(RGBColor(hex: "#000000"))
        XCTAssertEqual(white.contrast(with: black), 21, accuracy: 0.001)
        // #767676 on white is the classic 4.54:1 grey.
        XCTAssertEqual(try XCTUnwrap(RGBColor(hex: "#767676")).contrast(with: white), 4.54, accuracy: 0.01)
        XCTAssertNil(RGBColor(hex: "0a58b5"))
        XCTAssertNil(RGBColor(hex: "#0a58b"))
        XCTAssertNil(RGBColor(hex: "#gg0000"))
        XCTAssertEqual(RGBColor(hex: "#0A58B5")?.hex, "#0a58b5")
    }

    func testLightnessRoundTripKeepsTheColour() throws {
        let color = try XCTUnwrap(RGBColor(hex: "#7b2cbf"))
        XCTAssertEqual(color.withLightness(color.hsl.lightness).hex, "#7b2cbf")
    }

    func testNearestPassingShadeIsTheFirstThatPasses() throws {
        let pale = try XCTUnwrap(RGBColor(hex: "#b48ce0"))
        XCTAssertFalse(AccentColors.passes(pale, on: AccentColors.lightBackgrounds))
        let shade = try XCTUnwrap(AccentColors.nearestPassing(pale, on: AccentColors.lightBackgrounds, darker: true))
        XCTAssertTrue(AccentColors.passes(shade, on: AccentColors.lightBackgrounds))
        XCTAssertLessThan(shade.hsl.lightness, pale.hsl.lightness)
        // One step lighter than the suggestion fails, so it is the nearest.
        XCTAssertFalse(AccentColors.passes(shade.withLightness(shade.hsl.lightness + 0.006), on: AccentColors.lightBackgrounds))
    }

    private func site(settings: String) throws -> TestSite {
        let site = try TestSite()
        try site.addSettings(settings)
        return site
    }

    func testAccentLogoFaviconAndSupportLinkReachThePages() throws {
        let site = try site(settings: "logo: \"images/logo.svg\"\nfavicon: \"https://cdn.example.com/favicon.ico\"\naccent_color: \"#7b2cbf\"\nsupport_url: \"/contact/\"\nsupport_label: \"Talk to us\"\n")
        let images = site.root.appendingPathComponent("Articles/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(to: images.appendingPathComponent("logo.svg"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Templates"))  // the built-in theme
        try site.build()
        let home = try site.read("index.html")
        XCTAssertTrue(home.contains("<img class=\"site-logo\" src=\"/docs/images/logo.svg\""), home)
        XCTAssertTrue(home.contains("class=\"site-title has-logo\""))
        XCTAssertTrue(home.contains("<link rel=\"icon\" href=\"https://cdn.example.com/favicon.ico\">"))
        XCTAssertTrue(home.contains("--accent:#7b2cbf"))
        // The derived dark accent passes on the dark backgrounds.
        let dark = try XCTUnwrap(home.range(of: "prefers-color-scheme: dark){:root{--link:"))
        let darkHex = String(home[dark.upperBound...].prefix(7))
        XCTAssertTrue(AccentColors.passes(try XCTUnwrap(RGBColor(hex: darkHex)), on: AccentColors.darkBackgrounds), darkHex)
        XCTAssertTrue(home.contains("<a class=\"support-link\" href=\"/docs/contact/\">Talk to us</a>"))
        let article = try site.read("502-bad-gateway/index.html")
        XCTAssertTrue(article.contains("Talk to us"))
        let errorPage = try site.read("errors/502.html")
        XCTAssertTrue(errorPage.contains("href=\"https://help.example.com/docs/contact/\">Talk to us</a>"), errorPage)
        XCTAssertTrue(errorPage.contains("src=\"https://help.example.com/docs/images/logo.svg\""))
    }

    func testLowContrastAccentIsALocatedErrorWithRatioAndShade() throws {
        let site = try site(settings: "accent_color: \"#b48ce0\"\n")
        let diagnostics = site.failures()
        let error = try XCTUnwrap(diagnostics.first { $0.message.contains("accent_color") }, "\(diagnostics)")
        XCTAssertTrue(error.path.hasSuffix("_index.md"))
        XCTAssertEqual(error.line, 2)
        XCTAssertTrue(error.message.contains("2.49:1"), error.message)
        XCTAssertTrue(error.hint?.contains("#") ?? false)
    }

    func testBadLogoFaviconSupportAndDarkAccentAreEachReported() throws {
        let site = try site(settings: "logo: \"../outside.svg\"\nfavicon: \"missing.ico\"\nsupport_url: \"javascript:alert(1)\"\naccent_color: \"#0a58b5\"\naccent_color_dark: \"#0a58b5\"\n")
        let messages = site.failures().map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("'logo' must stay inside Articles/") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("'favicon' names Articles/missing.ico, which does not exist") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("'support_url' must be") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("'accent_color_dark' #0a58b5 has a contrast of") }, "\(messages)")
    }
}
