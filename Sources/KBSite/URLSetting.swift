import Foundation

/// The one rule for every URL setting of `Articles/_index.md` (DECISIONS "URL settings"), so a value such as
/// `javascript:alert(1)` can never reach a page: each setting names its kind and gets the value back or a problem.
public enum URLSetting: Sendable, Equatable {
    /// A link a reader follows (`status_page_url`, `support_url`, `footer_links`): `http:`, `https:`, `mailto:` or a site path.
    case link
    /// Where the site lives (`base_url`): an absolute `http:` or `https:` URL with a host.
    case siteAddress
    /// Something a page's script talks to (`feedback_url`, `status_api_url`): `https:`, or `http:` on a loopback host.
    case secureEndpoint
    /// An image (`logo`, `favicon`): an `https:` URL, or a relative path to a file under `articlesDirectory` that exists.
    case image(articlesDirectory: String)

    /// Why a value was refused; `message` follows "'key' ", `hint` says how to fix it.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
        public var hint: String
    }

    /// Hosts `secureEndpoint` accepts over plain `http:`, so tests can use a local server.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

    /// The value to use (a site path for a local image, else the value itself), or why it is refused.
    public func check(_ value: String) -> Result<String, Problem> {
        if let bad = value.unicodeScalars.first(where: URLSetting.isForbidden) {
            return .failure(Problem(message: "contains \(URLSetting.describe(bad)), which no URL setting may contain",
                                    hint: "remove it; write a space in a URL as %20"))
        }
        if value.contains("\\") {
            return .failure(Problem(message: "contains a backslash, which browsers read as '/' and may send elsewhere",
                                    hint: "use '/' between the parts of a URL"))
        }
        let scheme = URLSetting.scheme(of: value)
        switch self {
        case .link:
            switch scheme {
            case "http", "https": return URLSetting.checkedHost(value, scheme: scheme ?? "").map { _ in value }
            case "mailto":
                return value.count > 7 ? .success(value) : .failure(Problem(message: "is an empty mailto: address", hint: "write mailto:help@example.com"))
            case nil: return URLSetting.sitePath(value)
            default: return .failure(URLSetting.wrongScheme(scheme ?? "", allowed: "an http(s) URL, a mailto: address or a site path",
                                                          example: "\"https://status.example.com/\" or \"/contact/\""))
            }
        case .siteAddress:
            guard scheme == "http" || scheme == "https" else {
                return .failure(URLSetting.wrongScheme(scheme, allowed: "an absolute http(s) URL", example: "\"https://help.example.com/\""))
            }
            return URLSetting.checkedHost(value, scheme: scheme ?? "").map { _ in value }
        case .secureEndpoint:
            guard scheme == "http" || scheme == "https" else {
                return .failure(URLSetting.wrongScheme(scheme, allowed: "an https:// URL", example: "\"https://api.example.com/status\""))
            }
            return URLSetting.checkedHost(value, scheme: scheme ?? "").flatMap { host in
                if scheme == "https" || URLSetting.loopbackHosts.contains(host.lowercased()) { return .success(value) }
                return .failure(Problem(message: "uses http://, which only a loopback host (127.0.0.1, localhost, [::1]) may use here",
                                        hint: "use https://\(host)/... so the page's script does not talk to it unencrypted"))
            }
        case .image(let articlesDirectory):
            if scheme == "https" { return URLSetting.checkedHost(value, scheme: "https").map { _ in value } }
            if scheme != nil || value.hasPrefix("/") {
                return .failure(Problem(message: "must be a file under Articles/ (a relative path) or an https:// URL, not '\(URLSetting.shown(value))'",
                                        hint: "put the image in Articles/, e.g. Articles/images/logo.svg, and write images/logo.svg"))
            }
            return URLSetting.localFile(value, articlesDirectory: articlesDirectory)
        }
    }

    /// Control characters (which browsers strip, so `jav&#9;ascript:` hides a scheme), spaces and invisible separators.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x20, 0x7F...0xA0, 0x2028, 0x2029, 0xFEFF, 0x200B...0x200F: return true
        default: return false
        }
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        scalar == " " ? "a space" : "the character U+" + String(format: "%04X", scalar.value)
    }

    /// The value as it may be printed in a message: control characters shown as `\u{..}`, long values cut.
    static func shown(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars.prefix(200) {
            text += isForbidden(scalar) && scalar != " " ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return value.unicodeScalars.count > 200 ? text + "…" : text
    }

    /// The lowercased scheme (`https` of `HTTPS://x`), or nil when the value has none (a path).
    static func scheme(of value: String) -> String? {
        var scheme = ""
        for scalar in value.unicodeScalars {
            if scalar == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            let letter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            let other = ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "."
            guard letter || (!scheme.isEmpty && other) else { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }

    static func wrongScheme(_ scheme: String?, allowed: String, example: String) -> Problem {
        let what = scheme.map { "a \($0): URL" } ?? "not an absolute URL"
        var hint = "for example: \(example)"
        if let scheme, ["javascript", "vbscript", "data", "file"].contains(scheme) {
            hint = "\(scheme): URLs can run code or read local files in a reader's browser; " + hint
        }
        return Problem(message: "must be \(allowed); this is \(what)", hint: hint)
    }

    /// The host of an `http(s)://host[:port]/…` value; refuses an empty host and `user@` credentials.
    static func checkedHost(_ value: String, scheme: String) -> Result<String, Problem> {
        let example = "\(scheme)://example.com/"
        let rest = value.dropFirst(scheme.count + 1)
        guard rest.hasPrefix("//") else {
            return .failure(Problem(message: "must have '//' and a host after '\(scheme):'", hint: "write it as \(example)..."))
        }
        let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") {
            return .failure(Problem(message: "has a user name or password before '@', which hides the real host",
                                    hint: "write the host alone, e.g. \(example)"))
        }
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                return .failure(Problem(message: "has an IPv6 host without its closing ']'", hint: "write it as \(scheme)://[::1]:8080/"))
            }
            let port = host[host.index(after: close)...]
            host = host[...close]
            guard port.isEmpty || (port.hasPrefix(":") && port.dropFirst().allSatisfy(\.isASCIIDigit)) else {
                return .failure(Problem(message: "has a port that is not a number", hint: "write it as \(scheme)://[::1]:8080/"))
            }
        } else if let colon = host.firstIndex(of: ":") {
            guard host[host.index(after: colon)...].allSatisfy(\.isASCIIDigit) else {
                return .failure(Problem(message: "has a port that is not a number", hint: "write it as \(scheme)://example.com:8443/"))
            }
            host = host[..<colon]
        }
        guard !host.isEmpty else {
            return .failure(Problem(message: "has no host after '\(scheme)://'", hint: "write it as \(example)"))
        }
        return .success(String(host))
    }

    /// A site path: starts with one `/` (two would be another host, `//evil.example`).
    static func sitePath(_ value: String) -> Result<String, Problem> {
        if value.hasPrefix("//") {
            return .failure(Problem(message: "starts with '//', which browsers read as another host ('\(shown(value))')",
                                    hint: "write the scheme, e.g. https:\(shown(value)), or one '/' for a path on this site"))
        }
        guard value.hasPrefix("/") else {
            return .failure(Problem(message: "must be an http(s) URL, a mailto: address or a site path starting with '/', not '\(shown(value))'",
                                    hint: "for example: \"https://status.example.com/\" or \"/contact/\""))
        }
        return .success(value)
    }

    /// A relative path to an existing file that stays inside the articles folder, returned as a site path.
    static func localFile(_ value: String, articlesDirectory: String) -> Result<String, Problem> {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") || parts.contains(".") || parts.contains("") {
            return .failure(Problem(message: "must stay inside Articles/: '\(shown(value))' leaves it or has an empty or '.' part",
                                    hint: "move the image under Articles/ and name it relative to that folder, e.g. images/logo.svg"))
        }
        let path = articlesDirectory + "/" + value
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .failure(Problem(message: "names Articles/\(shown(value)), which does not exist",
                                    hint: "add the image there or correct the path (it is relative to Articles/)"))
        }
        // A link inside Articles/ may point out of it; the file would then be someone else's.
        if let real = FileListing.resolved(path), let root = FileListing.resolved(articlesDirectory), !real.hasPrefix(root + "/") {
            return .failure(Problem(message: "names Articles/\(shown(value)), a link to \(real) outside Articles/",
                                    hint: "copy the image into Articles/ instead of linking to it"))
        }
        return .success("/" + value)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension FieldReader {
    /// The URL setting `key` checked against `rule`, or nil (with a diagnostic at the value) when it is refused.
    mutating func url(_ key: String, _ rule: URLSetting) -> String? {
        guard let entry = map.entry(key), let value = string(key) else { return nil }
        return checkedURL(value, entry: entry, rule)
    }

    /// Checks `value`, written at `entry`, reporting a refusal at the value's line and column.
    mutating func checkedURL(_ value: String, entry: FrontMatterEntry, _ rule: URLSetting) -> String? {
        switch rule.check(value) {
        case .success(let url): return url
        case .failure(let problem):
            diagnostics.append(Diagnostic(path: path, line: entry.valueLine, column: entry.valueColumn,
                                          message: "'\(entry.key)' \(problem.message)", hint: problem.hint))
            return nil
        }
    }
}
