import Foundation
import Testing
import TollgateTestSupport

/// `tollgate gate` before publishing: uploads checked as an archive queue would, SARIF that validates, the
/// configuration file and what happens when Tollgate cannot judge.
@Suite struct GateCommandTests {
    let policies = TestPaths.root.appendingPathComponent("policies").path
    var base: [String] { ["gate", "--policies", policies, "--now", "2024-03-15", "--no-history"] }

    /// A copy of the tinyfmt 1.4-1 upload in a temporary directory.
    func upload() throws -> URL {
        let dir = try TestPaths.temporaryDirectory()
        let source = TestPaths.fixture("history/debian/tinyfmt/1.4-1")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: dir.appendingPathComponent(name).path)
        }
        return dir
    }

    @Test func oneLinePerPackageThenTheTotals() throws {
        let debs = [
            "h/hello-tg/hello-tg_1.0-1_all.deb", "n/netfetch/netfetch_0.9-1_all.deb",
            "s/suidtool/suidtool_2.3-1_all.deb",
        ]
        let result = try Run.tollgate(base + debs.map { TestPaths.fixture("debian-repo/pool/main/\($0)") })
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("DECISION  SCORE  PACKAGE") == true)
        #expect(
            lines.contains {
                $0.hasPrefix("deny") && $0.contains("netfetch 0.9-1 (deb)")
                    && $0.contains("maintainer-script-pipes-to-shell")
            })
        #expect(lines.contains { $0.hasPrefix("allow") && $0.contains("hello-tg 1.0-1") })
        #expect(lines.last == "3 package(s): 1 allow, 1 warn, 1 deny")
        let warnFails = try Run.tollgate(
            base + ["--fail-on-warn", TestPaths.fixture("debian-repo/pool/main/\(debs[2])")])
        #expect(warnFails.status == 3)
    }

    @Test func anUploadWithAnAlteredFileIsDenied() throws {
        let dir = try upload()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changes = dir.appendingPathComponent("tinyfmt_1.4-1_source.changes").path
        let clean = try Run.tollgate(base + ["--keyring", TestPaths.fixture("keys"), "--format", "json", changes])
        let packages = try #require((try parseJSON(clean.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let upload = try #require(packages.first { $0["upload"] != nil }?["upload"] as? [String: Any])
        #expect(upload["same_signer"] as? Bool == true)
        #expect((upload["missing"] as? [Any])?.isEmpty == true)
        #expect(packages.count == 2, "the .changes and the .dsc it carries")
        // Alter the orig tarball after signing.
        let orig = dir.appendingPathComponent("tinyfmt_1.4.orig.tar.gz").path
        let handle = try #require(FileHandle(forWritingAtPath: orig))
        handle.seekToEndOfFile()
        handle.write(Data("x".utf8))
        try handle.close()
        let altered = try Run.tollgate(base + ["--keyring", TestPaths.fixture("keys"), changes])
        #expect(altered.status == 1)
        #expect(altered.stdout.contains("upload-files-inconsistent"), "\(altered.stdout)")
        #expect(altered.stdout.contains("tinyfmt_1.4.orig.tar.gz"))
    }

    /// A revision upload carries no orig tarball: its .dsc is judged without the tarball's contents, and the gate
    /// says so rather than passing it as inspected.
    @Test func aSourcePackageJudgedWithoutItsTarballSaysSo() throws {
        let dir = try upload()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("tinyfmt_1.4.orig.tar.gz"))
        let dsc = dir.appendingPathComponent("tinyfmt_1.4-1.dsc").path
        let result = try Run.tollgate(base + [dsc])
        #expect(
            result.stderr.contains(
                "tollgate: warning: tarball contents not inspected (judged without them): "
                    + dir.appendingPathComponent("tinyfmt_1.4.orig.tar.gz").path
                    + ": the .dsc lists this tarball but it is not beside it"), "\(result.stderr)")
        let report = try Run.tollgate([
            "report", dir.path, "--no-history", "--out", dir.appendingPathComponent("out").path, "--policies",
            policies,
        ])
        #expect(report.stderr.contains("tarball contents not inspected"), "\(report.stderr)")
        // A source package with no upstream tarball at all has nothing to inspect: no warning.
        let specOnly = try Run.tollgate(base + [TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.src.rpm")])
        #expect(!specOnly.stderr.contains("not inspected"), "\(specOnly.stderr)")
    }

    /// An upload queue is anybody's directory: a listed file made a link to /dev/zero, a pipe named like a package,
    /// or a listed file without a SHA-256 never hangs the gate and never passes as checked.
    @Test func linksPipesAndUnhashedFilesInAnUploadAreRefused() throws {
        let dir = try upload()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changes = dir.appendingPathComponent("tinyfmt_1.4-1_source.changes").path
        let asc = dir.appendingPathComponent("tinyfmt_1.4.orig.tar.gz.asc").path
        try FileManager.default.removeItem(atPath: asc)
        try FileManager.default.createSymbolicLink(atPath: asc, withDestinationPath: "/dev/zero")
        #expect(try Run.shell("mkfifo '\(dir.path)/evil_1.0_all.deb'").status == 0)
        // `timeout` bounds the test if the gate ever blocks again.
        let gate = (base + ["--keyring", TestPaths.fixture("keys"), "--format", "json", dir.path]).map {
            "'\($0)'"
        }
        let result = try Run.shell("timeout 60 '\(TestPaths.tollgate)' \(gate.joined(separator: " "))")
        #expect(result.status == 2, "a pipe cannot be read: \(result.stderr)")
        #expect(result.stderr.contains("evil_1.0_all.deb: not a regular file"), "\(result.stderr)")
        let packages = try #require((try parseJSON(result.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let upload = try #require(packages.first { $0["upload"] != nil }?["upload"] as? [String: Any])
        #expect(
            (upload["checksum_mismatches"] as? [String])?.contains("tinyfmt_1.4.orig.tar.gz.asc: a symbolic link")
                == true, "\(upload)")
        // Without its Checksums-Sha256 field, a listed file is checked by size alone: not enough.
        let text = try String(contentsOfFile: changes, encoding: .utf8)
        var kept: [String] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Checksums-Sha256:") {
                skipping = true
                continue
            }
            if skipping, line.hasPrefix(" ") { continue }
            skipping = false
            kept.append(String(line))
        }
        try kept.joined(separator: "\n").write(toFile: changes, atomically: true, encoding: .utf8)
        let unhashed = try Run.tollgate(base + ["--format", "json", changes])
        let listed = try #require((try parseJSON(unhashed.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let mismatches = (listed.first { $0["upload"] != nil }?["upload"] as? [String: Any])?["checksum_mismatches"]
        #expect(
            (mismatches as? [String])?.contains("tinyfmt_1.4-1.dsc: no SHA-256 listed (Checksums-Sha256)") == true,
            "\(unhashed.stdout)")
    }

    /// Re-signs the upload's .changes in `dir` with a key `setup` (shell lines run with GNUPGHOME set) makes
    /// available as `user`.
    func resignChanges(in dir: URL, setup: String, user: String) throws -> String {
        let changes = dir.appendingPathComponent("tinyfmt_1.4-1_source.changes").path
        let resign = """
            \(setup)
            sed -n '/^-----BEGIN PGP SIGNED MESSAGE-----$/,/^-----BEGIN PGP SIGNATURE-----$/p' '\(changes)' \\
                | sed '1,/^$/d;$d' > '\(dir.path)/body'
            gpg --batch --yes --pinentry-mode loopback --passphrase '' --local-user '\(user)' \\
                --clearsign --output '\(changes)' '\(dir.path)/body'
            rm '\(dir.path)/body'
            """
        let run = try Run.withGnuPGHome(in: dir, resign)
        #expect(run.status == 0, "\(run.stderr)")
        return changes
    }

    /// The findings of the .changes document in a gate's JSON output.
    func changesFindings(_ stdout: String) throws -> (upload: [String: Any], rules: [String]) {
        let packages = try #require((try parseJSON(stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let changesDoc = try #require(packages.first { $0["upload"] != nil })
        let rules = ((changesDoc["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []).compactMap {
            $0["rule"] as? String
        }
        return (changesDoc["upload"] as? [String: Any] ?? [:], rules)
    }

    @Test func anUploadSignedByOtherThanItsSourceIsFlagged() throws {
        let dir = try upload()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Re-sign the .changes with another key of the fixtures (the .dsc stays signed by its maintainer).
        let changes = try resignChanges(
            in: dir, setup: "gpg --batch --quiet --import '\(TestPaths.fixture("keys/dana.sec.asc"))'",
            user: "dana@debian.example")
        let result = try Run.tollgate(base + ["--keyring", TestPaths.fixture("keys"), "--format", "json", changes])
        let (upload, rules) = try changesFindings(result.stdout)
        #expect(upload["same_signer"] as? Bool == false)
        #expect(rules.contains("upload-signers-differ"), "\(rules)")
    }

    /// A .changes signed by a key made for the occasion — outside the keyring — is no trusted upload: it scored 0
    /// (a well-formed signature by anybody counted as signed), and now warns (denies with the strict profile).
    @Test func anUploadSignedByAKeyOutsideTheKeyringIsFlagged() throws {
        let dir = try upload()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changes = try resignChanges(
            in: dir,
            setup: "gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key "
                + "'Stranger <stranger@example.org>' ed25519 sign never",
            user: "stranger@example.org")
        let result = try Run.tollgate(base + ["--keyring", TestPaths.fixture("keys"), "--format", "json", changes])
        let (_, rules) = try changesFindings(result.stdout)
        #expect(rules == ["upload-signer-not-in-keyring"], "\(result.stdout)")
        let strict = try Run.tollgate(base + ["--profile", "strict", "--keyring", TestPaths.fixture("keys"), changes])
        #expect(strict.status == 1, "\(strict.stdout)")
    }

    @Test func sarifValidatesAgainstTheSchema() throws {
        guard
            let schema = TestPaths.realWorld?.deletingLastPathComponent().appendingPathComponent(
                "schemas/sarif-schema-2.1.0.json"
            ).path,
            FileManager.default.fileExists(atPath: schema)
        else {
            print(TestPaths.realWorldMissing)
            return
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let waivers = dir.appendingPathComponent("w.yaml").path
        try """
        waivers:
          - rules: [setuid-file]
            package: suidtool
            versions: "*"
            reason: Needs set-uid by design.
            ticket: SEC-9
            approved_by: security@example.org
            expires: 2099-01-01
        """.write(toFile: waivers, atomically: true, encoding: .utf8)
        let sarif = dir.appendingPathComponent("out.sarif").path
        let result = try Run.tollgate(
            base + [
                "--format", "sarif", "--waivers", waivers,
                TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb"),
                TestPaths.fixture("debian-repo/pool/main/s/suidtool/suidtool_2.3-1_all.deb"),
            ])
        #expect(result.status == 1)
        try result.stdout.write(toFile: sarif, atomically: true, encoding: .utf8)
        let validate = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator(schema).validate(log)
            results = log["runs"][0]["results"]
            print(len(results), sum(1 for r in results if r.get("suppressions")))
            """
        let check = try Run.program("/usr/bin/python3", ["-c", validate, schema, sarif])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stdout.trimmingWhitespace().hasSuffix(" 1"), "one waived finding as a suppression: \(check.stdout)")
        let log = try #require(try parseJSON(result.stdout) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(
            results.contains {
                $0["ruleId"] as? String == "maintainer-script-pipes-to-shell" && $0["level"] as? String == "error"
            })
    }

    @Test func metadataOnlyDocumentsAreJudged() throws {
        let documents = """
            [{"ecosystem": "rpm", "kind": "binary", "name": "tool", "version": "1.0-1",
              "artifact": {"path": "fixtures:Packages/tool-1.0-1.noarch.rpm", "format": "rpm-metadata"}}]
            """
        let result = try Run.tollgate(base + ["--facts", "-", "--format", "json"], input: documents)
        #expect(result.status == 0, "\(result.stderr)")
        let packages = try #require((try parseJSON(result.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        #expect(packages.first?["name"] as? String == "tool")
        let bad = try Run.tollgate(base + ["--facts", "-"], input: "[{\"nmae\": \"x\"}]")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("<stdin>: error: 'nmae' is not a field of Package"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1, "said once: \(bad.stderr)")
        // A document of another version of the contract is refused, not read as this one.
        let future = try Run.tollgate(
            base + ["--facts", "-"], input: #"[{"schema_version": 2, "ecosystem": "rpm", "name": "x"}]"#)
        #expect(future.status == 2)
        #expect(future.stderr.contains("'[0].schema_version' is 2: this Tollgate reads fact documents of version 1"))
        // Numbers as RFC 8259 writes them, and finite: `01`, `.5`, `1.`, `+1` and `1e400` (infinity) were read.
        for number in ["01", ".5", "1.", "+1", "1e400", "-", "1e"] {
            let odd = try Run.tollgate(base + ["--facts", "-"], input: #"[{"name": "x", "epoch": "# + number + "}]")
            #expect(odd.status == 2, "\(number)")
            #expect(odd.stderr.contains("invalid JSON at byte 24"), "\(number): \(odd.stderr)")
        }
        let surrogate = try Run.tollgate(base + ["--facts", "-"], input: #"[{"name": "x\ud800"}]"#)
        #expect(surrogate.status == 2 && surrogate.stderr.contains("a lone surrogate (\\ud800)"), "\(surrogate.stderr)")
        let bytes = try Run.shell(
            "printf '[{\"name\": \"x\\377\"}]' | '\(TestPaths.tollgate)' gate --no-history --policies '\(policies)' --facts -"
        )
        #expect(
            bytes.status == 2 && bytes.stderr.contains("<stdin>: the fact documents are not UTF-8"), "\(bytes.stderr)")
        for number in ["0", "-0", "10", "1.5e-3", "2E+2"] {
            let read = try Run.tollgate(base + ["--facts", "-"], input: #"[{"name": "x", "epoch": "# + number + "}]")
            #expect(!read.stderr.contains("invalid JSON"), "\(number): \(read.stderr)")
        }
        // SARIF points results at package files, which fact documents have none of (a table came out instead); and
        // artefacts given beside --facts were passed over in silence.
        let sarif = try Run.tollgate(base + ["--facts", "-", "--format", "sarif"], input: documents)
        #expect(sarif.status == 64 && sarif.stdout.isEmpty)
        #expect(sarif.stderr.contains("--format sarif needs package files"), "\(sarif.stderr)")
        let both = try Run.tollgate(
            base + ["--facts", "-", TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb")],
            input: documents)
        #expect(both.status == 64 && both.stdout.isEmpty)
        #expect(both.stderr.contains("give artefacts or --facts, not both"), "\(both.stderr)")
    }

    @Test func theConfigurationFileAndWhatHappensWhenTollgateCannotJudge() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config.yaml").path
        let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        try "policies: \(policies)\nprofile: strict\non_error: allow\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let ok = try Run.tollgate(["gate", "--config", config, "--no-history", "--format", "json", deb])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect((try parseJSON(ok.stdout) as? [String: Any])?["profile"] as? String == "strict")
        // on_error: allow lets a broken setup through, and says so.
        try "policies: /nonexistent\non_error: allow\n".write(toFile: config, atomically: true, encoding: .utf8)
        let allowed = try Run.tollgate(["gate", "--config", config, "--no-history", deb])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("cannot judge; allowing, as on_error is allow"))
        // A mistake in the file is a path:line:col error, and a denial.
        try "policies: \(policies)\nprofle: strict\n".write(toFile: config, atomically: true, encoding: .utf8)
        let typo = try Run.tollgate(["gate", "--config", config, "--no-history", deb])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("\(config):2:1: error:"), "\(typo.stderr)")
        // As root, a configuration others can write is refused.
        if getuid() == 0 {
            try "policies: \(policies)\n".write(toFile: config, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: config)
            let insecure = try Run.tollgate(["gate", "--config", config, "--no-history", deb])
            #expect(insecure.status == 1)
            #expect(insecure.stderr.contains("is writable by everyone (mode 666)"), "\(insecure.stderr)")
            // So is a keyring directory anyone can add a key to: the key of their choice would then vouch.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config)
            let keys = dir.appendingPathComponent("keys")
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: TestPaths.fixture("keys/archive.asc"), toPath: keys.appendingPathComponent("archive.asc").path)
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: keys.path)
            let keyring = try Run.tollgate(["gate", "--config", config, "--keyring", keys.path, "--no-history", deb])
            #expect(keyring.status == 1)
            #expect(
                keyring.stderr.contains("\(keys.path) is writable by everyone (mode 777)"), "\(keyring.stderr)")
        }
    }

    /// As root, a gate refuses a history that someone could change who could not write it — a database or a
    /// directory on its way that everyone may write (reached through a symbolic link too), a database anyone could
    /// have put in a sticky directory, a journal SQLite would replay that such a user left — and uses one a report's
    /// own user keeps, or one root made and then handed to that user.
    @Test func aRootGateRefusesAHistoryEveryoneMayChange() throws {
        guard getuid() == 0 else { return }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        let fm = FileManager.default
        let shared = dir.appendingPathComponent("shared")
        try fm.createDirectory(at: shared, withIntermediateDirectories: true)
        let db = shared.appendingPathComponent("history.sqlite").path
        #expect(try Run.tollgate(["history", "ingest", "--db", db, TestPaths.fixture("history")]).status == 0)
        func gate(_ path: String = db) throws -> ProcessResult {
            try Run.tollgate(["gate", "--policies", policies, "--db", path, deb])
        }
        func refused(_ message: String, at path: String = db, _ line: Int = #line) throws {
            let result = try gate(path)
            #expect(result.status == 1, "line \(line)")
            #expect(result.stderr.contains(message), "line \(line): \(result.stderr)")
        }
        // Made by root and handed to a report's own user, the companion files root made still root's: used.
        #expect(try Run.shell("chown nobody '\(db)'").status == 0)
        let handed = try gate()
        #expect(handed.status == 0, "\(handed.stderr)")
        // Kept by that user: used.
        #expect(try Run.shell("chown -R nobody '\(shared.path)' && chown root '\(shared.path)'").status == 0)
        let owned = try gate()
        #expect(owned.status == 0, "\(owned.stderr)")
        try fm.setAttributes([.posixPermissions: 0o666], ofItemAtPath: db)
        try refused("\(db) is writable by everyone (mode 666)")
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: shared.path)
        try refused("\(shared.path) is writable by everyone (mode 777)")
        // Reached through a symbolic link, it is checked where SQLite opens it.
        let linked = dir.appendingPathComponent("linked")
        try fm.createDirectory(at: linked, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: linked.appendingPathComponent("history.sqlite").path, withDestinationPath: db)
        try refused("\(shared.path) is writable by everyone", at: linked.appendingPathComponent("history.sqlite").path)
        // With the sticky bit, as /tmp: no one replaces another's entry, but anyone may have put the database there.
        try fm.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: shared.path)
        try refused("\(db) is owned by uid 65534 in a directory everyone may write")
        #expect(try Run.shell("chown root '\(shared.path)'/*").status == 0)
        #expect(try gate().status == 0)
        // A journal someone else left beside it.
        #expect(try Run.shell("echo planted > '\(db)-journal' && chown daemon '\(db)-journal'").status == 0)
        try refused("\(db)-journal is owned by uid 1, who may not write the database or its directory")
        // The history was not touched by the refused runs: the planted journal is still there.
        #expect(fm.fileExists(atPath: db + "-journal"))
        // A directory, or a link, someone else made in a sticky directory everyone may write.
        #expect(try Run.shell("mkdir '\(shared.path)/theirs' && chown nobody '\(shared.path)/theirs'").status == 0)
        try refused(
            "\(shared.path)/theirs is owned by uid 65534 in a directory everyone may write",
            at: shared.appendingPathComponent("theirs/history.sqlite").path)
        try fm.createSymbolicLink(atPath: shared.appendingPathComponent("link.sqlite").path, withDestinationPath: db)
        #expect(try Run.shell("chown -h nobody '\(shared.path)/link.sqlite'").status == 0)
        try refused(
            "\(shared.path)/link.sqlite is owned by uid 65534 in a directory everyone may write",
            at: shared.appendingPathComponent("link.sqlite").path)
        // `..` after a directory that is not there names the database it leads to, as SQLite reads it.
        try fm.setAttributes([.posixPermissions: 0o666], ofItemAtPath: db)
        try refused("\(db) is writable by everyone (mode 666)", at: shared.path + "/nowhere/../history.sqlite")
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        // A link to nothing yet, in a directory everyone may write: the database would be made there.
        let world = dir.appendingPathComponent("world")
        try fm.createDirectory(at: world, withIntermediateDirectories: true)
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: world.path)
        try fm.createSymbolicLink(
            atPath: linked.appendingPathComponent("dangling.sqlite").path,
            withDestinationPath: world.appendingPathComponent("history.sqlite").path)
        try refused(
            "\(world.path) is writable by everyone (mode 777)",
            at: linked.appendingPathComponent("dangling.sqlite").path)
        #expect(!fm.fileExists(atPath: world.appendingPathComponent("history.sqlite").path))
        // A directory further up that everyone may write: anyone may replace the ones below it.
        let open = dir.appendingPathComponent("open")
        try fm.createDirectory(at: open.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: open.path)
        let below = open.appendingPathComponent("lib/history.sqlite").path
        try refused("\(open.path) is writable by everyone (mode 777)", at: below)
        // A directory on the way that belongs to someone else.
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: open.path)
        #expect(try Run.shell("chown daemon '\(open.path)'").status == 0)
        try refused("\(open.path) is owned by uid 1, who could replace the history", at: below)
    }

    /// As root, policies reached through a symbolic link — the directory itself, or a directory inside it — are
    /// checked where the link points: a link does not launder files another user can change.
    @Test func linkedPolicyDirectoriesAreCheckedWhereTheyPoint() throws {
        guard getuid() == 0 else { return }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        // A directory root owns, holding files another user owns.
        let owned = dir.appendingPathComponent("files-owned-by-nobody")
        #expect(
            try Run.shell(
                "cp -r '\(policies)' '\(owned.path)' && chown -R nobody '\(owned.path)' && chown root '\(owned.path)' '\(owned.path)/profiles'"
            ).status == 0)
        let link = dir.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: owned.path)
        let direct = try Run.tollgate(["gate", "--policies", link, "--no-history", deb])
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("is owned by uid"), "\(direct.stderr)")
        // A root-owned copy whose profiles directory is a link to the other one's.
        let mixed = dir.appendingPathComponent("mixed")
        #expect(try Run.shell("cp -r '\(policies)' '\(mixed.path)' && rm -r '\(mixed.path)/profiles'").status == 0)
        try FileManager.default.createSymbolicLink(
            atPath: mixed.appendingPathComponent("profiles").path,
            withDestinationPath: owned.appendingPathComponent("profiles").path)
        let inner = try Run.tollgate(["gate", "--policies", mixed.path, "--no-history", deb])
        #expect(inner.status == 1)
        #expect(inner.stderr.contains("profiles") && inner.stderr.contains("is owned by uid"), "\(inner.stderr)")
    }

    /// How many releases the history database at `db` holds (read with Python's sqlite3, not Tollgate).
    func releaseCount(_ db: String) throws -> Int? {
        let count = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from release').fetchone()[0])",
                db,
            ])
        return Int(count.stdout.trimmingWhitespace())
    }

    /// Every verdict is recorded as the run; only the releases the gate let through are recorded as releases: a
    /// blocked one was not published, and recording it would make its signer "seen before" at the next attempt.
    @Test func whatAGateJudgesIsRecordedInTheHistory() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let denied = TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb")
        let allowed = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        let result = try Run.tollgate([
            "gate", "--policies", policies, "--now", "2024-03-15", "--db", db, denied, allowed,
        ])
        #expect(result.status == 1)
        let query = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from run').fetchone()[0], c.execute('select name, decision from run_package order by name').fetchall(), c.execute('select name from release').fetchall())",
                db,
            ])
        #expect(
            query.stdout.trimmingWhitespace() == "1 [('hello-tg', 'allow'), ('netfetch', 'deny')] [('hello-tg',)]",
            "\(query.stdout) \(query.stderr)")
        // apt installs nothing once one package is blocked: the hook then records no release at all.
        let hookDB = dir.appendingPathComponent("hook.sqlite").path
        let hook = try Run.tollgate(
            ["apt-hook", "--policies", policies, "--db", hookDB], input: "\(denied)\n\(allowed)\n")
        #expect(hook.status == 1, "\(hook.stderr)")
        #expect(try releaseCount(hookDB) == 0)

        // An upload goes through whole or not at all: its .changes is allowed, the .dsc it carries denied, and the
        // .changes (signed by the uploader) is not recorded either — its signer would be "seen before" next time.
        let uploadDB = dir.appendingPathComponent("upload.sqlite").path
        let changes = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1_source.changes")
        let upload = try Run.tollgate([
            "gate", "--policies", policies, "--now", "2024-03-15", "--keyring", TestPaths.fixture("keys"), "--db",
            uploadDB, changes,
        ])
        #expect(
            upload.status == 1 && upload.stdout.contains("allow         0  tinyfmt 1.4-1 (changes)"), "\(upload.stdout)"
        )
        #expect(try releaseCount(uploadDB) == 0)

        // So does an upload one of whose files cannot be read (exit 2: the queue rejects it), even when its signed
        // `.changes` is allowed: the uploader's key is not "seen before" at his next attempt.
        let junk = dir.appendingPathComponent("junk")
        try FileManager.default.createDirectory(at: junk, withIntermediateDirectories: true)
        let made = try Run.withGnuPGHome(
            in: dir,
            """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/mallory.sec.asc"))'
            cd '\(junk.path)' && head -c 4096 /dev/urandom > junk_1.0-1_all.deb
            size=$(stat -c %s junk_1.0-1_all.deb)
            {
              printf 'Format: 1.8\\nDate: Mon, 01 Jan 2024 10:00:00 +0000\\nSource: junk\\nBinary: junk\\n'
              printf 'Architecture: all\\nVersion: 1.0-1\\nDistribution: unstable\\nUrgency: medium\\n'
              printf 'Maintainer: Mallory <mallory@mail.example>\\nChanged-By: Mallory <mallory@mail.example>\\n'
              printf 'Description:\\n junk - junk\\nChanges:\\n junk (1.0-1) unstable; urgency=medium\\n .\\n   * Junk.\\n'
              printf 'Checksums-Sha1:\\n %s %s junk_1.0-1_all.deb\\n' $(sha1sum junk_1.0-1_all.deb | cut -d' ' -f1) $size
              printf 'Checksums-Sha256:\\n %s %s junk_1.0-1_all.deb\\n' $(sha256sum junk_1.0-1_all.deb | cut -d' ' -f1) $size
              printf 'Files:\\n %s %s misc optional junk_1.0-1_all.deb\\n' $(md5sum junk_1.0-1_all.deb | cut -d' ' -f1) $size
            } > plain.changes
            gpg --batch --quiet --clearsign --output junk_1.0-1_all.changes plain.changes && rm plain.changes
            gpgconf --kill all
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let junkDB = dir.appendingPathComponent("junk.sqlite").path
        let unreadable = try Run.tollgate([
            "gate", "--policies", policies, "--now", "2024-03-15", "--keyring", TestPaths.fixture("keys"), "--db",
            junkDB, junk.appendingPathComponent("junk_1.0-1_all.changes").path,
        ])
        #expect(
            unreadable.status == 2 && unreadable.stdout.contains("allow"), "\(unreadable.stdout) \(unreadable.stderr)")
        #expect(try releaseCount(junkDB) == 0)
    }

    /// A history that opens but cannot be read (a table gone) is Tollgate failing to judge: the gate decides by
    /// on_error, rather than judging without the history and dropping every rule that reads it.
    @Test func anUnreadableHistoryIsAFailureToJudge() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")
        let first = try Run.tollgate(["gate", "--policies", policies, "--now", "2024-03-15", "--db", db, deb])
        #expect(first.status == 0, "\(first.stderr)")
        let drop = try Run.program(
            "/usr/bin/python3",
            ["-c", "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('DROP TABLE changelog_entry')", db])
        #expect(drop.status == 0, "\(drop.stderr)")
        let denied = try Run.tollgate(["gate", "--policies", policies, "--now", "2024-03-15", "--db", db, deb])
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("changelog_entry"), "\(denied.stderr)")
        #expect(denied.stderr.contains("cannot judge; denying, as on_error is deny"), "\(denied.stderr)")
        let config = dir.appendingPathComponent("config.yaml").path
        try "on_error: allow\n".write(toFile: config, atomically: true, encoding: .utf8)
        let allowed = try Run.tollgate([
            "gate", "--config", config, "--policies", policies, "--now", "2024-03-15", "--db", db, deb,
        ])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("cannot judge; allowing, as on_error is allow"), "\(allowed.stderr)")
    }

    /// A newcomer cannot give himself a past by uploading a throwaway release of a lower version: recorded after the
    /// package's newer releases, it is history only for releases known before it came — not for his next upload,
    /// whose takeover is denied as it was before the throwaway went through.
    @Test func aLowerVersionUploadedLaterGivesItsSignerNoPast() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try Run.withGnuPGHome(
            in: dir,
            """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/max.sec.asc"))'
            cd '\(dir.path)' && mkdir -p tinyfmt-0.1/debian/source && echo hello > tinyfmt-0.1/README
            tar czf tinyfmt_0.1.orig.tar.gz --exclude debian tinyfmt-0.1
            echo '3.0 (quilt)' > tinyfmt-0.1/debian/source/format
            printf 'tinyfmt (0.1-1) unstable; urgency=medium\\n\\n  * Initial packaging.\\n\\n -- Max Newcomer <max@mail.example>  Mon, 01 Jan 2024 10:00:00 +0000\\n' > tinyfmt-0.1/debian/changelog
            printf 'Source: tinyfmt\\nMaintainer: Max Newcomer <max@mail.example>\\nStandards-Version: 4.6.2\\n\\nPackage: tinyfmt\\nArchitecture: all\\nDescription: x\\n x\\n' > tinyfmt-0.1/debian/control
            printf '#!/usr/bin/make -f\\n%%:\\n\\tdh $@\\n' > tinyfmt-0.1/debian/rules && chmod +x tinyfmt-0.1/debian/rules
            dpkg-source -b tinyfmt-0.1 > /dev/null 2>&1
            gpg --batch --quiet --local-user max@mail.example --clearsign --output s tinyfmt_0.1-1.dsc && mv s tinyfmt_0.1-1.dsc
            (cd tinyfmt-0.1 && dpkg-genchanges --build=source -sa > ../tinyfmt_0.1-1_source.changes 2> /dev/null)
            gpg --batch --quiet --local-user max@mail.example --clearsign --output s tinyfmt_0.1-1_source.changes
            mv s tinyfmt_0.1-1_source.changes
            gpgconf --kill all
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let db = dir.appendingPathComponent("h.sqlite").path
        let keys = ["--keyring", TestPaths.fixture("keys")]
        for version in ["1.0-1", "1.1-1", "1.2-1", "1.3-1"] {
            let ingest = try Run.tollgate(
                ["history", "ingest", "--db", db] + keys + [TestPaths.fixture("history/debian/tinyfmt/\(version)")])
            try #require(ingest.status == 0, "\(ingest.stderr)")
        }
        let gate = ["gate", "--policies", policies, "--now", "2024-03-15", "--db", db] + keys
        let upload = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1_source.changes")
        let before = try Run.tollgate(gate + ["--format", "json", upload])
        let throwaway = try Run.tollgate(gate + [dir.appendingPathComponent("tinyfmt_0.1-1_source.changes").path])
        #expect(throwaway.status == 0, "it goes through, and is recorded: \(throwaway.stdout) \(throwaway.stderr)")
        let after = try Run.tollgate(gate + ["--format", "json", upload])
        func changes(_ run: ProcessResult) throws -> (rules: [String], seenBefore: Bool?) {
            let packages = try #require((try parseJSON(run.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
            let document = try #require(
                packages.first { ($0["artifact"] as? [String: Any])?["format"] as? String == "changes" })
            let findings = (document["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
            let signer = (document["history"] as? [String: Any])?["package_signer"] as? [String: Any]
            return (findings.compactMap { $0["rule"] as? String }, signer?["seen_before"] as? Bool)
        }
        let (rulesBefore, _) = try changes(before)
        let (rulesAfter, seenAfter) = try changes(after)
        #expect(rulesBefore.contains("maintainer-takeover"), "\(rulesBefore)")
        #expect(rulesAfter == rulesBefore && seenAfter == false, "\(rulesAfter) \(String(describing: seenAfter))")
        #expect(after.status == 1)
        let show = try Run.tollgate(["history", "show", "--db", db, "tinyfmt"])
        #expect(show.stdout.contains("recorded after a newer version"), "\(show.stdout)")
    }

    /// A history whose package index is damaged opens and loads, but the rows of one package cannot be read: the
    /// release judged against them (and its tarball's previous test data) is Tollgate failing to judge — the gate
    /// decides by on_error, `scan` and `facts` say so (exit 2) — not a release with no history, nor a tarball that
    /// could not be read.
    @Test func aHistoryDamagedWhereOnePackageIsReadIsAFailureToJudge() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let pool = TestPaths.fixture("debian-repo/pool/main/t/tinyfmt")
        let ingest = try Run.tollgate(["history", "ingest", "--db", db, "\(pool)/tinyfmt_1.3-1_all.deb"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let damage = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                size = c.execute('PRAGMA page_size').fetchone()[0]
                root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'release_by_package'").fetchone()[0]
                c.close()
                with open(sys.argv[1], 'r+b') as f:
                    f.seek((root - 1) * size)
                    f.write(b'\\xa5' * size)
                """,
                db,
            ])
        #expect(damage.status == 0, "\(damage.stderr)")
        for (command, status) in [(["gate"], Int32(1)), (["scan", "--policies", policies], 2), (["facts"], 2)] {
            // `scan` reads no tarball: its .dsc needs only the (sound) rows of the source package.
            for artefact in ["tinyfmt_1.4-1_all.deb"]
                + (command == ["facts"] || command == ["gate"] ? ["tinyfmt_1.4-1.dsc"] : [])
            {
                let run = try Run.tollgate(
                    command + (command == ["gate"] ? ["--policies", policies] : []) + [
                        "--now", "2024-03-15", "--db", db, "\(pool)/\(artefact)",
                    ])
                #expect(run.status == status, "\(command) \(artefact): \(run.stdout) \(run.stderr)")
                #expect(
                    run.stderr.contains("tollgate: error: \(db): SQLite error 11: database disk image is malformed"),
                    "\(command) \(artefact): \(run.stderr)")
                #expect(!run.stderr.contains("not inspected"), "\(command) \(artefact): \(run.stderr)")
            }
        }
    }

    /// apt's hook input that cannot be read whole — a closed or unreadable descriptor, a configuration cut short —
    /// is no answer: the hook refuses rather than letting apt go on.
    @Test func hookInputThatCannotBeReadWholeIsRefused() throws {
        let hook = ["apt-hook", "--policies", policies, "--no-history"]
        let cut = try Run.tollgate(hook, input: "VERSION 3\nAPT::Architecture=amd64\nDir::Etc=etc\n")
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("does not end with a blank line"), "\(cut.stderr)")
        let tollgate = TestPaths.tollgate
        for descriptor in ["9<&-", "9</"] {
            let run = try Run.shell("APT_HOOK_INFO_FD=9 '\(tollgate)' \(hook.joined(separator: " ")) \(descriptor)")
            #expect(run.status == 1, "\(descriptor): \(run.stderr)")
            #expect(run.stderr.contains("cannot read apt's hook input (descriptor 9)"), "\(descriptor): \(run.stderr)")
        }
        // A closed descriptor 3 (apt's) or standard input: the descriptor Tollgate opens for its own use must not
        // take that number, or the hook reads itself and waits for ever (`timeout` bounds the test if it does).
        for (fd, closed) in [("3", "3<&-"), ("0", "0<&-")] {
            let run = try Run.shell(
                "APT_HOOK_INFO_FD=\(fd) timeout 60 '\(tollgate)' \(hook.joined(separator: " ")) \(closed)")
            #expect(run.status == 1, "\(closed): \(run.stderr)")
            #expect(
                run.stderr.contains("cannot read apt's hook input (descriptor \(fd)): Bad file descriptor"),
                "\(closed): \(run.stderr)")
        }
    }

    /// apt names the hook's tool options after the command's first word and reads the command as a quoted string:
    /// an executable path with a space (or a quote in an argument) would make every apt command fail with a syntax
    /// error. Such a path is refused, and nothing is written.
    @Test func integrationsRefuseWhatTheirFilesCannotCarry() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (arguments, named) in [
            (["--binary", "/opt/my tools/tollgate"], "/opt/my tools/tollgate"),
            (["--binary", "tollgate"], "tollgate"),
            (["--binary", "/usr/local/bin/tollgate", "--", "--config", "/etc/x\"y"], "/etc/x\"y"),
            (["--binary", "/usr/local/bin/tollgate", "--", "--policies", "/p%41/x"], "/p%41/x"),
        ] {
            for target in ["apt", "dnf", "dnf5"] {
                let install = try Run.tollgate(["hooks", "install", target, "--root", dir.path] + arguments)
                #expect(install.status == 2, "\(target) \(arguments): \(install.stderr)")
                #expect(install.stderr.hasPrefix("tollgate: error: \(named): "), "\(install.stderr)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let fine = try Run.tollgate([
            "hooks", "install", "apt", "--root", dir.path, "--binary", "/usr/local/bin/tollgate",
        ])
        #expect(fine.status == 0, "\(fine.stderr)")
        let config = try Run.program(
            "/usr/bin/apt-config", ["-c", dir.appendingPathComponent("etc/apt/apt.conf.d/80tollgate").path, "dump"])
        #expect(config.status == 0 && config.stdout.contains("/usr/local/bin/tollgate apt-hook"), "\(config.stderr)")

        // One file in the way refuses the whole install before anything is written; the directories root's dnf
        // loads code from are made 0755 whatever the umask.
        let conf = dir.appendingPathComponent("etc/dnf/plugins/tollgate.conf")
        try FileManager.default.createDirectory(
            at: conf.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "[main]\nenabled = 0\n".write(to: conf, atomically: true, encoding: .utf8)
        let refused = try Run.tollgate(["hooks", "install", "dnf", "--root", dir.path, "--binary", "/usr/bin/tollgate"])
        #expect(refused.status == 2, "\(refused.stderr)")
        let plugin = dir.appendingPathComponent("usr/lib/python3/dist-packages/dnf-plugins")
        #expect(!FileManager.default.fileExists(atPath: plugin.path), "nothing of the install was written")
        try FileManager.default.removeItem(at: conf)
        let loose = try Run.shell(
            "umask 000 && '\(TestPaths.tollgate)' hooks install dnf --root '\(dir.path)' --binary /usr/bin/tollgate")
        #expect(loose.status == 0, "\(loose.stderr)")
        for directory in [plugin, conf.deletingLastPathComponent()] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
            #expect(mode == 0o755, "\(directory.path): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func locateFindsArtefactsByName() throws {
        let result = try Run.tollgate(
            base + ["--locate-in", TestPaths.fixture("debian-repo/pool"), "Packages/h/hello-tg_1.0-1_all.deb"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hello-tg 1.0-1"))

        // A file of the same relative path under the current directory is not the one dnf5 installs; a name found
        // twice in the cache (two repositories) is refused rather than guessed.
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let decoy = dir.appendingPathComponent("cwd/Packages/n")
        try FileManager.default.createDirectory(at: decoy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
            toPath: decoy.appendingPathComponent("netfetch_0.9-1_all.deb").path)
        let cache = TestPaths.fixture("debian-repo/pool")
        let arguments = (base + ["--locate-in", cache, "Packages/n/netfetch_0.9-1_all.deb"]).map { "'\($0)'" }
        let fromCache = try Run.shell(
            "cd '\(dir.path)/cwd' && '\(TestPaths.tollgate)' \(arguments.joined(separator: " "))")
        #expect(fromCache.status == 1 && fromCache.stdout.contains("netfetch 0.9-1"), "\(fromCache.stdout)")
        let twice = dir.appendingPathComponent("cache")
        for repository in ["a", "b"] {
            let packages = twice.appendingPathComponent("\(repository)/packages")
            try FileManager.default.createDirectory(at: packages, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
                toPath: packages.appendingPathComponent("hello-tg_1.0-1_all.deb").path)
        }
        // Run from a directory holding a decoy under each relative path: neither a name found twice in the cache nor
        // one not there at all falls back to the decoy.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("cwd/Packages/h"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
            toPath: dir.appendingPathComponent("cwd/Packages/h/hello-tg_1.0-1_all.deb").path)
        for (relative, reason) in [
            ("Packages/h/hello-tg_1.0-1_all.deb", "2 files of this name under \(twice.path); not judged"),
            ("Packages/n/netfetch_0.9-1_all.deb", "no file of this name under \(twice.path)"),
        ] {
            let words = (base + ["--locate-in", twice.path, relative]).map { "'\($0)'" }
            let refused = try Run.shell(
                "cd '\(dir.path)/cwd' && '\(TestPaths.tollgate)' \(words.joined(separator: " "))")
            #expect(refused.status == 2, "\(relative): \(refused.stdout)")
            #expect(refused.stderr.contains("tollgate: error: \(relative): \(reason)"), "\(refused.stderr)")
            #expect(!refused.stdout.contains("hello-tg"), "no decoy judged: \(refused.stdout)")
        }
    }
}
