import CEL
import Foundation
import XCTest

/// Runs the CEL specification's conformance cases (JSON form in `shared/cel-conformance`).
final class ConformanceTests: XCTestCase {
    /// Finds `shared/cel-conformance` by walking up from this file (works from a clone beside `../shared`).
    static func conformanceDirectory() -> URL? {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/cel-conformance")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("basic.json").path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    func testCoreConformance() throws {
        guard let directory = Self.conformanceDirectory() else {
            throw XCTSkip("shared/cel-conformance not found above \(#filePath); conformance cases not run")
        }
        let results = try CELConformance.run(directory: directory)
        var failures: [String: String] = [:]
        for result in results {
            print("conformance \(result.file): \(result.passed)/\(result.count) passed")
            for failure in result.failures { failures[failure.id] = failure.problem }
        }
        let passed = results.map(\.passed).reduce(0, +)
        let total = results.map(\.count).reduce(0, +)
        let rate = Double(passed) / Double(max(total, 1))
        print("conformance total: \(passed)/\(total) passed (\(String(format: "%.1f", rate * 100))%)")
        XCTAssertGreaterThan(total, 1000, "the core files hold over a thousand cases")
        XCTAssertGreaterThanOrEqual(rate, 0.95, "conformance pass rate below 95%")
        let known = Set(ConformanceKnownFailures.ids)
        for id in failures.keys.sorted() where !known.contains(id) {
            XCTFail("unexpected conformance failure \(id): \(failures[id]!)")
        }
        for id in known.sorted() where failures[id] == nil {
            XCTFail("conformance case \(id) now passes: remove it from ConformanceKnownFailures")
        }
    }
}
