import CRPM
import Foundation
import TollgateCore

/// The signature data of an RPM header, as rpm itself reports it: which tags are present, and for each OpenPGP
/// signature the issuer key id, algorithms and time as librpm's parser reads them (no key is needed or used).
enum RPMSignatureReader {
    static let signatureTags: [(rpmTag_e, String, String)] = [
        (RPMTAG_RSAHEADER, "RSAHEADER", "rpm-header"), (RPMTAG_DSAHEADER, "DSAHEADER", "rpm-header"),
        (RPMTAG_SIGPGP, "SIGPGP", "rpm-header-payload"), (RPMTAG_SIGGPG, "SIGGPG", "rpm-header-payload"),
    ]

    static let digestTags: [(rpmTag_e, String)] = [
        (RPMTAG_SHA1HEADER, "SHA1HEADER"), (RPMTAG_SHA256HEADER, "SHA256HEADER"), (RPMTAG_SIGMD5, "SIGMD5"),
        (RPMTAG_PAYLOADDIGEST, "PAYLOADDIGEST"), (RPMTAG_PAYLOADDIGESTALT, "PAYLOADDIGESTALT"),
        (RPMTAG_FILESIGNATURES, "FILESIGNATURES"), (RPMTAG_VERITYSIGNATURES, "VERITYSIGNATURES"),
    ]

    static func presentTags(_ header: RPMHeader) -> [String] {
        signatureTags.filter { header.has($0.0) }.map(\.1) + digestTags.filter { header.has($0.0) }.map(\.1)
    }

    static func read(_ header: RPMHeader, path: String) -> [SignatureFacts] {
        signatureTags.compactMap { (t, name, kind) -> SignatureFacts? in
            guard let bytes = header.bytes(t) else { return nil }
            let summary = header.format("%{\(name):pgpsig}")
            var facts = SignatureFacts(kind: kind, location: name, summary: summary)
            var params: pgpDigParams?
            let rc = bytes.withUnsafeBufferPointer {
                pgpPrtParams($0.baseAddress, $0.count, UInt32(PGPTAG_SIGNATURE.rawValue), &params)
            }
            if rc == 0, let params {
                defer { pgpDigParamsFree(params) }
                facts.version = Int64(pgpDigParamsVersion(params))
                let pubkey = UInt8(truncatingIfNeeded: pgpDigParamsAlgo(params, UInt32(PGPVAL_PUBKEYALGO.rawValue)))
                let hash = UInt8(truncatingIfNeeded: pgpDigParamsAlgo(params, UInt32(PGPVAL_HASHALGO.rawValue)))
                facts.publicKeyAlgorithm = pgpValString(PGPVAL_PUBKEYALGO, pubkey).map { String(cString: $0) }
                facts.hashAlgorithm = pgpValString(PGPVAL_HASHALGO, hash).map { String(cString: $0) }
                if let id = pgpDigParamsSignID(params) {
                    facts.claimedKeyID = Array(UnsafeBufferPointer(start: id, count: 8)).hexString.uppercased()
                }
                facts.created = Date(timeIntervalSince1970: TimeInterval(pgpDigParamsCreationTime(params)))
            } else {
                // librpm could not parse it (e.g. a packet version it predates): fall back to Tollgate's reader.
                let own = SignatureFacts.read(bytes, kind: kind, location: name)
                if var first = own.first {
                    first.summary = summary
                    if first.parseError == nil {
                        first.parseError = nil
                    }
                    facts = first
                } else {
                    facts.parseError = "librpm cannot parse this signature"
                }
            }
            facts.subject = .rpm(file: path)
            return facts
        }
    }
}
