import Foundation
import TollgateCore

/// What the history keeps of one observed release.
struct ReleaseRecord: Sendable {
    /// A verified (or failed) signature of one role.
    struct RoleSignature: Sendable, Hashable {
        /// `good`, `bad`, `expired-key`, `no-public-key`, `unverified`, … or `unsigned`.
        var status: String
        /// Primary fingerprint — recorded only for a good signature.
        var fingerprint: String?
        var keyCreated: Date?
        var signedAt: Date?
    }

    var digest: ReleaseDigest
    var ecosystem: String
    var name: String
    var version: String
    var kind: String
    /// The kind of artefact it was observed in: `dsc`, `changes`, `sources-index`, `rpm`, `tarball`, `git-tag`, …
    var origin: String
    var artifact: String
    var releasedAt: Date?
    var maintainer: Person?
    var uploaders: [Person]
    var packager: Person?
    var changedBy: Person?
    var roles: [String: RoleSignature]
    /// Build relation names, sorted, one per line (as the row keeps them).
    var buildDependencyLines: String
    var buildDependencies: [String] {
        buildDependencyLines.isEmpty ? [] : buildDependencyLines.split(separator: "\n").map(String.init)
    }
    var upstreamKeys: [String]?
    var filesDigest: String?
    var newestChange: String?
    var changelog: [ChangelogEntry]
    /// The text columns of the release row, prepared off the writer's thread (see `Ingester.records`).
    struct Columns: Sendable {
        var maintainer: String?
        var maintainerRaw: String?
        var uploaders: String
        var packager: String?
        var packagerRaw: String?
        var changedBy: String?
        var changedByRaw: String?
        var buildDependencies: String
        var upstreamKeys: String?
    }

    /// A record with its row text, passed by reference between the builders and the writer (a record is large).
    final class Prepared: Sendable {
        let record: ReleaseRecord
        let columns: Columns
        /// The release is recorded already: its row takes what this record says more of (`HistoryStore.insert`).
        let completing: Bool
        init(_ record: ReleaseRecord, completing: Bool = false) {
            self.record = record
            columns = record.columns
            self.completing = completing
        }
    }

    /// The roles a release row has signature columns for, in column order.
    static let roleNames = ["package", "upstream", "tag"]

    var columns: Columns {
        Columns(
            maintainer: maintainer?.identity, maintainerRaw: maintainer?.raw,
            uploaders: uploaders.map(\.identity).joined(separator: "\n"), packager: packager?.identity,
            packagerRaw: packager?.raw, changedBy: changedBy?.identity, changedByRaw: changedBy?.raw,
            buildDependencies: buildDependencyLines,
            upstreamKeys: upstreamKeys?.joined(separator: "\n"))
    }

    /// Test data (path, git blob id) and m4 macros (name, digest) of the release's tarball, when it was read.
    var testData: [(path: String, blob: String)] = []
    var m4: [(name: String, digest: String)] = []

    /// The roles a kind of document can be signed in.
    static func roles(of facts: PackageFacts) -> [String] {
        switch (facts.ecosystem, facts.artifact.format) {
        case (.upstream, "git-tag"): return ["tag"]
        case (.upstream, _): return ["upstream"]
        case (.debian, "dsc"):
            return facts.sourceFiles?.contains { $0.role == "orig" } == true ? ["package", "upstream"] : ["package"]
        case (.debian, "changes"), (.rpm, "rpm"), (.rpm, "srpm"): return ["package"]
        default: return []
        }
    }

    /// The role a signature belongs to, for a document.
    static func role(of signature: SignatureFacts, in facts: PackageFacts) -> String? {
        switch signature.kind {
        case "git-tag": return "tag"
        case "clearsigned", "rpm-header", "rpm-header-payload", "debsig": return "package"
        case "detached": return facts.ecosystem == .upstream || facts.artifact.format == "dsc" ? "upstream" : nil
        default: return nil
        }
    }

    /// What each role's signatures say: a good one wins; a verified one (bad, expired key, …) stands over one that
    /// was not checked; a role with no signature is `unsigned`.
    static func roleSignatures(of facts: PackageFacts) -> [String: RoleSignature] {
        var roles: [String: RoleSignature] = [:]
        for role in ReleaseRecord.roles(of: facts) { roles[role] = RoleSignature(status: "unsigned") }
        for signature in facts.signatures {
            guard let role = ReleaseRecord.role(of: signature, in: facts), roles[role] != nil else { continue }
            let current = roles[role]!
            if current.status == "good" { continue }
            var entry = RoleSignature(status: signature.status, signedAt: signature.created)
            if signature.isVerified {
                entry.fingerprint = signature.fingerprint
                entry.keyCreated = signature.keyCreated
            }
            if current.status == "unsigned" || signature.isVerified { roles[role] = entry }
        }
        return roles
    }

    init(facts: PackageFacts, digest: ReleaseDigest? = nil) {
        ecosystem = facts.ecosystem.rawValue
        name = facts.name
        version = facts.version
        kind = facts.kind.rawValue
        artifact = facts.artifact.path
        origin = facts.artifact.format
        self.digest = digest ?? ReleaseRecord.digest(of: facts)
        releasedAt = facts.date ?? facts.buildTime
        maintainer = facts.maintainer
        uploaders = facts.uploaders ?? []
        packager = facts.packager
        changedBy = facts.changedBy
        roles = ReleaseRecord.roleSignatures(of: facts)
        buildDependencyLines = ReleaseRecord.buildDependencyLines(facts)
        upstreamKeys = facts.upstream.map { $0.signingKeys.compactMap(\.fingerprint).sorted() }
        if let files = facts.files {
            var hash = SHA256()
            for f in files.sorted(by: { $0.path < $1.path }) {
                hash.update(Array("\(f.path)\t\(f.mode)\t\(f.size)\t\(f.digest ?? "")\n".utf8))
            }
            filesDigest = hash.finalize().hexString
        }
        newestChange = facts.changelog?.first.map { String($0.text.prefix(4000)) }
        changelog = facts.changelog ?? []
        if let integrity = facts.integrity {
            testData = integrity.testDataBlobs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            m4 = integrity.m4.map { ($0.name, $0.digest) }
        }
    }

    /// The names of a release's build relations, sorted, one per line: scanned from a Debian source's fields (a
    /// whole archive's worth is recorded at once), else from the parsed relations.
    static func buildDependencyLines(_ facts: PackageFacts) -> String {
        if facts.ecosystem == .debian, facts.kind != .binary {
            var lines = RelationNames.SortedLines()
            for (field, _) in RelationNames.buildFields { facts.withControlField(field) { lines.add($0) } }
            return lines.text
        }
        return Array(Set((facts.buildDependencies ?? []).map(\.name))).sorted().joined(separator: "\n")
    }

    /// The digest on the line of a `Checksums-Sha256` list that names the `.dsc` file `dsc`, found without
    /// splitting the whole list (a re-ingest of an unchanged index does little else). An entry may list any
    /// file: one naming another package's .dsc must not take that file's digest as its own.
    static func dscDigest(in bytes: UnsafeBufferPointer<UInt8>, named dsc: [UInt8]) -> ReleaseDigest? {
        var lineStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
            defer { lineStart = i + 1 }
            var end = i
            while end > lineStart, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
                end -= 1
            }
            // `.dsc` first: most lines name other files.
            guard end - lineStart > dsc.count, bytes[end - 1] == UInt8(ascii: "c"), bytes[end - 4] == UInt8(ascii: "."),
                bytes[end - dsc.count - 1] == UInt8(ascii: " ")
                    || bytes[end - dsc.count - 1] == UInt8(ascii: "\t"),
                bytes[(end - dsc.count)..<end].elementsEqual(dsc)
            else { continue }
            var start = lineStart
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
                start += 1
            }
            var stop = start
            while stop < end, bytes[stop] != UInt8(ascii: " "), bytes[stop] != UInt8(ascii: "\t") { stop += 1 }
            guard stop > start, stop < end else { continue }
            return ReleaseDigest(text: UnsafeBufferPointer(rebasing: bytes[start..<stop]))
        }
        return nil
    }

    /// The content digest a release is known by: the artefact's SHA-256, or for an index entry the digest its index
    /// gives of the package file (the .deb's `SHA256`, the .dsc's line of `Checksums-Sha256`).
    static func digest(of facts: PackageFacts) -> ReleaseDigest {
        let artifact = facts.artifact
        if let sha = artifact.sha256, !artifact.format.hasSuffix("-index") { return ReleaseDigest(sha) }
        if artifact.format == "packages-index", let sha = facts.withControlField("SHA256", ReleaseDigest.init(text:)) {
            return sha
        }
        if artifact.format == "sources-index" {
            // NAME_VERSION.dsc, the version without its epoch, built once as bytes (a re-ingest does this for every
            // entry of a Sources index).
            let version = facts.version.utf8
            var dsc: [UInt8] = []
            dsc.reserveCapacity(facts.name.utf8.count + version.count + 5)
            dsc += facts.name.utf8
            dsc.append(UInt8(ascii: "_"))
            dsc +=
                version.firstIndex(of: UInt8(ascii: ":")).map { version[version.index(after: $0)...] } ?? version[...]
            dsc += ".dsc".utf8
            if let sha = facts.withControlField("Checksums-Sha256", { dscDigest(in: $0, named: dsc) }) ?? nil {
                return sha
            }
            if let sha = facts.sourceFiles?.first(where: { $0.role == "dsc" && $0.name.utf8.elementsEqual(dsc) })?
                .sha256
            {
                return ReleaseDigest(sha)
            }
        }
        if let sha = artifact.sha256 { return ReleaseDigest(sha) }
        // No digest known: identify the release by what names it.
        return SHA256.hash(
            Array(
                "\(facts.ecosystem.rawValue)\n\(facts.kind.rawValue)\n\(facts.name)\n\(facts.version)\n\(facts.architecture ?? "")"
                    .utf8)
        ).withUnsafeBytes { ReleaseDigest(row: $0) }
    }
}
