/// `Output/_redirects`: the redirect list Netlify and Cloudflare Pages read, so those hosts answer aliases and
/// `/<code>/` with a real 301 (the HTML redirect pages stay for every other host).
enum HostRedirects {
    /// One `from to 301` line per redirect, base path applied, in the page plan's order.
    static func text(_ redirects: [Redirect], settings: SiteSettings) -> String {
        var text = "# Written by kb build: aliases and /<code>/ pages, for hosts that read _redirects.\n"
        for redirect in redirects {
            text += field(settings.relativeURL(redirect.from)) + " " + field(settings.relativeURL(redirect.to)) + " 301\n"
        }
        return text
    }

    /// Fields are separated by spaces, so whitespace inside a path is percent-encoded.
    private static func field(_ path: String) -> String {
        var out = ""
        for character in path.unicodeScalars {
            switch character {
            case " ": out += "%20"
            case "\t": out += "%09"
            case "\n", "\r": continue
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
