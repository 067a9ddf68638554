import Dispatch

/// Maps over an array on all cores, keeping the input order.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let slots = Slots<Output>(count: inputs.count)
        inputs.withUnsafeBufferPointer { buffer in
            let base = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                slots.set(index, transform(base.value[index]))
            }
        }
        return slots.values()
    }
}

/// Wraps a value the compiler cannot prove Sendable, where each use is checked by hand.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Result slots written by distinct indices from concurrent iterations.
final class Slots<Value>: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        pointer.deinitialize(count: max(count, 1))
        pointer.deallocate()
    }

    /// Each index is written by exactly one iteration, so no lock is needed.
    func set(_ index: Int, _ value: Value) { pointer[index] = value }

    func values() -> [Value] { (0..<count).compactMap { pointer[$0] } }
}
