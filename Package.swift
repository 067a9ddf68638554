// swift-tools-version:6.0
import PackageDescription

// One module per stage; dependencies flow one way:
// KBMarkdown, KBTemplates, KBSearch, KBServer <- KBSite <- kb
let package = Package(
    name: "kb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
    ],
    targets: [
        .target(name: "KBMarkdown"),
        .target(name: "KBTemplates"),
        .target(name: "KBSearch"),
        .target(name: "KBSite", dependencies: ["KBMarkdown", "KBTemplates", "KBSearch"]),
        .target(name: "KBServer"),
        .executableTarget(name: "kb", dependencies: ["KBMarkdown", "KBSite", "KBServer"]),
        // Micro-benchmarks (not part of `swift test`): swift run -c release kb-bench KIND ...
        .executableTarget(name: "kb-bench", dependencies: ["KBMarkdown", "KBTemplates", "KBSearch", "KBSite"],
                          path: "Benchmarks/Sources/kb-bench"),
        .testTarget(name: "KBMarkdownTests", dependencies: ["KBMarkdown"]),
        .testTarget(name: "KBTemplatesTests", dependencies: ["KBTemplates"]),
        .testTarget(name: "KBSearchTests", dependencies: ["KBSearch"]),
        .testTarget(name: "KBSiteTests", dependencies: ["KBSite"], exclude: ["Fixtures"]),
        .testTarget(name: "KBServerTests", dependencies: ["KBServer"]),
        .testTarget(name: "kbTests", dependencies: ["kb"]),
    ],
    swiftLanguageModes: [.v6]
)
