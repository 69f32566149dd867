import Foundation
import Testing
import TollgateTestSupport

/// `tollgate report` on the fixtures, twice: the files, their schemas, the comparison with the previous run, and the
/// HTML page as headless Chromium renders it.
@Suite(.serialized) struct ReportTests {
    /// The two runs, made once for the suite (each test reads them; a report of the fixtures takes seconds).
    static let shared: Result<(dir: URL, first: URL, second: URL), any Error> = Result { try makeTwoRuns() }

    func twoRuns() throws -> (dir: URL, first: URL, second: URL) { try Self.shared.get() }

    /// Two runs into one history: the first over part of the fixtures, the second over all of them.
    static func makeTwoRuns() throws -> (dir: URL, first: URL, second: URL) {
        let dir = try TestPaths.temporaryDirectory()
        let db = dir.appendingPathComponent("history.sqlite").path
        let common = [
            "--db", db, "--keyring", TestPaths.fixture("keys"), "--now", "2024-03-15", "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
        ]
        let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
        let one = try Run.tollgate(
            ["report", TestPaths.fixture("debian-repo"), TestPaths.fixture("rpm-repo"), "--out", first.path] + common)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasSuffix("; recorded, no earlier run to compare with\n"), "\(one.stdout)")
        let two = try Run.tollgate(
            ["report", TestPaths.fixtures.path, "--out", second.path, "--since", "12w"] + common)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("since the previous run:"), "\(two.stdout)")
        return (dir, first, second)
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(
            try parseJSON(String(contentsOf: url.appendingPathComponent("report.json"), encoding: .utf8))
                as? [String: Any])
    }

    @Test func theRunIsComparedWithThePreviousOne() throws {
        let (_, first, second) = try twoRuns()
        let report = try json(second)
        #expect(report["schema"] as? String == "tollgate-report/1")
        let previous = try #require(report["previous_run"] as? [String: Any])
        #expect(previous["id"] as? Int == 1)
        let changes = try #require(report["changes"] as? [String: Any])
        let new = try #require(changes["new"] as? [[String: Any]])
        // The second run adds the uploads and upstream releases of Fixtures/history and Fixtures/upstream…
        #expect(
            new.contains {
                $0["name"] as? String == "tinyfmt" && $0["format"] as? String == "changes"
                    && $0["decision"] as? String == "deny"
            })
        #expect(new.contains { $0["name"] as? String == "tinyfmt" && $0["format"] as? String == "tarball" })
        #expect((changes["removed"] as? [Any])?.isEmpty == true)
        // …and copies of two binaries in the unsigned flat repository: the riskiest copy of a version stands for it.
        let changed = try #require(changes["decision_changed"] as? [[String: [String: Any]]])
        #expect(
            changed.map {
                "\($0["after"]?["name"] ?? "") \($0["before"]?["decision"] ?? "")→\($0["after"]?["decision"] ?? "")"
            }
            .sorted() == ["hello-tg allow→warn", "quietd allow→warn"])
        let trend = try #require(report["trend"] as? [[String: Any]])
        #expect(trend.map { $0["run"] as? Int } == [1, 2])
        // The takeover shows as signer and maintainer changes in the period.
        let events = try #require(report["events"] as? [[String: Any]])
        #expect(events.contains { $0["name"] as? String == "tinyfmt" && $0["kind"] as? String == "maintainer-changed" })
        #expect(
            events.contains { $0["name"] as? String == "tinyfmt" && $0["kind"] as? String == "new-upstream-signer" })
        // Both runs saw the repository's takeover: it is listed once, with the run that saw it first.
        let keys = events.map { e in ["ecosystem", "name", "version", "kind", "detail"].map { e[$0] as? String ?? "" } }
        #expect(Set(keys).count == keys.count, "an event listed twice: \(keys)")
        let firstRun = try #require(try json(first)["events"] as? [[String: Any]])
        #expect(!firstRun.isEmpty, "the first run sees the repository's takeover already")
        for event in firstRun {
            let same = events.first { e in
                ["ecosystem", "name", "version", "kind", "detail"].allSatisfy {
                    e[$0] as? String == event[$0] as? String
                }
            }
            #expect(same?["time"] as? String == event["time"] as? String, "listed with the time it was first seen")
        }
        let packages = try #require(report["packages"] as? [[String: Any]])
        let run = try #require(report["run"] as? [String: Any])
        #expect(run["packages"] as? Int == packages.count)
        let denied = packages.filter { $0["decision"] as? String == "deny" }
        #expect((run["totals"] as? [String: Any])?["deny"] as? Int == denied.count)
        #expect(denied.allSatisfy { !(($0["findings"] as? [Any]) ?? []).isEmpty })
    }

    @Test func sourcePackagesAreJudgedWithTheirTarballsAndEarlierVersions() throws {
        let (_, first, second) = try twoRuns()
        // The repository's tinyfmt 1.4-1 source carries the injected macro: its tarball is read in the report.
        let packages = try #require(try json(first)["packages"] as? [[String: Any]])
        let dsc = try #require(
            packages.first {
                $0["name"] as? String == "tinyfmt" && ($0["artifact"] as? String)?.hasSuffix(".dsc") == true
            })
        #expect(dsc["version"] as? String == "1.4-1")
        #expect(dsc["decision"] as? String == "deny")
        let rules = (dsc["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("build-script-obfuscation"), "\(rules)")
        // The second run brings the 1.0-1 to 1.3-1 uploads of Fixtures/history: the upload of 1.4-1 is judged
        // against them in the same run (every release is recorded before any is judged).
        let later = try #require(try json(second)["packages"] as? [[String: Any]])
        let upload = try #require(
            later.first {
                $0["name"] as? String == "tinyfmt"
                    && ($0["artifact"] as? String)?.hasSuffix("1.4-1_source.changes") == true
            })
        let uploadRules = (upload["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(uploadRules.contains("maintainer-takeover"), "\(uploadRules)")
    }

    @Test func jsonAndSarifValidateAgainstTheirSchemas() throws {
        let (dir, first, second) = try twoRuns()
        let reportSchema = TestPaths.root.appendingPathComponent("docs/schemas/tollgate-report-1.schema.json").path
        let sarifSchema = TestPaths.realWorld?.deletingLastPathComponent().appendingPathComponent(
            "schemas/sarif-schema-2.1.0.json"
        ).path
        let validate = """
            import json, sys, jsonschema
            report = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator.check_schema(report)
            for directory in sys.argv[3:]:
                jsonschema.Draft7Validator(report).validate(json.load(open(directory + "/report.json")))
                if sys.argv[2] != "-":
                    jsonschema.Draft4Validator(json.load(open(sys.argv[2]))).validate(json.load(open(directory + "/report.sarif")))
            print("ok")
            """
        let result = try Run.program(
            "/usr/bin/python3", ["-c", validate, reportSchema, sarifSchema ?? "-", first.path, second.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
        // And the schema is not a formality: a report with a wrong decision does not validate.
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        let text = try String(contentsOf: second.appendingPathComponent("report.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"decision\": \"deny\"", with: "\"decision\": \"denied\"")
        try text.write(to: broken.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        let invalid = try Run.program("/usr/bin/python3", ["-c", validate, reportSchema, "-", broken.path])
        #expect(invalid.status != 0)
    }

    @Test func theMarkdownSummaryHasItsSections() throws {
        let (_, _, second) = try twoRuns()
        let md = try String(contentsOf: second.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.hasPrefix("# Tollgate risk report — "))
        for heading in [
            "## Since the previous run (", "## Riskiest packages", "## Signer and maintainer changes since ",
        ] {
            #expect(md.contains(heading), "\(heading)")
        }
        #expect(md.contains("| tinyfmt | `1.4-1` | dsc: `tinyfmt_1.4-1.dsc` | "), "\(md)")
    }

    /// A file unchanged since a report recorded all its releases (same inode, size and modification time) is
    /// passed over by the next report's recording pass; a touched one is read again.
    @Test func theRecordingPassPassesOverFilesUnchangedSinceRecorded() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lists = dir.appendingPathComponent("lists")
        try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
        let index = lists.appendingPathComponent("example.org_debian_dists_stable_main_binary-amd64_Packages").path
        func write(_ version: String, digit: Character) throws {
            let stanza = """
                Package: hello-stamp
                Version: \(version)
                Architecture: amd64
                Maintainer: Dana <dana@debian.example>
                Filename: pool/main/h/hello-stamp/hello-stamp_\(version)_amd64.deb
                Size: 1000
                SHA256: \(String(repeating: digit, count: 64))

                """
            // Rewritten in place (the same inode), then given a fixed modification time.
            try stanza.write(toFile: index, atomically: false, encoding: .utf8)
            #expect(try Run.shell("touch -d '2024-01-01 00:00:00' '\(index)'").status == 0)
        }
        let db = dir.appendingPathComponent("history.sqlite").path
        func reportAndVersions() throws -> String {
            let report = try Run.tollgate([
                "report", lists.path, "--db", db, "--out", dir.appendingPathComponent("out").path, "--policies",
                TestPaths.root.appendingPathComponent("policies").path,
            ])
            #expect(report.status == 0, "\(report.stderr)")
            let show = try Run.tollgate(["history", "show", "--db", db, "hello-stamp"])
            #expect(show.status == 0, "\(show.stderr)")
            return show.stdout
        }
        try write("1.0-1", digit: "a")
        #expect(try reportAndVersions().contains(" 1.0-1 "))
        try write("2.0-1", digit: "b")
        #expect(!(try reportAndVersions().contains(" 2.0-1 ")), "the same stamp: passed over, 2.0-1 not recorded")
        #expect(try Run.shell("touch '\(index)'").status == 0)
        let touched = try reportAndVersions()
        #expect(touched.contains(" 1.0-1 ") && touched.contains(" 2.0-1 "), "touched: read and recorded")
    }

    /// A file is passed over only when it was recorded with the same keys: a report first run without `--keyring`
    /// records `unverified` signatures, and the run given keys reads the unchanged file again and names the signers.
    @Test func filesRecordedWithOtherKeysAreReadAgain() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("history.sqlite").path
        let release = TestPaths.fixture("history/debian/quietd/2.0-1")
        func report(_ options: [String]) throws -> String {
            let report = try Run.tollgate(
                [
                    "report", release, "--db", db, "--out", dir.appendingPathComponent("out").path, "--policies",
                    TestPaths.root.appendingPathComponent("policies").path,
                ] + options)
            #expect(report.status == 0, "\(report.stderr)")
            return try Run.tollgate(["history", "show", "--db", db, "quietd"]).stdout
        }
        #expect(try report([]).contains("package=unverified"))
        let keyed = try report(["--keyring", TestPaths.fixture("keys")])
        #expect(keyed.contains("package=42F758BBEB980CB6") && !keyed.contains("unverified"), "\(keyed)")
    }

    /// `--keep-package-lists N`: the history keeps the package lists of the latest N runs; every run stays in the
    /// trend, and the next run is compared with the latest.
    @Test func theHistoryKeepsThePackageListsOfTheLatestRuns() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("history.sqlite").path
        let out = dir.appendingPathComponent("out")
        func report(keeping: String) throws -> ProcessResult {
            try Run.tollgate([
                "report", TestPaths.fixture("debian-repo"), "--db", db, "--out", out.path, "--keep-package-lists",
                keeping, "--policies", TestPaths.root.appendingPathComponent("policies").path,
            ])
        }
        for _ in 0..<3 {
            let run = try report(keeping: "2")
            #expect(run.status == 0, "\(run.stderr)")
        }
        let lists = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("
                    + "'SELECT group_concat(id) FROM run WHERE inventory IS NOT NULL').fetchone()[0])",
                db,
            ])
        #expect(lists.stdout == "2,3\n", "\(lists.stderr)")
        let json = try #require(
            try parseJSON(String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8))
                as? [String: Any])
        #expect((json["trend"] as? [[String: Any]])?.map { $0["run"] as? Int } == [1, 2, 3])
        #expect((json["previous_run"] as? [String: Any])?["id"] as? Int == 2)
        let refused = try report(keeping: "0")
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--keep-package-lists must be at least 1"), "\(refused.stderr)")
    }

    /// Each file of a report is written beside its final name and renamed there: a reader (a dashboard, a web
    /// server) sees the previous report or the whole new one, never a file being written. The output directory is
    /// watched with inotify: a file is moved into place under its final name, never written under it.
    @Test func eachFileIsMovedIntoPlaceWhole() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let names: Set<String> = ["report.json", "report.sarif", "report.html", "report.md"]
        let watch = inotify_init1(Int32(IN_NONBLOCK))
        try #require(watch >= 0)
        defer { close(watch) }
        // Foundation closes a file it wrote atomically after renaming it: a close under the final name is no write.
        let written = UInt32(IN_MODIFY)
        try #require(inotify_add_watch(watch, out.path, written | UInt32(IN_MOVED_TO)) >= 0)
        let run = try Run.tollgate([
            "report", TestPaths.fixture("debian-repo"), "--no-history", "--out", out.path, "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        var movedIn: Set<String> = [], writtenInPlace: Set<String> = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let count = read(watch, &buffer, buffer.count)
        var offset = 0
        while count > 0, offset + 16 <= count {
            let (mask, length) = buffer.withUnsafeBytes { raw in
                (
                    raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                    Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                )
            }
            let name = String(
                decoding: buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }, as: UTF8.self)
            if mask & UInt32(IN_MOVED_TO) != 0 { movedIn.insert(name) }
            if mask & written != 0, names.contains(name) { writtenInPlace.insert(name) }
            offset += 16 + length
        }
        #expect(movedIn.isSuperset(of: names), "\(movedIn)")
        #expect(writtenInPlace.isEmpty, "written under their final names: \(writtenInPlace.sorted())")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(Set(left) == names, "nothing but the four files is left behind: \(left.sorted())")
    }

    /// An output directory that cannot be made is named with the system's reason (exit 2), not Foundation's dump of
    /// an error object.
    @Test func anUnwritableOutputIsNamedWithItsReason() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file").path
        try "not a directory\n".write(toFile: file, atomically: true, encoding: .utf8)
        for (out, reason) in [(file, "exists and is not a directory"), (file + "/report", "Not a directory")] {
            let run = try Run.tollgate([
                "report", TestPaths.fixture("debian-repo"), "--no-history", "--out", out, "--policies",
                TestPaths.root.appendingPathComponent("policies").path,
            ])
            #expect(run.status == 2)
            #expect(
                run.stderr.hasPrefix("tollgate: error: cannot write the report: \(out): \(reason)\n"), "\(run.stderr)")
            #expect(!run.stderr.contains("Domain"), "\(run.stderr)")
        }
    }

    /// A run whose report could not be written is not kept: nobody read it, so the next report says what changed
    /// since the run before it (a denial new in the unwritten run would otherwise never be shown as new).
    @Test func aRunWhoseReportWasNotWrittenIsNotTheNextOnesBaseline() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let file = dir.appendingPathComponent("file").path
        try "not a directory\n".write(toFile: file, atomically: true, encoding: .utf8)
        let repo = dir.appendingPathComponent("repo").path
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        func report(_ out: String) throws -> ProcessResult {
            try Run.tollgate([
                "report", repo, "--db", db, "--out", out, "--policies",
                TestPaths.root.appendingPathComponent("policies").path,
            ])
        }
        #expect(try report(dir.appendingPathComponent("first").path).status == 0)
        try FileManager.default.copyItem(
            atPath: TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb"),
            toPath: repo + "/netfetch_0.9-1_all.deb")
        let unwritten = try report(file)
        #expect(unwritten.status == 2)
        #expect(unwritten.stderr.contains("tollgate: the run was not kept in the history"), "\(unwritten.stderr)")
        let next = try report(dir.appendingPathComponent("next").path)
        #expect(next.status == 0, "\(next.stderr)")
        let json = try #require(
            try parseJSON(String(contentsOf: dir.appendingPathComponent("next/report.json"), encoding: .utf8))
                as? [String: Any])
        #expect((json["previous_run"] as? [String: Any])?["id"] as? Int == 1, "\(json["previous_run"] ?? "none")")
        let new = ((json["changes"] as? [String: Any])?["new"] as? [[String: Any]] ?? []).compactMap {
            $0["name"] as? String
        }
        #expect(new == ["netfetch"], "\(new)")
    }

    /// A report without a history neither claims to be a recorded first run nor carries a run id.
    @Test func aReportWithoutHistoryIsNotRecorded() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Run.tollgate([
            "report", TestPaths.fixture("debian-repo"), "--no-history", "--out", dir.path, "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("; not recorded (no history)\n"), "\(run.stdout)")
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        for text in [md, html] {
            #expect(text.contains("No history was used (--no-history): nothing was compared or recorded."))
            #expect(!text.contains("earlier run"))
        }
        let report = try #require(try json(dir)["run"] as? [String: Any])
        #expect(report["id"] == nil)
    }

    /// Package metadata is anybody's text: in `report.md`, as GitHub's renderer (cmark-gfm, raw HTML allowed as a
    /// mail client might) reads it, a name, version or maintainer shows as itself — no image, no HTML, no link
    /// that hides where it goes, no heading of its own.
    @Test func theMarkdownSummaryShowsPackageTextAsText() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            Issue.record("cmark-gfm must be installed (.ci/install-deps installs it)")
            return
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lists = dir.appendingPathComponent("lists")
        try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
        let name = "evil`<img src=x onerror=alert(1)>[click](https://attacker.example)*x*"
        func report(version: String, maintainer: String, digit: Character) throws {
            try """
            Package: \(name)
            Version: \(version)
            Architecture: amd64
            Maintainer: \(maintainer)
            Filename: pool/main/e/evil/evil_\(version)_amd64.deb
            Size: 1000
            SHA256: \(String(repeating: digit, count: 64))

            """.write(
                to: lists.appendingPathComponent("example.org_debian_dists_stable_main_binary-amd64_Packages"),
                atomically: true, encoding: .utf8)
            let run = try Run.tollgate([
                "report", lists.path, "--db", dir.appendingPathComponent("history.sqlite").path, "--out",
                dir.appendingPathComponent("out").path, "--policies",
                TestPaths.root.appendingPathComponent("policies").path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        try report(version: "1.0|1", maintainer: "Dana <dana@debian.example>", digit: "a")
        try report(
            version: "2.0`|<b>1",
            maintainer: "Mallory <img src=x> [mail](https://attacker.example) ~~x~~ <m@evil.example>",
            digit: "b")
        let md = dir.appendingPathComponent("out/report.md").path
        let rendered = try Run.program(
            "/usr/bin/cmark-gfm", ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", md])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let html = rendered.stdout
        #expect(html.contains("maintainer-changed"), "the change is listed: \(html)")
        for tag in ["<img", "<b>", "<del>", "<em>", "<strong>1"] {
            #expect(!html.contains(tag), "\(tag) in \(html)")
        }
        #expect(html.components(separatedBy: "<h1").count == 2, "one heading: the title")
        // A link may only show its own address (a bare URL or address the renderer links by itself).
        let anchor = try NSRegularExpression(pattern: #"<a href="([^"]*)">([^<]*)</a>"#)
        for match in anchor.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let href = String(html[Range(match.range(at: 1), in: html)!])
            let text = String(html[Range(match.range(at: 2), in: html)!])
            #expect(href == text || href == "mailto:" + text, "a link to \(href) shows as \(text)")
        }
        #expect(
            html.contains("<code>evil`&lt;img src=x onerror=alert(1)&gt;[click](https://attacker.example)*x*</code>"))
    }

    /// A run that could not read an input is recorded, but the next run that reads it again compares with the last
    /// run that read it too: the packages of a mirror path gone for a night are not "removed" then "new".
    @Test func aRunThatMissedAnInputIsNotTheNextOnesBaseline() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let debian = dir.appendingPathComponent("debian"), rpm = dir.appendingPathComponent("rpm")
        let away = dir.appendingPathComponent("away")
        for (fixture, copy) in [("debian-repo", debian), ("rpm-repo", rpm)] {
            #expect(try Run.shell("cp -r '\(TestPaths.fixture(fixture))' '\(copy.path)'").status == 0)
        }
        let out = dir.appendingPathComponent("out")
        func report() throws -> ProcessResult {
            try Run.tollgate([
                "report", debian.path, rpm.path, "--db", dir.appendingPathComponent("history.sqlite").path, "--out",
                out.path, "--policies", TestPaths.root.appendingPathComponent("policies").path,
            ])
        }
        #expect(try report().status == 0)
        try FileManager.default.moveItem(at: rpm, to: away)
        let missing = try report()
        #expect(missing.status == 2, "\(missing.stderr)")
        let gone = try #require(try json(out)["changes"] as? [String: Any])
        #expect((gone["removed"] as? [Any])?.isEmpty == false, "the run that missed the RPMs reports them gone")
        try FileManager.default.moveItem(at: away, to: rpm)
        let back = try report()
        #expect(back.status == 0, "\(back.stderr)")
        let report = try json(out)
        #expect((report["previous_run"] as? [String: Any])?["id"] as? Int == 1)
        let changes = try #require(report["changes"] as? [String: Any])
        #expect((changes["new"] as? [Any])?.isEmpty == true, "\(changes)")
        #expect((changes["removed"] as? [Any])?.isEmpty == true, "\(changes)")
    }

    /// `--since` is a period of at most 100 years: more (or not a number) is a usage error, never a crash or a date
    /// the schema refuses; `--fail-on-warn` (a gate's) is a usage error too.
    @Test func sinceIsAtMostACenturyAndGateOptionsAreRefused() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func report(since: String) throws -> ProcessResult {
            try Run.tollgate([
                "report", TestPaths.fixture("debian-repo"), "--no-history", "--out", dir.path, "--since=\(since)",
                "--policies", TestPaths.root.appendingPathComponent("policies").path,
            ])
        }
        for refused in ["infd", "nand", "1e20d", "101y", "-1d", "3w2"] {
            let run = try report(since: refused)
            #expect(run.status == 64, "\(refused): \(run.stderr)")
            #expect(run.stderr.contains("--since must be"), "\(refused): \(run.stderr)")
        }
        // A gate's option a report has no use for is refused, not ignored.
        let gateOnly = try Run.tollgate(["report", TestPaths.fixture("debian-repo"), "--no-history", "--fail-on-warn"])
        #expect(gateOnly.status == 64 && gateOnly.stderr.contains("--fail-on-warn is for gates"), "\(gateOnly.stderr)")
        let century = try report(since: "100y")
        #expect(century.status == 0, "\(century.stderr)")
        let since = try #require((try json(dir)["run"] as? [String: Any])?["since"] as? String)
        #expect(since.range(of: #"^19[0-9]{2}-"#, options: .regularExpression) != nil, "\(since)")
    }

    /// A report whose history cannot be opened writes nothing and exits 1 — also where `on_error: allow` would let
    /// a gate through: that setting is for gates, and a timer must hear that no report was written.
    @Test func aReportThatCannotJudgeFailsWhateverOnErrorSays() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("not-a-database").path
        try "plain text, not SQLite\n".write(toFile: database, atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("config.yaml").path
        try "database: \(database)\non_error: allow\n".write(toFile: config, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try Run.tollgate([
            "report", TestPaths.fixture("debian-repo"), "--config", config, "--out", out.path, "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
        ])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("not-a-database"), "\(run.stderr)")
        #expect(run.stderr.contains("cannot judge; no report written"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func headlessChromiumRendersTheSelfContainedPage() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            Issue.record("chromium must be installed (.ci/install-deps installs it)")
            return
        }
        let (dir, _, second) = try twoRuns()
        let page = second.appendingPathComponent("report.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        // Self-contained: nothing is fetched from anywhere.
        for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link "] {
            #expect(!html.contains(external), "\(external)")
        }
        let chromium = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile",
        ]
        let dom = try Run.program("/usr/bin/chromium", chromium + ["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr)")
        for text in [
            "Tollgate risk report", "Score distribution", "Trend", "Since the previous run", "Riskiest packages",
            "Signer and maintainer changes since", "maintainer-takeover", "new-upstream-signer",
        ] {
            #expect(dom.stdout.contains(text), "\(text)")
        }
        // The filter script ran: it counts the rows it shows.
        #expect(dom.stdout.range(of: #"\d+ of \d+ shown"#, options: .regularExpression) != nil)
        let shot = dir.appendingPathComponent("report.png").path
        let screenshot = try Run.program(
            "/usr/bin/chromium", chromium + ["--window-size=1280,1800", "--screenshot=\(shot)", page.absoluteString])
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let png = try #require(FileManager.default.contents(atPath: shot))
        #expect(png.count > 20_000)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        if ProcessInfo.processInfo.environment["TOLLGATE_UPDATE_DOCS"] == "1" {
            let target = TestPaths.root.appendingPathComponent("docs/report-sample.png")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(atPath: shot, toPath: target.path)
        }
    }
}
