import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@Suite struct DigestTests {
    @Test func knownVectors() {
        #expect(
            SHA256.hash(Array("".utf8)).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hash(Array("abc".utf8)).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA1.hash(Array("abc".utf8)).hexString == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hash(Array("".utf8)).hexString == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hash(long).hexString == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA1.hash(long).hexString == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func incrementalUpdatesAgreeWithOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var sha = SHA256()
        var one = SHA1()
        var i = 0
        for size in [1, 63, 64, 65, 127, 500, 3000] where i < data.count {
            let end = min(data.count, i + size)
            sha.update(data[i..<end])
            one.update(data[i..<end])
            i = end
        }
        sha.update(data[i...])
        one.update(data[i...])
        #expect(sha.finalize() == SHA256.hash(data))
        #expect(one.finalize() == SHA1.hash(data))
    }

    @Test func fileDigestAgreesWithSha256sum() throws {
        let path = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.0.tar.gz")
        let oracle = try Run.program("/usr/bin/sha256sum", [path]).stdout.split(separator: " ").first.map(String.init)
        let ours = try #require(FileDigest.sha256(path: path))
        #expect(ours.sha256 == oracle)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(ours.size == Int64(size ?? -1))
    }
}
