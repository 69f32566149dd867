import Foundation
import TollgateCore
import TollgateRPM

/// Whether a file is the one a listing vouches for, judged as apt judges it: by the strong checksums the listing
/// gives (SHA-256, SHA-512), every one of which must match. MD5 and SHA-1 vouch for nothing.
enum StrongChecksum {
    /// True when every strong checksum given matches the file, false when one differs, nil when none is given.
    /// `knownSHA256` spares hashing a file whose SHA-256 is already known.
    static func matches(path: String, sha256: String?, sha512: String?, knownSHA256: String? = nil) -> Bool? {
        guard sha256 != nil || sha512 != nil else { return nil }
        if let sha256 {
            guard (knownSHA256 ?? FileDigest.sha256(path: path)?.sha256) == sha256.lowercased() else { return false }
        }
        if let sha512 {
            guard RPMDigest.hex(of: path, type: "sha512") == sha512.lowercased() else { return false }
        }
        return true
    }
}
