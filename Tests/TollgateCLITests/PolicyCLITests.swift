import Foundation
import Testing
import TollgateTestSupport

@Suite struct PolicyCLITests {
    let policies = TestPaths.root.appendingPathComponent("policies").path

    @Test func policyTestRunsEveryExample() throws {
        let result = try Run.tollgate(["policy", "test", policies])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ok   setuid-file ("))
        #expect(result.stdout.contains("rule(s) failing") && result.stdout.contains(", 0 rule(s) failing"))
    }

    @Test func aFailingExampleFailsTheRunWithItsPosition() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("profiles"), withIntermediateDirectories: true)
        try "name: default\nthresholds: {warn: 30, deny: 70}\n".write(
            to: dir.appendingPathComponent("profiles/default.yaml"), atomically: true, encoding: .utf8)
        try """
        id: wrong
        title: Wrong examples
        description: Its pass example fires.
        severity: low
        weight: 5
        status: experimental
        condition: name.startsWith('lib')
        message: "{{ name }}"
        examples:
          trigger: [{name: libfoo}]
          pass: [{name: libbar}]
        """.write(to: dir.appendingPathComponent("wrong.yaml"), atomically: true, encoding: .utf8)
        let result = try Run.tollgate(["policy", "test", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL wrong (2 examples)"))
        #expect(
            result.stderr.contains("\(dir.path)/wrong.yaml:11:10: error: pass example fired rule wrong"),
            "\(result.stderr)")
    }

    @Test func lintReportsEveryProblemAndLoadsNothing() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: a\ntitle: t\nbogus: 1\n".write(
            to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "id: b\n: : :\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let result = try Run.tollgate(["policy", "lint", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(dir.path)/a.yaml:3:1: error: unknown key 'bogus' in the rule"))
        #expect(result.stderr.contains("\(dir.path)/b.yaml:"))
        #expect(result.stderr.contains("nothing was loaded"))
        let ok = try Run.tollgate(["policy", "lint", policies])
        #expect(ok.status == 0)
    }

    @Test func docsCheckAndExplain() throws {
        #expect(try Run.tollgate(["policy", "docs", "--check", policies]).status == 0)
        let explain = try Run.tollgate(["explain", "maintainer-script-pipes-to-shell", "--policies", policies])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("severity: critical"))
        let missing = try Run.tollgate(["explain", "no-such-rule", "--policies", policies])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no rule 'no-such-rule'"))
    }

    @Test(arguments: [
        ("1 + 2", "3"), ("1u", "1u"), ("2.0", "2.0"), ("b'\\x00'", "b\"\\x00\""), ("[1, 2]", "[1, 2]"),
        ("'a' + 'b'", "\"ab\""), ("deb_version_compare('1.0~rc1', '1.0')", "-1"),
        ("rpm_version_compare('1.10', '1.9')", "1"),
        ("timestamp('2024-01-01T00:00:00Z') + duration('1h')", "timestamp(\"2024-01-01T01:00:00Z\")"),
    ])
    func evalPrintsCELLiterals(expression: String, literal: String) throws {
        let result = try Run.tollgate(["eval", expression])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == literal + "\n")
    }

    @Test func evalOverAFactsFile() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let facts = try Run.tollgate([
            "facts", TestPaths.fixture("debian-repo/pool/main/s/suidtool/suidtool_2.3-1_all.deb"),
        ])
        let file = dir.appendingPathComponent("facts.json").path
        try facts.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let name = try Run.tollgate(["eval", "name + ' ' + version", "--facts", file])
        #expect(name.stdout == "\"suidtool 2.3-1\"\n")
        let setuid = try Run.tollgate(["eval", "files.filter(f, f.setuid).map(f, f.path)", "--facts", file])
        #expect(setuid.stdout == "[\"/usr/bin/suidtool\"]\n")
        let absent = try Run.tollgate(["eval", "has(facts.repository)", "--facts", file])
        #expect(absent.stdout == "false\n")
        let error = try Run.tollgate(["eval", "1 / 0"])
        #expect(error.status == 1)
        #expect(error.stderr.contains("division by zero"))
        // Lists of strings hold strings, and an ecosystem is one Tollgate knows: neither is guessed at. A null (a
        // field a document does not set) is skipped.
        for (expression, message) in [
            (#"["a", dyn(1), "b"].join(",")"#, "join needs strings; element 1 is int"),
            (#"intersects(["a"], ["b", dyn(true)])"#, "intersects needs strings; element 1 is bool"),
            (#"version_compare("bogus", "1", "2")"#, "unknown ecosystem 'bogus'"),
        ] {
            let refused = try Run.tollgate(["eval", expression])
            #expect(refused.status == 1, "\(expression)")
            #expect(refused.stderr.contains(message), "\(expression): \(refused.stderr)")
        }
        #expect(try Run.tollgate(["eval", #"["a", dyn(null), "b"].join(",")"#]).stdout == "\"a,b\"\n")
        // A facts file that is not UTF-8 is refused, said once.
        let latin1 = dir.appendingPathComponent("latin1.json").path
        try Data(#"{"name": "caf"#.utf8 + [0xE9] + #""}"#.utf8).write(to: URL(fileURLWithPath: latin1))
        let refusedFile = try Run.tollgate(["eval", "name", "--facts", latin1])
        #expect(
            refusedFile.status == 2 && refusedFile.stderr == "\(latin1): error: not UTF-8\n", "\(refusedFile.stderr)")
        #expect(try Run.tollgate(["eval", #"version_compare("rpm", "1.10", "1.9")"#]).stdout == "1\n")
        let bad = try Run.tollgate(["eval", "name +"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("<expression>:1:"))
        // A time that does not parse is refused, as every other command refuses it — not replaced by the clock's.
        let now = try Run.tollgate(["eval", "now()", "--now", "2024-13-01"])
        #expect(now.status == 64 && now.stderr.contains("--now must be"), "\(now.stdout)\(now.stderr)")
        let set = try Run.tollgate(["eval", "now()", "--now", "2024-12-01"])
        #expect(set.stdout == "timestamp(\"2024-12-01T00:00:00Z\")\n", "\(set.stdout)\(set.stderr)")
    }

    @Test func scanJudgesAndGates() throws {
        let denied = try Run.tollgate(["scan", TestPaths.fixture("debian-repo"), "--now", "2024-03-15"])
        #expect(denied.status == 1, "netfetch is denied")
        #expect(denied.stdout.split(separator: "\n").first?.hasSuffix("SCORE  DECISION  FINDINGS") == true)
        #expect(denied.stdout.contains("deny"))
        let readOnly = try Run.tollgate(["scan", TestPaths.fixture("debian-repo"), "--no-policy"])
        #expect(readOnly.status == 0)
        #expect(!readOnly.stdout.contains("DECISION"))
        let json = try Run.tollgate([
            "facts", TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb"),
        ])
        #expect(json.status == 1)
        let docs = try #require(try parseJSON(json.stdout) as? [[String: Any]])
        let verdict = try #require(docs.first?["verdict"] as? [String: Any])
        #expect(verdict["decision"] as? String == "deny")
        let findings = try #require(verdict["findings"] as? [[String: Any]])
        #expect(findings.first?["rule"] as? String == "maintainer-script-pipes-to-shell")
    }

    @Test func conformanceCountsArePrinted() throws {
        guard
            let shared = TestPaths.realWorld?.deletingLastPathComponent().appendingPathComponent("cel-conformance")
                .path,
            FileManager.default.fileExists(atPath: shared)
        else {
            print("../shared/cel-conformance is absent: skipped")
            return
        }
        let result = try Run.tollgate(["policy", "test", policies, "--conformance", "--conformance-directory", shared])
        #expect(result.status == 0)
        #expect(result.stdout.contains("conformance basic: 43/43 passed"))
        #expect(result.stdout.contains("conformance total: "))
    }

    /// Review mends: a waiver names a package byte for byte (a look-alike name takes no waiver), a profile defined
    /// by two files is refused, an expiry date that does not exist (31 February) is refused, and package text in a
    /// table cannot move the terminal's cursor or fake a line.
    @Test func waiversProfilesAndTablesHoldAgainstCraftedText() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = TestPaths.root.appendingPathComponent("policies").path
        func waivers(expiring expires: String) throws -> String {
            let path = dir.appendingPathComponent("waivers-\(expires).yaml").path
            try """
            waivers:
              - rules: [unsigned-package]
                package: PackageKit
                versions: "*"
                reason: Signed by the vendor's own channel.
                ticket: SEC-7
                approved_by: dana@example
                expires: \(expires)
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let facts = dir.appendingPathComponent("facts.json").path
        let lookalike = "Package\u{212A}it"  // the Kelvin sign, canonically equivalent to K
        let rpm = #""artifact": {"path": "p.rpm", "format": "rpm"}"#
        try """
        [{"ecosystem": "rpm", "kind": "binary", "name": "PackageKit", "version": "1.0-1", "signatures": [], \(rpm)},
         {"ecosystem": "rpm", "kind": "binary", "name": "\(lookalike)", "version": "1.0-1", "signatures": [], \(rpm)},
         {"ecosystem": "rpm", "kind": "binary", "name": "evil\\n\\u001b[1Aallow      0  fake", "version": "1", "signatures": [], \(rpm)}]
        """.write(toFile: facts, atomically: true, encoding: .utf8)
        let gate = try Run.tollgate([
            "gate", "--facts", facts, "--policies", policies, "--no-history", "--now", "2025-01-01", "--waivers",
            try waivers(expiring: "2030-01-01"),
        ])
        let lines = gate.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "a header, three packages, the totals: \(gate.stdout)")
        #expect(lines.contains { $0.hasPrefix("allow") && $0.contains("PackageKit 1.0-1") }, "\(gate.stdout)")
        #expect(lines.contains { $0.hasPrefix("warn") && $0.contains(lookalike) }, "\(gate.stdout)")
        #expect(!gate.stdout.contains("\u{1B}") && gate.stdout.contains("evil\\x0A\\x1B[1Aallow"), "\(gate.stdout)")
        let impossible = try Run.tollgate([
            "gate", "--facts", facts, "--policies", policies, "--no-history", "--waivers",
            try waivers(expiring: "2025-02-31"),
        ])
        #expect(impossible.status == 1)
        #expect(impossible.stderr.contains("expires"), "\(impossible.stderr)")
        let doubled = dir.appendingPathComponent("policies")
        #expect(try Run.shell("cp -r '\(policies)' '\(doubled.path)'").status == 0)
        try FileManager.default.copyItem(
            at: doubled.appendingPathComponent("profiles/strict.yaml"),
            to: doubled.appendingPathComponent("profiles/strict.yml"))
        let lint = try Run.tollgate(["policy", "lint", doubled.path])
        #expect(lint.status != 0)
        #expect(lint.stderr.contains("profile 'strict' is also defined by"), "\(lint.stderr)")
    }

}
