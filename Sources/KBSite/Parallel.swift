import Dispatch
import KBSearch

/// Maps over an array on all cores, keeping the input order.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let slots = ParallelSlots<Output>(count: inputs.count)
        inputs.withUnsafeBufferPointer { buffer in
            let base = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                slots.set(index, transform(base.value[index]))
            }
        }
        return slots.take()
    }
}

/// Wraps a value the compiler cannot prove Sendable, where each use is checked by hand.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
