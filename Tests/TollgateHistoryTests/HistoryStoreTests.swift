import Foundation
import Testing
import TollgateCore
import TollgateHistory
import TollgateKit
import TollgateSource
import TollgateTestSupport

/// The history store on the fixtures: idempotent ingest, version order, signer and maintainer facts.
@Suite struct HistoryStoreTests {
    static let keyrings = ["alice", "mallory", "debian-maintainers"].map { TestPaths.fixture("keys/\($0).asc") }

    /// Every fixture release of tinyfmt and quietd, verified.
    func fixtureReleases() throws -> [PackageFacts] {
        let checker = try SignatureChecker(keyringFiles: Self.keyrings)
        var documents: [PackageFacts] = []
        for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
            documents.append(
                try UpstreamTarballReader.read(path: TestPaths.fixture("upstream/tinyfmt/tinyfmt-\(version).tar.gz")))
            documents.append(
                try GitTagReader.read(path: TestPaths.fixture("upstream/tinyfmt/git-tags/v\(version).tag")))
        }
        Scanner(report: { Issue.record("\($0)") }, emit: { documents.append($0) }).scan([TestPaths.fixture("history")])
        for i in documents.indices { checker.check(&documents[i]) }
        return documents
    }

    func store() throws -> (HistoryStore, URL) {
        let dir = try TestPaths.temporaryDirectory()
        return (try HistoryStore(path: dir.appendingPathComponent("history.sqlite").path, comparators: .native), dir)
    }

    @Test func ingestIsIdempotentByContentDigest() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let releases = try fixtureReleases()
        let first = try store.ingest(releases)
        #expect(first.added == releases.count)
        #expect(first.changelogEntries > 0)
        let second = try store.ingest(releases)
        #expect(second.added == 0 && second.known == releases.count)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func factsFollowVersionOrderNotIngestOrder() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.ingest(try fixtureReleases().reversed())
        let timeline = try store.timeline(name: "tinyfmt", ecosystem: .upstream)
        #expect(timeline.map(\.version) == ["1.0", "1.0", "1.1", "1.1", "1.2", "1.2", "1.3", "1.3", "1.4", "1.4"])
        let snapshot = try store.snapshot()
        let releases = try fixtureReleases()
        let tarball13 = try #require(releases.first { $0.artifact.format == "tarball" && $0.version == "1.3" })
        let h13 = snapshot.history(for: tarball13)
        #expect(h13.releasesBefore == 3)
        #expect(h13.upstreamSigner?.seenBefore == true)
        let tarball14 = try #require(releases.first { $0.artifact.format == "tarball" && $0.version == "1.4" })
        let h14 = snapshot.history(for: tarball14)
        let mallory = try #require(tarball14.signatures.first?.fingerprint)
        let alice = try #require(tarball13.signatures.first?.fingerprint)
        #expect(h14.upstreamSigner?.fingerprint == mallory)
        #expect(h14.upstreamSigner?.seenBefore == false)
        #expect(h14.upstreamSigner?.previousFingerprint == alice)
        #expect(h14.upstreamSigner?.keyAgeDays.map { $0 < 90 } == true, "mallory's key was weeks old")
        #expect(h14.upstreamSigner?.previousTenureDays.map { $0 > 1000 } == true)
        #expect(h14.upstreamSigner?.previousReleasesSigned == 4, "alice's four tarballs (tags count separately)")
    }

    @Test func takeoverAndDocumentedHandover() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let releases = try fixtureReleases()
        try store.ingest(releases)
        let snapshot = try store.snapshot()
        let takeover = try #require(
            releases.first { $0.artifact.format == "dsc" && $0.name == "tinyfmt" && $0.version == "1.4-1" })
        let t = snapshot.history(for: takeover)
        #expect(t.maintainerChanged)
        #expect(t.newPeople == ["max@mail.example"])
        #expect(t.packageSigner?.seenBefore == false)
        #expect(t.packageSigner?.roleSignedReleasesBefore == 4)
        #expect(t.upstreamKeysAdded.count == 1)
        #expect(!t.handoverDocumented)
        #expect(t.daysSinceNewPerson == 0)

        let handover = try #require(
            releases.first { $0.artifact.format == "dsc" && $0.name == "quietd" && $0.version == "2.1-1" })
        let h = snapshot.history(for: handover)
        #expect(h.maintainerChanged)
        #expect(h.handoverDocumented)
        #expect(h.packageSigner?.seenBefore == false)

        let steady = try #require(
            releases.first { $0.artifact.format == "dsc" && $0.name == "tinyfmt" && $0.version == "1.3-1" })
        let s = snapshot.history(for: steady)
        #expect(!s.maintainerChanged && s.newPeople.isEmpty)
        #expect(s.packageSigner?.seenBefore == true)
        #expect(s.maintainerTenureDays.map { $0 > 1000 } == true)
    }

    /// The snapshot holds whole rows only for packages with more than one version; whatever it holds, it must say
    /// what a query of the package's own rows says — also for a release judged before it is recorded, with one
    /// earlier version recorded (as `gate` judges).
    @Test func snapshotAgreesWithThePackagesOwnRows() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let releases = try fixtureReleases()
        let first = releases.filter { $0.version == "1.0" || $0.version == "1.0-1" || $0.version == "2.0-1" }
        #expect(!first.isEmpty)
        try store.ingest(first)
        var snapshot = try store.snapshot()
        let later = try #require(releases.first { $0.artifact.format == "tarball" && $0.version == "1.1" })
        let fromSnapshot = snapshot.history(for: later)
        #expect(fromSnapshot == (try store.history(for: later)))
        #expect(fromSnapshot.releasesBefore == 1)
        #expect(fromSnapshot.upstreamSigner?.seenBefore == true)

        try store.ingest(releases)
        snapshot = try store.snapshot()
        // Also as unsigned documents without a changelog (as index entries are), which the snapshot answers without
        // analysis when nothing earlier is recorded.
        let bare = releases.map { release in
            var bare = release
            bare.signatures = []
            bare.changelog = nil
            bare.changedBy = nil
            return bare
        }
        for release in releases + bare {
            let queried = try store.history(for: release)
            #expect(
                snapshot.history(for: release) == queried,
                "\(release.name) \(release.version) \(release.artifact.format)\n\(snapshot.history(for: release))\n\(queried)"
            )
        }
    }

    /// Debian names binaries and sources apart: a binary that bears the name of an unrelated source package is not
    /// an earlier release of it (nor is the source one of the binary's), while a source package and its uploads
    /// share one history. Elsewhere a name is one package. Snapshot and per-package query agree.
    @Test func debianBinariesAndSourcesHaveSeparateHistories() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        func release(
            _ ecosystem: Ecosystem, _ kind: PackageKind, _ version: String, _ format: String, _ maintainer: String
        ) -> PackageFacts {
            var facts = PackageFacts(
                ecosystem: ecosystem, kind: kind, name: "ace", version: version,
                artifact: Artifact(path: "ace_\(version).\(format)", format: format))
            facts.maintainer = Person(parsing: maintainer)
            return facts
        }
        let team = "ACE Team <team@ace.example>", other = "Someone Else <else@other.example>"
        let source = release(.debian, .source, "7.0.8-2", "dsc", team)
        let binary = release(.debian, .binary, "0.0.5-3", "deb", other)
        let rpmSource = release(.rpm, .source, "1.0-1", "src.rpm", team)
        try store.ingest([source, binary, rpmSource])
        let snapshot = try store.snapshot()
        func history(_ facts: PackageFacts) throws -> HistoryFacts {
            let fromSnapshot = snapshot.history(for: facts)
            #expect(fromSnapshot == (try store.history(for: facts)), "\(facts.kind) \(facts.version)")
            return fromSnapshot
        }
        // The source as recorded: the binary's lower version is not an earlier release of it.
        let sourceAgain = try history(source)
        #expect(sourceAgain.releasesBefore == 0 && !sourceAgain.maintainerChanged && sourceAgain.newPeople.isEmpty)
        // A later source, and an upload of it, follow the source alone.
        for next in [
            release(.debian, .source, "7.0.9-1", "dsc", team), release(.debian, .upload, "7.0.9-1", "changes", team),
        ] {
            let h = try history(next)
            #expect(h.releasesBefore == 1 && h.previousVersion == "7.0.8-2", "\(next.kind)")
            #expect(!h.maintainerChanged, "\(next.kind)")
        }
        // A later binary follows the binary alone.
        let nextBinary = try history(release(.debian, .binary, "0.0.6-1", "deb", other))
        #expect(nextBinary.releasesBefore == 1 && nextBinary.previousVersion == "0.0.5-3")
        #expect(!nextBinary.maintainerChanged)
        // An RPM's binary carries its source package's name: one history.
        let rpmBinary = try history(release(.rpm, .binary, "1.1-1", "rpm", other))
        #expect(rpmBinary.releasesBefore == 1 && rpmBinary.maintainerChanged)
    }

    /// Build dependencies name binary packages: a flagged source package that shares a name with one is not it.
    @Test func buildDependencyRiskLooksAtBinaryPackagesOnly() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        func flagged(_ kind: String, _ name: String, _ score: Int) -> HistoryStore.FlaggedResult {
            HistoryStore.FlaggedResult(
                ecosystem: "debian", kind: kind, name: name, version: "1", score: score, decision: "deny", rules: ["r"])
        }
        try store.recordReport(
            profile: "default", sources: ["x"], inventory: [],
            flagged: [
                flagged("source", "shared", 95), flagged("binary", "libfoo", 80),
            ],
            events: [])
        var facts = PackageFacts(
            ecosystem: .debian, kind: .source, name: "app", version: "1.0-1",
            artifact: Artifact(path: "app_1.0-1.dsc", format: "dsc"))
        facts.buildDependencies = ["shared", "libfoo"].map { Dependency(type: "build-depends", name: $0, group: 0) }
        let risk = try #require(try store.buildDependencyRisk(for: facts))
        #expect(risk.package == "libfoo" && risk.score == 80)
    }

    @Test func unsignedAfterSignedIsARegression() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.ingest(try fixtureReleases())
        var unsigned = try UpstreamTarballReader.read(path: TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz"))
        unsigned.signatures = []
        unsigned.version = "1.5"
        let h = try store.history(for: unsigned)
        #expect(h.signatureRegressedRoles == ["upstream"])
        #expect(h.upstreamSigner == nil)
    }

    @Test func unverifiedSignaturesNameNoSigner() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Without keyrings every signature stays unverified: no signer is ever recorded.
        var documents: [PackageFacts] = []
        for version in ["1.3", "1.4"] {
            documents.append(
                try UpstreamTarballReader.read(path: TestPaths.fixture("upstream/tinyfmt/tinyfmt-\(version).tar.gz")))
        }
        try store.ingest(documents)
        let h = try store.history(for: documents[1])
        #expect(h.signers.isEmpty)
        #expect(h.upstreamSigner == nil)
        #expect(h.signedReleasesBefore == 0)
    }
}
