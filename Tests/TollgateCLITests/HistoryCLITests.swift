import Foundation
import Testing
import TollgateTestSupport

/// `tollgate history …` and the `--db`/`--keyring` options of `facts` and `scan`, as a subprocess.
@Suite struct HistoryCLITests {
    let keyrings = ["alice", "mallory", "debian-maintainers", "archive"].flatMap {
        ["--keyring", TestPaths.fixture("keys/\($0).asc")]
    }

    func ingested() throws -> (dir: URL, db: String) {
        let dir = try TestPaths.temporaryDirectory()
        let db = dir.appendingPathComponent("state/history.sqlite").path
        let result = try Run.tollgate(
            ["history", "ingest", "--db", db] + keyrings + [
                TestPaths.fixture("upstream"), TestPaths.fixture("history"),
            ]
        )
        #expect(result.status == 0, "\(result.stderr)")
        return (dir, db)
    }

    @Test func ingestIsIdempotentAndShowMarksTheChanges() throws {
        let (dir, db) = try ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let again = try Run.tollgate(
            ["history", "ingest", "--db", db] + keyrings + [
                TestPaths.fixture("upstream"), TestPaths.fixture("history"),
            ]
        )
        #expect(again.status == 0)
        #expect(again.stdout.contains(": 0 release(s) added, "), "\(again.stdout)")

        let show = try Run.tollgate(["history", "show", "--db", db, "tinyfmt"])
        #expect(show.status == 0)
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ECOSYSTEM") == true)
        let tag14 = try #require(lines.first { $0.contains("git-tag") && $0.contains(" 1.4 ") })
        #expect(tag14.hasSuffix("← new tag signer"))
        #expect(tag14.contains("Mallory Helper"))
        let dsc14 = try #require(lines.first { $0.contains(" dsc ") && $0.contains("1.4-1") })
        #expect(dsc14.hasSuffix("← maintainer changed, new package signer, new upstream signer"))
        #expect(lines.filter { $0.contains("←") }.count == 3, "only where something changed")
        #expect(!lines.contains { $0.contains(" 1.2 ") && $0.contains("←") })

        let missing = try Run.tollgate(["history", "show", "--db", db, "no-such-package"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "tollgate: error: no release of 'no-such-package' in \(db)\n")
        let noDatabase = try Run.tollgate([
            "history", "show", "--db", dir.appendingPathComponent("none.sqlite").path, "x",
        ])
        #expect(noDatabase.status == 2)
        #expect(noDatabase.stderr.contains("no history database"))
    }

    @Test func factsSayWhenTheHistoryIsAbsent() throws {
        let (dir, db) = try ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc")
        // No --db and no default database under this XDG_STATE_HOME.
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = dir.appendingPathComponent("empty-state").path
        let without = try Run.tollgate(["facts", "--no-policy", dsc] + keyrings, environment: environment)
        #expect(without.status == 0, "\(without.stderr)")
        let absent = try #require(
            (try parseJSON(without.stdout) as? [[String: Any]])?.first?["history"] as? [String: Any])
        #expect(absent["available"] as? Bool == false)

        let with = try Run.tollgate(["facts", "--no-policy", "--db", db, dsc] + keyrings)
        let history = try #require(
            (try parseJSON(with.stdout) as? [[String: Any]])?.first?["history"] as? [String: Any])
        #expect(history["available"] as? Bool == true)
        #expect(history["releases_before"] as? Int == 4)
        let signer = try #require(history["package_signer"] as? [String: Any])
        #expect(signer["seen_before"] as? Bool == false)
        #expect((signer["previous_tenure_days"] as? Double ?? 0) > 1000)
        #expect(history["new_people"] as? [String] == ["max@mail.example"])

        // The default database is used when present.
        environment["XDG_STATE_HOME"] = dir.appendingPathComponent("state").path
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("state/tollgate"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: db, toPath: dir.appendingPathComponent("state/tollgate/history.sqlite").path)
        let byDefault = try Run.tollgate(["facts", "--no-policy", dsc] + keyrings, environment: environment)
        let found = try #require(
            (try parseJSON(byDefault.stdout) as? [[String: Any]])?.first?["history"] as? [String: Any])
        #expect(found["available"] as? Bool == true)
    }

    @Test func anIndexEntryIsTheReleaseOfItsDscWhateverCaseItsDigestIsWrittenIn() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("history.sqlite").path
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc")
        let first = try Run.tollgate(["history", "ingest", "--db", db, dsc])
        #expect(first.stdout.contains(": 1 release(s) added, 0 already known"), "\(first.stdout)\(first.stderr)")

        let sha256 = try Run.shell("sha256sum '\(dsc)'").stdout.prefix(64).uppercased()
        #expect(sha256.count == 64)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dsc)[.size] as? Int)
        // The .dsc's digest in upper case, and an entry whose digest is no hex at all (kept as written).
        let sources = dir.appendingPathComponent("Sources").path
        try """
        Package: tinyfmt
        Version: 1.4-1
        Checksums-Sha256:
         \(sha256) \(size) tinyfmt_1.4-1.dsc

        Package: oddsum
        Version: 1.0-1
        Checksums-Sha256:
         not-a-digest 12 oddsum_1.0-1.dsc

        """.write(toFile: sources, atomically: true, encoding: .utf8)
        let index = try Run.tollgate(["history", "ingest", "--db", db, sources])
        #expect(index.stdout.contains(": 1 release(s) added, 1 already known"), "\(index.stdout)\(index.stderr)")
        let again = try Run.tollgate(["history", "ingest", "--db", db, sources])
        #expect(again.stdout.contains(": 0 release(s) added, 2 already known"), "\(again.stdout)\(again.stderr)")
    }

    /// What a timeline prints comes from package metadata: an escape sequence in a maintainer's name (`\e[8m` hides
    /// the rest of the line on a terminal, its "maintainer changed" note included) is shown, not obeyed.
    @Test func theTimelineNeutralisesEscapeSequences() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let sources = dir.appendingPathComponent("Sources").path
        try """
        Package: hidden
        Version: 1.0-1
        Maintainer: Dana Maintainer <dana@debian.example>

        Package: hidden
        Version: 1.1-1
        Maintainer: Max\u{1B}[8m <max@mail.example>

        """.write(toFile: sources, atomically: true, encoding: .utf8)
        #expect(try Run.tollgate(["history", "ingest", "--db", db, sources]).status == 0)
        let show = try Run.tollgate(["history", "show", "--db", db, "hidden"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(!show.stdout.contains("\u{1B}") && show.stdout.contains("Max\\x1B[8m"), "\(show.stdout)")
        #expect(show.stdout.contains("maintainer changed"), "\(show.stdout)")
    }

    /// A stable branch's update is recorded after the development version above it (a report over several suites,
    /// a history filled in over several runs): it is still the past of the branch's next update — only a release
    /// above the newest version recorded before it loses it (see `aLowerVersionUploadedLaterGivesItsSignerNoPast`).
    @Test func aStableUpdateRecordedAfterANewerVersionIsTheNextUpdatesPast() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        func stanza(_ version: String, _ maintainer: String) -> String {
            // A digest of its own for each version: its bytes in hex, padded.
            let hex = version.utf8.map { String(format: "%02x", $0) }.joined()
            let digest = String((hex + String(repeating: "0", count: 64)).prefix(64))
            return "Package: foo\nVersion: \(version)\nMaintainer: \(maintainer)\nChecksums-Sha256:\n"
                + " \(digest) 10 foo_\(version).dsc\n\n"
        }
        let dana = "Dana Maintainer <dana@debian.example>"
        let team = "Security Team <team@security.example>"
        for (name, text) in [
            ("development", stanza("1.5-1", dana) + stanza("2.0-1", dana)), ("stable", stanza("1.5-1+deb12u1", team)),
        ] {
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("\(name)/Sources").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let ingest = try Run.tollgate(["history", "ingest", "--db", db, file])
            try #require(ingest.status == 0, "\(ingest.stderr)")
        }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("next"), withIntermediateDirectories: true)
        let next = dir.appendingPathComponent("next/Sources").path
        try stanza("1.5-1+deb12u2", team).write(toFile: next, atomically: true, encoding: .utf8)
        let facts = try Run.tollgate(["facts", "--no-policy", "--db", db, next])
        let history = try #require(
            (try parseJSON(facts.stdout) as? [[String: Any]])?.first?["history"] as? [String: Any], "\(facts.stderr)")
        #expect(history["previous_version"] as? String == "1.5-1+deb12u1", "\(history)")
        #expect((history["new_people"] as? [String]) == [], "\(history)")
    }

    /// A row whose text columns hold bytes that are no text (a damaged or altered database) is read as what it
    /// holds, never a trap that takes the gate down before `on_error` can say anything.
    @Test func aDamagedRowIsReadNotATrap() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        for version in ["1.0-1", "1.1-1", "1.2-1", "1.3-1"] {
            let ingest = try Run.tollgate([
                "history", "ingest", "--db", db, TestPaths.fixture("history/debian/tinyfmt/\(version)"),
            ])
            try #require(ingest.status == 0, "\(ingest.stderr)")
        }
        let damage = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                c.execute("UPDATE release SET version = x'ff00fe' WHERE version = '1.2-1' AND origin = 'dsc'")
                c.execute("UPDATE release SET maintainer_raw = x'ff', released_at = 'soon' WHERE version = '1.1-1'")
                c.commit()
                """,
                db,
            ])
        try #require(damage.status == 0, "\(damage.stderr)")
        let show = try Run.tollgate(["history", "show", "--db", db, "tinyfmt"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\u{FFFD}"), "the bytes shown as what they are: \(show.stdout)")
        let gate = try Run.tollgate([
            "gate", "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15",
            "--db", db, TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1_source.changes"),
        ])
        #expect([0, 1].contains(gate.status), "\(gate.status) \(gate.stderr)")
        #expect(!gate.stderr.contains("Fatal error"), "\(gate.stderr)")
    }

    /// A database a newer Tollgate migrated holds what this one cannot read right: refused, saying so.
    @Test func aDatabaseOfANewerSchemaIsRefused() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc")
        #expect(try Run.tollgate(["history", "ingest", "--db", db, dsc]).status == 0)
        let future = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v99-future')\"); c.commit()",
                db,
            ])
        #expect(future.status == 0, "\(future.stderr)")
        let show = try Run.tollgate(["history", "show", "--db", db, "tinyfmt"])
        #expect(show.status == 2)
        #expect(show.stderr.contains("\(db): written by a newer Tollgate"), "\(show.stderr)")
    }

    /// An index entry may list any file's checksum as its own .dsc's: an entry for `victim` naming another
    /// package's signed .dsc — by that file's name, or by its own — must not take that package's signer as the
    /// victim's, and the signed package is still recorded as itself.
    @Test func anIndexEntryCannotTakeAnotherPackagesDscAsItsOwn() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dsc = TestPaths.fixture("history/debian/quietd/2.1-1/quietd_2.1-1.dsc")
        let sha256 = try Run.shell("sha256sum '\(dsc)'").stdout.prefix(64)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dsc)[.size] as? Int)
        // The victim's entry listing quietd's .dsc by that file's name or by its own, and — in the same index,
        // before quietd's genuine entry — claiming its digest first (quietd's release must not be erased).
        for (listed, genuine) in [("quietd_2.1-1.dsc", false), ("victim_0.1-1.dsc", false), ("victim_0.1-1.dsc", true)]
        {
            let db = dir.appendingPathComponent("\(listed)-\(genuine).sqlite").path
            let sources = dir.appendingPathComponent("Sources").path
            try """
            Package: victim
            Version: 0.1-1
            Maintainer: Dana Maintainer <dana@debian.example>
            Checksums-Sha256:
             \(sha256) \(size) \(listed)

            \(genuine ? "Package: quietd\nVersion: 2.1-1\nChecksums-Sha256:\n \(sha256) \(size) quietd_2.1-1.dsc\n" : "")
            """.write(toFile: sources, atomically: true, encoding: .utf8)
            for input in [sources, dsc] {
                let ingest = try Run.tollgate([
                    "history", "ingest", "--db", db, "--keyring", TestPaths.fixture("keys"), input,
                ])
                #expect(ingest.status == 0, "\(ingest.stderr)")
                if genuine && input == sources {
                    let entry = try Run.tollgate(["history", "show", "--db", db, "quietd"])
                    #expect(
                        entry.stdout.contains("sources-index") && entry.stdout.contains("2.1-1"),
                        "\(entry.stdout) \(entry.stderr)")
                }
            }
            let victim = try Run.tollgate(["history", "show", "--db", db, "victim"])
            #expect(victim.stdout.contains("sources-index") && !victim.stdout.contains("package="), "\(victim.stdout)")
            let quietd = try Run.tollgate(["history", "show", "--db", db, "quietd"])
            #expect(quietd.stdout.contains("debian     dsc ") && quietd.stdout.contains("package="), "\(quietd.stdout)")
        }
    }

    /// The history of a release must not depend on the order its observations came in: a `Sources` entry says no
    /// signer and carries no changelog, and a `.dsc` read without keys says `unverified`; the same release read
    /// later from its signed `.dsc`, with keys, completes the row (else the next release's signer looks like the
    /// first ever, and a takeover goes unseen).
    @Test func aLaterObservationCompletesWhatAnEarlierOneCouldNotSay() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let release = dir.appendingPathComponent("2.0-1")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: TestPaths.fixture("history/debian/quietd/2.0-1")), to: release)
        let sources = try Run.shell("cd '\(release.path)' && dpkg-scansources . > Sources")
        #expect(sources.status == 0, "\(sources.stderr)")
        let dsc = release.appendingPathComponent("quietd_2.0-1.dsc").path
        let keys = ["--keyring", TestPaths.fixture("keys")]
        let next = TestPaths.fixture("history/debian/quietd/2.1-1/quietd_2.1-1.dsc")
        func history(_ db: String) throws -> [String: Any] {
            let facts = try Run.tollgate(["facts", "--no-policy", "--db", db] + keys + [next])
            let document = (try parseJSON(facts.stdout) as? [[String: Any]])?.first
            return try #require(document?["history"] as? [String: Any], "\(facts.stdout)\(facts.stderr)")
        }
        // The index entry first, then its .dsc.
        let indexFirst = dir.appendingPathComponent("index-first.sqlite").path
        for input in [release.appendingPathComponent("Sources").path, dsc] {
            let ingest = try Run.tollgate(["history", "ingest", "--db", indexFirst] + keys + [input])
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        // The .dsc without keys, then with them; then with and without them again, which has nothing to complete
        // and must not undo what the keys said.
        let keysLater = dir.appendingPathComponent("keys-later.sqlite").path
        var outputs: [String] = []
        for options in [[], keys, keys, []] {
            let ingest = try Run.tollgate(["history", "ingest", "--db", keysLater] + options + [dsc])
            #expect(ingest.status == 0, "\(ingest.stderr)")
            outputs.append(ingest.stdout)
        }
        #expect(outputs[1].contains("1 already known, 1 of them completed, 0 changelog entries"), "\(outputs[1])")
        #expect(outputs[2].contains("1 already known, 0 changelog entries"), "\(outputs[2])")
        #expect(outputs[3].contains("1 already known, 0 changelog entries"), "\(outputs[3])")
        let signedByOlga = ["package": "42F758BBEB980CB6", "upstream": "77EA23E6C3414ABC"]
        for db in [indexFirst, keysLater] {
            let facts = try history(db)
            #expect(facts["signed_releases_before"] as? Int == 1, "\(db): \(facts)")
            let signers = (facts["signers"] as? [[String: Any]] ?? []).map {
                "\($0["role"] ?? "")=\(String(($0["fingerprint"] as? String ?? "").suffix(16)))"
            }
            #expect(Set(signers) == Set(signedByOlga.map { "\($0)=\($1)" }), "\(db): \(facts)")
            #expect((facts["people"] as? [[String: Any]])?.count == 1, "\(db): the changelog's people")
            let show = try Run.tollgate(["history", "show", "--db", db, "quietd"])
            #expect(show.stdout.contains("debian     dsc "), "\(show.stdout)")
        }
    }

    /// A `--db` that names no database (a typo) is an error for the commands that only read the history — not a
    /// new, empty one that says every package has no past and turns the history rules off; a gate, which records
    /// what it lets through, may start one, and says so.
    @Test func aDatabaseThatIsNotThereIsNotAnEmptyHistory() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("typo/history.sqlite").path
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc")
        for command in [
            ["facts", "--db", missing, dsc], ["scan", "--db", missing, dsc], ["history", "show", "--db", missing, "x"],
        ] {
            let run = try Run.tollgate(command)
            #expect(run.status == 2, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("\(missing): no history database here"), "\(command): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("typo").path))
        let gate = try Run.tollgate([
            "gate", "--policies", TestPaths.root.appendingPathComponent("policies").path, "--db", missing,
            TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb"),
        ])
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stderr.contains("\(missing): a new, empty history database"), "\(gate.stderr)")
        #expect(FileManager.default.fileExists(atPath: missing))
    }

    @Test func scanWithHistoryDeniesTheTakeoverAndAllowsTheHandover() throws {
        let (dir, db) = try ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scan = try Run.tollgate(
            ["scan", "--db", db, "--format", "json"] + keyrings + [
                TestPaths.fixture("history/debian/tinyfmt/1.4-1"), TestPaths.fixture("history/debian/quietd"),
            ]
        )
        #expect(scan.status == 1, "a denial: \(scan.stderr)")
        let object = try #require(try parseJSON(scan.stdout) as? [String: Any])
        let packages = try #require(object["packages"] as? [[String: Any]])
        func verdict(_ name: String, _ version: String, _ format: String) -> [String: Any]? {
            packages.first {
                $0["name"] as? String == name && $0["version"] as? String == version
                    && ($0["artifact"] as? [String: Any])?["format"] as? String == format
            }?["verdict"] as? [String: Any]
        }
        let takeover = try #require(verdict("tinyfmt", "1.4-1", "dsc"))
        #expect(takeover["decision"] as? String == "deny")
        let rules = (takeover["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("maintainer-takeover"))
        #expect(rules.contains("new-upstream-signer"))
        let handover = try #require(verdict("quietd", "2.1-1", "dsc"))
        #expect(handover["decision"] as? String == "allow", "\(handover)")
    }

    /// A history written by one user (a report's own, or root) is read by another who may not write it or its
    /// directory: the commands that only read open it read-only, and a writer leaves the companion files SQLite needs
    /// for that (`-wal`, `-shm`). Without them, and for a command that records, the error says what this user may not
    /// do. The other user runs a copy of the binary, its inputs copied where it may read them.
    @Test func anotherUserReadsAHistoryItMayNotWrite() throws {
        guard getuid() == 0 else { return }
        let (dir, db) = try ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let tinyfmt = dir.appendingPathComponent("tinyfmt").path
        let binary = dir.appendingPathComponent("tollgate").path
        let copied = try Run.shell(
            "cp -r '\(TestPaths.fixture("history/debian/tinyfmt/1.4-1"))' '\(tinyfmt)' && cp -r '\(TestPaths.fixture("keys"))' "
                + "'\(dir.path)/keys' && cp -r '\(TestPaths.root.path)/policies' '\(dir.path)/policies' && "
                + "cp '\(TestPaths.tollgate)' '\(binary)' && chmod -R a+rX '\(dir.path)'")
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(fm.fileExists(atPath: db + "-wal") && fm.fileExists(atPath: db + "-shm"), "the writer left them")
        let before = try fm.attributesOfItem(atPath: db)[.modificationDate] as? Date
        func asNobody(_ arguments: [String]) throws -> ProcessResult {
            try Run.program(
                "/usr/sbin/runuser",
                ["-u", "nobody", "--", "env", "XDG_STATE_HOME=/nonexistent", binary] + arguments)
        }
        let keys = ["--keyring", "\(dir.path)/keys"]
        let show = try asNobody(["history", "show", "--db", db, "tinyfmt"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Max Newcomer"), "\(show.stdout)")
        let scan = try asNobody(
            ["scan", "--db", db, "--policies", "\(dir.path)/policies", "--format", "json"] + keys + [tinyfmt])
        #expect(scan.status == 1, "the takeover is denied: \(scan.stderr)")
        #expect(scan.stdout.contains("maintainer-takeover"))
        #expect(try fm.attributesOfItem(atPath: db)[.modificationDate] as? Date == before, "nothing written")
        // A gate records what it lets through: this user may not, and is told so (on_error: deny).
        let gate = try asNobody(["gate", "--db", db, "--policies", "\(dir.path)/policies"] + keys + [tinyfmt])
        #expect(gate.status == 1)
        #expect(gate.stderr.contains("this user (uid 65534) may not write \(db) or "), "\(gate.stderr)")
        #expect(gate.stderr.contains("which this command needs"), "\(gate.stderr)")
        // A database whose companion files are gone (as an earlier Tollgate left them): what is missing is named.
        try fm.removeItem(atPath: db + "-wal")
        try fm.removeItem(atPath: db + "-shm")
        let bare = try asNobody(["history", "show", "--db", db, "tinyfmt"])
        #expect(bare.status == 2)
        #expect(
            bare.stderr.contains(
                "\(db)-wal and \(db)-shm, which SQLite needs beside the database to read it then, are "
                    + "missing"), "\(bare.stderr)")
        // One run by a user who may write it leaves them there again.
        #expect(try Run.tollgate(["history", "show", "--db", db, "tinyfmt"]).status == 0)
        #expect(try asNobody(["history", "show", "--db", db, "tinyfmt"]).status == 0)
    }

    /// The companion files stay only when root or the database's owner closes it. A database root made and handed
    /// to a report's user, its companions still root's, is read by that user read-only, and a command that writes
    /// names the files it may not write; a member of the database's group who may write it leaves none of its own (a
    /// root gate would refuse a journal left by someone else than the database's owner).
    @Test func companionFilesStayTheOwnersOnly() throws {
        guard getuid() == 0 else { return }
        let (dir, db) = try ingested()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let state = (db as NSString).deletingLastPathComponent
        let binary = dir.appendingPathComponent("tollgate").path
        let tinyfmt = dir.appendingPathComponent("tinyfmt").path
        let copied = try Run.shell(
            "cp -r '\(TestPaths.fixture("history/debian/tinyfmt/1.4-1"))' '\(tinyfmt)' && "
                + "cp '\(TestPaths.tollgate)' '\(binary)' && chmod -R a+rX '\(dir.path)' && chown daemon '\(db)' '\(state)'"
        )
        #expect(copied.status == 0, "\(copied.stderr)")
        func run(_ user: [String], _ arguments: [String]) throws -> ProcessResult {
            try Run.program(
                user[0], Array(user.dropFirst()) + ["env", "XDG_STATE_HOME=/nonexistent", binary] + arguments)
        }
        let daemon = ["/usr/sbin/runuser", "-u", "daemon", "--"]
        let show = try run(daemon, ["history", "show", "--db", db, "tinyfmt"])
        #expect(show.status == 0, "\(show.stderr)")
        let ingest = try run(daemon, ["history", "ingest", "--db", db, tinyfmt])
        #expect(ingest.status == 2)
        #expect(
            ingest.stderr.contains("this user (uid 1) may not write \(db)-wal or \(db)-shm, which this command needs"),
            "\(ingest.stderr)")
        // Kept by daemon for its group, without companion files (as an earlier Tollgate or sqlite3 leaves it).
        #expect(
            try Run.shell(
                "rm '\(db)-wal' '\(db)-shm' && chown -R daemon:daemon '\(state)' && chmod 2775 '\(state)' && "
                    + "chmod 664 '\(db)'"
            ).status == 0)
        let member = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--groups=1"]
        // A member who may write the directory but not the database reads nothing rather than leave companion
        // files of its own, which the database's owner could not write.
        #expect(try Run.shell("chmod 644 '\(db)'").status == 0)
        let refused = try run(member, ["history", "show", "--db", db, "tinyfmt"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("which SQLite needs beside the database to read it then"), "\(refused.stderr)")
        #expect(!fm.fileExists(atPath: db + "-wal") && !fm.fileExists(atPath: db + "-shm"), "the reader left them")
        #expect(try Run.shell("chmod 664 '\(db)'").status == 0)
        let read = try run(member, ["history", "show", "--db", db, "tinyfmt"])
        #expect(read.status == 0, "\(read.stderr)")
        let written = try run(member, ["history", "ingest", "--db", db, tinyfmt])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(!fm.fileExists(atPath: db + "-wal") && !fm.fileExists(atPath: db + "-shm"), "a member left them")
        // The owner leaves them, for readers that may not make them.
        #expect(try run(daemon, ["history", "show", "--db", db, "tinyfmt"]).status == 0)
        let owner = try fm.attributesOfItem(atPath: db + "-shm")[.ownerAccountID] as? NSNumber
        #expect(owner?.intValue == 1)
    }
}

/// Which keys verify what: keyring directories, and a source package's own upstream keys.
@Suite struct KeyringCLITests {
    func signatures(_ arguments: [String]) throws -> [[String: Any]] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = "/nonexistent"
        let result = try Run.tollgate(["facts", "--no-policy"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(
            (try parseJSON(result.stdout) as? [[String: Any]])?.first?["signatures"] as? [[String: Any]])
    }

    @Test func theUpstreamTarballVerifiesAgainstThePackagesOwnKeys() throws {
        let dsc = TestPaths.fixture("history/debian/tinyfmt/1.3-1/tinyfmt_1.3-1.dsc")
        let alone = try signatures([dsc])
        // No keyring given: the .dsc's own signature stays unverified, the upstream one checks out against
        // debian/upstream/signing-key.asc, as uscan would check it.
        #expect(alone.first { $0["kind"] as? String == "clearsigned" }?["status"] as? String == "unverified")
        let upstream = try #require(alone.first { $0["kind"] as? String == "detached" })
        #expect(upstream["status"] as? String == "good")
        #expect((upstream["detail"] as? String)?.contains("debian/upstream/signing-key") == true)
        // A keyring directory: every public key file in it (secret key files are passed over).
        let all = try signatures(["--keyring", TestPaths.fixture("keys"), dsc])
        #expect(all.allSatisfy { $0["status"] as? String == "good" }, "\(all)")
    }

    @Test func aMissingKeyringIsAnError() throws {
        let result = try Run.tollgate([
            "facts", "--keyring", "/nonexistent/ring.gpg",
            TestPaths.fixture("history/debian/tinyfmt/1.3-1/tinyfmt_1.3-1.dsc"),
        ])
        #expect(result.status == 2)
        #expect(result.stderr == "tollgate: error: /nonexistent/ring.gpg: no such keyring file or directory\n")
    }
}
