import Foundation
import XCTest
@testable import KBSite

/// Builds of one output folder take turns: concurrent builds end with exactly what one clean build writes.
final class OutputLockTests: XCTestCase {
    func testConcurrentBuildsEndIdenticalToACleanBuild() throws {
        let clean = try TestSite()
        defer { clean.cleanUp() }
        try clean.build()
        let expected = try clean.snapshot()

        let site = try TestSite()
        defer { site.cleanUp() }
        let failures = LockedCount()
        let options = site.options()
        for _ in 0..<5 {
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { try SiteBuilder.build(options) } catch { failures.add() }
            }
            XCTAssertEqual(failures.value, 0)
            XCTAssertEqual(try site.snapshot(), expected)
        }
        // The lock file stays beside the output, and no staging folder is left.
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".Output.kb-") }.sorted()
        XCTAssertEqual(names.filter { $0 != ".Output.kb-spare" }, [".Output.kb-lock"])
    }

    func testABusyOutputThrowsWithoutWaitingAndWaitsOtherwise() throws {
        let site = try TestSite()
        defer { site.cleanUp() }
        var options = site.options()
        let held = try OutputLock(output: options.outputDirectory)
        options.waitForLock = false
        XCTAssertThrowsError(try SiteBuilder.build(options)) { XCTAssertTrue($0 is OutputBusy, "\($0)") }
        XCTAssertFalse(site.exists("index.html"))

        options.waitForLock = true
        let told = LockedCount()
        options.onLockWait = { line in
            XCTAssertTrue(line.contains("Waiting"), line)
            told.add()
        }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [options] in
            _ = try? SiteBuilder.build(options)
            done.signal()
        }
        // The build waits while the lock is held (it never finishes by itself), and goes on once it is released.
        XCTAssertEqual(done.wait(timeout: .now() + 0.5), .timedOut)
        withExtendedLifetime(held) {}
        _ = consume held
        done.wait()
        XCTAssertEqual(told.value, 1)
        XCTAssertTrue(site.exists("index.html"))
    }
}

final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
