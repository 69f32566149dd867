import Testing
import TollgateCore

@testable import TollgateDrift

/// How build files are searched for the test data directories they name: each slash looked up once per
/// directory length, through prefix hashes; a bound stops what a crafted tarball would make endless.
@Suite struct TestDataReferenceTests {
    func inspect(
        _ text: String, directories: [String],
        budget: SearchBudget = SearchBudget(DriftAnalyzer.referenceSearchBudget)
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
        let found = inspect(String(repeating: line, count: 20), directories: directories, budget: SearchBudget(500_000))
        #expect(found.map(\.kind) == ["analysis-stopped"])
        #expect(found.first.map { (2...10).contains($0.line) } == true, "each line costs some 60,000 lookups")
        #expect(inspect(line, directories: directories).isEmpty, "below the bound: no read, no stop")
        // One budget for every build file of a tarball: files each under the bound add up.
        let shared = SearchBudget(500_000)
        let kinds = (1...8).map { _ in
            inspect(String(repeating: line, count: 2), directories: directories, budget: shared).map(\.kind)
        }
        let last = Array(kinds.suffix(2))
        #expect(kinds.first == [], "\(kinds)")
        #expect(last == [["analysis-stopped"], ["analysis-stopped"]], "\(kinds)")
        let alone = inspect(String(repeating: line, count: 2), directories: directories, budget: SearchBudget(500_000))
        #expect(alone.isEmpty, "each file is under the bound by itself")
    }

    /// A build file kept in part (it is longer than its retention) was searched in part: the rest is flagged, not
    /// passed as clean — megabytes of comments must not hide a last line that runs a payload.
    @Test func aBuildFileSearchedInPartSaysSo() {
        var input = DriftInput()
        let kept = Array("# padding\n".utf8)
        input.files = [
            TarballFile(path: "configure", size: 9_000_000, blobID: "a", bytes: kept, tarball: "t.tar.gz"),
            TarballFile(path: "configure.ac", size: Int64(kept.count), blobID: "b", bytes: kept, tarball: "t.tar.gz"),
        ]
        let stopped = DriftAnalyzer.analyze(input).indicators.filter { $0.kind == "analysis-stopped" }
        #expect(stopped.map(\.path) == ["configure"])
        #expect(stopped.first?.text == "only the first 10 of its 9000000 bytes were searched")
    }

    /// A submodule's files come from another repository: the listing names the submodule (a commit), not its
    /// files, which are therefore not "only in the tarball".
    @Test func submoduleFilesAreNotComparedWithTheListing() {
        var input = DriftInput()
        let id = String(repeating: "a", count: 40)
        input.files = [
            TarballFile(path: "vendor/lib/x.c", size: 1, blobID: "b", bytes: nil, tarball: "t.tar.gz"),
            TarballFile(path: "src/main.c", size: 1, blobID: id, bytes: nil, tarball: "t.tar.gz"),
        ]
        input.git = (
            "listing",
            [
                GitTreeEntry(mode: "160000", type: "commit", id: id, path: "vendor/lib"),
                GitTreeEntry(mode: "100644", type: "blob", id: id, path: "src/main.c"),
            ]
        )
        let facts = DriftAnalyzer.analyze(input)
        #expect(
            facts.onlyInTarball.isEmpty && facts.onlyInGit.isEmpty && facts.modified.isEmpty, "\(facts.onlyInTarball)")
    }

    /// The reported test files are bounded; the ones the build reads come first, whatever their names, so that
    /// hundreds of harmless opaque files cannot push the one a build reads out of the list.
    @Test func testFilesTheBuildReadsAreReportedFirst() {
        var input = DriftInput()
        let opaque = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        input.files = (0..<600).map { i in
            TarballFile(
                path: "tests/corpus/a\(1000 + i).bin", size: Int64(opaque.count), blobID: "c\(i)", bytes: opaque,
                tarball: "t.tar.gz")
        }
        input.files.append(
            TarballFile(
                path: "tests/zz/payload.bin", size: Int64(opaque.count), blobID: "p", bytes: opaque, tarball: "t.tar.gz"
            ))
        let script = Array("xz -dc $srcdir/tests/zz/payload.bin | sh\n".utf8)
        input.files.append(
            TarballFile(path: "configure", size: Int64(script.count), blobID: "s", bytes: script, tarball: "t.tar.gz"))
        let facts = DriftAnalyzer.analyze(input)
        #expect(facts.testFiles.count == DriftAnalyzer.reportedTestFiles)
        let payload = facts.testFiles.first { $0.path == "tests/zz/payload.bin" }
        #expect(payload?.matchedBy == ["configure:1"], "\(facts.testFiles.suffix(2))")
        #expect(facts.testFiles.map(\.path) == facts.testFiles.map(\.path).sorted())
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
