import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

/// Tollgate's OpenPGP packet reader against gpg's own view of the same data.
@Suite struct OpenPGPTests {
    static let keys = ["alice", "mallory", "dana", "max", "olga", "nina", "archive", "rpmsig"]

    /// `pub`/`sub` fingerprints and creation times as gpg lists them without importing.
    func gpgView(_ path: String) throws -> [(fingerprint: String, created: Int64, isSub: Bool)] {
        let home = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try Run.program(
            "/usr/bin/gpg",
            ["--homedir", home.path, "--batch", "--with-colons", "--import-options", "show-only", "--import", path]
        )
        var out: [(String, Int64, Bool)] = []
        var pending: (Int64, Bool)?
        for line in result.stdout.split(separator: "\n") {
            let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if f[0] == "pub" || f[0] == "sub" { pending = (Int64(f[5]) ?? -1, f[0] == "sub") }
            if f[0] == "fpr", let p = pending {
                out.append((f[9], p.0, p.1))
                pending = nil
            }
        }
        return out
    }

    @Test(arguments: keys)
    func keyFingerprintsMatchGpg(name: String) throws {
        let path = TestPaths.fixture("keys/\(name).asc")
        let data = try #require(FileManager.default.contents(atPath: path))
        let ours = try UpstreamKey.read(Array(data))
        let gpg = try gpgView(path)
        #expect(ours.count == 1)
        let primary = try #require(gpg.first { !$0.isSub })
        #expect(ours.first?.fingerprint == primary.fingerprint)
        #expect(ours.first?.keyID == String(primary.fingerprint.suffix(16)))
        #expect(ours.first?.created == primary.created)
        #expect(ours.first?.subkeys == gpg.filter(\.isSub).map(\.fingerprint))
        #expect(ours.first?.userIDs.count == 1)
    }

    @Test func keySizesAndAlgorithms() throws {
        let rsa = try UpstreamKey.read(
            Array(FileManager.default.contents(atPath: TestPaths.fixture("keys/alice.asc"))!))
        #expect(rsa.first?.algorithm == "RSA")
        #expect(rsa.first?.bits == 3072)
        let ed = try UpstreamKey.read(
            Array(FileManager.default.contents(atPath: TestPaths.fixture("keys/mallory.asc"))!))
        #expect(ed.first?.algorithm == "EdDSA")
        #expect(ed.first?.bits == 255)
    }

    @Test func detachedSignatureClaimsMatchGpgListPackets() throws {
        let path = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz.asc")
        let data = try #require(FileManager.default.contents(atPath: path))
        let sigs = SignatureFacts.read(Array(data), kind: "detached", location: "x")
        #expect(sigs.count == 1)
        let listing = try Run.program("/usr/bin/gpg", ["--batch", "--list-packets", path]).stdout
        // ":signature packet: algo 22, keyid 0123456789ABCDEF" and "created 1708430400"
        let keyLine = try #require(listing.split(separator: "\n").first { $0.contains(":signature packet:") })
        let keyID = try #require(keyLine.split(separator: " ").last).uppercased()
        #expect(sigs[0].claimedKeyID == keyID)
        #expect(sigs[0].publicKeyAlgorithm == "EdDSA")
        let created = try #require(listing.split(separator: "\n").first { $0.contains("sig created") })
        let date = try #require(created.split(separator: " ").last)
        #expect(sigs[0].created.map { RFC3339.string(from: $0).prefix(10) } == date.prefix(10))
        #expect(sigs[0].claimedFingerprint?.hasSuffix(keyID) == true)
        #expect(sigs[0].parseError == nil)
    }

    @Test func damagedSignaturesAreRecordedNotThrown() {
        let garbage = SignatureFacts.read(
            Array("-----BEGIN PGP SIGNATURE-----\n\niQ@@@\n-----END PGP SIGNATURE-----\n".utf8), kind: "detached",
            location: "x")
        #expect(garbage.count == 1)
        #expect(garbage[0].parseError != nil)
        let truncated = SignatureFacts.read([0x89, 0x01, 0xFF, 0x04], kind: "detached", location: "x")
        #expect(truncated.first?.parseError != nil)
        #expect(SignatureFacts.read([], kind: "detached", location: "x").isEmpty)
    }
}
