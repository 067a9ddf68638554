// TEMPORARY: replaced by Sources/KBSite/FrontMatter/ when the front matter parser lands.
public indirect enum FrontMatterValue: Sendable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case date(String)
    case list([FrontMatterValue])
    case map(FrontMatterMap)
    public var stringValue: String? {
        switch self {
        case .string(let s), .date(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return nil
        }
    }
    public var intValue: Int? { if case .int(let i) = self { return i }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var stringList: [String]? {
        if case .list(let items) = self { return items.compactMap(\.stringValue) }
        return stringValue.map { [$0] }
    }
}
public struct FrontMatterEntry: Sendable, Equatable { public var key: String; public var value: FrontMatterValue; public var line: Int; public var column: Int }
public struct FrontMatterMap: Sendable, Equatable {
    public var entries: [FrontMatterEntry] = []
    public subscript(key: String) -> FrontMatterValue? { entry(key)?.value }
    public func entry(_ key: String) -> FrontMatterEntry? { entries.first { $0.key == key } }
}
public struct FrontMatterError: Error, CustomStringConvertible, Sendable, Equatable {
    public var line: Int; public var column: Int; public var message: String; public var hint: String?
    public var description: String { "\(line):\(column): \(message)" }
}
public struct FrontMatterDocument: Sendable {
    public var frontMatter: FrontMatterMap
    public var hasFrontMatter: Bool
    public var body: String
    public var bodyStartLine: Int
}
public enum FrontMatterParser {
    public static func parseDocument(_ text: String) throws(FrontMatterError) -> FrontMatterDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "---" else { return FrontMatterDocument(frontMatter: FrontMatterMap(), hasFrontMatter: false, body: text, bodyStartLine: 1) }
        guard let end = lines.dropFirst().firstIndex(of: "---") else { throw FrontMatterError(line: 1, column: 1, message: "missing closing ---", hint: nil) }
        var map = FrontMatterMap()
        for i in 1..<end {
            let line = lines[i]
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            var parsed: FrontMatterValue
            if value.hasPrefix("[") {
                value = String(value.dropFirst().dropLast())
                parsed = .list(value.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) })
            } else if let i = Int(value) { parsed = .int(i) }
            else if value == "true" || value == "false" { parsed = .bool(value == "true") }
            else { parsed = .string(value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
            map.entries.append(FrontMatterEntry(key: key, value: parsed, line: i + 1, column: 1))
        }
        return FrontMatterDocument(frontMatter: map, hasFrontMatter: true, body: lines[(end + 1)...].joined(separator: "\n"), bodyStartLine: end + 2)
    }
}
import Foundation
