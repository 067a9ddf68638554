// The search benchmark; owned by its module's issue.
func searchBenchmark(_ arguments: [String]) {
    print("search benchmark: not written yet")
}
