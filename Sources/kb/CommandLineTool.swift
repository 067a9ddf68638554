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
        case "init": return InitCommands.initSite(parsed)
        case "theme": return InitCommands.theme(parsed)
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
        let input: [UInt8]
        if let path = arguments.positionals.first, path != "-" {
            guard let contents = readFile(path) else {
                Terminal.error("kb render: cannot read '\(path)': no such file or not readable")
                return .ioError
            }
            input = contents
        } else {
            input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        // Bytes in, bytes out: parse(utf8:) turns invalid UTF-8 into U+FFFD as the spec asks, and
        // skipping two String conversions of the whole document matters for large inputs.
        var options: MarkdownOptions = arguments.has("--commonmark") ? .commonMark : MarkdownOptions.gfm.withAuthoring()
        if let mode = arguments.value(Flags.rawHTML) {
            guard let rawHTML = RawHTMLMode(rawValue: mode) else {
                return usageFailure(UsageError(message: "kb render: --raw-html must be sanitize, escape or trusted, not '\(mode)'",
                                               command: "render"))
            }
            options.rawHTML = rawHTML
            // Sanitizing is for input nobody vouches for, so its Markdown links get the same check.
            if rawHTML == .sanitize { options.safeLinks = true }
        }
        let document = MarkdownParser.parse(utf8: input, options: options)
        var writeFailed = false
        HTMLRenderer.render(document) { chunk in
            guard var next = chunk.baseAddress, !writeFailed else { return }
            var left = chunk.count
            while left > 0 {
                let written = write(1, next, left)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    writeFailed = true
                    return
                }
                next += written
                left -= written
            }
        }
        if writeFailed {
            Terminal.error("kb render: cannot write the output: \(String(cString: strerror(errno)))")
            return .ioError
        }
        return .success
    }

    /// Reads a whole file straight into a byte array (no intermediate Data copy).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            // Pipes and devices have no size up front.
            return FileHandle(forReadingAtPath: path).map { [UInt8]($0.readDataToEndOfFile()) }
        }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            var total = 0
            while total < size {
                let got = read(fd, base + total, size - total)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                total += got
            }
            failed = total < size
            count = total
        }
        return failed ? nil : bytes
    }
}
