import TollgateCore

/// How much an observation of a release says, so that a later observation of the same content (the same digest)
/// that says more replaces what it left unknown: a `.dsc` seen after its `Sources` entry brings the signers and the
/// changelog the entry could not; a `.dsc` ingested again with a keyring names the signer that was `unverified`.
struct ReleaseStrength: Sendable, Hashable {
    /// Seen only as an index entry.
    var indexed: Bool
    /// Per role of `ReleaseRecord.roleNames`, how much its signature status says (see `rank`).
    var roles: SIMD3<UInt8>

    /// No role's signature was known (0), one was not checked (`unverified`: 1), its key was not at hand
    /// (`no-public-key`: 2), or the check said something of it (good, bad, expired, revoked, unsigned: 3).
    static func rank(_ status: String?) -> UInt8 {
        switch status {
        case nil: 0
        case "unverified": 1
        case "no-public-key": 2
        default: 3
        }
    }

    /// The statuses SQL ranks below a checked one: rows holding them may be upgraded.
    static let uncheckedStatuses = ["unverified", "no-public-key"]

    init(indexed: Bool, statuses: [String?]) {
        self.indexed = indexed
        roles = SIMD3(statuses.map(ReleaseStrength.rank))
    }

    /// What a record of these facts would say.
    init(_ facts: PackageFacts) {
        let signatures = ReleaseRecord.roleSignatures(of: facts)
        self.init(
            indexed: facts.artifact.isIndexEntry, statuses: ReleaseRecord.roleNames.map { signatures[$0]?.status })
    }

    /// Whether nothing a later observation could add is missing.
    var isComplete: Bool { !indexed && !any((roles .> 0) .& (roles .< 3)) }

    /// Whether `other` says something this does not.
    func isExceeded(by other: ReleaseStrength) -> Bool {
        (indexed && !other.indexed) || any(other.roles .> roles)
    }

    /// What the two together say (what the row holds once `other` is written over it).
    func merged(with other: ReleaseStrength) -> ReleaseStrength {
        var merged = self
        merged.indexed = indexed && other.indexed
        merged.roles = pointwiseMax(roles, other.roles)
        return merged
    }
}
