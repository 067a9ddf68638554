// The renderer's output: a growable byte buffer whose appends inline to a bounds check and a copy.
// (Array.append pays a runtime uniqueness check and a capacity check on every call, and the
// renderer appends a few times per node.)

struct OutputBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// When set, a full buffer is handed to the sink and reused instead of growing, so a whole
    /// page never sits in memory (and never costs its page faults).
    private var sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    private var lastFlushed: UInt8?

    init(capacity: Int, sink: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil) {
        self.capacity = max(capacity, 256)
        self.sink = sink
        storage = .allocate(capacity: self.capacity)
    }

    /// Hands what is buffered to the sink.
    mutating func flush() {
        guard let sink, count > 0 else { return }
        lastFlushed = storage[count - 1]
        sink(UnsafeBufferPointer(start: storage, count: count))
        count = 0
    }

    /// The bytes written so far as a String (one copy; the renderer only writes valid UTF-8).
    func string() -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            base.update(from: storage, count: count)
            return count
        }
    }

    /// Releases the memory; the buffer must not be used afterwards.
    mutating func deallocate() {
        storage.deallocate()
        capacity = 0
        count = 0
    }

    /// The bytes written so far as an array (one copy).
    func bytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: storage, count: count))
    }

    var last: UInt8? { count > 0 ? storage[count - 1] : lastFlushed }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { makeRoom(extra) }
    }

    private mutating func makeRoom(_ extra: Int) {
        if sink != nil {
            flush()
            if extra <= capacity { return }
        }
        let newCapacity = max(count + extra, capacity * 2)
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(contentsOf buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        reserve(buffer.count)
        (storage + count).update(from: base, count: buffer.count)
        count &+= buffer.count
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func append(contentsOf text: String.UTF8View) {
        var copy = String(text)
        copy.withUTF8 { append(contentsOf: $0) }
    }

    mutating func appendBytes(of source: [UInt8], _ start: Int, _ end: Int) {
        guard start < end else { return }
        source.withUnsafeBufferPointer { buffer in
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}
