import Foundation
import Testing
import TollgateTestSupport

/// `tollgate` as a user meets it: a subprocess, its standard output, standard error and exit status.
@Suite struct CLITests {
    let deb = TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")

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
