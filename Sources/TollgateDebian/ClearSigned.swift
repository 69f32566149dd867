import CAptPkg
import TollgateCore

/// OpenPGP clear-signed files (`.dsc`, `.changes`, `InRelease`): their signature blocks, split by libapt-pkg.
enum ClearSigned {
    /// The signatures of a clear-signed file as read (unverified); empty when the file is not clear-signed.
    static func signatures(path: String, location: String) throws(DebianReadError) -> [SignatureFacts] {
        var message: UnsafeMutablePointer<CChar>?
        var messageLength = 0
        var signatures: UnsafeMutablePointer<CChar>?
        var signaturesLength = 0
        let result = tg_apt_split_clearsigned(path, &message, &messageLength, &signatures, &signaturesLength)
        defer {
            tg_apt_free(message)
            tg_apt_free(signatures)
        }
        switch result {
        case 0: return []
        case 1:
            let bytes = signatures.map { Array(UnsafeRawBufferPointer(start: $0, count: signaturesLength)) } ?? []
            return SignatureFacts.read(bytes, kind: "clearsigned", location: location).map { signature in
                var s = signature
                s.subject = .clearsigned(file: path)
                return s
            }
        default:
            throw DebianReadError.fromApt(path: location, fallback: "malformed clear-signed message")
        }
    }
}
