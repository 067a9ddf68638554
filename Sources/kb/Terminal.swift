#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes from sysexits.h, as the command-line contract promises.
enum ExitCode: Int32 {
    case success = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    /// EX_CANTCREAT: kb would have to overwrite a file, which it never does.
    case cantCreate = 73
    case ioError = 74
    /// EX_TEMPFAIL: another build holds the output folder (`--no-wait`).
    case busy = 75
}

/// Writes diagnostics to stderr (coloured only on a terminal without NO_COLOR) and data to stdout.
enum Terminal {
    static let stderrIsTerminal = isatty(2) == 1
    static let useColor: Bool = stderrIsTerminal && getenv("NO_COLOR") == nil

    static func out(_ text: String) {
        writeAll(1, text)
    }

    static func err(_ text: String) {
        writeAll(2, text.hasSuffix("\n") ? text : text + "\n")
    }

    static func error(_ text: String) {
        err(paint("error: ", code: "1;31") + text)
    }

    static func paint(_ text: String, code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// A transient progress line, shown only on a terminal and overwritten by the next one.
    static func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        writeAll(2, "\r\u{1B}[2K" + text)
    }

    static func clearProgress() {
        guard stderrIsTerminal else { return }
        writeAll(2, "\r\u{1B}[2K")
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
