import Foundation

/// The reader-facing services a site may switch on in `Articles/_index.md`: "Was this article helpful?" votes and
/// a live status banner (Docs/feedback-and-status.md). Both are off by default, so a site sends nothing anywhere.
public struct ReaderServices: Sendable, Equatable {
    /// Where the feedback form posts (`feedback_url`); no form without it.
    public var feedbackURL: String?
    /// A Statuspage v2 `status.json` that the status banner reads (`status_api_url`); no status script without it.
    public var statusAPIURL: String?

    public init(feedbackURL: String? = nil, statusAPIURL: String? = nil) {
        self.feedbackURL = feedbackURL
        self.statusAPIURL = statusAPIURL
    }

    /// The `_index.md` keys read here.
    static let keys: Set<String> = ["feedback_url", "status_api_url"]

    /// Reads both settings; each must be `https://` (or `http://` on a loopback host), else a located error.
    static func read(_ reader: inout FieldReader) -> ReaderServices {
        ReaderServices(feedbackURL: reader.url("feedback_url", .secureEndpoint),
                       statusAPIURL: reader.url("status_api_url", .secureEndpoint))
    }
}
