import Foundation
import Testing
import TollgateCore
import TollgateKit
import TollgateTestSupport

@Suite struct ScannerTests {
    func scan(_ paths: [String], deep: Bool = true) -> (packages: [PackageFacts], problems: [Problem]) {
        var packages: [PackageFacts] = []
        var problems: [Problem] = []
        var options = Scanner.Options()
        options.deep = deep
        Scanner(options: options, report: { problems.append($0) }, emit: { packages.append($0) }).scan(paths)
        return (packages, problems)
    }

    @Test func theDebianRepositoryIsReadThroughItsSignedIndexes() {
        let (packages, problems) = scan([TestPaths.fixture("debian-repo")])
        #expect(problems.isEmpty, "\(problems)")
        #expect(packages.filter { $0.kind == .binary }.count == 17)
        #expect(packages.filter { $0.kind == .source }.map(\.name).sorted() == ["quietd", "tinyfmt"])
        for package in packages {
            #expect(package.repository?.release == "dists/stable/InRelease")
            #expect(package.repository?.index.hasPrefix("dists/stable/main/") == true)
            #expect(package.repository?.indexChecksumMatches == true)
            #expect(package.signatures.contains { $0.kind == "repository" }, "\(package.label)")
            #expect(package.files != nil || package.kind == .source, "deep read of \(package.label)")
        }
    }

    @Test func indexOnlyScansDoNotOpenPackageFiles() {
        let (packages, problems) = scan([TestPaths.fixture("debian-repo")], deep: false)
        #expect(problems.isEmpty)
        #expect(packages.count == 19)
        #expect(packages.allSatisfy { $0.files == nil && $0.artifact.entryPresent == true })
    }

    @Test func theWholeFixtureTreeIsReadOncePerArtefact() {
        let (packages, problems) = scan([TestPaths.fixtures.path])
        #expect(problems.isEmpty, "\(problems)")
        let paths = packages.map(\.artifact.path)
        #expect(Set(paths).count == paths.count, "an artefact was read twice")
        #expect(packages.filter { $0.ecosystem == .rpm }.count == 7)
        #expect(packages.filter { $0.kind == .upload }.count == 7)
    }

    @Test func badArtefactsAreReportedAndTheOthersStillRead() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.copyItem(
            atPath: TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
            toPath: dir.appendingPathComponent("good.deb").path)
        try fm.copyItem(
            atPath: TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.noarch.rpm"),
            toPath: dir.appendingPathComponent("good.rpm").path)
        fm.createFile(atPath: dir.appendingPathComponent("broken.deb").path, contents: Data("!<arch>\ngarbage".utf8))
        fm.createFile(
            atPath: dir.appendingPathComponent("broken.rpm").path, contents: Data([0xED, 0xAB, 0xEE, 0xDB, 1, 2, 3]))
        fm.createFile(atPath: dir.appendingPathComponent("empty.dsc").path, contents: Data())
        fm.createFile(atPath: dir.appendingPathComponent("notes.txt").path, contents: Data("ignored\n".utf8))
        let (packages, problems) = scan([dir.path, dir.appendingPathComponent("missing.deb").path])
        #expect(packages.map(\.name).sorted() == ["hello-tg", "hello-tg"])
        #expect(
            Set(problems.map { ($0.path as NSString).lastPathComponent }) == [
                "broken.deb", "broken.rpm", "empty.dsc", "missing.deb",
            ])
        #expect(problems.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func aTamperedIndexIsReported() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("repo").path
        try FileManager.default.copyItem(atPath: TestPaths.fixture("debian-repo"), toPath: copy)
        let index = "\(copy)/dists/stable/main/source/Sources"
        try FileManager.default.removeItem(atPath: index + ".xz")
        var text = try String(contentsOfFile: index, encoding: .utf8)
        text = text.replacingOccurrences(of: "Maintainer: Max Newcomer", with: "Maintainer: Dana Maintainer")
        try text.write(toFile: index, atomically: true, encoding: .utf8)
        let (packages, problems) = scan([copy])
        #expect(problems.contains { $0.path.hasSuffix("main/source/Sources") && $0.reason.contains("checksum") })
        let tinyfmt = packages.first { $0.name == "tinyfmt" && $0.kind == .source }
        #expect(
            tinyfmt?.signatures.contains { $0.kind == "repository" } == false,
            "an index that fails its checksum vouches for nothing")
    }
}
