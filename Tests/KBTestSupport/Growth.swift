import Dispatch

/// Growth checks for pathological tests: compares the time at 10x input with the time at 1x, never
/// against a clock limit (see DECISIONS, "Timing").
public enum Growth {
    /// Best of `rounds` runs of `work`, in seconds.
    public static func seconds(rounds: Int = 3, _ work: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            work()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// The times at `small` and at `small * 10` of `work(count)`, with a longer second look when the
    /// first suggests superlinear growth (one unlucky run on a busy machine is not a finding).
    public static func ratio(small: Int, _ work: (Int) -> Void) -> (small: Double, large: Double) {
        var a = seconds { work(small) }, b = seconds { work(small * 10) }
        if b >= a * 15 {
            a = seconds(rounds: 7) { work(small) }
            b = seconds(rounds: 7) { work(small * 10) }
        }
        return (a, b)
    }
}
