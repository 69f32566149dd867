import Foundation
import Testing
import TollgateRPM
import TollgateTestSupport

/// RPM signature verification against `rpmkeys -K` given the same keys, on every real and fixture RPM.
@Suite struct RPMVerificationTests {
    /// Imports the keys into a private rpm database, as rpmkeys does; returns the files it accepted.
    func importKeys(_ files: [String], dbpath: String) throws -> [String] {
        try files.filter { file in
            try Run.program("/usr/bin/rpmkeys", ["--dbpath", dbpath, "--import", file]).status == 0
        }
    }

    /// rpmkeys' verdict for a package: good, bad, no-public-key or unsigned.
    func rpmkeys(_ path: String, dbpath: String) throws -> String {
        let out = try Run.program("/usr/bin/rpmkeys", ["--dbpath", dbpath, "-Kv", path]).stdout
        let items = out.split(separator: "\n").dropFirst().map { $0.trimmingWhitespace() }
            .filter { !$0.hasSuffix("NOTFOUND") }
        if items.contains(where: { $0.contains(": BAD") }) { return "bad" }
        let signatures = items.filter { $0.lowercased().contains("signature") }
        if signatures.isEmpty { return "unsigned" }
        if signatures.contains(where: { $0.hasSuffix("NOKEY") }) { return "no-public-key" }
        return "good"
    }

    @Test func everyPackageAgreesWithRpmkeys() throws {
        var keyFiles = [TestPaths.fixture("keys/rpmsig.asc")]
        var packages = try FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture("rpm-repo/Packages"))
            .map { TestPaths.fixture("rpm-repo/Packages/\($0)") }
        if let rpm = TestPaths.realWorld?.appendingPathComponent("rpm") {
            let keys = rpm.appendingPathComponent("rpm-upstream-tests-data/keys-public-only").path
            keyFiles += try FileManager.default.contentsOfDirectory(atPath: keys).filter { !$0.hasPrefix("unknown") }
                .map { "\(keys)/\($0)" }
            keyFiles += try FileManager.default.contentsOfDirectory(
                atPath: rpm.appendingPathComponent("opensuse-keys").path
            )
            .map { rpm.appendingPathComponent("opensuse-keys/\($0)").path }
            let walker = FileManager.default.enumerator(atPath: rpm.path)!
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".rpm") { packages.append(rpm.appendingPathComponent(relative).path) }
            }
        } else {
            print(TestPaths.realWorldMissing)
        }
        let dbpath = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dbpath) }
        let accepted = try importKeys(keyFiles.sorted(), dbpath: dbpath.path)
        #expect(!accepted.isEmpty)
        let verifier = try RPMSignatureVerifier(keyFiles: accepted)
        var counts: [String: Int] = [:]
        for package in packages.sorted() {
            let ours = verifier.verify(path: package)
            let theirs = try rpmkeys(package, dbpath: dbpath.path)
            #expect(ours.classification == theirs, "\(package): \(ours.items)")
            counts[theirs, default: 0] += 1
        }
        print("rpmkeys agreement: \(packages.count) packages \(counts.sorted { $0.key < $1.key })")
        if TestPaths.realWorld != nil {
            #expect(counts["good"] ?? 0 > 0 && counts["unsigned"] ?? 0 > 0 && counts["no-public-key"] ?? 0 > 0)
            #expect(counts["bad"] ?? 0 > 0, "the tampered packages must show as bad")
        }
    }

    /// A copy of a fixture package with one byte of its file changed: in the header signature's value (the
    /// signature no longer verifies, the digests still match) or in the payload (the payload digest no longer
    /// matches).
    func altered(_ package: String, signature: Bool, to path: String) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("rpm-repo/Packages/\(package)"))))
        if signature {
            // The signature header follows the 96-byte lead: 16 bytes of intro, 16 per index entry, then the data.
            func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            let entries = word(96 + 8)
            let store = 96 + 16 + 16 * entries
            let entry = try #require((0..<entries).map { 96 + 16 + 16 * $0 }.first { word($0) == 268 })  // RSAHEADER
            bytes[store + word(entry + 8) + word(entry + 12) - 1] ^= 0x55
        } else {
            bytes[bytes.count - 40] ^= 0x55
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func facts(_ paths: [String], keyring: [String]) throws -> [[String: Any]] {
        let run = try Run.tollgate(["facts", "--no-policy"] + keyring + paths)
        return try #require(try parseJSON(run.stdout) as? [[String: Any]], "\(run.stderr)")
    }

    /// librpm reports through its log, which names the file: a file name holding a line break and a line that
    /// reads like an `OK` result must not turn a signature that does not verify into a good one.
    @Test func aFileNameCannotForgeTheVerification() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyring = ["--keyring", TestPaths.fixture("keys/rpmsig.asc")]
        let plain = dir.appendingPathComponent("plain.rpm").path
        try altered("hello-tg-1.0-1.noarch.rpm", signature: true, to: plain)
        let rpmkeys = try Run.shell("rpmkeys -Kv '\(plain)'")
        // rpm's line for the signature (NOKEY here: the key is in no rpm database), as it would read had it verified.
        let line = try #require(
            rpmkeys.stdout.split(separator: "\n").first { $0.contains("Header V4 RSA") }?.split(separator: ":").first,
            "\(rpmkeys.stdout)")
        let forged = dir.appendingPathComponent("x\n\(line): OK\n")
        try FileManager.default.createDirectory(at: forged, withIntermediateDirectories: true)
        let crafted = forged.appendingPathComponent("hello-tg-1.0-1.noarch.rpm").path
        try FileManager.default.copyItem(atPath: plain, toPath: crafted)
        for path in [plain, crafted] {
            let signature = try #require(
                (try facts([path], keyring: keyring).first?["signatures"] as? [[String: Any]])?.first)
            #expect(signature["status"] as? String == "bad", "\(path): \(signature)")
            #expect(signature["fingerprint"] == nil)
        }
    }

    /// Digests need no key: a package whose payload was altered is found out with no keyring, signed or not (as
    /// `rpmkeys -K` finds it), and says what did not match.
    @Test func digestsAreCheckedWithoutKeys() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for package in ["hello-tg-1.0-1.noarch.rpm", "netfetch-0.9-1.noarch.rpm"] {
            paths.append(TestPaths.fixture("rpm-repo/Packages/\(package)"))
            paths.append(dir.appendingPathComponent("altered-\(package)").path)
            try altered(package, signature: false, to: paths.last!)
        }
        let documents = try facts(paths, keyring: [])
        #expect(documents.count == 4)
        for (path, document) in zip(paths, documents) {
            let rpm = try #require(document["rpm"] as? [String: Any], "\(path)")
            let intact = !path.contains("altered-")
            #expect(rpm["digests_ok"] as? Bool == intact, "\(path): \(rpm)")
            let verification = rpm["verification"] as? String ?? "unset"
            #expect(verification.contains("digest: BAD") == !intact, "\(path): \(verification)")
            // Without keys a signature is not checked: unverified, never good.
            let statuses = (document["signatures"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
            #expect(statuses == (path.contains("hello-tg") ? ["unverified"] : []), "\(path): \(statuses)")
        }
        // The finding says what did not match, not an empty list of bad signatures.
        let gate = try Run.tollgate([
            "gate", "--no-history", "--format", "json", "--policies",
            TestPaths.root.appendingPathComponent("policies").path, paths[3],
        ])
        let findings =
            (((try parseJSON(gate.stdout) as? [String: Any])?["packages"] as? [[String: Any]])?.first?["verdict"]
            as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        let message = findings.first { $0["rule"] as? String == "bad-signature" }?["message"] as? String ?? ""
        #expect(message.hasPrefix("netfetch 0.9-1: its digests do not match (Payload SHA256"), "\(message)")
    }

    @Test func keysAreMappedToFingerprints() throws {
        let verifier = try RPMSignatureVerifier(keyFiles: [TestPaths.fixture("keys/rpmsig.asc")])
        let result = verifier.verify(path: TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.noarch.rpm"))
        #expect(result.classification == "good")
        #expect(result.digestsOK)
        let keyID = try #require(result.items.first { $0.isSignature }?.keyID)
        let fingerprint = try #require(verifier.fingerprints.first { $0.key.hasSuffix(keyID) }?.value)
        #expect(fingerprint.hasSuffix(keyID))
        let unsigned = verifier.verify(path: TestPaths.fixture("rpm-repo/Packages/netfetch-0.9-1.noarch.rpm"))
        #expect(unsigned.classification == "unsigned")
    }
}
