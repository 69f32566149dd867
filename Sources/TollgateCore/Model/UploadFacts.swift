/// An upload (`.changes`) checked as an archive's queue would: its files present with the listed checksums, and its
/// `.changes` and `.dsc` signed by the same key.
public struct UploadFacts: Sendable, Hashable {
    /// Files the `.changes` lists.
    public var filesListed: Int64 = 0
    /// Listed files absent beside the `.changes`.
    public var missing: [String] = []
    /// Listed files whose size or SHA-256 differs from the listing (`name: why`).
    public var checksumMismatches: [String] = []
    /// Verified signer (primary fingerprint) of the `.changes`, and of the `.dsc` it carries.
    public var changesSigner: String?
    public var dscSigner: String?
    /// Both signatures verified and name the same key; nil when either is not verified or there is no `.dsc`.
    public var sameSigner: Bool?

    /// Creates empty upload facts.
    public init() {}
}

extension UploadFacts: FactSchemaDeclaring {
    public static let factTypeName = "Upload"
    public static let factDocumentation = """
        What `tollgate gate` checks of a `.changes`: every listed file present with its listed size and SHA-256, \
        and the `.changes` and its `.dsc` signed (verifiably) by the same key.
        """
    public static let factFields = FactFieldTable<UploadFacts>([
        .int("files_listed", "Files the .changes lists.") { $0.filesListed },
        .strings("missing", "Listed files that are not beside the .changes.") { $0.missing },
        .strings("checksum_mismatches", "Listed files whose size or SHA-256 differs (`name: why`).") {
            $0.checksumMismatches
        },
        .string("changes_signer", "Verified signer of the .changes (primary fingerprint).") { $0.changesSigner },
        .string("dsc_signer", "Verified signer of the .dsc it uploads.") { $0.dscSigner },
        .bool("same_signer", "Both verified and the same key; unset when either is unverified or absent.") {
            $0.sameSigner
        },
    ])
}
