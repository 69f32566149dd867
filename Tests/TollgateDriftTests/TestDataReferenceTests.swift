import Testing
import TollgateCore

@testable import TollgateDrift

/// How build files are searched for the test data directories they name: each slash looked up once per
/// directory length, through prefix hashes; a bound stops what a crafted tarball would make endless.
@Suite struct TestDataReferenceTests {
    func inspect(
        _ text: String, directories: [String], budget: Int = DriftAnalyzer.referenceSearchBudget
    )
        -> [BuildIndicator]
    {
        let files = directories.map { $0 + "/data.bin" }
        return DriftAnalyzer.inspectBuildFile(
            path: "configure.ac", bytes: Array(text.utf8), origin: "tarball-only",
            testData: files.map { TarballFile(path: $0, size: 64, blobID: "", bytes: nil, tarball: "t.tar.gz") },
            testDirectories: Set(directories), testPaths: Set(files), budget: budget)
    }

    @Test func aLineNamingATestDataDirectoryOrFileIsARead() {
        let found = inspect(
            "echo start\ncat $srcdir/tests/files/data.bin | sh\nls tests/filesx/\nfor f in tests/other/*; do :; done\n",
            directories: ["tests/files", "tests/other", "deep/tests/files"])
        let reads = found.filter { $0.kind == "reads-test-data" }
        #expect(reads.map(\.line) == [2, 4])
        #expect(reads.map(\.matches) == [["tests/files/data.bin"], ["tests/other/data.bin"]])
    }

    @Test func theSearchStopsAtItsBoundWithAnIndicator() {
        let directories = (1...300).map { "tests/" + String(repeating: "a", count: $0) }
        let line = String(repeating: "a/", count: 400) + "\n"
        let found = inspect(String(repeating: line, count: 20), directories: directories, budget: 500_000)
        #expect(found.map(\.kind) == ["analysis-stopped"])
        #expect(found.first.map { (2...10).contains($0.line) } == true, "each line costs some 60,000 lookups")
        #expect(inspect(line, directories: directories).isEmpty, "below the bound: no read, no stop")
    }

    @Test func sliceHashesAgreeWithHashingTheSliceAlone() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hashes = SliceHash(bytes)
        for _ in 0..<500 {
            let a = Int.random(in: 0...300, using: &generator)
            let b = Int.random(in: a...300, using: &generator)
            #expect(hashes.hash(of: a..<b) == SliceHash.of(bytes[a..<b]))
        }
    }
}
