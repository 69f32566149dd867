import Foundation
import Testing
import TollgateCore
import TollgateDebian
import TollgateTestSupport

/// `.dsc`, `.changes`, Release and index reading, against dpkg's own Perl parser (Dpkg::Control) and the files.
@Suite struct SourceAndIndexTests {
    /// The fields of a control file as Dpkg::Control parses it (signature stripped), in order.
    func dpkgControl(_ path: String) throws -> [(String, String)] {
        let script = """
            use Dpkg::Control; use JSON::PP;
            my $c = Dpkg::Control->new(type => CTRL_UNKNOWN, allow_pgp => 1); $c->load($ARGV[0]);
            print JSON::PP->new->encode([map { [$_, $c->{$_}] } keys %$c]);
            """
        let out = try Run.program("/usr/bin/perl", ["-e", script, path])
        #expect(out.status == 0, "\(out.stderr)")
        let array = try #require(try parseJSON(out.stdout) as? [[String]])
        return array.map { ($0[0], $0[1]) }
    }

    static var dscs: [String] {
        var list = [
            "history/debian/tinyfmt/1.0-1/tinyfmt_1.0-1.dsc", "history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc",
            "history/debian/quietd/2.1-1/quietd_2.1-1.dsc",
        ].map(TestPaths.fixture)
        if let rw = TestPaths.realWorld?.appendingPathComponent("xz/distro-packaging/debian").path {
            list += [
                "\(rw)/bookworm-security_5.4.1-1+deb12u2/xz-utils_5.4.1-1+deb12u2.dsc",
                "\(rw)/bookworm_5.4.1-1+deb12u1/xz-utils_5.4.1-1+deb12u1.dsc",
            ]
        }
        return list
    }

    static var changes: [String] {
        var list = [
            "history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1_source.changes",
            "history/debian/quietd/2.0-1/quietd_2.0-1_source.changes",
        ].map(TestPaths.fixture)
        if let rw = TestPaths.realWorld(("debian/xfsdump_3.2.0-2_source.changes")) { list.append(rw) }
        return list
    }

    @Test(arguments: dscs)
    func dscFieldsAgreeWithDpkg(path: String) throws {
        let facts = try DscReader.read(path: path)
        let dpkg = try dpkgControl(path)
        let ours = try #require(facts.debian?.fields)
        #expect(ours.map(\.key) == dpkg.map(\.0))
        // apt keeps the leading space of continuation lines, dpkg's Perl strips it.
        let unfolded = ours.map {
            $0.value.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }.joined(
                separator: "\n")
        }
        #expect(unfolded == dpkg.map { $0.1.trimmingWhitespace() })
        #expect(facts.name == dpkg.first { $0.0 == "Source" }?.1)
        #expect(facts.kind == .source)
        #expect(facts.signatures.contains { $0.kind == "clearsigned" && $0.claimedKeyID != nil })
        let listed = dpkg.first { $0.0 == "Checksums-Sha256" }?.1.split(separator: "\n").count ?? 0
        #expect(facts.sourceFiles?.count == listed)
        #expect(facts.sourceFiles?.allSatisfy { $0.sha256?.count == 64 && $0.md5?.count == 32 } == true)
    }

    @Test func sourcePackageContentsAreRead() throws {
        let facts = try DscReader.read(path: TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc"))
        #expect(facts.changelog?.count == 5)
        #expect(facts.changedBy?.email == "max@mail.example")
        #expect(facts.maintainer?.email == "max@mail.example")
        #expect(facts.upstream?.signingKeys.count == 2, "the new release ships two upstream keys")
        #expect(facts.upstream?.metadata?["Repository"] == "https://git.tinyfmt.example/tinyfmt.git")
        #expect(facts.upstream?.watch?.checksSignatures == true)
        #expect(facts.upstream?.watch?.version == 4)
        #expect(facts.signatures.contains { $0.kind == "detached" && $0.location == "tinyfmt_1.4.orig.tar.gz.asc" })
        #expect(facts.sourceFiles?.map(\.role).sorted() == ["debian", "orig", "orig-signature"])
        #expect(facts.sourceFiles?.allSatisfy { $0.present == true } == true)
        #expect(facts.buildDependencies?.map(\.name).contains("debhelper-compat") == true)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
    }

    @Test func aDscWithoutItsFilesIsStillRead() throws {
        guard
            let path = TestPaths.realWorld(
                "xz/distro-packaging/debian/bookworm_5.4.1-1+deb12u1/xz-utils_5.4.1-1+deb12u1.dsc")
        else {
            print(TestPaths.realWorldMissing)
            return
        }
        let facts = try DscReader.read(path: path)
        #expect(facts.version == "5.4.1-1+deb12u1")
        #expect(facts.sourceFiles?.contains { $0.present == false } == true)
        #expect(facts.changelog == nil, "the debian tarball is absent: the changelog is unknown, not empty")
        #expect(facts.warnings.contains { $0.contains("not beside the .dsc") })
    }

    /// Files beside a .dsc are checked as dpkg-source checks them: the listed size and SHA-256, and a file listed
    /// twice with different checksums (dpkg-source: "conflicting checksums") matches whichever listing comes first.
    @Test func theFilesBesideADscAreTheOnesItLists() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tarball = dir.appendingPathComponent("p_1.0.orig.tar.gz")
        try Data("the tarball".utf8).write(to: tarball)
        let digest = try #require(FileDigest.sha256(path: tarball.path))
        let other = String(repeating: "0", count: 64)
        func read(_ lines: [String], field: String = "Checksums-Sha256") throws -> SourceFile? {
            let dsc = dir.appendingPathComponent("p_1.0-1.dsc")
            let text =
                "Format: 3.0 (quilt)\nSource: p\nVersion: 1.0-1\n\(field):\n"
                + lines.map { " \($0) p_1.0.orig.tar.gz\n" }.joined()
            try text.write(to: dsc, atomically: true, encoding: .utf8)
            return try DscReader.read(path: dsc.path).sourceFiles?.first { $0.role == "orig" }
        }
        let right = "\(digest.sha256) \(digest.size)"
        #expect(try read([right])?.matches == true)
        #expect(try read(["\(other) \(digest.size)"])?.matches == false)
        #expect(try read(["\(digest.sha256) \(digest.size + 1)"])?.matches == false)
        // An old .dsc listing MD5 only is not checked (dpkg-source only warns of weak checksums).
        let md5Only = try read(["\(String(repeating: "a", count: 32)) \(digest.size)"], field: "Files")
        #expect(md5Only?.present == true && md5Only?.matches == nil)
        for lines in [[right, "\(other) \(digest.size)"], ["\(other) \(digest.size)", right]] {
            let file = try read(lines)
            #expect(file?.conflicting == true && file?.matches == false, "\(lines)")
        }
    }

    /// A Release's dates are read as apt reads them (RFC1123StrToTime): its RFC 850 and asctime forms too, and
    /// nothing apt refuses (an offset other than UTC, a word).
    @Test func releaseDatesAreReadAsAptReadsThem() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let release = dir.appendingPathComponent("Release").path
        func validUntil(_ text: String) throws -> String? {
            try "Origin: x\nSuite: s\nDate: Fri, 01 Mar 2024 00:00:00 UTC\nValid-Until: \(text)\n".write(
                toFile: release, atomically: true, encoding: .utf8)
            return try ReleaseReader.read(path: release).validUntil.map { RFC3339.string(from: $0) }
        }
        #expect(try validUntil("Fri, 08 Mar 2024 00:00:00 UTC") == "2024-03-08T00:00:00Z")
        #expect(try validUntil("Fri Mar  8 00:00:00 2024") == "2024-03-08T00:00:00Z")
        #expect(try validUntil("Friday, 08-Mar-24 00:00:00 GMT") != nil)
        #expect(try validUntil("Fri, 08 Mar 2024 00:00:00 +0100") == nil)
        #expect(try validUntil("next Tuesday") == nil)
    }

    @Test(arguments: changes)
    func changesFieldsAgreeWithDpkg(path: String) throws {
        let facts = try ChangesReader.read(path: path)
        let dpkg = try dpkgControl(path)
        #expect(facts.debian?.fields.map(\.key) == dpkg.map(\.0))
        #expect(facts.kind == .upload)
        #expect(facts.changedBy?.raw == dpkg.first { $0.0 == "Changed-By" }?.1)
        #expect(facts.debian?.distribution == dpkg.first { $0.0 == "Distribution" }?.1)
        let date = try #require(dpkg.first { $0.0 == "Date" }?.1)
        #expect(facts.date == RFC2822.date(from: date))
        #expect(facts.changelog?.first?.version == facts.version)
        #expect(facts.signatures.first?.kind == "clearsigned")
        let files = dpkg.first { $0.0 == "Files" }?.1.split(separator: "\n").count ?? -1
        #expect(facts.sourceFiles?.count == files)
    }

    @Test func realInReleaseFilesAreReadInFull() throws {
        guard let dir = TestPaths.realWorld("debian/apt-metadata") else {
            print(TestPaths.realWorldMissing)
            return
        }
        for name in ["bookworm_InRelease", "bookworm-security_InRelease"] {
            let path = "\(dir)/\(name)"
            let release = try ReleaseReader.read(path: path)
            let sha256Lines = try Run.shell("sed -n '/^SHA256:/,/^[A-Z]/p' '\(path)' | grep -c '^ '").stdout
            #expect(release.files.count == Int(sha256Lines.trimmingWhitespace()), "\(name)")
            #expect(release.files.allSatisfy { $0.sha256?.count == 64 })
            #expect(release.date != nil)
            #expect(
                (release.validUntil != nil) == name.hasPrefix("bookworm-security"), "only the security suite expires")
            #expect(release.signatures.count >= 2, "Debian signs InRelease with several keys")
            let listed = try Run.shell(
                "sed -n '/BEGIN PGP SIGNATURE/,/END PGP SIGNATURE/p' '\(path)' | gpg --batch --list-packets 2>/dev/null"
                    + " | grep -c ':signature packet:'"
            ).stdout
            #expect(release.signatures.count == Int(listed.trimmingWhitespace()))
            #expect(release.signatures.allSatisfy { $0.claimedKeyID?.count == 16 && $0.parseError == nil })
        }
    }

    @Test func realPackagesIndexIsReadInFull() throws {
        guard let path = TestPaths.realWorld("debian/apt-metadata/bookworm-security_main_binary-amd64_Packages.xz")
        else {
            print(TestPaths.realWorldMissing)
            return
        }
        var count = 0
        var names: Set<String> = []
        try DebianIndexReader.readPackages(path: path) { facts in
            count += 1
            names.insert(facts.name)
            #expect(!facts.version.isEmpty)
            #expect(facts.artifact.entryPath?.hasPrefix("pool/") == true)
        }
        let expected = try Run.shell("xz -dc '\(path)' | grep -c '^Package: '").stdout.trimmingWhitespace()
        #expect(count == Int(expected))
        #expect(names.contains("xz-utils"))
    }

    @Test(arguments: ["gz", "xz", "lz4", "zst", "bz2", "plain"])
    func compressedIndexesReadTheSame(compression: String) throws {
        let plain = TestPaths.fixture("debian-repo/dists/stable/main/binary-amd64/Packages")
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tool = [
            "gz": "gzip -c", "xz": "xz -c", "lz4": "lz4 -c", "zst": "zstd -q -c", "bz2": "bzip2 -c", "plain": "cat",
        ][compression]!
        let target = dir.appendingPathComponent(compression == "plain" ? "Packages" : "Packages.\(compression)").path
        #expect(try Run.shell("\(tool) '\(plain)' > '\(target)'").status == 0)
        var names: [String] = []
        try DebianIndexReader.readPackages(path: target) { names.append($0.name) }
        var reference: [String] = []
        try DebianIndexReader.readPackages(path: plain) { reference.append($0.name) }
        #expect(names == reference)
        #expect(names.count == 17)
    }

    @Test func sourcesIndexPointsAtTheDsc() throws {
        var entries: [PackageFacts] = []
        try DebianIndexReader.readSources(path: TestPaths.fixture("debian-repo/dists/stable/main/source/Sources.xz")) {
            entries.append($0)
        }
        #expect(entries.map(\.name).sorted() == ["quietd", "tinyfmt"])
        #expect(entries.first { $0.name == "tinyfmt" }?.artifact.entryPath == "pool/main/t/tinyfmt/tinyfmt_1.4-1.dsc")
        #expect(entries.first { $0.name == "quietd" }?.uploaders?.first?.email == "olga@debian.example")
    }

    @Test func brokenIndexesReportTheFile() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("Packages.xz").path
        FileManager.default.createFile(atPath: bad, contents: Data("not xz at all".utf8))
        #expect(throws: (any Error).self) { try DebianIndexReader.readPackages(path: bad) { _ in } }
        let missing = dir.appendingPathComponent("Sources.gz").path
        do {
            try DebianIndexReader.readSources(path: missing) { _ in }
            Issue.record("a missing index was read")
        } catch let error as DebianReadError {
            #expect(error.path == missing)
        }
        let noName = dir.appendingPathComponent("Packages").path
        FileManager.default.createFile(atPath: noName, contents: Data("Version: 1\n\nPackage: ok\nVersion: 2\n".utf8))
        var problems: [String] = []
        var names: [String] = []
        try DebianIndexReader.readPackages(path: noName, problem: { problems.append($0) }) { names.append($0.name) }
        #expect(names == ["ok"])
        #expect(problems.count == 1)
    }
}

/// The fast relation-name scan the history uses, against libapt-pkg's parser.
@Suite struct RelationNamesTests {
    @Test(arguments: [
        "debhelper-compat (= 13), libfoo-dev [amd64 i386] <!nocheck>, bar:native | baz (>> 1:2.0~rc1), qux:any",
        "a,\n b (>= 1),\n c <!stage1> <!nocheck>, d [!hurd-any] | e",
        "pkg-config, po-debconf,",
        "",
    ])
    func agreesWithApt(value: String) {
        var group: Int64 = 0
        let apt = (DependencyParser.parse(value, type: "build_depends", nextGroup: &group) ?? []).map(\.name)
        var seen: Set<String> = []
        #expect(RelationNames.scan(value) == apt.filter { seen.insert($0).inserted })
    }

    @Test func sortedLinesAreTheUnionOfEveryFieldSortedOnce() {
        let fields = ["debhelper-compat (= 13), zlib1g-dev | libz-dev, bar:any", "zlib1g-dev, autoconf <!nocheck>", ""]
        #expect(RelationNames.sortedLines(fields) == "autoconf\nbar:any\ndebhelper-compat\nlibz-dev\nzlib1g-dev")
        #expect(
            RelationNames.sortedLines(fields)
                == Set(fields.flatMap(RelationNames.scan)).sorted().joined(separator: "\n"))
        #expect(RelationNames.sortedLines(["", " , "]) == "")
    }

    @Test func everyBuildRelationOfTheFixtureAndRealSourcesAgrees() throws {
        var files = [TestPaths.fixture("debian-repo/dists/stable/main/source/Sources")]
        if let control = TestPaths.realWorld(
            "xz/distro-packaging/debian/bookworm-security_5.4.1-1+deb12u2/debian.control"),
            FileManager.default.fileExists(atPath: control)
        {
            files.append(control)
        }
        var checked = 0
        for file in files {
            let reader = try StanzaReader(path: file)
            while let stanza = try reader.nextStanza() {
                for field in ["Build-Depends", "Build-Depends-Indep", "Build-Depends-Arch"] {
                    guard let value = stanza[field] else { continue }
                    var group: Int64 = 0
                    let apt = (DependencyParser.parse(value, type: "build_depends", nextGroup: &group) ?? []).map(
                        \.name)
                    var seen: Set<String> = []
                    #expect(RelationNames.scan(value) == apt.filter { seen.insert($0).inserted }, "\(file) \(field)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }
}
