import Foundation
import KBServer
import KBSite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the site for `kb serve`; returns the error lines (`path:line:col: message`), empty on success.
/// The one place serve touches the site builder.
func buildForServe(_ arguments: ParsedArguments) -> [String] {
    var options = SiteCommands.buildOptions(arguments)
    if options.baseURL == nil {
        // Preview at the server's root, whatever subpath the production base_url has.
        let host = arguments.value(Flags.host) ?? "127.0.0.1"
        let port = arguments.value(Flags.port) ?? "8000"
        options.baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
    }
    do {
        try SiteBuilder.build(options)
        return []
    } catch let failure as BuildFailure {
        return failure.diagnostics.map { "\($0.location): \($0.message)" + ($0.hint.map { " (\($0))" } ?? "") }
    } catch {
        return [String(describing: error)]
    }
}

extension CommandLineTool {
    /// `kb serve`: build, serve with live reload, rebuild on change; or `--no-build`: serve a folder as it is.
    static func serve(_ arguments: ParsedArguments) -> ExitCode {
        let portText = arguments.value(Flags.port) ?? "8000"
        guard let port = Int(portText), (0...65535).contains(port) else {
            return usageFailure(UsageError(message: "kb serve: --port needs a number from 0 to 65535, not '\(portText)'",
                                           command: "serve"))
        }
        let host = arguments.value(Flags.host) ?? "127.0.0.1"
        let output = arguments.value(Flags.output) ?? "./Output"
        let building = !arguments.has("--no-build")

        // Block the signals before any thread starts, so every thread inherits the mask and sigwait below receives them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        if building {
            Terminal.progress("Building...")
            let errors = buildForServe(arguments)
            Terminal.clearProgress()
            if !errors.isEmpty {
                for line in errors { Terminal.error(line) }
                return .dataError
            }
        }

        let configuration = ServerConfiguration(root: output, host: host, port: port, liveReload: building)
        let server = PreviewServer(configuration: configuration)
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            Terminal.error("kb serve: \(error)")
            return .ioError
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        Terminal.out("Serving \(output) at http://\(shownHost):\(boundPort)/\n")

        var watcher: FileWatcher?
        if building {
            let folders = [arguments.value(Flags.articles) ?? "./Articles", arguments.value(Flags.templates) ?? "./Templates"]
                .filter { FileManager.default.fileExists(atPath: $0) }
            do {
                watcher = try FileWatcher(paths: folders) { changed in
                    rebuild(arguments, server: server, changedCount: changed.count)
                }
                watcher?.start()
                Terminal.err("Watching \(folders.joined(separator: " and ")) for changes. Press Ctrl-C to stop.")
            } catch {
                Terminal.error("kb serve: \(error); serving without rebuilding")
            }
        } else {
            Terminal.err("Serving the folder as it is (no build, no live reload). Press Ctrl-C to stop.")
        }

        var received: Int32 = 0
        sigwait(&signals, &received)
        watcher?.stop()
        server.stop()
        Terminal.err("Stopped.")
        return .success
    }

    /// One rebuild after a change: reload pages when it succeeds, keep the last good site and show the errors when not.
    private static func rebuild(_ arguments: ParsedArguments, server: PreviewServer, changedCount: Int) {
        let started = ServeClock.seconds()
        Terminal.progress("Rebuilding (\(changedCount) changed)...")
        let errors = buildForServe(arguments)
        Terminal.clearProgress()
        if errors.isEmpty {
            server.reload()
            let milliseconds = Int((ServeClock.seconds() - started) * 1000)
            Terminal.err("Rebuilt in \(milliseconds) ms; pages reloaded.")
        } else {
            for line in errors { Terminal.error(line) }
            Terminal.err("Build failed; still serving the last good site.")
            server.showErrors(errors)
        }
    }
}

private enum ServeClock {
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
