let kbVersion = "0.1.0"

enum Help {
    static func overview() -> String {
        var text = """
        kb \(kbVersion) - a knowledge-base static site generator for HTTP error help centers

        Usage: kb COMMAND [OPTIONS]

        Commands:

        """
        let width = commands.map(\.name.count).max() ?? 0
        for command in commands {
            text += "  " + command.name.padding(to: width) + "  " + command.summary + "\n"
        }
        text += """

        Options:
          --help       show help (also: kb help COMMAND, kb COMMAND --help)
          --version    print the version

        Example:
          kb build

        """
        return text
    }

    static func command(_ spec: CommandSpec) -> String {
        var text = "kb \(spec.name) - \(spec.summary)\n\nUsage: \(spec.usage)\n"
        if !spec.flags.isEmpty {
            text += "\nFlags:\n"
            let labels = spec.flags.map { flag in flag.value.map { "\(flag.name) \($0)" } ?? flag.name }
            let width = labels.map(\.count).max() ?? 0
            for (flag, label) in zip(spec.flags, labels) {
                var line = "  " + label.padding(to: width) + "  " + flag.help
                if let value = flag.defaultValue { line += " (default: \(value))" }
                text += line + "\n"
            }
        }
        text += "\nExample:\n  \(spec.example)\n"
        return text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
