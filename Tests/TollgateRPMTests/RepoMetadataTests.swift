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
        #expect(hello.files == nil, "primary.xml lists a few paths without modes: no file list")
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

    /// A repository made with SHA-512 checksums (`createrepo_c -s sha512`): its metadata is checked in that type
    /// (a primary edited afterwards is refused), and its package files match their entries.
    @Test func checksumsOfEveryTypeAreChecked() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Run.shell("cp -r '\(root)/Packages' '\(dir.path)/'").status == 0)
        let made = try Run.program(
            "/usr/bin/createrepo_c", ["--quiet", "--no-database", "--checksum", "sha512", dir.path])
        #expect(made.status == 0, "\(made.stderr)")
        let scan = try Run.tollgate(["scan", "--no-history", "--no-policy", "--format", "json", dir.path])
        let packages = try #require((try parseJSON(scan.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        #expect(packages.count == 7, "\(scan.stderr)")
        let warned = packages.filter { !(($0["warnings"] as? [String]) ?? []).isEmpty }
        #expect(warned.isEmpty, "\(warned.map { $0["warnings"] ?? "" })")
        let edit = try Run.shell(
            "cd '\(dir.path)/repodata' && f=$(ls *-primary.xml.gz) && gzip -dc $f | sed 's|<summary>|<summary>Edited |' | gzip -n > x && mv x $f"
        )
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(throws: RPMReadError.self) { try RepoMetadataReader.read(root: dir.path) { _ in } }
    }

    /// Metadata counts as dnf reads it: an element in its own namespace and place (a `<x:name>` of another
    /// namespace does not rename a package), an epoch as a number (spaces around it, a value past the largest
    /// integer held at it), a location with `xml:base` as a package fetched elsewhere, and an element's text up to a
    /// bound (a megabyte of gzip can hold a gigabyte of one description).
    @Test func metadataCountsOnlyWhereDnfReadsIt() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("repodata"), withIntermediateDirectories: true)
        try """
        <repomd xmlns="http://linux.duke.edu/metadata/repo"><data type="primary"><location href="repodata/primary.xml.gz"/></data></repomd>
        """.write(to: dir.appendingPathComponent("repodata/repomd.xml"), atomically: true, encoding: .utf8)
        let script = """
            import gzip, sys
            package = lambda name, epoch, extra: (
                '<package type="rpm"><name>%s</name><arch>noarch</arch><version epoch="%s" ver="1.0" rel="1"/>'
                '<summary>s</summary><description>%s</description>%s<format><rpm:license>MIT</rpm:license>'
                '<x:name xmlns:x="urn:x">plain</x:name></format></package>') % (name, epoch, 'd' * (2 << 20) if name == 'evil' else 'd', extra)
            with gzip.open(sys.argv[1], 'wt') as f:
                f.write('<metadata xmlns="http://linux.duke.edu/metadata/common" '
                        'xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="2">')
                f.write(package('evil', ' 7', '<location xml:base="https://elsewhere.example/" href="Packages/evil-1.0-1.noarch.rpm"/>'))
                f.write(package('big', '99999999999999999999', '<location href="Packages/big-1.0-1.noarch.rpm"/>'))
                f.write(package('far', '0', '<location href="http://203.0.113.9/far-1.0-1.noarch.rpm"/>'))
                f.write('</metadata>')
            """
        let made = try Run.program(
            "/usr/bin/python3", ["-c", script, dir.appendingPathComponent("repodata/primary.xml.gz").path])
        #expect(made.status == 0, "\(made.stderr)")
        var entries: [PackageFacts] = []
        try RepoMetadataReader.read(root: dir.path) { entries.append($0) }
        #expect(entries.map(\.name) == ["evil", "big", "far"])
        #expect(entries.map(\.epoch) == [7, Int64.max, 0])
        #expect(entries.last?.artifact.entryBase == "http://203.0.113.9/far-1.0-1.noarch.rpm")
        #expect(entries.last?.artifact.entryPresent == false)
        let evil = try #require(entries.first)
        #expect(evil.artifact.entryBase == "https://elsewhere.example/")
        #expect(evil.artifact.entryPresent == false)
        #expect(evil.description?.utf8.count == 1 << 20)
        #expect(
            evil.warnings.contains { $0.contains("xml:base") } && evil.warnings.contains { $0.contains("longer than") })
        let scan = try Run.tollgate(["scan", "--no-history", "--index-only", dir.path])
        #expect(scan.stdout.contains("package-fetched-elsewhere"), "\(scan.stdout)\(scan.stderr)")
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
