import Foundation

/// A package version judged against its own history: every earlier release of the same package (by the
/// ecosystem's version order) that the history database holds.
public struct HistoryFacts: Sendable, Hashable {
    /// A history database was consulted; false means the history is absent (never guessed).
    public var available: Bool
    /// The database consulted.
    public var database: String?
    public var releasesBefore: Int64 = 0
    /// Earlier releases with at least one verified signature.
    public var signedReleasesBefore: Int64 = 0
    public var firstRelease: Date?
    public var previousVersion: String?
    public var previousDate: Date?
    /// The signer of this release in each role, against the signers of earlier releases.
    public var packageSigner: SignerHistory?
    public var upstreamSigner: SignerHistory?
    public var tagSigner: SignerHistory?
    /// Roles in which earlier releases carried verified signatures and this one carries none.
    public var signatureRegressedRoles: [String] = []
    /// Every signer of an earlier release.
    public var signers: [SignerSeen] = []
    /// Every person named by earlier releases and changelogs.
    public var people: [PersonSeen] = []
    public var maintainerChanged: Bool = false
    /// Days since the current maintainer (packager for RPM) first appeared; 0 when new in this release.
    public var maintainerTenureDays: Double?
    /// Identities in this release's maintainer, uploaders, packager or changed-by never seen before.
    public var newPeople: [String] = []
    /// Days since someone of the current maintainer set first appeared (0 when someone is new now).
    public var daysSinceNewPerson: Double?
    public var nonMaintainerUpload: Bool = false
    /// Fingerprints added to / removed from `debian/upstream/signing-key.asc` since the previous release.
    public var upstreamKeysAdded: [String] = []
    public var upstreamKeysRemoved: [String] = []
    /// The newest changelog entry documents a hand-over (an adoption, a new maintainer, a QA or salvage upload,
    /// a sponsored upload naming the previous maintainer).
    public var handoverDocumented: Bool = false
    public var buildDependenciesAdded: [String] = []
    public var buildDependenciesRemoved: [String] = []
    /// The current release's date minus the previous release's, in days.
    public var daysSincePrevious: Double?

    /// Creates history facts.
    public init(available: Bool, database: String? = nil) {
        self.available = available
        self.database = database
    }
}

/// The signer of this release in one role (`package`, `upstream`, `tag`), against earlier releases.
public struct SignerHistory: Sendable, Hashable {
    public var role: String
    public var fingerprint: String
    /// The key signed an earlier release of this package in this role.
    public var seenBefore: Bool
    /// The key signed an earlier release of this package in any role.
    public var seenBeforeAnyRole: Bool
    public var firstSeen: Date?
    public var releasesSignedBefore: Int64
    /// Earlier releases with a verified signature in this role, by anyone.
    public var roleSignedReleasesBefore: Int64
    public var keyCreated: Date?
    public var keyAgeDays: Double?
    /// The signer of the most recent earlier release signed in this role.
    public var previousFingerprint: String?
    public var previousLastSigned: Date?
    /// Days from the previous signer's first to last signature of this package, in any role.
    public var previousTenureDays: Double?
    public var previousReleasesSigned: Int64?
    public var daysSincePreviousSigned: Double?

    /// Creates a signer history.
    public init(
        role: String, fingerprint: String, seenBefore: Bool, seenBeforeAnyRole: Bool, releasesSignedBefore: Int64,
        roleSignedReleasesBefore: Int64
    ) {
        self.role = role
        self.fingerprint = fingerprint
        self.seenBefore = seenBefore
        self.seenBeforeAnyRole = seenBeforeAnyRole
        self.releasesSignedBefore = releasesSignedBefore
        self.roleSignedReleasesBefore = roleSignedReleasesBefore
    }
}

/// A key that signed earlier releases in one role.
public struct SignerSeen: Sendable, Hashable {
    public var fingerprint: String
    public var role: String
    public var firstSeen: Date?
    public var lastSeen: Date?
    public var releases: Int64
    public var firstVersion: String
    public var lastVersion: String

    /// Creates a record.
    public init(
        fingerprint: String, role: String, firstSeen: Date?, lastSeen: Date?, releases: Int64,
        firstVersion: String, lastVersion: String
    ) {
        self.fingerprint = fingerprint
        self.role = role
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.releases = releases
        self.firstVersion = firstVersion
        self.lastVersion = lastVersion
    }
}

/// A person named by earlier releases (maintainer, uploader, packager, changed-by) or changelog entries.
public struct PersonSeen: Sendable, Hashable {
    public var identity: String
    public var raw: String
    public var firstSeen: Date?
    public var lastSeen: Date?
    public var releases: Int64
    public var roles: [String]

    /// Creates a record.
    public init(identity: String, raw: String, firstSeen: Date?, lastSeen: Date?, releases: Int64, roles: [String]) {
        self.identity = identity
        self.raw = raw
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.releases = releases
        self.roles = roles
    }
}

extension HistoryFacts: FactSchemaDeclaring {
    public static let factTypeName = "History"
    public static let factDocumentation = """
        The release against every earlier release of the same package (ecosystem and name) in the history \
        database, ordered by the ecosystem's own version comparison. Debian names binary packages and source \
        packages apart: a binary package is compared with the binaries of its name, a source package or upload with \
        the sources and uploads of its name. Signers come from verified signatures only. A release recorded after a \
        newer version of the package had been (an upload of a lower version, a release slipped into a mirror) is \
        earlier only for releases known before it was recorded and for releases below that newer version (a stable \
        branch's next update): it fills in the past of what was known, but gives no past to a release above it that \
        came after it.
        """
    public static let factFields = FactFieldTable<HistoryFacts>([
        .bool("available", "A history database was consulted; false: the history is absent, nothing is inferred.") {
            $0.available
        },
        .string("database", "The database consulted.") { $0.database },
        .int("releases_before", "Earlier releases of this package.") { $0.releasesBefore },
        .int("signed_releases_before", "Earlier releases with at least one verified signature.") {
            $0.signedReleasesBefore
        },
        .timestamp("first_release", "Date of the earliest release known.") { $0.firstRelease },
        .string("previous_version", "The closest earlier version.") { $0.previousVersion },
        .timestamp("previous_date", "That version's date.") { $0.previousDate },
        .double("days_since_previous", "Days between the previous release and this one.") { $0.daysSincePrevious },
        .object("package_signer", "This release's package signer (.dsc/.changes/RPM header) against history.") {
            $0.packageSigner
        },
        .object("upstream_signer", "This release's upstream tarball signer against history.") { $0.upstreamSigner },
        .object("tag_signer", "This release's git tag signer against history.") { $0.tagSigner },
        .strings("signature_regressed_roles", "Roles signed (verified) in earlier releases but not in this one.") {
            $0.signatureRegressedRoles
        },
        .objects("signers", "Every key that signed an earlier release, per role.") { $0.signers },
        .objects(
            "people",
            "Everyone named by earlier releases and by the changelog entries those releases carried (never by the "
                + "release's own changelog, which could invent a past)."
        ) { $0.people },
        .bool("maintainer_changed", "The maintainer (packager for RPM) differs from the previous release's.") {
            $0.maintainerChanged
        },
        .double("maintainer_tenure_days", "Days since the current maintainer first appeared (0 when new).") {
            $0.maintainerTenureDays
        },
        .strings(
            "new_people",
            "Identities of this release's maintainer, uploaders, packager or changed-by never seen before."
        ) {
            $0.newPeople
        },
        .double("days_since_new_person", "Days since anyone of the current maintainer set first appeared.") {
            $0.daysSinceNewPerson
        },
        .bool("non_maintainer_upload", "Made by someone who is not among the maintainers and uploaders (an NMU).") {
            $0.nonMaintainerUpload
        },
        .strings(
            "upstream_keys_added", "Fingerprints added to debian/upstream/signing-key.asc since the previous release."
        ) {
            $0.upstreamKeysAdded
        },
        .strings("upstream_keys_removed", "Fingerprints removed from it.") { $0.upstreamKeysRemoved },
        .bool("handover_documented", "The newest changelog entry documents an adoption or hand-over.") {
            $0.handoverDocumented
        },
        .strings("build_dependencies_added", "Build dependencies new in this release.") { $0.buildDependenciesAdded },
        .strings("build_dependencies_removed", "Build dependencies dropped in this release.") {
            $0.buildDependenciesRemoved
        },
    ])
}

extension SignerHistory: FactSchemaDeclaring {
    public static let factTypeName = "SignerHistory"
    public static let factDocumentation =
        "A release's verified signer in one role, against the package's earlier releases."
    public static let factFields = FactFieldTable<SignerHistory>([
        .string("role", "`package`, `upstream` or `tag`.") { $0.role },
        .string("fingerprint", "Primary key fingerprint of the verified signer.") { $0.fingerprint },
        .bool("seen_before", "The key signed an earlier release in this role.") { $0.seenBefore },
        .bool("seen_before_any_role", "The key signed an earlier release in any role.") { $0.seenBeforeAnyRole },
        .timestamp("first_seen", "When the key first signed this package.") { $0.firstSeen },
        .int("releases_signed_before", "Earlier releases this key signed, in this role.") { $0.releasesSignedBefore },
        .int("role_signed_releases_before", "Earlier releases signed (verified) in this role, by anyone.") {
            $0.roleSignedReleasesBefore
        },
        .timestamp("key_created", "Creation time of the signer's key.") { $0.keyCreated },
        .double("key_age_days", "Age of the key when it signed this release, in days.") { $0.keyAgeDays },
        .string("previous_fingerprint", "Signer of the most recent earlier release signed in this role.") {
            $0.previousFingerprint
        },
        .timestamp("previous_last_signed", "When that signer last signed this package.") { $0.previousLastSigned },
        .double("previous_tenure_days", "Days from the previous signer's first to last signature of this package.") {
            $0.previousTenureDays
        },
        .int("previous_releases_signed", "Releases of this package the previous signer signed.") {
            $0.previousReleasesSigned
        },
        .double("days_since_previous_signed", "Days from the previous signer's last signature to this release.") {
            $0.daysSincePreviousSigned
        },
    ])
}

extension SignerSeen: FactSchemaDeclaring {
    public static let factTypeName = "SignerSeen"
    public static let factDocumentation = "A key that signed earlier releases of the package in one role."
    public static let factFields = FactFieldTable<SignerSeen>([
        .string("fingerprint", "Primary key fingerprint.") { $0.fingerprint },
        .string("role", "`package`, `upstream` or `tag`.") { $0.role },
        .timestamp("first_seen", "Date of the first release it signed.") { $0.firstSeen },
        .timestamp("last_seen", "Date of the last release it signed.") { $0.lastSeen },
        .int("releases", "Releases it signed.") { $0.releases },
        .string("first_version", "First version it signed.") { $0.firstVersion },
        .string("last_version", "Last version it signed.") { $0.lastVersion },
    ])
}

extension PersonSeen: FactSchemaDeclaring {
    public static let factTypeName = "PersonSeen"
    public static let factDocumentation = "A person named by earlier releases or changelog entries of the package."
    public static let factFields = FactFieldTable<PersonSeen>([
        .string("identity", "Lower-cased address (or name).") { $0.identity },
        .string("raw", "As last written.") { $0.raw },
        .timestamp("first_seen", "First appearance.") { $0.firstSeen },
        .timestamp("last_seen", "Last appearance.") { $0.lastSeen },
        .int("releases", "Releases and changelog entries naming them.") { $0.releases },
        .strings("roles", "`maintainer`, `uploader`, `packager`, `changed_by`, `changelog`.") { $0.roles },
    ])
}
