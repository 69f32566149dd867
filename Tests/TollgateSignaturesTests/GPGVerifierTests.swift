import Foundation
import Testing
import TollgateCore
import TollgateSignatures
import TollgateTestSupport

/// Signature verification against gpgv given the same keys, and every outcome made for real with gpg.
@Suite struct GPGVerifierTests {
    let keys = ["alice", "mallory"].map { TestPaths.fixture("keys/\($0).asc") }

    /// gpgv's verdict: 0 good, else not.
    func gpgv(keyring files: [String], signature: String, data: String) throws -> Bool {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ring = dir.appendingPathComponent("ring.gpg").path
        #expect(
            try Run.shell("cat \(files.map { "'\($0)'" }.joined(separator: " ")) | gpg --batch --dearmor > '\(ring)'")
                .status == 0)
        return try Run.program("/usr/bin/gpgv", ["--keyring", ring, signature, data]).status == 0
    }

    @Test func upstreamReleasesAgreeWithGpgv() throws {
        let verifier = GPGVerifier(keyring: try Keyring(files: keys))
        for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
            let tarball = TestPaths.fixture("upstream/tinyfmt/tinyfmt-\(version).tar.gz")
            let signature = Array(FileManager.default.contents(atPath: tarball + ".asc")!)
            let results = verifier.verifyDetached(signature: signature, file: tarball)
            #expect(results.count == 1)
            #expect(results[0].isGood == (try gpgv(keyring: keys, signature: tarball + ".asc", data: tarball)))
            let expected = version == "1.4" ? "mallory" : "alice"
            let key = try Keyring(files: [TestPaths.fixture("keys/\(expected).asc")]).keys[0]
            #expect(results[0].fingerprint == key.fingerprint, "\(version)")
            #expect(results[0].keyCreated == key.created)
        }
        // mallory's key signs with a subkey: the primary fingerprint is the identity, the subkey is recorded.
        let tarball = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz")
        let result = verifier.verifyDetached(
            signature: Array(FileManager.default.contents(atPath: tarball + ".asc")!), file: tarball)[0]
        #expect(result.signingKeyFingerprint != result.fingerprint)
        #expect(result.publicKeyAlgorithm == "EdDSA")
    }

    @Test func everyOutcomeIsReported() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let home = dir.appendingPathComponent("gnupg").path
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func gpg(_ args: String, fake: String? = nil) throws {
            let faked = fake.map { "--faked-system-time '\($0)!' " } ?? ""
            let r = try Run.shell(
                "gpg --homedir '\(home)' --batch --yes --pinentry-mode loopback --passphrase '' \(faked)\(args)")
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let data = dir.appendingPathComponent("data.txt").path
        try "release payload\n".write(toFile: data, atomically: true, encoding: .utf8)
        // A key that expired in 2021, which signed in 2020.
        try gpg("--quick-gen-key 'Expired <e@x.example>' rsa2048 sign 2021-01-01", fake: "20200101T000000")
        try gpg(
            "--local-user e@x.example --armor --detach-sign --output '\(dir.path)/expired.asc' '\(data)'",
            fake: "20200601T000000")
        // A key whose expiry was set, after it signed, to a date before that signature: it signed while expired.
        try gpg("--quick-gen-key 'Lapsed <l@x.example>' rsa2048 sign never", fake: "20200101T000000")
        try gpg(
            "--local-user l@x.example --armor --detach-sign --output '\(dir.path)/lapsed.asc' '\(data)'",
            fake: "20200601T000000")
        let lapsed = try Run.shell(
            "gpg --homedir '\(home)' --batch --with-colons --list-keys l@x.example | awk -F: '/^fpr/ {print $10; exit}'"
        ).stdout.trimmingWhitespace()
        try gpg("--quick-set-expire \(lapsed) 2020-03-01", fake: "20200102T000000")
        // A revoked key.
        try gpg("--quick-gen-key 'Revoked <r@x.example>' rsa2048 sign never")
        try gpg("--local-user r@x.example --armor --detach-sign --output '\(dir.path)/revoked.asc' '\(data)'")
        let fpr = try Run.shell(
            "gpg --homedir '\(home)' --batch --with-colons --list-keys r@x.example | awk -F: '/^fpr/ {print $10; exit}'"
        ).stdout.trimmingWhitespace()
        // gpg wrote a revocation certificate at key generation, guarded by a leading ':'.
        #expect(try Run.shell("sed 's/^://' '\(home)/openpgp-revocs.d/\(fpr).rev' > '\(dir.path)/rev.asc'").status == 0)
        try gpg("--import '\(dir.path)/rev.asc'")
        // A good key, and a tampered copy of the data.
        try gpg("--quick-gen-key 'Good <g@x.example>' ed25519 sign never")
        try gpg("--local-user g@x.example --armor --detach-sign --output '\(dir.path)/good.asc' '\(data)'")
        let tampered = dir.appendingPathComponent("tampered.txt").path
        try "release payload, changed\n".write(toFile: tampered, atomically: true, encoding: .utf8)
        let ring = dir.appendingPathComponent("ring.asc").path
        try gpg("--armor --export --output '\(ring)'")

        let verifier = GPGVerifier(keyring: try Keyring(files: [ring]))
        func status(_ sig: String, _ file: String) -> String {
            verifier.verifyDetached(
                signature: Array(FileManager.default.contents(atPath: "\(dir.path)/\(sig)")!), file: file)[0].status
        }
        #expect(status("good.asc", data) == "good")
        #expect(status("good.asc", tampered) == "bad")
        #expect(status("expired.asc", data) == "good", "made before the key expired")
        #expect(status("lapsed.asc", data) == "expired-key", "made after the key expired")
        #expect(status("revoked.asc", data) == "revoked-key")
        let stranger = GPGVerifier(keyring: try Keyring(files: [TestPaths.fixture("keys/alice.asc")]))
        let unknown = stranger.verifyDetached(
            signature: Array(FileManager.default.contents(atPath: "\(dir.path)/good.asc")!), file: data)[0]
        #expect(unknown.status == "no-public-key")
        #expect(unknown.fingerprint == nil, "no identity from an unverified signature")
        #expect(unknown.claimedKeyID != nil)
        let bad = verifier.verifyDetached(
            signature: Array(FileManager.default.contents(atPath: "\(dir.path)/good.asc")!), file: tampered)[0]
        #expect(bad.fingerprint == nil, "no identity from a bad signature")
    }

    @Test func clearsignedFilesWithSeveralSignatures() throws {
        let verifier = GPGVerifier(keyring: try Keyring(files: [TestPaths.fixture("keys/archive.asc")]))
        let results = verifier.verifyClearsigned(file: TestPaths.fixture("debian-repo/dists/stable/InRelease"))
        #expect(results.map(\.status) == ["good"])
        let maintainers = GPGVerifier(keyring: try Keyring(files: [TestPaths.fixture("keys/debian-maintainers.asc")]))
        let dsc = maintainers.verifyClearsigned(
            file: TestPaths.fixture("history/debian/tinyfmt/1.4-1/tinyfmt_1.4-1.dsc"))
        #expect(dsc.first?.status == "good")
        #expect(dsc.first?.userIDs == ["Max Newcomer <max@mail.example>"])
        guard let inRelease = TestPaths.realWorld("debian/apt-metadata/bookworm_InRelease") else {
            print(TestPaths.realWorldMissing)
            return
        }
        let archive = GPGVerifier(keyring: try Keyring(files: ["/usr/share/keyrings/debian-archive-keyring.gpg"]))
        let real = archive.verifyClearsigned(file: inRelease)
        #expect(real.count >= 2)
        #expect(real.allSatisfy { $0.status == "good" || $0.status == "expired-key" }, "\(real.map(\.status))")
        #expect(real.contains { $0.isGood })
    }

    @Test func theUsersOwnGnuPGHomeIsNeverRead() throws {
        // A GNUPGHOME holding the key must not make a verification with an empty keyring succeed.
        let verifier = GPGVerifier(keyring: try Keyring(files: [TestPaths.fixture("keys/archive.asc")]))
        let tarball = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.0.tar.gz")
        let result = verifier.verifyDetached(
            signature: Array(FileManager.default.contents(atPath: tarball + ".asc")!), file: tarball)
        #expect(result[0].status == "no-public-key")
    }
}
