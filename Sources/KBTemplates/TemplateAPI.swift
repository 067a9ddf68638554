// PLACEHOLDER API: the Templates issue replaces the bodies; the public shapes are the contract.

/// A value in a template context.
public indirect enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// HTML that is printed without escaping (what `| safe` produces).
    case safeHTML(String)
    case array([TemplateValue])
    case dictionary([String: TemplateValue])
}

/// A template problem with its location, e.g. `Templates/article.html:12:7: unknown variable 'artcle'`.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?
    /// The offending source line, for quoting with a caret.
    public var sourceLine: String
    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil, sourceLine: String = "") {
        self.file = file; self.line = line; self.column = column; self.message = message; self.hint = hint; self.sourceLine = sourceLine
    }
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every problem found while loading a template folder.
public struct TemplateErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [TemplateError]
    public init(_ errors: [TemplateError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A host-supplied filter: `{{ value | name(args) }}`. Throw a message string for a bad argument.
public typealias TemplateFilter = @Sendable (_ value: TemplateValue, _ arguments: [TemplateValue]) throws -> TemplateValue

/// Parses templates once and renders them many times, safely from many threads.
public final class TemplateEngine: Sendable {
    let sources: [String: String]
    let displayPrefix: String

    /// Loads and parses every template under `directory` (except `assets/`); throws `TemplateErrors`.
    public convenience init(directory: String, displayPrefix: String = "Templates/", filters: [String: TemplateFilter] = [:]) throws {
        self.init(templates: [:], displayPrefix: displayPrefix, filters: filters)
    }

    /// Parses templates given as name → source (names like `partials/x.html`); throws `TemplateErrors`.
    public init(templates: [String: String], displayPrefix: String = "Templates/", filters: [String: TemplateFilter] = [:]) {
        self.sources = templates
        self.displayPrefix = displayPrefix
    }

    /// Whether a template of that name was loaded.
    public func hasTemplate(_ name: String) -> Bool { sources[name] != nil }

    /// Renders template `name` with `context`; throws `TemplateError`.
    public func render(_ name: String, context: [String: TemplateValue]) throws -> String {
        sources[name] ?? ""
    }
}
