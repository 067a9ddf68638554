import Foundation
import KBServer
import KBSite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the site for `kb serve`; returns the problems formatted as `kb build` prints them, empty on success.
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
        try ServeSession.shared.session(for: options).build()
        return []
    } catch let failure as BuildFailure {
        return failure.diagnostics.map(SiteCommands.format)
    } catch {
        return [String(describing: error)]
    }
}

/// Where `kb serve` writes its build without `--output`: hidden, beside Output/, ignored by git.
let previewOutput = "./.kb-serve"

/// The flags only `kb serve` takes (the shared ones live in CommandSpec.swift).
extension Flags {
    static let port = FlagSpec(name: "--port", value: "N", defaultValue: "8000", help: "TCP port to listen on (0 picks a free one)")
    static let host = FlagSpec(name: "--host", value: "ADDR", defaultValue: "127.0.0.1", help: "address to listen on")
    static let noBuild = FlagSpec(name: "--no-build", value: nil, defaultValue: nil,
                                  help: "serve the output folder as it is: no build, no watching, no live reload")
}

/// The one site session of a `kb serve` process, so rebuilds reuse what the last build read and wrote.
private final class ServeSession: @unchecked Sendable {
    static let shared = ServeSession()
    private let lock = NSLock()
    private var session: SiteSession?

    var existing: SiteSession? {
        lock.lock()
        defer { lock.unlock() }
        return session
    }

    func session(for options: BuildOptions) -> SiteSession {
        lock.lock()
        defer { lock.unlock() }
        if let session { return session }
        let created = SiteSession(options: options)
        session = created
        return created
    }
}

/// After the browser reloads: the work a partial rebuild put off (the search index).
func finishDeferredServeWork() {
    do {
        try ServeSession.shared.existing?.finishDeferredWork()
    } catch {
        Terminal.error("kb serve: could not update the search index: \(error)")
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
        let building = !arguments.has(Flags.noBuild.name)
        // A preview build has localhost links in canonical URLs and JSON-LD: it never goes into the production
        // output unless --output asks for it.
        let output = arguments.value(Flags.output) ?? (building ? previewOutput : "./Output")
        var arguments = arguments
        arguments.values[Flags.output.name] = output

        // Block the signals before any thread starts, so every thread inherits the mask and sigwait below receives them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        // Bind before the first build: a busy port fails fast, and the build learns the real port (--port 0).
        var createdOutput = false
        if building && !FileManager.default.fileExists(atPath: output) {
            createdOutput = (try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)) != nil
        }
        var configuration = ServerConfiguration(root: output, host: host, port: port, liveReload: building)
        // A finished build made for a subpath (base_url https://x.com/help/) links to /help/...: serve it there.
        if !building { configuration.basePath = BuiltSite.basePath(outputDirectory: output) }
        let server = PreviewServer(configuration: configuration)
        let boundPort: Int
        do {
            boundPort = try server.start()
        } catch {
            if createdOutput { rmdir(output) }
            Terminal.error("kb serve: \(error)")
            return .ioError
        }
        arguments.values[Flags.port.name] = String(boundPort)

        if building {
            Terminal.progress("Building...")
            let errors = buildForServe(arguments)
            Terminal.clearProgress()
            if !errors.isEmpty {
                server.stop()
                if createdOutput { rmdir(output) } // only removes it if the failed build left it empty
                for line in errors { Terminal.err(line) }
                return .dataError
            }
        }

        let shownHost = host.contains(":") ? "[\(host)]" : host
        Terminal.out("Serving \(output) at http://\(shownHost):\(boundPort)\(configuration.basePath)\n")
        if building {
            Terminal.err("Writing the preview build to \(output)" + (arguments.value(Flags.output) == previewOutput
                ? " (its pages link to this server; kb build writes Output/)." : "."))
        }

        var watcher: FileWatcher?
        if building {
            let folders = [arguments.value(Flags.articles) ?? "./Articles", arguments.value(Flags.templates) ?? "./Templates"]
                .filter { FileManager.default.fileExists(atPath: $0) }
            do {
                let buildArguments = arguments
                watcher = try FileWatcher(paths: folders) { changed in
                    rebuild(buildArguments, server: server, changedCount: changed.count)
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
            finishDeferredServeWork()
            let milliseconds = Int((ServeClock.seconds() - started) * 1000)
            Terminal.err("Rebuilt in \(milliseconds) ms; pages reloaded.")
        } else {
            for line in errors { Terminal.err(line) }
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
