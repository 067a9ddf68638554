/// Whose side a problem usually is on: a fact of each article (front matter `side:`), defaulting to what its
/// status class suggests (4xx: the reader's, 5xx: the site's).
public enum Side: String, Sendable, CaseIterable {
    case you, site, network, provider, either

    /// The sentence readers are shown.
    public var sentence: String {
        switch self {
        case .you: return "Usually on your side"
        case .site: return "Usually on the site's side"
        case .network: return "Usually the network between you and the site"
        case .provider: return "Usually your provider's side (ISP, hosting, app vendor)"
        case .either: return "Could be either side"
        }
    }

    /// The default for a status class: 4xx is the reader's side, 5xx the site's; guides have none.
    public static func `default`(for statusClass: StatusClass?) -> Side? {
        switch statusClass?.digit {
        case 4: return .you
        case 5: return .site
        default: return nil
        }
    }
}
