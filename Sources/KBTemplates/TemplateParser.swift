// Recursive-descent parser from tokens to the Node/Expression tree. Depth is bounded, so no input can
// exhaust the stack. A syntax error stops the template; unknown filters are collected and parsing goes on.

let statementKeywords = ["if", "elif", "else", "endif", "for", "endfor", "set", "include", "extends", "block", "endblock", "raw", "endraw"]

struct TemplateParser {
    let bytes: [UInt8]
    let tokens: [Token]
    let hostFilters: [String: TemplateFilter]
    private var position = 0
    private var depth = 0
    private var blockNames: [String] = []
    /// Problems that do not stop parsing (unknown filters, duplicate blocks).
    private(set) var problems: [SyntaxProblem] = []
    private var includes: [(name: String, offset: Int)] = []
    private var blocks: [String: [Node]] = [:]
    private var parent: (name: String, offset: Int)?
    /// Where each node of the body parsed last begins; read right after the top-level body is parsed.
    private var lastBodyOffsets: [Int] = []
    /// The tags open around the current position (innermost last), so a wrong closing tag can name them.
    private var openTags: [(closer: String, offset: Int)] = []

    init(bytes: [UInt8], tokens: [Token], hostFilters: [String: TemplateFilter]) {
        self.bytes = bytes
        self.tokens = tokens
        self.hostFilters = hostFilters
    }

    mutating func parse() throws(SyntaxProblem) -> ParsedTemplate {
        try parseExtendsIfFirst()
        let (body, end) = try parseBody(until: [])
        if let end {
            throw SyntaxProblem(offset: end.offset, message: "unexpected '{% \(end.name) %}'", hint: strayEndHint(end.name))
        }
        var topLevelBlocks: [(name: String, offset: Int)] = []
        if parent != nil {
            let offsets = lastBodyOffsets
            checkChildTopLevel(body, offsets: offsets)
            for (index, node) in body.enumerated() {
                if case .block(let name, let offset) = node { topLevelBlocks.append((name, index < offsets.count ? offsets[index] : offset)) }
            }
        }
        return ParsedTemplate(body: body, parent: parent, includes: includes, blocks: blocks, topLevelBlocks: topLevelBlocks)
    }

    // MARK: - Tokens

    private var current: Token? { position < tokens.count ? tokens[position] : nil }

    private func text(_ token: Token) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    private func isName(_ token: Token?, _ word: String) -> Bool {
        guard let token, token.kind == .name, token.end - token.start == word.utf8.count else { return false }
        return bytes[token.start..<token.end].elementsEqual(word.utf8)
    }

    private var endOffset: Int { tokens.last.map(\.end) ?? 0 }

    private mutating func expect(_ kind: TokenKind, _ what: String) throws(SyntaxProblem) -> Token {
        guard let token = current else {
            throw SyntaxProblem(offset: endOffset, message: "expected \(what) but the template ended", hint: nil)
        }
        guard token.kind == kind else {
            throw SyntaxProblem(offset: token.start, message: "expected \(what), found \(describe(token))", hint: nil)
        }
        position += 1
        return token
    }

    private mutating func expectName(_ what: String) throws(SyntaxProblem) -> String {
        text(try expect(.name, what))
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .outputClose: return "'}}'"
        case .statementClose: return "'%}'"
        case .outputOpen: return "'{{'"
        case .statementOpen: return "'{%'"
        case .text: return "text"
        default: return "'\(text(token))'"
        }
    }

    private mutating func expectStatementEnd(_ tag: String) throws(SyntaxProblem) {
        guard let token = current else {
            throw SyntaxProblem(offset: endOffset, message: "unclosed '{% \(tag)'", hint: "add '%}'")
        }
        guard token.kind == .statementClose else {
            throw SyntaxProblem(offset: token.start, message: "unexpected \(describe(token)) in '{% \(tag) %}'", hint: "expected '%}'")
        }
        position += 1
    }

    private mutating func enter(at offset: Int) throws(SyntaxProblem) {
        depth += 1
        if depth > TemplateLimits.maxSyntaxDepth {
            throw SyntaxProblem(offset: offset, message: "nesting deeper than \(TemplateLimits.maxSyntaxDepth) levels", hint: "simplify the template")
        }
    }

    // MARK: - Statements

    private mutating func parseExtendsIfFirst() throws(SyntaxProblem) {
        var index = 0
        while index < tokens.count, tokens[index].kind == .text,
              bytes[tokens[index].start..<tokens[index].end].allSatisfy(isTemplateSpace) { index += 1 }
        guard index + 1 < tokens.count, tokens[index].kind == .statementOpen, isName(tokens[index + 1], "extends") else { return }
        position = index + 2
        let nameToken = try expect(.string, "a quoted template name after 'extends'")
        parent = (try decodeString(nameToken), nameToken.start)
        try expectStatementEnd("extends")
    }

    /// Parses nodes until one of the `until` tags (returned with its offset) or the end of the tokens.
    private mutating func parseBody(until terminators: Set<String>) throws(SyntaxProblem) -> ([Node], (name: String, offset: Int)?) {
        var nodes: [Node] = []
        var offsets: [Int] = []
        defer { lastBodyOffsets = offsets }
        while let token = current {
            switch token.kind {
            case .text:
                nodes.append(.text(String(decoding: bytes[token.start..<token.end], as: UTF8.self)))
                // A text run is blamed at its first visible character, not at the line break before it.
                var first = token.start
                while first < token.end && isTemplateSpace(bytes[first]) { first += 1 }
                offsets.append(first)
                position += 1
            case .outputOpen:
                offsets.append(token.start)
                position += 1
                let expressionStart = current?.start ?? token.start
                let expression = try parseExpression()
                _ = try expect(.outputClose, "'}}' to end the expression")
                nodes.append(.output(expression, offset: expressionStart))
            case .statementOpen:
                position += 1
                guard let nameToken = current, nameToken.kind == .name else {
                    throw SyntaxProblem(offset: current?.start ?? token.start, message: "expected a tag name after '{%'", hint: "e.g. '{% if ... %}'")
                }
                let name = text(nameToken)
                if terminators.contains(name) {
                    position += 1
                    return (nodes, (name, nameToken.start))
                }
                position += 1
                if let node = try parseStatement(name, at: nameToken.start, open: token.start) {
                    nodes.append(node)
                    offsets.append(token.start)
                }
            default:
                throw SyntaxProblem(offset: token.start, message: "unexpected \(describe(token))", hint: nil)
            }
        }
        return (nodes, nil)
    }

    private func strayEndHint(_ name: String) -> String {
        if let open = openTags.last {
            let location = sourceLocation(in: bytes, offset: open.offset)
            let tag = open.closer == "endblock" ? "block" : String(open.closer.dropFirst(3))
            return "the '{% \(tag) %}' at line \(location.line), column \(location.column) is still open: close it with '{% \(open.closer) %}' first"
        }
        switch name {
        case "endif", "elif", "else": return "there is no open '{% if %}' (or '{% for %}') here"
        case "endfor": return "there is no open '{% for %}' here"
        case "endblock": return "there is no open '{% block %}' here"
        default: return "there is no open tag it could end"
        }
    }

    private mutating func parseStatement(_ name: String, at offset: Int, open: Int) throws(SyntaxProblem) -> Node? {
        switch name {
        case "if": return try parseIf(open: open)
        case "for": return try parseFor(open: open)
        case "set":
            let variable = try expectName("a variable name after 'set'")
            _ = try expect(.assign, "'=' after the variable name")
            let value = try parseExpression()
            try expectStatementEnd("set")
            return .set(variable, value)
        case "include":
            let nameToken = try expect(.string, "a quoted template name after 'include'")
            let included = try decodeString(nameToken)
            includes.append((included, nameToken.start))
            try expectStatementEnd("include")
            return .include(included, offset: nameToken.start)
        case "block": return try parseBlock(open: open)
        case "extends":
            throw SyntaxProblem(offset: offset, message: "'{% extends %}' must be the first tag of the template", hint: "move it to the top")
        case "elif", "else", "endif", "endfor", "endblock", "endraw":
            throw SyntaxProblem(offset: offset, message: "unexpected '{% \(name) %}'", hint: strayEndHint(name))
        default:
            let suggestion = closestName(to: name, among: statementKeywords)
            throw SyntaxProblem(offset: offset, message: "unknown tag '\(name)'", hint: suggestion.map { "did you mean '\($0)'?" })
        }
    }

    private mutating func parseIf(open: Int) throws(SyntaxProblem) -> Node {
        try enter(at: open)
        openTags.append(("endif", open))
        defer { depth -= 1; openTags.removeLast() }
        var branches: [Branch] = []
        var condition = try parseExpression()
        try expectStatementEnd("if")
        while true {
            let (body, end) = try parseBody(until: ["elif", "else", "endif"])
            branches.append(Branch(condition: condition, body: body))
            guard let end else {
                throw SyntaxProblem(offset: open, message: "unclosed '{% if %}'", hint: "add '{% endif %}'")
            }
            switch end.name {
            case "elif":
                condition = try parseExpression()
                try expectStatementEnd("elif")
            case "else":
                try expectStatementEnd("else")
                let (elseBody, elseEnd) = try parseBody(until: ["endif"])
                guard elseEnd != nil else {
                    throw SyntaxProblem(offset: open, message: "unclosed '{% if %}'", hint: "add '{% endif %}'")
                }
                try expectStatementEnd("endif")
                return .conditional(branches, elseBody: elseBody, offset: open)
            default:
                try expectStatementEnd("endif")
                return .conditional(branches, elseBody: [], offset: open)
            }
        }
    }

    private mutating func parseFor(open: Int) throws(SyntaxProblem) -> Node {
        try enter(at: open)
        openTags.append(("endfor", open))
        defer { depth -= 1; openTags.removeLast() }
        var keyName: String?
        var valueName = try expectName("a loop variable name after 'for'")
        if current?.kind == .comma {
            position += 1
            keyName = valueName
            valueName = try expectName("a second loop variable name after ','")
        }
        guard isName(current, "in") else {
            throw SyntaxProblem(offset: current?.start ?? endOffset, message: "expected 'in' in '{% for %}'", hint: "write '{% for item in list %}'")
        }
        position += 1
        let sequence = try parseExpression()
        try expectStatementEnd("for")
        let (body, end) = try parseBody(until: ["else", "endfor"])
        guard let end else {
            throw SyntaxProblem(offset: open, message: "unclosed '{% for %}'", hint: "add '{% endfor %}'")
        }
        var emptyBody: [Node] = []
        if end.name == "else" {
            try expectStatementEnd("else")
            let (elseBody, elseEnd) = try parseBody(until: ["endfor"])
            guard elseEnd != nil else {
                throw SyntaxProblem(offset: open, message: "unclosed '{% for %}'", hint: "add '{% endfor %}'")
            }
            emptyBody = elseBody
        }
        try expectStatementEnd("endfor")
        return .loop(ForLoop(keyName: keyName, valueName: valueName, sequence: sequence, body: body, emptyBody: emptyBody, offset: open))
    }

    private mutating func parseBlock(open: Int) throws(SyntaxProblem) -> Node {
        try enter(at: open)
        openTags.append(("endblock", open))
        defer { depth -= 1; openTags.removeLast() }
        let nameToken = try expect(.name, "a block name after 'block'")
        let name = text(nameToken)
        try expectStatementEnd("block")
        blockNames.append(name)
        let (body, end) = try parseBody(until: ["endblock"])
        blockNames.removeLast()
        guard end != nil else {
            throw SyntaxProblem(offset: open, message: "unclosed '{% block \(name) %}'", hint: "add '{% endblock %}'")
        }
        if let closing = current, closing.kind == .name {
            guard text(closing) == name else {
                throw SyntaxProblem(offset: closing.start, message: "'{% endblock \(text(closing)) %}' closes block '\(name)'", hint: "write '{% endblock \(name) %}'")
            }
            position += 1
        }
        try expectStatementEnd("endblock")
        if blocks[name] != nil {
            problems.append(SyntaxProblem(offset: nameToken.start, message: "block '\(name)' is defined twice in this template", hint: "rename one of them"))
        } else {
            blocks[name] = body
        }
        return .block(name, offset: open)
    }

    /// A child template only defines blocks (and may set variables): anything else would never be shown.
    /// Each stray piece is reported where it is, saying what it is.
    private mutating func checkChildTopLevel(_ body: [Node], offsets: [Int]) {
        let parentName = parent?.name ?? ""
        let parentLine = sourceLocation(in: bytes, offset: parent?.offset ?? 0).line
        for (index, node) in body.enumerated() {
            let what: String
            switch node {
            case .block, .set: continue
            case .text(let run):
                if run.utf8.allSatisfy(isTemplateSpace) { continue }
                what = "this text is"
            case .output: what = "this expression is"
            case .conditional: what = "this '{% if %}' is"
            case .loop: what = "this '{% for %}' is"
            case .include: what = "this '{% include %}' is"
            }
            problems.append(SyntaxProblem(offset: index < offsets.count ? offsets[index] : 0,
                                          message: "\(what) outside any block, so it is never printed",
                                          hint: "this template extends '\(parentName)' (line \(parentLine)), which prints only its blocks: "
                                              + "move it into a '{% block %}' or delete it"))
        }
    }

    // MARK: - Expressions

    mutating func parseExpression() throws(SyntaxProblem) -> Expression {
        try enter(at: current?.start ?? endOffset)
        defer { depth -= 1 }
        return try parseOr()
    }

    private mutating func parseOr() throws(SyntaxProblem) -> Expression {
        var left = try parseAnd()
        let entry = depth
        defer { depth = entry }
        while isName(current, "or") {
            try enter(at: current?.start ?? 0)
            position += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(SyntaxProblem) -> Expression {
        var left = try parseNot()
        let entry = depth
        defer { depth = entry }
        while isName(current, "and") {
            try enter(at: current?.start ?? 0)
            position += 1
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(SyntaxProblem) -> Expression {
        if isName(current, "not") {
            let offset = current?.start ?? 0
            position += 1
            try enter(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(SyntaxProblem) -> Expression {
        var left = try parseConcat()
        let entry = depth
        defer { depth = entry }
        while let token = current {
            try enter(at: token.start)
            let op: CompareOperator
            switch token.kind {
            case .equal: op = .equal
            case .notEqual: op = .notEqual
            case .less: op = .less
            case .lessEqual: op = .lessEqual
            case .greater: op = .greater
            case .greaterEqual: op = .greaterEqual
            case .name where isName(token, "in"):
                position += 1
                left = .contains(left, try parseConcat(), negated: false, offset: token.start)
                continue
            case .name where isName(token, "not") && isName(position + 1 < tokens.count ? tokens[position + 1] : nil, "in"):
                position += 2
                left = .contains(left, try parseConcat(), negated: true, offset: token.start)
                continue
            case .name where isName(token, "is"):
                position += 1
                var negated = false
                if isName(current, "not") { negated = true; position += 1 }
                let testToken = try expect(.name, "a test name after 'is' (e.g. 'defined')")
                guard let test = ValueTest(rawValue: text(testToken)) else {
                    let suggestion = closestName(to: text(testToken), among: ValueTest.allCases.map(\.rawValue))
                    throw SyntaxProblem(offset: testToken.start, message: "unknown test '\(text(testToken))'",
                                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "tests are: defined, undefined, none, empty")
                }
                left = .test(left, test, negated: negated)
                continue
            default:
                return left
            }
            position += 1
            left = .compare(op, left, try parseConcat(), offset: token.start)
        }
        return left
    }

    private mutating func parseConcat() throws(SyntaxProblem) -> Expression {
        var left = try parseFiltered()
        let entry = depth
        defer { depth = entry }
        while current?.kind == .tilde {
            try enter(at: current?.start ?? 0)
            position += 1
            left = .concat(left, try parseFiltered())
        }
        return left
    }

    private mutating func parseFiltered() throws(SyntaxProblem) -> Expression {
        var value = try parsePostfix()
        let entry = depth
        defer { depth = entry }
        while current?.kind == .pipe {
            try enter(at: current?.start ?? 0)
            position += 1
            let nameToken = try expect(.name, "a filter name after '|'")
            let name = text(nameToken)
            var arguments: [Expression] = []
            var argumentOffsets: [Int] = []
            if current?.kind == .leftParen {
                position += 1
                (arguments, argumentOffsets) = try parseArguments(closing: .rightParen, what: "')'")
            }
            let implementation: FilterImplementation
            if let host = hostFilters[name] {
                implementation = .host(host)
            } else if let builtin = BuiltinFilter(rawValue: name) {
                implementation = .builtin(builtin)
                if !builtin.arity.contains(arguments.count) {
                    problems.append(SyntaxProblem(offset: nameToken.start,
                                                  message: "filter '\(name)' takes \(describeArity(builtin.arity)), got \(arguments.count)",
                                                  hint: filterUsage(builtin)))
                }
            } else {
                let known = BuiltinFilter.allCases.map(\.rawValue) + hostFilters.keys.sorted()
                problems.append(SyntaxProblem(offset: nameToken.start, message: "unknown filter '\(name)'",
                                              hint: closestName(to: name, among: known).map { "did you mean '\($0)'?" }))
                implementation = .builtin(.safe)
            }
            value = .filter(value, FilterCall(name: name, implementation: implementation, arguments: arguments,
                                                argumentOffsets: argumentOffsets, offset: nameToken.start))
        }
        return value
    }

    /// The expressions up to `closing`, and where each starts (so an error can point at one argument).
    private mutating func parseArguments(closing: TokenKind, what: String) throws(SyntaxProblem) -> ([Expression], [Int]) {
        var arguments: [Expression] = []
        var offsets: [Int] = []
        if current?.kind == closing { position += 1; return (arguments, offsets) }
        while true {
            offsets.append(current?.start ?? endOffset)
            arguments.append(try parseExpression())
            if current?.kind == .comma { position += 1; continue }
            _ = try expect(closing, what)
            return (arguments, offsets)
        }
    }

    private mutating func parsePostfix() throws(SyntaxProblem) -> Expression {
        var value = try parsePrimary()
        let entry = depth
        defer { depth = entry }
        while let token = current {
            try enter(at: token.start)
            if token.kind == .dot {
                position += 1
                let nameToken = try expect(.name, "an attribute name after '.'")
                value = .member(value, text(nameToken), offset: nameToken.start)
            } else if token.kind == .leftBracket {
                position += 1
                let index = try parseExpression()
                _ = try expect(.rightBracket, "']'")
                value = .subscripted(value, index, offset: token.start)
            } else {
                return value
            }
        }
        return value
    }

    private mutating func parsePrimary() throws(SyntaxProblem) -> Expression {
        guard let token = current else {
            throw SyntaxProblem(offset: endOffset, message: "expected an expression but the template ended", hint: nil)
        }
        position += 1
        switch token.kind {
        case .string:
            return .literal(.string(try decodeString(token)))
        case .integer:
            guard let value = Int(text(token)) else {
                throw SyntaxProblem(offset: token.start, message: "number \(text(token)) is too large", hint: nil)
            }
            return .literal(.int(value))
        case .number:
            return .literal(.double(Double(text(token)) ?? 0))
        case .minus:
            guard let number = current, number.kind == .integer || number.kind == .number else {
                throw SyntaxProblem(offset: token.start, message: "'-' must be followed by a number", hint: nil)
            }
            position += 1
            if number.kind == .number { return .literal(.double(-(Double(text(number)) ?? 0))) }
            guard let value = Int("-" + text(number)) else {
                throw SyntaxProblem(offset: token.start, message: "number -\(text(number)) is too large", hint: nil)
            }
            return .literal(.int(value))
        case .leftParen:
            let inner = try parseExpression()
            _ = try expect(.rightParen, "')'")
            return inner
        case .leftBracket:
            return .list(try parseArguments(closing: .rightBracket, what: "']' or ','").0)
        case .name:
            let name = text(token)
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None", "null": return .literal(.null)
            case "and", "or", "not", "in", "is":
                throw SyntaxProblem(offset: token.start, message: "expected a value before '\(name)'", hint: nil)
            default: break
            }
            if current?.kind == .leftParen {
                guard name == "super" else {
                    throw SyntaxProblem(offset: token.start, message: "unknown function '\(name)'",
                                        hint: "the only function is super(); use filters like '| \(name)' instead")
                }
                position += 1
                _ = try expect(.rightParen, "')' after 'super('")
                guard !blockNames.isEmpty else {
                    throw SyntaxProblem(offset: token.start, message: "super() used outside a block", hint: "call it inside '{% block %}'")
                }
                return .superBlock(offset: token.start)
            }
            return .variable(name, offset: token.start)
        default:
            throw SyntaxProblem(offset: token.start, message: "expected an expression, found \(describe(token))", hint: nil)
        }
    }

    private func decodeString(_ token: Token) throws(SyntaxProblem) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(token.end - token.start)
        var index = token.start + 1
        let end = token.end - 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end {
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): result.append(escaped)
                default:
                    throw SyntaxProblem(offset: index, message: "unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in string",
                                        hint: "use \\n, \\t, \\r, \\\\, \\\" or \\'")
                }
                index += 2
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

private func describeArity(_ arity: ClosedRange<Int>) -> String {
    if arity.lowerBound == arity.upperBound {
        return arity.lowerBound == 0 ? "no arguments" : arity.lowerBound == 1 ? "1 argument" : "\(arity.lowerBound) arguments"
    }
    return "\(arity.lowerBound) to \(arity.upperBound) arguments"
}

private func filterUsage(_ filter: BuiltinFilter) -> String {
    switch filter {
    case .default: return "write '| default(\"fallback\")'"
    case .truncate: return "write '| truncate(80)'"
    case .join: return "write '| join(\", \")'"
    case .sort: return "write '| sort' or '| sort(\"title\")'"
    case .date: return "write '| date(\"%B %e, %Y\")'"
    default: return "write '| \(filter.rawValue)' without parentheses"
    }
}
