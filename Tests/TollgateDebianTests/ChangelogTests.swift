import Foundation
import Testing
import TollgateCore
import TollgateDebian
import TollgateTestSupport

/// The changelog parser against `dpkg-parsechangelog --all`, on real changelogs and the fixtures'.
@Suite struct ChangelogTests {
    /// Real changelogs from ../shared, plus the fixtures' (extracted from the debian tarball).
    static var changelogs: [String] {
        var paths: [String] = []
        if let rw = TestPaths.realWorld {
            let base = rw.appendingPathComponent("xz/distro-packaging/debian").path
            for dir in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] {
                paths.append("\(base)/\(dir)/debian.changelog")
            }
        }
        return paths.sorted()
    }

    /// One stanza per entry, as dpkg-parsechangelog prints it.
    func dpkgEntries(_ path: String) throws -> [[String: String]] {
        let out = try Run.program("/usr/bin/dpkg-parsechangelog", ["-l", path, "--all", "--format", "rfc822"])
        #expect(out.status == 0, "dpkg-parsechangelog failed: \(out.stderr)")
        var entries: [[String: String]] = []
        for block in out.stdout.components(separatedBy: "\n\n") where !block.trimmingWhitespace().isEmpty {
            var fields: [String: String] = [:]
            var key = ""
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.first == " " {
                    fields[key, default: ""] += "\n" + line
                } else if let colon = line.firstIndex(of: ":") {
                    key = String(line[..<colon])
                    fields[key] = line[line.index(after: colon)...].trimmingWhitespace()
                }
            }
            entries.append(fields)
        }
        return entries
    }

    func compare(_ path: String, label: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let ours = DebianChangelog.parse(text).entries
        let theirs = try dpkgEntries(path)
        #expect(ours.count == theirs.count, "\(label): entry count")
        for (mine, dpkg) in zip(ours, theirs) {
            #expect(mine.package == dpkg["Source"], "\(label)")
            #expect(mine.version == dpkg["Version"], "\(label)")
            #expect(mine.distributions.joined(separator: " ") == dpkg["Distribution"], "\(label) \(mine.version ?? "")")
            #expect(mine.urgency == dpkg["Urgency"], "\(label) \(mine.version ?? "")")
            #expect(mine.author?.raw == dpkg["Maintainer"], "\(label) \(mine.version ?? "")")
            #expect(mine.date.map { Int64($0.timeIntervalSince1970) } == dpkg["Timestamp"].flatMap { Int64($0) })
            // dpkg's Changes: the header line, " .", then the body with one leading space and " ." for blanks.
            let changes = dpkg["Changes"] ?? ""
            let body = changes.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).map { line in
                line == " ." ? "" : String(line.dropFirst())
            }.joined(separator: "\n")
            #expect(mine.text == body, "\(label) \(mine.version ?? "")")
        }
    }

    @Test func agreesWithDpkgOnRealChangelogs() throws {
        let paths = Self.changelogs
        guard !paths.isEmpty else {
            print(TestPaths.realWorldMissing)
            return
        }
        #expect(paths.count >= 3)
        for path in paths { try compare(path, label: path) }
    }

    @Test func agreesWithDpkgOnTheFixtures() throws {
        for dsc in [
            "history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.debian.tar.xz",
            "history/debian/quietd/2.1-1/quietd_2.1-1.debian.tar.xz",
        ] {
            let listing = try AptArchive.tar(path: TestPaths.fixture(dsc), wanted: ["debian/changelog"])
            let data = try #require(listing.members.first { $0.name.hasSuffix("debian/changelog") }?.content)
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("changelog").path
            FileManager.default.createFile(atPath: file, contents: Data(data))
            try compare(file, label: dsc)
        }
    }

    @Test func malformedLinesAreWarningsWithLineNumbers() {
        let text = """
            pkg (1.0-1) unstable; urgency=low

              * Change.
            not indented

             -- A Person <a@x.example>  Mon, 10 Jun 2019 10:00:00 +0000

            garbage here
            pkg (0.9-1) unstable; urgency=low

              * Older.

             -- A Person <a@x.example>  not a date
            """
        let parsed = DebianChangelog.parse(text, path: "c")
        #expect(parsed.entries.count == 2)
        #expect(parsed.warnings.contains("c:4: change line not indented by two spaces"))
        #expect(parsed.warnings.contains("c:8: text outside any entry"))
        #expect(parsed.warnings.contains { $0.hasPrefix("c:13: cannot parse date") })
        #expect(parsed.entries[1].date == nil)
        #expect(parsed.entries[0].extraFields.isEmpty)
    }

    @Test func headerKeywordsBesidesUrgencyAreKept() {
        let text =
            "pkg (1.0-1+b1) unstable; urgency=low, binary-only=yes\n\n  * Rebuild.\n\n -- B <b@x.example>  Mon, 10 Jun 2019 10:00:00 +0000\n"
        let entry = DebianChangelog.parse(text).entries.first
        #expect(entry?.extraFields.first?.key == "binary-only")
        #expect(entry?.extraFields.first?.value == "yes")
    }
}
