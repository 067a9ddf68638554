// The public face of the template engine: values, errors, host filters and the engine itself.

import Foundation

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
    /// `file:line:column: message — hint`, then the source line with a caret under the column.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        let hintText = hint.map { " — \($0)" } ?? ""
        return "\(location): \(message)\(hintText)\(quotedSource)"
    }
}

/// Every problem found while loading a template folder.
public struct TemplateErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [TemplateError]
    public init(_ errors: [TemplateError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A host-supplied filter: `{{ value | name(args) }}`. Throw (e.g. `TemplateFilterError("...")`) for a bad argument.
public typealias TemplateFilter = @Sendable (_ value: TemplateValue, _ arguments: [TemplateValue]) throws -> TemplateValue

/// Parses templates once and renders them many times, safely from many threads.
public final class TemplateEngine: Sendable {
    let templates: [String: CompiledTemplate]
    let displayPrefix: String
    /// Per-template display names that replace `displayPrefix + name` (e.g. `(theme)/article.html`).
    let displayNames: [String: String]

    /// Loads and parses every `.html`, `.xml` and `.txt` template under `directory` (except `assets/`); throws `TemplateErrors`.
    public convenience init(directory: String, displayPrefix: String = "Templates/", filters: [String: TemplateFilter] = [:]) throws {
        let sources = try loadTemplateSources(directory: directory, displayPrefix: displayPrefix)
        try self.init(templates: sources, displayPrefix: displayPrefix, filters: filters)
    }

    /// Parses templates given as name → source (names like `partials/x.html`); throws `TemplateErrors`.
    public init(templates sources: [String: String], displayPrefix: String = "Templates/", displayNames: [String: String] = [:],
                filters: [String: TemplateFilter] = [:]) throws {
        self.displayPrefix = displayPrefix
        self.displayNames = displayNames
        func display(_ name: String) -> String { displayNames[name] ?? displayPrefix + name }
        var errors: [TemplateError] = []
        var parsed: [String: ParsedTemplate] = [:]
        var bytesByName: [String: [UInt8]] = [:]
        let names = sources.keys.sorted()
        for name in names {
            let bytes = Array((sources[name] ?? "").utf8)
            bytesByName[name] = bytes
            var reported = 0
            func report(_ problem: SyntaxProblem) {
                // Each report quotes its line; unbounded reports on one long line would cost quadratic time and output.
                reported += 1
                guard reported <= TemplateLimits.maxErrorsPerFile else { return }
                errors.append(makeTemplateError(file: display(name), source: bytes, offset: problem.offset,
                                                message: problem.message, hint: problem.hint))
            }
            var lexer = TemplateLexer(bytes: bytes)
            let tokens: [Token]
            do {
                tokens = try lexer.tokenize()
            } catch {
                report(error)
                continue
            }
            var parser = TemplateParser(bytes: bytes, tokens: tokens, hostFilters: filters)
            do {
                let template = try parser.parse()
                parsed[name] = template
                parser.problems.forEach(report)
            } catch {
                parser.problems.forEach(report)
                report(error)
            }
        }
        errors += checkReferences(parsed: parsed, names: names, bytes: bytesByName, displayPrefix: displayPrefix, display: display)
        guard errors.isEmpty else {
            let ordered = errors.enumerated().sorted { a, b in
                (a.element.file, a.element.line, a.element.column, a.offset) < (b.element.file, b.element.line, b.element.column, b.offset)
            }
            throw TemplateErrors(ordered.map(\.element))
        }
        var compiled: [String: CompiledTemplate] = [:]
        for name in parsed.keys {
            compiled[name] = compile(name, parsed: parsed, source: bytesByName[name] ?? [])
        }
        self.templates = compiled
    }

    /// Whether a template of that name was loaded.
    public func hasTemplate(_ name: String) -> Bool { templates[name] != nil }

    /// The names of all loaded templates, sorted.
    public var templateNames: [String] { templates.keys.sorted() }

    /// Renders template `name` with `context`; throws `TemplateError`.
    public func render(_ name: String, context: [String: TemplateValue]) throws -> String {
        try render(name, context: context, limits: RenderLimits())
    }

    func render(_ name: String, context: [String: TemplateValue], limits: RenderLimits) throws -> String {
        guard let template = templates[name] else {
            throw TemplateError(file: displayNames[name] ?? displayPrefix + name, line: 0, column: 0, message: "unknown template '\(name)'",
                                hint: closestName(to: name, among: templates.keys).map { "did you mean '\($0)'?" })
        }
        var renderer = TemplateRenderer(templates: templates, globals: context, template: name, limits: limits)
        // A modest start: the returned String keeps its capacity, and callers may hold thousands of pages.
        renderer.output.reserveCapacity(max(4096, template.source.count * 2))
        do {
            try renderer.render(template)
        } catch {
            throw makeTemplateError(file: displayNames[error.template] ?? displayPrefix + error.template, source: templates[error.template]?.source ?? [],
                                    offset: error.offset, message: error.message, hint: error.hint)
        }
        return renderer.output
    }
}

// MARK: - Loading

extension TemplateEngine {
    /// The template files under `directory` (not `assets/`), keyed by relative path; throws `TemplateErrors`.
    public static func loadSources(directory: String, displayPrefix: String) throws -> [String: String] {
        try loadTemplateSources(directory: directory, displayPrefix: displayPrefix)
    }
}

/// Reads the template files under `directory`, keyed by relative path with `/` separators.
func loadTemplateSources(directory: String, displayPrefix: String) throws -> [String: String] {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw TemplateErrors([TemplateError(file: displayPrefix, line: 0, column: 0, message: "template folder '\(directory)' not found",
                                            hint: "create it or point kb at another folder")])
    }
    guard let enumerator = fileManager.enumerator(atPath: directory) else { return [:] }
    var sources: [String: String] = [:]
    var errors: [TemplateError] = []
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    while let relative = enumerator.nextObject() as? String {
        let components = relative.split(separator: "/")
        if components.first == "assets" || components.contains(where: { $0.hasPrefix(".") }) {
            if components.count == 1 { enumerator.skipDescendants() }
            continue
        }
        guard relative.hasSuffix(".html") || relative.hasSuffix(".xml") || relative.hasSuffix(".txt") else { continue }
        var fileIsDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: base + relative, isDirectory: &fileIsDirectory), !fileIsDirectory.boolValue else { continue }
        guard let data = fileManager.contents(atPath: base + relative) else {
            errors.append(TemplateError(file: displayPrefix + relative, line: 0, column: 0, message: "cannot read the file", hint: "check its permissions"))
            continue
        }
        guard let text = String(data: data, encoding: .utf8) else {
            errors.append(TemplateError(file: displayPrefix + relative, line: 0, column: 0, message: "the file is not valid UTF-8", hint: "save it as UTF-8"))
            continue
        }
        sources[relative] = text
    }
    if !errors.isEmpty { throw TemplateErrors(errors) }
    return sources
}

// MARK: - Checking and resolving references between templates

private func checkReferences(parsed: [String: ParsedTemplate], names: [String], bytes: [String: [UInt8]], displayPrefix: String,
                             display: (String) -> String) -> [TemplateError] {
    var errors: [TemplateError] = []
    let known = Set(names)
    var reportedByFile: [String: Int] = [:]
    func report(_ name: String, _ offset: Int, _ message: String, _ hint: String?) {
        let reported = reportedByFile[name, default: 0] + 1
        reportedByFile[name] = reported
        guard reported <= TemplateLimits.maxErrorsPerFile else { return }
        errors.append(makeTemplateError(file: display(name), source: bytes[name] ?? [], offset: offset, message: message, hint: hint))
    }
    // Edges of the include/extends graph, in source order.
    var edges: [String: [(target: String, offset: Int, isExtends: Bool)]] = [:]
    for name in names {
        guard let template = parsed[name] else { continue }
        var references = template.includes.map { (target: $0.name, offset: $0.offset, isExtends: false) }
        if let parent = template.parent { references.insert((parent.name, parent.offset, true), at: 0) }
        for reference in references {
            if let problem = templateNameProblem(reference.target) {
                report(name, reference.offset, "'\(reference.target)' is not a template name: \(problem)",
                       "write a path inside \(displayPrefix), e.g. 'partials/footer.html'")
            } else if known.contains(reference.target) {
                edges[name, default: []].append(reference)
            } else {
                let suggestion = closestName(to: reference.target, among: names)
                report(name, reference.offset, "unknown template '\(reference.target)'",
                       suggestion.map { "did you mean '\($0)'?" } ?? "create \(displayPrefix)\(reference.target)")
            }
        }
    }
    // Depth-first search; an edge back to a template on the current path closes a cycle. The stack is
    // explicit because a long chain of templates would overflow a thread's stack through recursion.
    var state: [String: Int] = [:]  // 1 = on the path, 2 = done
    var path: [String] = []
    var pending: [(name: String, nextEdge: Int)] = []
    for root in names where state[root] == nil && parsed[root] != nil {
        state[root] = 1
        path.append(root)
        pending.append((root, 0))
        while let top = pending.last {
            let outgoing = edges[top.name] ?? []
            guard top.nextEdge < outgoing.count else {
                pending.removeLast()
                path.removeLast()
                state[top.name] = 2
                continue
            }
            pending[pending.count - 1].nextEdge += 1
            let edge = outgoing[top.nextEdge]
            switch state[edge.target] {
            case 1:
                let start = path.lastIndex(of: edge.target) ?? 0
                let cycle = (path[start...] + [edge.target]).joined(separator: " → ")
                report(top.name, edge.offset, "\(edge.isExtends ? "extends" : "include") cycle: \(cycle)",
                       "a template cannot include or extend itself, directly or through others")
            case nil:
                state[edge.target] = 1
                path.append(edge.target)
                pending.append((edge.target, 0))
            default:
                break
            }
        }
    }
    // A child's top-level block that no template up its chain has is never printed.
    for name in names {
        guard let template = parsed[name], let parent = template.parent, parsed[parent.name] != nil else { continue }
        var inherited: Set<String> = []
        var visited: Set<String> = [name]
        var current: String? = parent.name
        while let step = current, !visited.contains(step), visited.count <= TemplateLimits.maxExtendsDepth + 1,
              let ancestor = parsed[step] {
            visited.insert(step)
            inherited.formUnion(ancestor.blocks.keys)
            current = ancestor.parent?.name
        }
        for block in template.topLevelBlocks where !inherited.contains(block.name) {
            let suggestion = closestName(to: block.name, among: inherited)
            report(name, block.offset, "block '\(block.name)' is not in '\(parent.name)' or the templates it extends, so it is never printed",
                   suggestion.map { "did you mean '\($0)'?" }
                       ?? (inherited.isEmpty ? "'\(parent.name)' has no blocks" : "its blocks are: \(inherited.sorted().joined(separator: ", "))"))
        }
    }
    // Report an over-long extends chain once, at the template exactly one step past the limit
    // (those further down only inherit the problem; a chain that never ends is a cycle, reported above).
    for name in names {
        guard let extends = parsed[name]?.parent else { continue }
        var depth = 0
        var current: String? = name
        while let step = current, let parent = parsed[step]?.parent, depth <= TemplateLimits.maxExtendsDepth {
            depth += 1
            current = parent.name
        }
        if depth == TemplateLimits.maxExtendsDepth + 1, let top = current, parsed[top]?.parent == nil {
            report(name, extends.offset, "extends chain longer than \(TemplateLimits.maxExtendsDepth) levels",
                   "let templates extend a common base instead of each other in a long line")
        }
    }
    return errors
}

/// Why `name` cannot name a template (empty, absolute, or stepping out of the template folder), or nil.
private func templateNameProblem(_ name: String) -> String? {
    if name.isEmpty { return "it is empty" }
    if name.hasPrefix("/") || name.contains("\\") { return "names are relative paths with '/'" }
    if name.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
        return "it has an empty, '.' or '..' part"
    }
    return nil
}

private func compile(_ name: String, parsed: [String: ParsedTemplate], source: [UInt8]) -> CompiledTemplate {
    var chain: [String] = [name]
    var current = parsed[name]
    while let parent = current?.parent, !chain.contains(parent.name), let next = parsed[parent.name] {
        chain.append(parent.name)
        current = next
    }
    var blockChains: [String: [BlockDefinition]] = [:]
    for member in chain {
        for (blockName, body) in parsed[member]?.blocks ?? [:] {
            blockChains[blockName, default: []].append(BlockDefinition(template: member, body: body))
        }
    }
    var inheritedSets: [(template: String, name: String, value: Expression)] = []
    for member in chain.dropLast().reversed() {
        for node in parsed[member]?.body ?? [] {
            if case .set(let variable, let value) = node { inheritedSets.append((member, variable, value)) }
        }
    }
    return CompiledTemplate(name: name, source: source, body: parsed[name]?.body ?? [], layout: chain.last ?? name,
                            inheritedSets: inheritedSets, blockChains: blockChains)
}
