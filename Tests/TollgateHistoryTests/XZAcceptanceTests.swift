import Foundation
import Testing
import TollgateCore
import TollgateHistory
import TollgateKit
import TollgatePolicy
import TollgateSource
import TollgateTestSupport

/// The real xz releases as they shipped: verification agrees with gpgv, and the first tarball and the first tag
/// signed by the new key are flagged as a new signer on an established history — the established signer's are not.
@Suite struct XZAcceptanceTests {
    static let newKey = "22D465F2B4C173803B20C6DE59FCF207FEA7F445"
    static let establishedKey = "3690C240CE51B4670D30AD1C38EE757D69184620"

    func gpgv(ring: String, signature: [UInt8], data: [UInt8], in dir: URL) throws -> Bool {
        let sig = dir.appendingPathComponent("s.sig").path, text = dir.appendingPathComponent("d").path
        _ = FileManager.default.createFile(atPath: sig, contents: Data(signature))
        _ = FileManager.default.createFile(atPath: text, contents: Data(data))
        return try Run.program("/usr/bin/gpgv", ["--keyring", ring, sig, text]).status == 0
    }

    @Test func signerHistoryOfTheRealReleases() throws {
        guard let xz = TestPaths.realWorld?.appendingPathComponent("xz") else {
            print(TestPaths.realWorldMissing)
            return
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let keys = try fm.contentsOfDirectory(atPath: xz.appendingPathComponent("keys").path).map {
            xz.appendingPathComponent("keys/\($0)").path
        }
        let ring = dir.appendingPathComponent("ring.gpg").path
        #expect(
            try Run.shell("cat \(keys.map { "'\($0)'" }.joined(separator: " ")) | gpg --batch --dearmor > '\(ring)'")
                .status == 0)
        let checker = try SignatureChecker(keyringFiles: keys)

        // The tarballs, plus 5.4.1 as Debian ships it (orig tarball and upstream signature).
        var releases: [PackageFacts] = []
        let tarballs = xz.appendingPathComponent("tarballs")
        for file in try fm.contentsOfDirectory(atPath: tarballs.path).sorted() where !file.hasSuffix(".sig") {
            releases.append(try UpstreamTarballReader.read(path: tarballs.appendingPathComponent(file).path))
        }
        let debian = xz.appendingPathComponent("distro-packaging/debian")
        try fm.createSymbolicLink(
            atPath: dir.appendingPathComponent("xz-5.4.1.tar.xz").path,
            withDestinationPath: debian.appendingPathComponent(
                "bookworm-security_5.4.1-1+deb12u2/xz-utils_5.4.1.orig.tar.xz"
            ).path)
        try fm.createSymbolicLink(
            atPath: dir.appendingPathComponent("xz-5.4.1.tar.xz.sig").path,
            withDestinationPath: debian.appendingPathComponent(
                "bookworm_5.4.1-1+deb12u1/xz-utils_5.4.1.orig.tar.xz.asc"
            ).path)
        releases.append(try UpstreamTarballReader.read(path: dir.appendingPathComponent("xz-5.4.1.tar.xz").path))
        let tags = xz.appendingPathComponent("git-tags")
        for file in try fm.contentsOfDirectory(atPath: tags.path).sorted() {
            releases.append(try GitTagReader.read(path: tags.appendingPathComponent(file).path))
        }
        #expect(releases.allSatisfy { $0.name == "xz" })

        // Verification agrees with gpgv, signature by signature.
        for i in releases.indices {
            checker.check(&releases[i])
            for signature in releases[i].signatures {
                let expected: Bool
                switch signature.subject {
                case .detached(let signatureFile, let file):
                    expected = try Run.program("/usr/bin/gpgv", ["--keyring", ring, signatureFile, file]).status == 0
                case .detachedData(let sig, let data):
                    expected = try gpgv(ring: ring, signature: sig, data: data, in: dir)
                default:
                    Issue.record("unexpected subject")
                    continue
                }
                // gpgv calls a signature good whatever the key's expiry; Tollgate says expired-key when it was made
                // after the key expired (per the keyring given). Both mean it checked out cryptographically.
                let valid = signature.status == "good" || signature.status == "expired-key"
                #expect(valid == expected, "\(releases[i].artifact.path): \(signature.status)")
            }
        }

        let store = try HistoryStore(path: dir.appendingPathComponent("h.sqlite").path, comparators: .native)
        try store.ingest(releases.shuffled())
        let snapshot = try store.snapshot()
        let policy = try PolicyContext.load(
            {
                var o = PolicyContext.Options()
                o.directory = TestPaths.root.appendingPathComponent("policies").path
                return o
            }())
        func judged(_ version: String, _ format: String) throws -> (HistoryFacts, Verdict) {
            var facts = try #require(releases.first { $0.version == version && $0.artifact.format == format })
            facts.history = snapshot.history(for: facts)
            return (facts.history!, policy.judge(facts))
        }

        // The first tarball signed by the new key.
        let (t546, v546) = try judged("5.4.6", "tarball")
        #expect(t546.upstreamSigner?.fingerprint == Self.newKey)
        #expect(t546.upstreamSigner?.seenBefore == false)
        #expect(t546.upstreamSigner?.keyCreated.map { RFC3339.string(from: $0) } == "2022-12-28T15:23:29Z")
        #expect(t546.upstreamSigner?.previousFingerprint == Self.establishedKey)
        #expect(
            t546.upstreamSigner?.previousTenureDays.map { $0 > 365 * 10 } == true,
            "the established signer signed since 2008")
        #expect(v546.findings.contains { $0.ruleID == "new-upstream-signer" })
        #expect(v546.decision != .deny, "a new signer alone does not deny")

        // The first tag signed by the new key (a 5.2 maintenance release tagged the same day as 5.4.2): its key was
        // under three months old.
        let (tag5211, vt5211) = try judged("5.2.11", "git-tag")
        #expect(tag5211.tagSigner?.fingerprint == Self.newKey)
        #expect(tag5211.tagSigner?.seenBefore == false)
        #expect(tag5211.tagSigner?.keyAgeDays.map { $0 < 90 } == true)
        #expect(tag5211.tagSigner?.roleSignedReleasesBefore ?? 0 > 20)
        #expect(vt5211.findings.contains { $0.ruleID == "new-upstream-signer" })
        #expect(vt5211.findings.contains { $0.ruleID == "new-signer-young-key" })

        // Releases by the established signer, and the new signer's later ones, are not flagged.
        for (version, format) in [
            ("5.4.2", "tarball"), ("5.4.1", "git-tag"), ("5.4.2", "git-tag"), ("5.2.13", "git-tag"),
            ("5.6.2", "git-tag"),
            ("5.5.1alpha", "tarball"), ("5.6.0", "tarball"), ("5.6.1", "git-tag"),
        ] {
            let (h, v) = try judged(version, format)
            let signer = h.upstreamSigner ?? h.tagSigner
            #expect(signer?.seenBefore == true, "\(version) \(format)")
            #expect(
                !v.findings.contains { $0.ruleID.hasPrefix("new-") },
                "\(version) \(format): \(v.findings.map(\.ruleID))")
        }
    }

    @Test func debianMetadataVerifiesAgainstDebiansKeyrings() throws {
        guard let rw = TestPaths.realWorld else {
            print(TestPaths.realWorldMissing)
            return
        }
        let keyrings = ["/usr/share/keyrings/debian-keyring.gpg", "/usr/share/keyrings/debian-archive-keyring.gpg"]
        guard keyrings.allSatisfy(FileManager.default.fileExists(atPath:)) else {
            Issue.record("debian-keyring and debian-archive-keyring must be installed (.ci/install-deps installs them)")
            return
        }
        let checker = try SignatureChecker(keyringFiles: keyrings)
        let files = [
            "debian/xfsdump_3.2.0-2_source.changes",
            "xz/distro-packaging/debian/bookworm-security_5.4.1-1+deb12u2/xz-utils_5.4.1-1+deb12u2.dsc",
            "xz/distro-packaging/debian/bookworm_5.4.1-1+deb12u1/xz-utils_5.4.1-1+deb12u1.dsc",
        ]
        for file in files {
            var facts = try #require(try ArtifactReader.read(path: rw.appendingPathComponent(file).path).first?.package)
            checker.check(&facts)
            let clear = try #require(facts.signatures.first { $0.kind == "clearsigned" })
            // The keyring package predates some of these uploads, so an uploader's key may have expired (per that
            // keyring) before it signed: still a cryptographically valid signature by a known Debian key.
            #expect(
                clear.status == "good" || clear.status == "expired-key",
                "\(file): \(clear.status) \(clear.detail ?? "")")
            let gpgv = try Run.program(
                "/usr/bin/gpgv", ["--keyring", keyrings[0], rw.appendingPathComponent(file).path])
            #expect(gpgv.status == 0)
            #expect(clear.fingerprint?.count == 40)
            #expect(!clear.signerUserIDs.isEmpty)
        }
        for name in ["bookworm_InRelease", "bookworm-security_InRelease"] {
            let path = rw.appendingPathComponent("debian/apt-metadata/\(name)").path
            let release = try #require(try ArtifactReader.read(path: path).first)
            guard case .release(let facts) = release else { continue }
            var shell = PackageFacts(
                ecosystem: .debian, kind: .binary, name: name, version: "0", artifact: facts.artifact)
            shell.signatures = facts.signatures
            checker.check(&shell)
            #expect(shell.signatures.contains { $0.status == "good" }, "\(name): \(shell.signatures.map(\.status))")
        }
    }
}
