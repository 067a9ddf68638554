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
        // Shared by the test targets: finding outside tools (CI=1 turns a missing one into a failure), free ports.
        .target(name: "KBTestSupport", path: "Tests/KBTestSupport", exclude: ["Scripts"]),
        .testTarget(name: "KBMarkdownTests", dependencies: ["KBMarkdown", "KBTestSupport"]),
        .testTarget(name: "KBTemplatesTests", dependencies: ["KBTemplates", "KBTestSupport"]),
        .testTarget(name: "KBSearchTests", dependencies: ["KBSearch", "KBTestSupport"]),
        .testTarget(name: "KBSiteTests", dependencies: ["KBSite", "KBTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "KBServerTests", dependencies: ["KBServer", "KBTestSupport"]),
        .testTarget(name: "kbTests", dependencies: ["kb", "KBTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
