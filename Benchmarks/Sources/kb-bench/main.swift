#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Dispatches to one benchmark per module; each lives in its own file.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "markdown": markdownBenchmark(Array(arguments.dropFirst()))
case "templates": templateBenchmark(Array(arguments.dropFirst()))
case "search": searchBenchmark(Array(arguments.dropFirst()))
case "rebuild": rebuildBenchmark(Array(arguments.dropFirst()))
default:
    print("usage: kb-bench markdown|templates|search|rebuild [ARGS...]")
    exit(64)
}
