import CRPM
import Foundation
import TollgateCore

/// A file's digest in any algorithm repository metadata names (`sha256`, `sha512`, `sha384`, `sha224`, `sha1`,
/// `sha`, `md5`), computed with librpm's own digests, as createrepo_c and dnf compute them.
public enum RPMDigest {
    /// librpm's algorithm for a repodata checksum type; nil for a type it does not know.
    static func algorithm(_ type: String) -> pgpHashAlgo? {
        switch type.lowercased() {
        case "sha256": PGPHASHALGO_SHA256
        case "sha512": PGPHASHALGO_SHA512
        case "sha384": PGPHASHALGO_SHA384
        case "sha224": PGPHASHALGO_SHA224
        case "sha1", "sha": PGPHASHALGO_SHA1
        case "md5": PGPHASHALGO_MD5
        default: nil
        }
    }

    /// Whether the type is one `hex(of:type:)` computes.
    public static func knows(_ type: String) -> Bool { algorithm(type) != nil }

    /// The lower-case hex digest of the file at `path`; nil when it cannot be read or the type is unknown.
    public static func hex(of path: String, type: String) -> String? {
        guard let algorithm = algorithm(type) else { return nil }
        RPMLibrary.prepare()
        guard let context = rpmDigestInit(Int32(algorithm.rawValue), rpmDigestFlags(RPMDIGEST_NONE.rawValue)) else {
            return nil
        }
        guard FileDigest.read(path: path, { _ = rpmDigestUpdate(context, $0.baseAddress, $0.count) }) != nil else {
            var unused: UnsafeMutableRawPointer?
            _ = rpmDigestFinal(context, &unused, nil, 0)
            free(unused)
            return nil
        }
        var result: UnsafeMutableRawPointer?
        var length = 0
        guard rpmDigestFinal(context, &result, &length, 1) == 0, let result else { return nil }
        defer { free(result) }
        return String(cString: result.assumingMemoryBound(to: CChar.self)).lowercased()
    }
}
