// The template benchmark; owned by its module's issue.
func templateBenchmark(_ arguments: [String]) {
    print("template benchmark: not written yet")
}
