import Foundation
import XCTest

@testable import LinearRegex

/// Parsing, compiling, matching and freeing deeply nested patterns use constant call-stack depth,
/// so they also work on threads with small stacks (such as 512 KiB Swift concurrency threads).
final class StackDepthTests: XCTestCase {
    /// Runs `body` on a thread with a deliberately small stack and waits for it.
    private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let finished = expectation(description: "small-stack thread finished")
        let thread = Thread {
            body()
            finished.fulfill()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        wait(for: [finished], timeout: 120)
    }

    func testDeepPatternsOnSmallStack() {
        let depth = Parser.maxNesting
        onSmallStack {
            let valid = [
                String(repeating: "(a|", count: depth) + "b" + String(repeating: ")", count: depth),
                String(repeating: "(?:a", count: depth) + String(repeating: ")*", count: depth),
                String(repeating: "(?:a", count: depth) + String(repeating: ")?", count: depth),
                String(repeating: "(", count: depth) + String(repeating: ")", count: depth),
            ]
            for pattern in valid {
                guard let regex = try? LinearRegex(pattern) else {
                    XCTFail("deep pattern should compile")
                    continue
                }
                XCTAssertTrue(regex.matches("ab"))
                XCTAssertNotNil(regex.captures(in: "ab"))
            }
            let invalid = [
                String(repeating: "(a", count: depth) + String(repeating: ")", count: depth - 1),
                String(repeating: "(a", count: depth) + String(repeating: ")", count: depth)
                    + String(repeating: "b", count: 110_000),
                String(repeating: "(", count: depth + 1),
            ]
            for pattern in invalid {
                let compiled = try? LinearRegex(pattern)
                XCTAssertNil(compiled, "invalid deep pattern should be rejected")
            }
        }
    }
}
