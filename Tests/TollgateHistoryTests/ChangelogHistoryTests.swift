import Foundation
import Testing
import TollgateTestSupport

/// A release's own changelog is its signer's word about the past: an entry it invents for an earlier version
/// must not make a newcomer look long established. Only what earlier releases carried counts as history.
@Suite struct ChangelogHistoryTests {
    @Test func aReleaseCannotInventItsOwnPast() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let make = """
            set -e
            cd '\(dir.path)'
            entry() { printf 'cl (%s) unstable; urgency=medium\\n\\n  * %s\\n\\n -- %s  %s\\n\\n' "$1" "$2" "$3" "$4"; }
            source() { # directory version uploaders changelog
              mkdir -p "$1/cl-$2/debian/source"; echo hi > "$1/cl-$2/README"
              echo '3.0 (native)' > "$1/cl-$2/debian/source/format"; cp "$4" "$1/cl-$2/debian/changelog"
              printf 'Source: cl\\nMaintainer: Other <other@x.example>\\n%sSection: misc\\nPriority: optional\\n\\nPackage: cl\\nArchitecture: all\\nDescription: t\\n t\\n' "$3" > "$1/cl-$2/debian/control"
              (cd "$1" && dpkg-source -b "cl-$2" >/dev/null 2>&1 && rm -rf "cl-$2")
            }
            entry 1.0 Initial. 'Other <other@x.example>' 'Mon, 01 Jan 2018 00:00:00 +0000' > c1
            { entry 1.1 Update. 'Other <other@x.example>' 'Tue, 01 Jan 2019 00:00:00 +0000'; cat c1; } > c2
            { entry 2.0 'New upstream release.' 'Mallory <mallory@evil.example>' 'Thu, 01 Oct 2026 00:00:00 +0000'; cat c2
              entry 0.9 Prehistory. 'Mallory <mallory@evil.example>' 'Sun, 01 Jan 2012 00:00:00 +0000'; } > forged
            source r1 1.0 '' c1
            source r2 1.1 '' c2
            source r3 2.0 'Uploaders: Mallory <mallory@evil.example>\\n' forged
            """
        let made = try Run.shell(make)
        #expect(made.status == 0, "\(made.stderr)")
        let db = dir.appendingPathComponent("history.sqlite").path
        for release in ["r1", "r2", "r3"] {
            let ingest = try Run.tollgate(["history", "ingest", "--db", db, dir.appendingPathComponent(release).path])
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        let gate = try Run.tollgate([
            "gate", "--format", "json", "--db", db, "--policies",
            TestPaths.root.appendingPathComponent("policies").path,
            dir.appendingPathComponent("r3/cl_2.0.dsc").path,
        ])
        let packages = try #require((try parseJSON(gate.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let history = try #require(packages.first?["history"] as? [String: Any], "\(gate.stdout)")
        #expect(history["new_people"] as? [String] == ["mallory@evil.example"], "\(history)")
    }
}
