// The parsed form of a template: a tree of value types built once and shared read-only by every render.

/// Hard limits that keep a hostile or mistaken template from exhausting memory, stack or time.
public enum TemplateLimits {
    /// Largest output of one render, in bytes.
    public static let maxOutputBytes = 64 * 1024 * 1024
    /// Deepest chain of `{% include %}` inside included templates.
    public static let maxIncludeDepth = 64
    /// Longest chain of `{% extends %}`; each template keeps its whole chain, so an unbounded one costs quadratic memory.
    public static let maxExtendsDepth = 64
    /// Deepest nesting of `{% for %}` loops at render time (including loops in included templates).
    public static let maxLoopDepth = 32
    /// Most loop iterations in one render, so nested loops cannot run for hours without printing.
    public static let maxLoopIterations = 10_000_000
    /// Deepest nesting while rendering, counting tag bodies, blocks and includes together; keeps the stack
    /// small enough for threads with 512 KB stacks.
    public static let maxRenderNesting = 256
    /// Deepest nesting of tags (`if`, `for`, `block`) and of parentheses/filters in one expression.
    public static let maxSyntaxDepth = 128
    /// Most problems reported per template file when loading (syntax and references counted separately).
    public static let maxErrorsPerFile = 100
}

/// A syntax problem found by the lexer or parser, located by byte offset in the template source.
struct SyntaxProblem: Error {
    var offset: Int
    var message: String
    var hint: String?
}

enum TokenKind: Equatable, Sendable {
    case text
    case outputOpen, outputClose          // {{ }}
    case statementOpen, statementClose    // {% %}
    case name, string, integer, number
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case pipe, dot, comma, leftParen, rightParen, leftBracket, rightBracket, assign, tilde, minus
}

struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int
}

enum CompareOperator: Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

/// The tests usable after `is` / `is not`.
enum ValueTest: String, Sendable, CaseIterable {
    case defined, undefined, none, empty
}

/// Filters every template can use without the host registering them.
enum BuiltinFilter: String, Sendable, CaseIterable {
    case upper, lower, title, length, `default`, join, first, last, reverse, sort, truncate
    case striptags, slug, date, urlencode, json, escape, safe

    /// How many arguments the filter accepts.
    var arity: ClosedRange<Int> {
        switch self {
        case .default, .truncate: return 1...1
        case .join, .sort, .date: return 0...1
        default: return 0...0
        }
    }
}

enum FilterImplementation: Sendable {
    case builtin(BuiltinFilter)
    case host(TemplateFilter)
}

struct FilterCall: Sendable {
    var name: String
    var implementation: FilterImplementation
    var arguments: [Expression]
    /// Where each argument starts, for errors about one argument.
    var argumentOffsets: [Int]
    var offset: Int
}

/// An expression inside `{{ }}` or a tag; offsets point at the token to blame in errors.
indirect enum Expression: Sendable {
    case literal(TemplateValue)
    case variable(String, offset: Int)
    case member(Expression, String, offset: Int)
    case subscripted(Expression, Expression, offset: Int)
    case list([Expression])
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(CompareOperator, Expression, Expression, offset: Int)
    case contains(Expression, Expression, negated: Bool, offset: Int)
    case concat(Expression, Expression)
    case filter(Expression, FilterCall)
    case test(Expression, ValueTest, negated: Bool)
    case superBlock(offset: Int)
}

struct Branch: Sendable {
    var condition: Expression
    var body: [Node]
}

struct ForLoop: Sendable {
    var keyName: String?
    var valueName: String
    var sequence: Expression
    var body: [Node]
    var emptyBody: [Node]
    var offset: Int
}

/// One piece of a template body.
enum Node: Sendable {
    case text(String)
    case output(Expression, offset: Int)
    case conditional([Branch], elseBody: [Node], offset: Int)
    case loop(ForLoop)
    case set(String, Expression)
    case include(String, offset: Int)
    case block(String, offset: Int)
}

/// A block body and the template it was written in (for error locations and `super()`).
struct BlockDefinition: Sendable {
    var template: String
    var body: [Node]
}

/// A template after parsing, before its references to other templates are resolved.
struct ParsedTemplate: Sendable {
    var body: [Node]
    var parent: (name: String, offset: Int)?
    var includes: [(name: String, offset: Int)]
    var blocks: [String: [Node]]
    /// The blocks at the top level of a template that extends another, with where each opens.
    var topLevelBlocks: [(name: String, offset: Int)] = []
}

/// A fully resolved template ready to render.
struct CompiledTemplate: Sendable {
    var name: String
    var source: [UInt8]
    var body: [Node]
    /// The template whose body is actually rendered (the root of the extends chain, or self).
    var layout: String
    /// `{% set %}` tags at the top level of the templates in the extends chain below the layout, in run order.
    var inheritedSets: [(template: String, name: String, value: Expression)]
    /// For each block name, its definitions from the most derived template to the layout.
    var blockChains: [String: [BlockDefinition]]
}
