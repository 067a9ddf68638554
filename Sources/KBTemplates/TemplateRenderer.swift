// Walks the parsed tree and writes bytes. All state lives in this struct, created per render call,
// so one TemplateEngine can render from many threads at once.

/// A render-time problem, located in a template by byte offset; the engine turns it into a TemplateError.
struct RenderFailure: Error {
    var template: String
    var offset: Int
    var message: String
    var hint: String?
}

/// The state of one `{% for %}` iteration; `loop.index` etc. are computed from it on demand.
struct LoopState {
    var index0: Int
    var length: Int

    func attribute(_ name: String) -> TemplateValue? {
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == length - 1)
        case "length": return .int(length)
        case "revindex": return .int(length - index0)
        case "revindex0": return .int(length - index0 - 1)
        default: return nil
        }
    }

    static let attributeNames = ["index", "index0", "first", "last", "length", "revindex", "revindex0"]

    var dictionary: TemplateValue {
        var result: [String: TemplateValue] = [:]
        for name in LoopState.attributeNames { result[name] = attribute(name) }
        return .dictionary(result)
    }
}

enum LocalValue {
    case value(TemplateValue)
    case loop(LoopState)

    var materialized: TemplateValue {
        switch self {
        case .value(let value): return value
        case .loop(let state): return state.dictionary
        }
    }
}

struct LocalVariable {
    var name: String
    var value: LocalValue
}

struct TemplateRenderer {
    let templates: [String: CompiledTemplate]
    let globals: [String: TemplateValue]
    let limits: RenderLimits
    /// Built as a String (not bytes) so the result needs no final UTF-8 validation pass.
    var output = ""
    /// Variables from `set` and `for`, innermost last; `frames` holds where each scope starts.
    private var locals: [LocalVariable] = []
    private var frames: [Int] = []
    /// The template whose nodes are being rendered (for error locations).
    private var template: String
    private var blockChains: [String: [BlockDefinition]] = [:]
    private var blockStack: [(name: String, index: Int)] = []
    private var loopDepth = 0
    private var includeDepth = 0
    private var iterations = 0
    private var nesting = 0

    init(templates: [String: CompiledTemplate], globals: [String: TemplateValue], template: String, limits: RenderLimits) {
        self.templates = templates
        self.limits = limits
        self.globals = globals
        self.template = template
    }

    // MARK: - Templates and blocks

    mutating func render(_ compiled: CompiledTemplate) throws(RenderFailure) {
        let savedTemplate = template
        let savedChains = blockChains
        let savedStack = blockStack
        frames.append(locals.count)
        for assignment in compiled.inheritedSets {
            template = assignment.template
            assign(assignment.name, try evaluate(assignment.value))
        }
        let layout = templates[compiled.layout] ?? compiled
        template = layout.name
        blockChains = compiled.blockChains
        blockStack = []
        try renderNodes(layout.body)
        popFrame()
        template = savedTemplate
        blockChains = savedChains
        blockStack = savedStack
    }

    private mutating func popFrame() {
        let start = frames.removeLast()
        locals.removeSubrange(start..<locals.count)
    }

    private mutating func renderBlock(_ name: String, definitionIndex: Int) throws(RenderFailure) {
        guard let chain = blockChains[name], definitionIndex < chain.count else { return }
        let definition = chain[definitionIndex]
        let savedTemplate = template
        template = definition.template
        blockStack.append((name, definitionIndex))
        frames.append(locals.count)
        try renderNodes(definition.body)
        popFrame()
        blockStack.removeLast()
        template = savedTemplate
    }

    private mutating func renderNodes(_ nodes: [Node]) throws(RenderFailure) {
        for node in nodes {
            switch node {
            case .text(let text):
                output.append(text)
            case .output(let expression, let offset):
                try write(try evaluate(expression), offset: offset)
            case .conditional(let branches, let elseBody, let offset):
                try enterNesting(at: offset)
                defer { nesting -= 1 }
                var matched = false
                for branch in branches where try isTrue(branch.condition) {
                    try renderNodes(branch.body)
                    matched = true
                    break
                }
                if !matched { try renderNodes(elseBody) }
            case .loop(let loop):
                try renderLoop(loop)
            case .set(let name, let expression):
                assign(name, try evaluate(expression))
            case .include(let name, let offset):
                guard let included = templates[name] else {
                    throw fail(offset, "unknown template '\(name)'", hint: nil)
                }
                try enterNesting(at: offset)
                includeDepth += 1
                guard includeDepth <= limits.maxIncludeDepth else {
                    throw fail(offset, "includes nested deeper than \(limits.maxIncludeDepth) levels",
                               hint: "an included template includes others too deeply")
                }
                try render(included)
                includeDepth -= 1
                nesting -= 1
                try checkOutputSize(offset)
            case .block(let name, let offset):
                try enterNesting(at: offset)
                try renderBlock(name, definitionIndex: 0)
                nesting -= 1
            }
        }
    }

    private mutating func renderLoop(_ loop: ForLoop) throws(RenderFailure) {
        let sequence = try evaluate(loop.sequence)
        try enterNesting(at: loop.offset)
        defer { nesting -= 1 }
        var items: [TemplateValue] = []
        var keys: [String] = []
        var dictionary: [String: TemplateValue] = [:]
        switch sequence {
        case .array(let array): items = array
        case .dictionary(let value):
            dictionary = value
            keys = value.keys.sorted()
        case .null: break
        default:
            throw fail(loop.offset, "cannot loop over \(typeName(sequence))", hint: "'{% for %}' needs a list or a dictionary")
        }
        let isDictionary = !keys.isEmpty
        let count = isDictionary ? keys.count : items.count
        if loop.keyName != nil && !isDictionary && count > 0 {
            throw fail(loop.offset, "'{% for key, value in ... %}' needs a dictionary, got a list", hint: "write '{% for item in list %}'")
        }
        guard count > 0 else {
            try renderNodes(loop.emptyBody)
            return
        }
        loopDepth += 1
        guard loopDepth <= limits.maxLoopDepth else {
            throw fail(loop.offset, "loops nested deeper than \(limits.maxLoopDepth) levels", hint: "flatten the data before rendering")
        }
        frames.append(locals.count)
        let base = locals.count
        locals.append(LocalVariable(name: loop.valueName, value: .value(.null)))
        if let keyName = loop.keyName { locals.append(LocalVariable(name: keyName, value: .value(.null))) }
        locals.append(LocalVariable(name: "loop", value: .loop(LoopState(index0: 0, length: count))))
        let fixedEnd = locals.count
        for index in 0..<count {
            iterations += 1
            guard iterations <= limits.maxLoopIterations else {
                throw fail(loop.offset, "more than \(limits.maxLoopIterations) loop iterations in one page",
                           hint: "loops nested over large lists multiply; reduce the data")
            }
            if locals.count > fixedEnd { locals.removeSubrange(fixedEnd..<locals.count) }
            if isDictionary {
                let key = keys[index]
                if loop.keyName != nil {
                    locals[base] = LocalVariable(name: loop.valueName, value: .value(dictionary[key] ?? .null))
                    locals[base + 1].value = .value(.string(key))
                } else {
                    locals[base].value = .value(.string(key))
                }
            } else {
                locals[base].value = .value(items[index])
            }
            locals[fixedEnd - 1].value = .loop(LoopState(index0: index, length: count))
            try renderNodes(loop.body)
            try checkOutputSize(loop.offset)
        }
        popFrame()
        loopDepth -= 1
    }

    // MARK: - Variables

    private mutating func assign(_ name: String, _ value: TemplateValue) {
        let frameStart = frames.last ?? 0
        var index = locals.count - 1
        while index >= frameStart {
            if locals[index].name == name {
                locals[index].value = .value(value)
                return
            }
            index -= 1
        }
        locals.append(LocalVariable(name: name, value: .value(value)))
    }

    private func lookupLocal(_ name: String) -> LocalValue? {
        var index = locals.count - 1
        while index >= 0 {
            if locals[index].name == name { return locals[index].value }
            index -= 1
        }
        return nil
    }

    private func lookup(_ name: String) -> TemplateValue? {
        if let local = lookupLocal(name) { return local.materialized }
        return globals[name]
    }

    private func namesInScope() -> [String] {
        Array(Set(locals.map(\.name)).union(globals.keys)).sorted()
    }

    // MARK: - Output

    private mutating func write(_ value: TemplateValue, offset: Int) throws(RenderFailure) {
        switch value {
        case .string(let string): appendEscapedHTML(string, to: &output)
        case .safeHTML(let html): output.append(html)
        case .int(let number): output.append(String(number))
        case .double(let number): output.append(formatNumber(number))
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .null: break
        case .array:
            throw fail(offset, "cannot print a list", hint: "loop over it with '{% for %}' or write '| join(\", \")'")
        case .dictionary:
            throw fail(offset, "cannot print a dictionary", hint: "print one of its attributes, e.g. '.title'")
        }
        try checkOutputSize(offset)
    }

    /// Counts one more level of rendering recursion, so no combination of includes, blocks and tags can exhaust the stack.
    private mutating func enterNesting(at offset: Int) throws(RenderFailure) {
        nesting += 1
        guard nesting <= limits.maxNesting else {
            throw fail(offset, "templates nested deeper than \(limits.maxNesting) levels (tags, blocks and includes together)",
                       hint: "flatten the nesting of includes and tags")
        }
    }

    private func checkOutputSize(_ offset: Int) throws(RenderFailure) {
        guard output.utf8.count <= limits.maxOutputBytes else {
            throw fail(offset, "output is larger than \(describeBytes(limits.maxOutputBytes))", hint: "a loop or include is producing too much")
        }
    }

    private func fail(_ offset: Int, _ message: String, hint: String?) -> RenderFailure {
        RenderFailure(template: template, offset: offset, message: message, hint: hint)
    }

    // MARK: - Expressions

    /// Evaluates strictly: a missing variable or key is an error.
    private mutating func evaluate(_ expression: Expression) throws(RenderFailure) -> TemplateValue {
        switch expression {
        case .literal(let value):
            return value
        case .variable(let name, let offset):
            if let value = lookup(name) { return value }
            throw fail(offset, "unknown variable '\(name)'", hint: closestName(to: name, among: namesInScope()).map { "did you mean '\($0)'?" })
        case .member(let base, let name, let offset):
            // One scope lookup for the common `variable.attribute`, and loop attributes without building a dictionary.
            if case .variable(let variable, _) = base {
                switch lookupLocal(variable) {
                case .loop(let state)?:
                    if let value = state.attribute(name) { return value }
                    throw fail(offset, "'loop' has no attribute '\(name)'",
                               hint: closestName(to: name, among: LoopState.attributeNames).map { "did you mean '\($0)'?" })
                case .value(let value)?:
                    return try member(value, name, of: base, offset: offset)
                case nil:
                    if let value = globals[variable] { return try member(value, name, of: base, offset: offset) }
                }
            }
            return try member(try evaluate(base), name, of: base, offset: offset)
        case .subscripted(let base, let index, let offset):
            let container = try evaluate(base)
            let key = try evaluate(index)
            if let value = try element(container, key, offset: offset) { return value }
            throw missingElement(container, key, of: base, offset: offset)
        case .list(let elements):
            var values: [TemplateValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element)) }
            return .array(values)
        case .not(let operand):
            return .bool(!(try isTrue(operand)))
        case .and(let left, let right):
            let value = try evaluateOptional(left) ?? .null
            return value.isTruthy ? (try evaluateOptional(right) ?? .null) : value
        case .or(let left, let right):
            let value = try evaluateOptional(left) ?? .null
            return value.isTruthy ? value : (try evaluateOptional(right) ?? .null)
        case .compare(let op, let left, let right, let offset):
            return .bool(try compare(op, try evaluate(left), try evaluate(right), offset: offset))
        case .contains(let item, let container, let negated, let offset):
            let found = try contains(try evaluate(container), try evaluate(item), offset: offset)
            return .bool(found != negated)
        case .concat(let left, let right):
            return concatenate(try evaluate(left), try evaluate(right))
        case .filter(let input, let call):
            return try applyFilter(call, to: input)
        case .test(let operand, let test, let negated):
            let value = try evaluateOptional(operand)
            let result: Bool
            switch test {
            case .defined: result = value != nil
            case .undefined: result = value == nil
            case .none: result = value.map { if case .null = $0 { return true } else { return false } } ?? false
            case .empty: result = value.map { !$0.isTruthy && $0.isContainerOrText } ?? true
            }
            return .bool(result != negated)
        case .superBlock(let offset):
            return try renderParentBlock(offset: offset)
        }
    }

    /// Evaluates leniently: a missing variable, key or index gives nil instead of an error.
    private mutating func evaluateOptional(_ expression: Expression) throws(RenderFailure) -> TemplateValue? {
        switch expression {
        case .variable(let name, _):
            return lookup(name)
        case .member(let base, let name, let offset):
            if case .variable(let variable, _) = base, case .loop(let state)? = lookupLocal(variable) {
                return state.attribute(name)
            }
            guard let container = try evaluateOptional(base) else { return nil }
            switch container {
            case .dictionary(let dictionary): return dictionary[name]
            case .null: return nil
            default: return try member(container, name, of: base, offset: offset)
            }
        case .subscripted(let base, let index, let offset):
            guard let container = try evaluateOptional(base) else { return nil }
            if case .null = container { return nil }
            return try element(container, try evaluate(index), offset: offset)
        default:
            return try evaluate(expression)
        }
    }

    /// The truth of a condition; missing values are false rather than errors.
    private mutating func isTrue(_ expression: Expression) throws(RenderFailure) -> Bool {
        switch expression {
        case .and(let left, let right):
            guard try isTrue(left) else { return false }
            return try isTrue(right)
        case .or(let left, let right):
            if try isTrue(left) { return true }
            return try isTrue(right)
        case .not(let operand): return !(try isTrue(operand))
        case .variable, .member, .subscripted: return (try evaluateOptional(expression))?.isTruthy ?? false
        default: return try evaluate(expression).isTruthy
        }
    }

    private func member(_ container: TemplateValue, _ name: String, of base: Expression, offset: Int) throws(RenderFailure) -> TemplateValue {
        if case .dictionary(let dictionary) = container, let value = dictionary[name] { return value }
        let baseName = pathText(base).map { "'\($0)'" } ?? "the value"
        switch container {
        case .dictionary(let dictionary):
            throw fail(offset, "\(baseName) has no attribute '\(name)'",
                       hint: closestName(to: name, among: dictionary.keys).map { "did you mean '\($0)'?" }
                           ?? (dictionary.isEmpty ? "it is empty" : "it has: " + dictionary.keys.sorted().prefix(12).joined(separator: ", ")))
        case .array:
            throw fail(offset, "\(baseName) is a list and has no attribute '\(name)'",
                       hint: name == "length" || name == "size" || name == "count" ? "write '| length'" : "use '[0]', '| first' or a '{% for %}' loop")
        default:
            throw fail(offset, "\(baseName) is \(typeName(container)) and has no attribute '\(name)'", hint: nil)
        }
    }

    private func element(_ container: TemplateValue, _ key: TemplateValue, offset: Int) throws(RenderFailure) -> TemplateValue? {
        switch (container, key) {
        case (.array(let array), .int(let index)):
            let position = index < 0 ? array.count + index : index
            return position >= 0 && position < array.count ? array[position] : nil
        case (.dictionary(let dictionary), .string(let name)), (.dictionary(let dictionary), .safeHTML(let name)):
            return dictionary[name]
        case (.array, _):
            throw fail(offset, "a list index must be a whole number, got \(typeName(key))", hint: nil)
        case (.dictionary, _):
            throw fail(offset, "a dictionary key must be a string, got \(typeName(key))", hint: nil)
        default:
            throw fail(offset, "cannot index \(typeName(container)) with '[]'", hint: "only lists and dictionaries can be indexed")
        }
    }

    private func missingElement(_ container: TemplateValue, _ key: TemplateValue, of base: Expression, offset: Int) -> RenderFailure {
        let baseName = pathText(base).map { "'\($0)'" } ?? "the value"
        switch (container, key) {
        case (.array(let array), .int(let index)):
            return fail(offset, "index \(index) is out of range for \(baseName) (\(array.count) items)", hint: "check '| length' first")
        case (.dictionary(let dictionary), _):
            let name = key.plainText
            return fail(offset, "\(baseName) has no key '\(name)'", hint: closestName(to: name, among: dictionary.keys).map { "did you mean '\($0)'?" })
        default:
            return fail(offset, "cannot index \(typeName(container))", hint: nil)
        }
    }

    private func compare(_ op: CompareOperator, _ left: TemplateValue, _ right: TemplateValue, offset: Int) throws(RenderFailure) -> Bool {
        switch op {
        case .equal: return valuesEqual(left, right)
        case .notEqual: return !valuesEqual(left, right)
        default: break
        }
        let order: Int
        if let a = left.numeric, let b = right.numeric {
            order = a < b ? -1 : (a > b ? 1 : 0)
        } else if let a = left.text, let b = right.text {
            order = a < b ? -1 : (a > b ? 1 : 0)
        } else {
            throw fail(offset, "cannot compare \(typeName(left)) with \(typeName(right))", hint: "order works on two numbers or two strings")
        }
        switch op {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    private func contains(_ container: TemplateValue, _ item: TemplateValue, offset: Int) throws(RenderFailure) -> Bool {
        switch container {
        case .array(let array): return array.contains { valuesEqual($0, item) }
        case .dictionary(let dictionary):
            guard let key = item.text else { return false }
            return dictionary[key] != nil
        case .string(let text), .safeHTML(let text):
            guard let needle = item.text else {
                throw fail(offset, "'in' a string needs a string on the left, got \(typeName(item))", hint: nil)
            }
            return containsSubstring(text, needle)
        case .null: return false
        default:
            throw fail(offset, "'in' needs a list, dictionary or string on the right, got \(typeName(container))", hint: nil)
        }
    }

    private func concatenate(_ left: TemplateValue, _ right: TemplateValue) -> TemplateValue {
        switch (left, right) {
        case (.safeHTML, _), (_, .safeHTML):
            return .safeHTML(left.htmlText + right.htmlText)
        default:
            return .string(left.plainText + right.plainText)
        }
    }

    private mutating func applyFilter(_ call: FilterCall, to input: Expression) throws(RenderFailure) -> TemplateValue {
        if case .builtin(.default) = call.implementation {
            if let value = try evaluateOptional(input) {
                if case .null = value {} else { return value }
            }
            guard let fallback = call.arguments.first else { return .null }
            return try evaluate(fallback)
        }
        let value = try evaluate(input)
        var arguments: [TemplateValue] = []
        arguments.reserveCapacity(call.arguments.count)
        for argument in call.arguments { arguments.append(try evaluate(argument)) }
        switch call.implementation {
        case .builtin(let filter):
            do {
                return try applyBuiltinFilter(filter, to: value, arguments: arguments)
            } catch {
                let offset = error.argument.flatMap { $0 < call.argumentOffsets.count ? call.argumentOffsets[$0] : nil }
                throw fail(offset ?? call.offset, "filter '\(call.name)': \(error.message)", hint: error.hint)
            }
        case .host(let function):
            do {
                return try function(value, arguments)
            } catch {
                // The host's message is used as is: it knows best how to name its own filter.
                throw fail(call.offset, "\(error)", hint: nil)
            }
        }
    }

    private mutating func renderParentBlock(offset: Int) throws(RenderFailure) -> TemplateValue {
        guard let current = blockStack.last, let chain = blockChains[current.name], current.index + 1 < chain.count else {
            let name = blockStack.last?.name ?? ""
            throw fail(offset, "super() in block '\(name)', which no parent template defines", hint: "remove super() or add the block to the parent")
        }
        try enterNesting(at: offset)
        defer { nesting -= 1 }
        let saved = output
        output = ""
        try renderBlock(current.name, definitionIndex: current.index + 1)
        let html = output
        output = saved
        return .safeHTML(html)
    }
}

/// The render-time bounds; tests lower them to reach them cheaply.
struct RenderLimits: Sendable {
    var maxOutputBytes = TemplateLimits.maxOutputBytes
    var maxIncludeDepth = TemplateLimits.maxIncludeDepth
    var maxLoopDepth = TemplateLimits.maxLoopDepth
    var maxLoopIterations = TemplateLimits.maxLoopIterations
    var maxNesting = TemplateLimits.maxRenderNesting
}

private func describeBytes(_ count: Int) -> String {
    count >= 1024 * 1024 && count % (1024 * 1024) == 0 ? "\(count / (1024 * 1024)) MB" : "\(count) bytes"
}

/// `article.author.name` for error messages, when the expression is a plain path.
func pathText(_ expression: Expression) -> String? {
    switch expression {
    case .variable(let name, _): return name
    case .member(let base, let name, _): return pathText(base).map { "\($0).\(name)" }
    case .subscripted(let base, let index, _):
        guard let prefix = pathText(base) else { return nil }
        if case .literal(let key) = index {
            if case .string(let text) = key { return "\(prefix)[\"\(text)\"]" }
            return "\(prefix)[\(key.plainText)]"
        }
        return "\(prefix)[...]"
    default: return nil
    }
}
