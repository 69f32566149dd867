import Foundation
import Testing
import TollgateTestSupport

/// The real xz release tarballs against their tags' `git ls-tree -r` listings, on source facts alone — and then
/// with the signer history added. The tarballs are only read: nothing from them is built, configured or run.
@Suite(.serialized) struct XZDriftAcceptanceTests {
    static let m4db = TestPaths.fixture("m4db/m4db.tsv")

    func drift(_ version: String, _ extra: [String] = ["--no-history"]) throws -> [String: Any]? {
        guard let xz = TestPaths.realWorld?.appendingPathComponent("xz").path else { return nil }
        let result = try Run.tollgate(
            [
                "drift", "--format", "json", "--m4db", Self.m4db, "\(xz)/tarballs/xz-\(version).tar.gz", "--git-tree",
                "\(xz)/git-trees/v\(version).ls-tree",
            ] + extra)
        #expect([0, 1].contains(result.status), "\(version): \(result.stderr)")
        return try parseJSON(result.stdout) as? [String: Any]
    }

    func verdict(_ document: [String: Any]) -> (score: Int, decision: String, findings: [[String: Any]]) {
        let verdict = document["verdict"] as? [String: Any] ?? [:]
        return (
            verdict["score"] as? Int ?? -1, verdict["decision"] as? String ?? "",
            verdict["findings"] as? [[String: Any]] ?? []
        )
    }

    @Test func theBackdooredReleasesAreDeniedOnSourceFactsAlone() throws {
        guard TestPaths.realWorld != nil else {
            print(TestPaths.realWorldMissing)
            return
        }
        for version in ["5.6.0", "5.6.1"] {
            let document = try #require(try drift(version))
            let (score, decision, findings) = verdict(document)
            #expect(decision == "deny", "\(version): \(score)")
            let rules = Set(findings.compactMap { $0["rule"] as? String })
            #expect(
                rules.isSuperset(of: ["build-script-obfuscation", "build-reads-test-data", "tarball-macro-unknown"]))
            let integrity = try #require(document["integrity"] as? [String: Any])
            // The tarball-only macro: no known-good match, and the indicators.
            let m4 = try #require(
                (integrity["m4"] as? [[String: Any]])?.first { $0["path"] as? String == "m4/build-to-host.m4" })
            #expect(m4["in_git"] as? Bool == false)
            #expect(m4["status"] as? String != "known")
            #expect((m4["indicators"] as? Int ?? 0) >= 3)
            let indicators = try #require(integrity["indicators"] as? [[String: Any]])
            let inMacro = Set(
                indicators.filter { $0["path"] as? String == "m4/build-to-host.m4" }.compactMap {
                    $0["kind"] as? String
                })
            #expect(
                inMacro.isSuperset(of: [
                    "binary-search-of-tree", "byte-translation", "decompress-to-shell", "pattern-matches-test-data",
                ]))
            // The test files 5.6.0 added are opaque, and the macro's search pattern matches one of them.
            let tests = try #require(integrity["test_files"] as? [[String: Any]])
            for name in ["tests/files/bad-3-corrupt_lzma2.xz", "tests/files/good-large_compressed.lzma"] {
                #expect(tests.first { $0["path"] as? String == name }?["opaque"] as? Bool == true, "\(version) \(name)")
            }
            let matched = tests.filter { !(($0["matched_by"] as? [String]) ?? []).isEmpty }.compactMap {
                $0["path"] as? String
            }
            #expect(matched == ["tests/files/bad-3-corrupt_lzma2.xz"])
        }
    }

    @Test func earlierReleasesAreNotDeniedAndGeneratedFilesStayLow() throws {
        guard TestPaths.realWorld != nil else {
            print(TestPaths.realWorldMissing)
            return
        }
        for version in ["5.4.2", "5.4.6"] {
            let document = try #require(try drift(version))
            let (score, decision, findings) = verdict(document)
            #expect(decision != "deny", "\(version): \(score)")
            #expect(findings.allSatisfy { ["low", "info"].contains($0["severity"] as? String) }, "\(findings)")
            let integrity = try #require(document["integrity"] as? [String: Any])
            let generated = (integrity["only_in_tarball"] as? [[String: Any]] ?? []).filter {
                $0["category"] as? String == "generated"
            }
            #expect(generated.count > 40, "the release's generated files are counted")
            #expect((integrity["indicators"] as? [Any])?.isEmpty == true, "\(version): no build indicator")
        }
    }

    /// A report of the release tarballs judges each against the one before it, as `drift --db` does: 5.6.1's changed
    /// opaque test files are found there too, and a gate judges an upstream tarball's contents as a report does.
    @Test func aReportComparesEachTarballWithThePreviousRelease() throws {
        guard let xz = TestPaths.realWorld?.appendingPathComponent("xz").path else {
            print(TestPaths.realWorldMissing)
            return
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Run.tollgate([
            "report", "\(xz)/tarballs", "--keyring", "\(xz)/keys", "--db", dir.appendingPathComponent("h.sqlite").path,
            "--out", dir.appendingPathComponent("out").path, "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let document = try #require(
            try parseJSON(try String(contentsOf: dir.appendingPathComponent("out/report.json"), encoding: .utf8))
                as? [String: Any])
        let packages = document["packages"] as? [[String: Any]] ?? []
        let latest = try #require(packages.first { $0["version"] as? String == "5.6.1" })
        let rules = (latest["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("opaque-test-file-new"), "\(rules)")
        #expect(latest["decision"] as? String == "deny")
        let gate = try Run.tollgate([
            "gate", "--no-history", "--policies", TestPaths.root.appendingPathComponent("policies").path,
            TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz"),
        ])
        #expect(gate.status == 1 && gate.stdout.contains("build-reads-test-data"), "\(gate.stdout)\(gate.stderr)")
    }

    @Test func theSignerHistoryOnlyRaisesTheScore() throws {
        guard let xz = TestPaths.realWorld?.appendingPathComponent("xz").path else {
            print(TestPaths.realWorldMissing)
            return
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("history.sqlite").path
        let ingest = try Run.tollgate([
            "history", "ingest", "--db", db, "--keyring", "\(xz)/keys", "\(xz)/tarballs", "\(xz)/git-tags",
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        for version in ["5.6.0", "5.6.1"] {
            let alone = verdict(try #require(try drift(version)))
            let withHistory = try #require(try drift(version, ["--db", db, "--keyring", "\(xz)/keys"]))
            let (score, decision, findings) = verdict(withHistory)
            #expect(score >= alone.score, "\(version): \(alone.score) → \(score)")
            #expect(decision == "deny")
            #expect((withHistory["history"] as? [String: Any])?["available"] as? Bool == true)
            #expect(findings.contains { $0["rule"] as? String == "opaque-test-file-new" }, "\(version)")
            let integrity = try #require(withHistory["integrity"] as? [String: Any])
            let tests = integrity["test_files"] as? [[String: Any]] ?? []
            if version == "5.6.0" {
                #expect(integrity["previous_release"] as? String == "5.5.2beta")
            } else {
                // 5.6.1 changed two of 5.6.0's opaque test files under the same names: the history keeps their
                // content, and tells.
                #expect(integrity["previous_release"] as? String == "5.6.0")
                let changed = tests.filter { $0["changed_in_release"] as? Bool == true }.compactMap {
                    $0["path"] as? String
                }
                #expect(
                    Set(changed).isSuperset(of: [
                        "tests/files/bad-3-corrupt_lzma2.xz", "tests/files/good-large_compressed.lzma",
                    ]), "\(changed)")
            }
        }
    }
}
