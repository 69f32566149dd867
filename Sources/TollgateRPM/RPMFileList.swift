import CRPM
import TollgateCore

/// The file list of an RPM header, through librpm's rpmfiles iterator.
enum RPMFileList {
    static let flagNames: [(rpmfileAttrs_e, String)] = [
        (RPMFILE_CONFIG, "config"), (RPMFILE_DOC, "doc"), (RPMFILE_MISSINGOK, "missingok"),
        (RPMFILE_NOREPLACE, "noreplace"), (RPMFILE_SPECFILE, "specfile"), (RPMFILE_GHOST, "ghost"),
        (RPMFILE_LICENSE, "license"), (RPMFILE_README, "readme"), (RPMFILE_PUBKEY, "pubkey"),
        (RPMFILE_ARTIFACT, "artifact"),
    ]

    static func read(_ header: RPMHeader) -> [FileEntry] {
        guard let files = rpmfilesNew(nil, header.header, tag(RPMTAG_BASENAMES), rpmfiFlags(RPMFI_KEEPHEADER.rawValue))
        else { return [] }
        defer { rpmfilesFree(files) }
        guard let fi = rpmfilesIter(files, Int32(RPMFI_ITER_FWD.rawValue)) else { return [] }
        defer { rpmfiFree(fi) }
        var out: [FileEntry] = []
        while rpmfiNext(fi) >= 0 {
            let mode = UInt32(rpmfiFMode(fi))
            let kind: FileEntry.Kind
            switch mode & 0o170000 {
            case 0o100000: kind = .file
            case 0o040000: kind = .directory
            case 0o120000: kind = .symlink
            case 0o020000: kind = .character
            case 0o060000: kind = .block
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            default: kind = .unknown
            }
            var algo: Int32 = 0
            var digest: String?
            if let hex = rpmfiFDigestHex(fi, &algo) {
                let text = String(cString: hex)
                free(hex)
                // Directories and other non-files carry an empty (all-zero) digest.
                if kind == .file, !text.isEmpty, text.contains(where: { $0 != "0" }) { digest = text }
            }
            let flags = UInt32(rpmfiFFlags(fi))
            let link = rpmfiFLink(fi).map { String(cString: $0) }
            let capabilities = rpmfiFCaps(fi).map { String(cString: $0) }
            var entry =
                FileEntry(
                    path: rpmfiFN(fi).map { String(cString: $0) } ?? "", kind: kind, mode: Int64(mode & 0o7777),
                    size: kind == .file ? Int64(rpmfiFSize(fi)) : 0,
                    user: rpmfiFUser(fi).map { String(cString: $0) } ?? "",
                    group: rpmfiFGroup(fi).map { String(cString: $0) } ?? "",
                    linkTarget: link?.isEmpty == false ? link : nil, digest: digest,
                    digestAlgorithm: digest == nil ? nil : digestName(algo),
                    flags: flagNames.compactMap { flags & UInt32($0.0.rawValue) != 0 ? $0.1 : nil },
                    mtime: Int64(rpmfiFMtime(fi))
                )
            if let capabilities, !capabilities.isEmpty { entry.capabilities = capabilities }
            out.append(entry)
        }
        return out
    }

    static func digestName(_ algo: Int32) -> String {
        switch algo {
        case 1: "md5"
        case 2: "sha1"
        case 8: "sha256"
        case 9: "sha384"
        case 10: "sha512"
        case 11: "sha224"
        default: "unknown(\(algo))"
        }
    }
}
