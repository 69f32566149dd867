import Foundation
import GRDB

/// A release row as read back.
struct StoredRelease: Sendable {
    struct Role: Sendable {
        var status: String?
        var signer: String?
        var keyCreated: Date?
        var signedAt: Date?
    }

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
    var roles: [String: Role]
    var buildDependencies: [String]
    var upstreamKeys: [String]?

    static let columns = """
        version, kind, artifact, released_at, maintainer, maintainer_raw, uploaders, packager, packager_raw,
        changed_by, changed_by_raw, package_status, package_signer, package_key_created, package_signed_at,
        upstream_status, upstream_signer, upstream_key_created, upstream_signed_at,
        tag_status, tag_signer, tag_key_created, tag_signed_at, build_dependencies, upstream_keys
        """

    init(row: Row) {
        func date(_ column: String) -> Date? { (row[column] as Double?).map { Date(timeIntervalSince1970: $0) } }
        func list(_ column: String) -> [String] {
            ((row[column] as String?) ?? "").split(separator: "\n").map(String.init)
        }
        version = row["version"]
        kind = row["kind"]
        artifact = row["artifact"]
        releasedAt = date("released_at")
        maintainer = row["maintainer"]
        maintainerRaw = row["maintainer_raw"]
        uploaders = list("uploaders")
        packager = row["packager"]
        packagerRaw = row["packager_raw"]
        changedBy = row["changed_by"]
        changedByRaw = row["changed_by_raw"]
        var roles: [String: Role] = [:]
        for role in ["package", "upstream", "tag"] {
            if let status = row["\(role)_status"] as String? {
                roles[role] = Role(
                    status: status, signer: row["\(role)_signer"], keyCreated: date("\(role)_key_created"),
                    signedAt: date("\(role)_signed_at")
                )
            }
        }
        self.roles = roles
        buildDependencies = list("build_dependencies")
        upstreamKeys = (row["upstream_keys"] as String?).map { $0.split(separator: "\n").map(String.init) }
    }

    /// The person responsible: the maintainer, else the packager.
    var responsible: String? { maintainer ?? packager }

    /// When it was signed in a role, else released.
    func date(in role: String) -> Date? { roles[role]?.signedAt ?? releasedAt }
}
