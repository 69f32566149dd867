import Foundation
import GRDB
import Testing
import TollgateTestSupport

/// The history database under an ingest killed at random points, and under an ingest and scans at once.
@Suite struct HistoryReliabilityTests {
    /// Writes `count` unsigned source uploads (.changes) of 40 packages, each with its changelog entry.
    func uploads(_ count: Int, in dir: URL) throws {
        for i in 0..<count {
            let name = "pkg\(i % 40)", version = "1.\(i / 40)-1"
            let text = """
                Format: 1.8
                Date: Mon, 01 Jan 2024 00:00:00 +0000
                Source: \(name)
                Binary: \(name)
                Architecture: source
                Version: \(version)
                Distribution: unstable
                Urgency: medium
                Maintainer: Person \(i % 40) <p\(i % 40)@example.org>
                Changed-By: Person \(i % 40) <p\(i % 40)@example.org>
                Description:
                 \(name) - test package
                Changes:
                 \(name) (\(version)) unstable; urgency=medium
                 .
                   * Upload \(i).
                Files:
                 d41d8cd98f00b204e9800998ecf8427e 0 misc optional \(name)_\(version).dsc

                """
            try text.write(
                to: dir.appendingPathComponent("\(name)_\(version)_source.changes"), atomically: false, encoding: .utf8)
        }
    }

    /// `tollgate history ingest` started in the background, its output discarded.
    func startIngest(db: String, input: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.tollgate)
        process.arguments = ["history", "ingest", "--db", db, input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Integrity, and no release without its changelog entry (they are written in one transaction).
    func check(_ path: String) throws -> (releases: Int, orphans: Int) {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let releases = try Int.fetchOne(db, sql: "SELECT count(*) FROM release") ?? 0
            let orphans =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM release r WHERE NOT EXISTS (
                            SELECT 1 FROM changelog_entry e WHERE e.ecosystem = r.ecosystem AND e.name = r.name
                            AND e.version = r.version)
                        """
                ) ?? 0
            return (releases, orphans)
        }
    }

    @Test func anIngestKilledAtRandomPointsLeavesNoHalfRecordedRelease() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("uploads")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let total = 4_000
        try uploads(total, in: input)
        let db = dir.appendingPathComponent("history.sqlite").path

        // How long an uninterrupted ingest takes, to spread the kills over it.
        let probe = dir.appendingPathComponent("probe.sqlite").path
        let started = Date()
        #expect(try Run.tollgate(["history", "ingest", "--db", probe, input.path]).status == 0)
        let duration = Date().timeIntervalSince(started)
        #expect(try check(probe) == (total, 0))

        var generator = SystemRandomNumberGenerator()
        // Kills land at random points until eight have landed midway (a resumed run is shorter than the first, so
        // some finish first); thirty attempts bound it.
        var killedMidway = 0
        var attempts = 0
        while killedMidway < 8, attempts < 30 {
            attempts += 1
            let process = try startIngest(db: db, input: input.path)
            usleep(UInt32(Double.random(in: 0.05...0.8, using: &generator) * duration * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let killed = process.terminationReason == .uncaughtSignal
            if killed { killedMidway += 1 }
            guard FileManager.default.fileExists(atPath: db) else { continue }
            let (releases, orphans) = try check(db)
            #expect(orphans == 0, "a release without its changelog entry")
            #expect(releases <= total)
            // A run that finished first (the history fills up, so resumed runs get shorter) leaves a complete
            // history; start over so that the next kills land in the middle of an ingest again.
            if !killed {
                #expect(releases == total)
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            }
        }
        #expect(killedMidway == 8, "\(attempts) runs, \(killedMidway) killed before they finished")
        // A last, uninterrupted run completes the history.
        let last = try Run.tollgate(["history", "ingest", "--db", db, input.path])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try check(db) == (total, 0))
    }

    @Test func scansReadTheHistoryWhileAnIngestWrites() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("uploads")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try uploads(4_000, in: input)
        let db = dir.appendingPathComponent("history.sqlite").path
        #expect(try Run.tollgate(["history", "ingest", "--db", db, TestPaths.fixture("history")]).status == 0)

        let ingest = try startIngest(db: db, input: input.path)
        var scans = 0
        repeat {
            let scan = try Run.tollgate([
                "scan", "--db", db, "--format", "json", TestPaths.fixture("history/debian/tinyfmt"),
            ])
            #expect(scan.status != 2, "\(scan.stderr)")
            #expect(!scan.stderr.contains("locked"), "\(scan.stderr)")
            let object = try #require(try parseJSON(scan.stdout) as? [String: Any])
            let packages = try #require(object["packages"] as? [[String: Any]])
            #expect(!packages.isEmpty)
            scans += 1
        } while ingest.isRunning
        ingest.waitUntilExit()
        #expect(ingest.terminationStatus == 0)
        #expect(scans >= 1)
        #expect(try check(db).orphans == 0)
    }
}
