import Foundation
import XCTest
@testable import KBSite

/// Heading links and callouts on the bundled site in headless Chromium.
extension ThemeBrowserTests {
    /// The `#` link sits inside the heading after its text, is hidden until hovered or focused, takes keyboard
    /// focus (Tab order: an `<a href>` with no negative tabindex), and shows when focused; the TOC has no `#`.
    func testHeadingLinksAreFocusableAndShowOnFocus() throws {
        let script = """
        var h = d.getElementById('what-you-can-do'), a = h.querySelector('a.heading-link');
        if (!a) return 'no link';
        // On a screen without hover (touch, or headless Chromium) the link always shows.
        var before = w.matchMedia('(hover: none)').matches ? 'no hover' : w.getComputedStyle(a).opacity;
        a.focus();
        var focused = d.activeElement === a, visible = a.matches(':focus-visible'), after = w.getComputedStyle(a).opacity;
        var toc = d.querySelector('.toc') ? d.querySelector('.toc').textContent : '';
        return [a.getAttribute('href'), a.getAttribute('aria-label'), a.textContent, a.tabIndex, h.lastElementChild === a,
                h.firstChild.nodeType, before, focused, visible, after, toc.indexOf('#') < 0, toc.indexOf('What you can do') >= 0];
        """
        // Emulate a mouse (hover: hover), as on a desktop; headless Chromium reports no hover otherwise.
        let value = try measure("/502-bad-gateway/", width: 1280, script: script,
                                extra: ["--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4"]) as? [Any]
        XCTAssertEqual(value?.count, 12, "\(String(describing: value))")
        guard let v = value, v.count == 12 else { return }
        XCTAssertEqual(v[0] as? String, "#what-you-can-do")
        XCTAssertEqual(v[1] as? String, "Link to this section")
        XCTAssertEqual(v[2] as? String, "#")
        XCTAssertEqual(v[3] as? Int, 0, "in the tab order")
        XCTAssertEqual(v[4] as? Bool, true, "the last thing inside the heading")
        XCTAssertEqual(v[5] as? Int, 3, "the heading starts with its text")
        XCTAssertEqual(v[6] as? String, "0", "hidden until hovered or focused")
        XCTAssertEqual(v[7] as? Bool, true)
        XCTAssertEqual(v[8] as? Bool, true)
        XCTAssertEqual(v[9] as? String, "1", "shown when focused")
        XCTAssertEqual(v[10] as? Bool, true, "the table of contents has no #")
        XCTAssertEqual(v[11] as? Bool, true)
    }

    /// A callout in a bundled article: its own box, a title and a CSS icon (no image).
    func testCalloutHasTitleIconAndNoImage() throws {
        let script = """
        var c = d.querySelector('.callout.callout-tip');
        if (!c) return 'no callout';
        var t = c.querySelector('.callout-title'), icon = w.getComputedStyle(t, '::before');
        return [t.textContent, icon.content, w.getComputedStyle(c).borderLeftStyle, c.querySelectorAll('img').length,
                icon.backgroundImage];
        """
        let value = try measure("/clearing-cache-and-cookies/", width: 1280, script: script) as? [Any]
        guard let v = value, v.count == 5 else { return XCTFail("\(String(describing: value))") }
        XCTAssertEqual(v[0] as? String, "Tip")
        XCTAssertTrue((v[1] as? String)?.contains("\u{2713}") ?? false, "\(v[1])")
        XCTAssertEqual(v[2] as? String, "solid")
        XCTAssertEqual(v[3] as? Int, 0)
        XCTAssertEqual(v[4] as? String, "none")
    }
}
