/// Debian-only facts of a package.
public struct DebianInfo: Sendable, Hashable {
    /// Every control field as read, in order, with its original name (derived from `stanza` unless set).
    public var fields: [(key: String, value: String)] {
        get { ownFields ?? stanza?() ?? [] }
        set { ownFields = newValue }
    }
    private var ownFields: [(key: String, value: String)]?
    /// Produces the control fields on demand from the stanza they were read from.
    public var stanza: (@Sendable () -> [(key: String, value: String)])?
    /// Looks one field up in the stanza they were read from, without producing them all.
    public var stanzaField: (@Sendable (String) -> String?)?
    /// Source format (`3.0 (quilt)`, `3.0 (native)`, `1.0`) of a `.dsc`.
    public var sourceFormat: String?
    /// `Standards-Version`.
    public var standardsVersion: String?
    /// `Multi-Arch`.
    public var multiArch: String?
    /// `Essential: yes`.
    public var essential: Bool = false
    /// `Protected: yes`.
    public var protected: Bool = false
    /// Target distribution of an upload (`.changes`).
    public var distribution: String?
    /// Bugs an upload closes (`Closes`).
    public var closes: [String]?
    /// Members of the `.deb` ar archive, in order (`debian-binary`, `control.tar.xz`, `data.tar.xz`, …).
    public var debMembers: [String]?
    /// Members of `control.tar` (`control`, `md5sums`, `postinst`, …).
    public var controlMembers: [String]?
    /// Conffiles declared in `control.tar`.
    public var conffiles: [String]?
    /// `Testsuite`.
    public var testsuite: String?

    /// Creates empty Debian facts.
    public init() {}

    public static func == (lhs: DebianInfo, rhs: DebianInfo) -> Bool {
        lhs.fields.map(\.key) == rhs.fields.map(\.key) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
            && lhs.sourceFormat == rhs.sourceFormat && lhs.debMembers == rhs.debMembers
            && lhs.controlMembers == rhs.controlMembers && lhs.conffiles == rhs.conffiles
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.map(\.key))
    }

    /// The value of a control field, compared case-insensitively as deb822 does.
    public func field(_ name: String) -> String? {
        if ownFields == nil, let stanzaField { return stanzaField(name) }
        let wanted = Array(name.utf8).map(DebianInfo.lower)
        return fields.first { $0.key.utf8.count == wanted.count && $0.key.utf8.map(DebianInfo.lower) == wanted }?.value
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}

extension DebianInfo: FactSchemaDeclaring {
    public static let factTypeName = "DebianInfo"
    public static let factDocumentation = "Facts only Debian formats carry."
    public static let factFields = FactFieldTable<DebianInfo>([
        .stringMap("fields", "Every control field as read, keyed by its name as written (`Vcs-Git`, `Testsuite`).") {
            $0.fields
        },
        .string("source_format", "`Format` of a `.dsc` (`3.0 (quilt)`, `3.0 (native)`, `1.0`).") { $0.sourceFormat },
        .string("standards_version", "`Standards-Version`.") { $0.standardsVersion },
        .string("multi_arch", "`Multi-Arch`.") { $0.multiArch },
        .bool("essential", "`Essential: yes`.") { $0.essential },
        .bool("protected", "`Protected: yes`.") { $0.protected },
        .string("distribution", "Target distribution of an upload (`.changes` `Distribution`).") { $0.distribution },
        .strings("closes", "Bug numbers an upload closes.") { $0.closes },
        .strings("deb_members", "Members of the `.deb` ar archive in order.") { $0.debMembers },
        .strings("control_members", "Members of `control.tar` (`control`, `md5sums`, `postinst`, …).") {
            $0.controlMembers
        },
        .strings("conffiles", "Conffiles the binary package declares.") { $0.conffiles },
        .string("testsuite", "`Testsuite`.") { $0.testsuite },
    ])
}

/// RPM-only facts of a package.
public struct RPMInfo: Sendable, Hashable {
    /// `%{DISTRIBUTION}`.
    public var distribution: String?
    /// `%{SOURCERPM}` of a binary RPM.
    public var sourceRPM: String?
    /// Source file names of a source RPM (`Source0`, …).
    public var sources: [String]?
    /// Patch file names of a source RPM.
    public var patches: [String]?
    /// Payload format and compressor (`cpio`, `zstd`).
    public var payloadFormat: String?
    public var payloadCompressor: String?
    /// The rpm version that built the package.
    public var rpmVersion: String?
    /// Signature and digest tags present in the header (`RSAHEADER`, `SHA256HEADER`, `PAYLOADDIGEST`, …).
    public var signatureTags: [String] = []
    /// `%{OPTFLAGS}`.
    public var optflags: String?
    /// `%{COOKIE}`.
    public var cookie: String?
    /// librpm's verification summary (`digests signatures OK`), when verified against keyrings.
    public var verification: String?
    /// Every header and payload digest matched, when verified.
    public var digestsOK: Bool?
    /// The package file as read, for its verification (not a fact: index entries have none).
    public var file: String?
    /// For an entry of repository metadata: the checksum it gives of the package file (not a fact).
    public var metadataChecksum: Checksum?

    /// A digest and the algorithm repository metadata names for it (`sha256`, `sha512`, …).
    public struct Checksum: Sendable, Hashable {
        public var type: String
        public var hex: String
        public init(type: String, hex: String) {
            self.type = type
            self.hex = hex
        }
    }

    /// Creates empty RPM facts.
    public init() {}
}

extension RPMInfo: FactSchemaDeclaring {
    public static let factTypeName = "RPMInfo"
    public static let factDocumentation = "Facts only RPM headers carry."
    public static let factFields = FactFieldTable<RPMInfo>([
        .string("distribution", "`%{DISTRIBUTION}`.") { $0.distribution },
        .string("source_rpm", "`%{SOURCERPM}` of a binary RPM.") { $0.sourceRPM },
        .strings("sources", "Source file names of a source RPM.") { $0.sources },
        .strings("patches", "Patch file names of a source RPM.") { $0.patches },
        .string("payload_format", "`%{PAYLOADFORMAT}`.") { $0.payloadFormat },
        .string("payload_compressor", "`%{PAYLOADCOMPRESSOR}`.") { $0.payloadCompressor },
        .string("rpm_version", "`%{RPMVERSION}`: the rpm that built the package.") { $0.rpmVersion },
        .strings("signature_tags", "Signature and digest tags present (`RSAHEADER`, `SHA256HEADER`, …).") {
            $0.signatureTags
        },
        .string("optflags", "`%{OPTFLAGS}`.") { $0.optflags },
        .string("cookie", "`%{COOKIE}`.") { $0.cookie },
        .string(
            "verification",
            "What librpm's check (as `rpmkeys -K`) found wrong: each digest or signature not `OK`, with its result "
                + "(`Payload SHA256 digest: BAD (Expected … != …)`); empty when all are; unset for index entries."
        ) { $0.verification },
        .bool(
            "digests_ok",
            "Every header and payload digest of the package file matched — checked with or without a keyring, "
                + "signed or not; unset for index entries."
        ) { $0.digestsOK },
    ])
}
