import Foundation
import KBMarkdown

/// Dispatches `kb COMMAND ...` to the command's implementation.
enum CommandLineTool {
    static func run(_ arguments: [String]) -> ExitCode {
        guard let first = arguments.first else {
            Terminal.out(Help.overview())
            return .success
        }
        switch first {
        case "--help", "-h":
            Terminal.out(Help.overview())
            return .success
        case "--version", "-V":
            Terminal.out("kb \(kbVersion)\n")
            return .success
        default:
            break
        }
        guard let spec = commands.first(where: { $0.name == first }) else {
            var message = first.hasPrefix("-") ? "kb: unknown flag '\(first)'" : "kb: unknown command '\(first)'"
            let candidates = first.hasPrefix("-") ? ["--help", "--version"] : commands.map(\.name)
            if let close = ArgumentParser.closestMatch(to: first, in: candidates) {
                message += "; did you mean '\(close)'?"
            }
            return usageFailure(UsageError(message: message, command: nil))
        }
        let rest = Array(arguments.dropFirst())
        if spec.name != "help" && rest.contains("--help") {
            Terminal.out(Help.command(spec))
            return .success
        }
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(rest, spec: spec)
        } catch {
            return usageFailure(error)
        }
        switch spec.name {
        case "help": return help(parsed)
        case "build": return SiteCommands.build(parsed, write: true)
        case "check": return SiteCommands.build(parsed, write: false)
        case "new": return SiteCommands.new(parsed)
        case "serve": return serve(parsed)
        case "render": return render(parsed)
        default: return .failure
        }
    }

    static func usageFailure(_ error: UsageError) -> ExitCode {
        Terminal.error(error.message)
        if let command = error.command {
            Terminal.err("Run 'kb help \(command)' for usage.")
        } else {
            Terminal.err("Run 'kb --help' for usage.")
        }
        return .usage
    }

    static func help(_ arguments: ParsedArguments) -> ExitCode {
        guard let name = arguments.positionals.first else {
            Terminal.out(Help.overview())
            return .success
        }
        guard let spec = commands.first(where: { $0.name == name }) else {
            var message = "kb help: unknown command '\(name)'"
            if let close = ArgumentParser.closestMatch(to: name, in: commands.map(\.name)) {
                message += "; did you mean '\(close)'?"
            }
            return usageFailure(UsageError(message: message, command: nil))
        }
        Terminal.out(Help.command(spec))
        return .success
    }

    static func render(_ arguments: ParsedArguments) -> ExitCode {
        let data: Data
        if let path = arguments.positionals.first, path != "-" {
            guard let contents = FileManager.default.contents(atPath: path) else {
                Terminal.error("kb render: cannot read '\(path)': no such file or not readable")
                return .ioError
            }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        // Invalid UTF-8 becomes U+FFFD here, as the spec asks.
        let source = String(decoding: data, as: UTF8.self)
        let options: MarkdownOptions = arguments.has("--commonmark") ? .commonMark : .gfm
        let document = MarkdownParser.parse(source, options: options)
        Terminal.out(HTMLRenderer.render(document))
        return .success
    }
}
