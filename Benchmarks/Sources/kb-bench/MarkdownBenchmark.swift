// The markdown benchmark; owned by its module's issue.
func markdownBenchmark(_ arguments: [String]) {
    print("markdown benchmark: not written yet")
}
