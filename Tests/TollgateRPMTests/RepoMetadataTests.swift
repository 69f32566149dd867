import Foundation
import Testing
import TollgateCore
import TollgateRPM
import TollgateTestSupport

/// RPM repository metadata, streamed, against createrepo_c's output for the fixture repository.
@Suite struct RepoMetadataTests {
    let root = TestPaths.fixture("rpm-repo")

    @Test func everyPackageOfThePrimaryIsRead() throws {
        var entries: [PackageFacts] = []
        try RepoMetadataReader.read(root: root) { entries.append($0) }
        let rpmFiles = try FileManager.default.contentsOfDirectory(atPath: "\(root)/Packages").filter {
            $0.hasSuffix(".rpm")
        }
        #expect(entries.count == rpmFiles.count)
        #expect(entries.allSatisfy { $0.artifact.entryPresent == true })
        let hello = try #require(entries.first { $0.name == "hello-tg" && $0.kind == .binary })
        #expect(hello.version == "1.0-1")
        #expect(hello.packager?.email == "pat@fixtures.example")
        #expect(hello.changelog?.count == 2, "changelogs come from other.xml")
        #expect(hello.changelog?.first?.version == "1.0-1")
        #expect(hello.files?.map(\.path) == ["/usr/bin/hello-tg"])
        #expect(hello.repository?.indexChecksumMatches == true)
        #expect(hello.signatures.contains { $0.kind == "repository" })
        let direct = try RPMPackageReader.read(path: "\(root)/\(hello.artifact.entryPath!)")
        #expect(direct.artifact.sha256 == hello.artifact.sha256)
        #expect(
            direct.dependencies?.filter { $0.type == "provides" }.map(\.name)
                == hello.dependencies?.filter { $0.type == "provides" }.map(\.name))
        #expect(entries.contains { $0.name == "tinyfmt" && $0.kind == .source })
    }

    @Test(arguments: ["gz", "xz", "zst"])
    func compressedMetadataStreamsTheSame(compression: String) throws {
        // Rebuild the repository's metadata with each compression, as createrepo_c writes it.
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Run.shell("cp -r '\(root)/Packages' '\(dir.path)/'").status == 0)
        // Debian's createrepo_c has no zstd: for .zst, recompress its gzip output and point repomd.xml at it.
        let made = try Run.program(
            "/usr/bin/createrepo_c",
            ["--quiet", "--no-database", "--general-compress-type", compression == "xz" ? "xz" : "gz", dir.path]
        )
        #expect(made.status == 0, "\(made.stderr)")
        if compression == "zst" {
            let script = """
                cd '\(dir.path)/repodata' && for f in *-primary.xml.gz *-other.xml.gz; do
                  new="${f%.gz}.zst"; gzip -dc "$f" | zstd -q -o "$new"
                  old_sum=$(sha256sum "$f" | cut -d' ' -f1); new_sum=$(sha256sum "$new" | cut -d' ' -f1)
                  sed -i "s|$f|$new|; s|\\(<checksum [^>]*>\\)$old_sum|\\1$new_sum|" repomd.xml; rm "$f"
                done
                """
            #expect(try Run.shell(script).status == 0)
        }
        var names: [String] = []
        try RepoMetadataReader.read(root: dir.path) { names.append($0.name + "-" + $0.version) }
        var reference: [String] = []
        try RepoMetadataReader.read(root: root) { reference.append($0.name + "-" + $0.version) }
        #expect(names.sorted() == reference.sorted())
        let files = try RepoMetadataReader.repomd(path: dir.appendingPathComponent("repodata/repomd.xml").path)
        #expect(
            files.first { $0.type == "primary" }?.location.hasSuffix(compression == "zst" ? ".zst" : "." + compression)
                == true)
    }

    @Test func malformedMetadataIsAnErrorNamingTheFile() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("repodata"), withIntermediateDirectories: true)
        let repomd = dir.appendingPathComponent("repodata/repomd.xml").path
        FileManager.default.createFile(
            atPath: repomd,
            contents: Data("<repomd><data type=\"primary\"><location href=\"repodata/p.xml\"/></data></repomd>".utf8))
        FileManager.default.createFile(
            atPath: dir.appendingPathComponent("repodata/p.xml").path,
            contents: Data("<metadata><package><name>x</name></packa".utf8))
        do {
            try RepoMetadataReader.read(root: dir.path) { _ in }
            Issue.record("malformed primary was accepted")
        } catch let error as RPMReadError {
            #expect(error.path.hasSuffix("repodata/p.xml"))
            #expect(error.reason.contains("malformed XML"))
        }
    }
}
