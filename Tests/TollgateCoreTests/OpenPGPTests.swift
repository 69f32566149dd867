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

/// Copies of one key merged into one keyblock, as gpg reads only the first copy of a key.
@Suite struct KeyblockTests {
    func binary(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: TestPaths.fixture("keys/\(name).asc"), encoding: .utf8)
        return try #require(Armor.blocks(in: text).first { $0.label == "PUBLIC KEY BLOCK" }).data
    }

    @Test func identicalCopiesCollapseToOne() throws {
        let alice = try binary("alice"), mallory = try binary("mallory")
        let (data, merged) = Keyblock.deduplicated(alice + mallory + alice)
        #expect(merged == 1)
        #expect(data == alice + mallory)
        #expect(Keyblock.deduplicated(alice + mallory).merged == 0)
        #expect(
            try Keyblock.parse(mallory).first?.fingerprint
                == (try OpenPGPPublicKey(body: OpenPGPPacket.parse(mallory)[0].body)).fingerprint)
    }

    /// A key exported before its revocation, then after: merged in either order, the revocation (a signature on
    /// the primary key itself) stays where gpg reads it, right after the key — not behind a user id.
    @Test func aRevocationSurvivesTheMergeInEitherOrder() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let make = """
            gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key 'Revoked <r@example.org>' ed25519 sign never
            gpg --batch --export > '\(dir.path)/before.gpg'
            sed 's/^:-----/-----/' "$GNUPGHOME"/openpgp-revocs.d/*.rev > '\(dir.path)/revocation.asc'
            gpg --batch --quiet --import '\(dir.path)/revocation.asc'
            gpg --batch --export > '\(dir.path)/after.gpg'
            """
        let made = try Run.withGnuPGHome(in: dir, make)
        #expect(made.status == 0, "\(made.stderr)")
        let before = Array(try Data(contentsOf: dir.appendingPathComponent("before.gpg")))
        let after = Array(try Data(contentsOf: dir.appendingPathComponent("after.gpg")))
        for (order, combined) in [("before, after", before + after), ("after, before", after + before)] {
            let path = dir.appendingPathComponent("merged.gpg").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(Keyblock.deduplicated(combined).data))
            let validity = try Run.withGnuPGHome(
                in: dir, "gpg --batch --with-colons --show-keys '\(path)' 2>/dev/null | awk -F: '/^pub/ {print $2}'"
            ).stdout.trimmingWhitespace()
            #expect(validity == "r", "\(order): gpg sees validity '\(validity)'")
        }
    }

    @Test func aLaterExpiryExtensionIsKept() throws {
        // Two exports of one key years apart: the merged block carries the newer self-signature, so gpg sees the
        // later expiry whichever copy comes first.
        guard let keys = TestPaths.realWorld("xz/keys") else {
            print(TestPaths.realWorldMissing)
            return
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: keys).filter { $0.hasPrefix("lasse-collin") }
            .sorted()
        #expect(files.count >= 2)
        var combined: [UInt8] = []
        for file in files {
            let text = try String(contentsOfFile: keys + "/" + file, encoding: .utf8)
            combined += try #require(Armor.blocks(in: text).first { $0.label == "PUBLIC KEY BLOCK" }).data
        }
        let (data, merged) = Keyblock.deduplicated(combined)
        #expect(merged == files.count - 1)
        #expect(try Keyblock.parse(data).count == 1)
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("merged.gpg").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        let listing = try Run.shell("gpg --batch --with-colons --show-keys '\(path)' | awk -F: '/^pub/ {print $7}'")
            .stdout.trimmingWhitespace()
        let newest = try files.map { file -> Int in
            let out = try Run.shell(
                "gpg --batch --with-colons --show-keys '\(keys)/\(file)' | awk -F: '/^pub/ {print $7}'"
            ).stdout
            return Int(out.trimmingWhitespace()) ?? 0
        }.max()
        #expect(Int(listing) == newest, "the merged key expires with the newest self-signature")
    }
}
