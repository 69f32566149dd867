import Foundation
import GRDB

/// A release row as read back.
struct StoredRelease: Sendable {
    var version: String
    var kind: String
    var artifact: String
    var releasedAt: Date?
    var maintainer: String?
    var maintainerRaw: String?
    var uploaders: [String]
    var packager: String?
    var packagerRaw: String?
    var changedBy: String?
    var changedByRaw: String?
    var roles: [String: ReleaseRecord.RoleSignature]
    var buildDependencies: [String]
    var upstreamKeys: [String]?
    /// When it was recorded: the time the recording (an ingest, a report, a gate) began.
    var observedAt: Date

    static let columns = """
        version, kind, artifact, released_at, maintainer, maintainer_raw, uploaders, packager, packager_raw,
        changed_by, changed_by_raw, package_status, package_signer, package_key_created, package_signed_at,
        upstream_status, upstream_signer, upstream_key_created, upstream_signed_at,
        tag_status, tag_signer, tag_key_created, tag_signed_at, build_dependencies, upstream_keys, observed_at
        """
    /// How many columns `columns` names.
    static let columnCount = 26

    /// Reads a row whose last columns are `columns`, in order (read by position: a snapshot reads every release).
    init(row: Row) {
        let base = row.count - StoredRelease.columnCount
        // Read leniently (see `Row.text`): a damaged row is a wrong value, never a crash.
        func date(_ offset: Int) -> Date? { row.number(base + offset).map { Date(timeIntervalSince1970: $0) } }
        func text(_ offset: Int) -> String? { row.text(base + offset) }
        func list(_ offset: Int) -> [String] {
            guard let text = text(offset), !text.isEmpty else { return [] }
            return text.split(separator: "\n").map(String.init)
        }
        version = text(0) ?? ""
        kind = text(1) ?? ""
        artifact = text(2) ?? ""
        releasedAt = date(3)
        maintainer = text(4)
        maintainerRaw = text(5)
        uploaders = list(6)
        packager = text(7)
        packagerRaw = text(8)
        changedBy = text(9)
        changedByRaw = text(10)
        var roles: [String: ReleaseRecord.RoleSignature] = [:]
        for (index, role) in ReleaseRecord.roleNames.enumerated() {
            let first = 11 + 4 * index
            if let status = text(first) {
                roles[role] = ReleaseRecord.RoleSignature(
                    status: status, fingerprint: text(first + 1), keyCreated: date(first + 2),
                    signedAt: date(first + 3))
            }
        }
        self.roles = roles
        buildDependencies = list(23)
        upstreamKeys = text(24).map { $0.split(separator: "\n").map(String.init) }
        observedAt = date(25) ?? .distantPast
    }

    /// The person responsible: the maintainer, else the packager.
    var responsible: String? { maintainer ?? packager }

    /// When it was signed in a role, else released.
    func date(in role: String) -> Date? { roles[role]?.signedAt ?? releasedAt }
}
