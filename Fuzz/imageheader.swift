// libFuzzer harness for the image header readers (PNG, JPEG, GIF, WebP, SVG).
// Built by run.sh together with Sources/KBSite/ImageHeader.swift, SVGSize.swift and FuzzSupport.swift.
// Invariants: every input gives a result without crashing, the extension's case does not matter, a
// size only within the limits, and time linear in the input. The first byte picks the format so one corpus covers all five.

let fuzzImageExtensions = ["png", "jpg", "gif", "webp", "svg"]

@_cdecl("LLVMFuzzerTestOneInput")
public func imageHeaderFuzzInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let ext = fuzzImageExtensions[Int(all[0]) % fuzzImageExtensions.count]
    let bytes = Array(all.dropFirst())
    guard let first = ImageHeader.read(bytes[...], fileExtension: ext) else { fuzzFail("\(ext): no result for a known format") }
    if ImageHeader.read(bytes[...], fileExtension: ext.uppercased()) != first { fuzzFail("\(ext): the extension's case changed the result") }
    if case .size(let w, let h) = first, w <= 0 || h <= 0 || w > ImageHeader.maxDimension || h > ImageHeader.maxDimension {
        fuzzFail("\(ext): size \(w)×\(h) outside the limits")
    }
    fuzzCheckLinear(bytes, name: ext, baseBytes: 16_384) { input in _ = ImageHeader.read(input[...], fileExtension: ext) }
    return 0
}
