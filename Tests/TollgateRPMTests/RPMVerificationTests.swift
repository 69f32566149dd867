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
