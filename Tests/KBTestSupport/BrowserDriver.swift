import Foundation

/// Clicks, keys and scripts in headless Chromium for tests that need a reader's actions (a Copy button, the
/// feedback form with JavaScript on and off), through `Scripts/cdp.py`: the DevTools protocol over a pipe, so no
/// WebDriver or websocket package is needed. Steps are documented at the top of that script.
public struct BrowserDriver {
    public let chromium: String
    public let python: String

    /// Finds Chromium and python3 (skipping, or failing under CI=1, when either is missing).
    public init() throws {
        chromium = try ExternalTool.chromium()
        python = try ExternalTool.python3()
    }

    /// Runs `steps` in one fresh browser profile and returns one result per step (Bool, String, number or nil).
    public func run(_ steps: [[String: Any]], javascript: Bool = true) throws -> [Any?] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/cdp.py")
        let scenario = try JSONSerialization.data(withJSONObject: ["javascript": javascript, "steps": steps])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, chromium]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(scenario)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let results = try JSONSerialization.jsonObject(with: data) as? [Any] else {
            throw MissingTool(message: "the browser driver failed (exit \(process.terminationStatus)): \(message)")
        }
        return results.map { $0 is NSNull ? nil : $0 }
    }
}
