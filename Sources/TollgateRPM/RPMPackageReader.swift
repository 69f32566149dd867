import CRPM
import Foundation
import TollgateCore

/// Reads `.rpm` and `.src.rpm` headers with librpm, without needing any key: metadata, relationships, scriptlets,
/// files, changelog, and the raw signature data.
public enum RPMPackageReader {
    /// Reads the package at `path`; `displayPath` is what documents and messages call it.
    public static func read(path: String, displayPath: String? = nil) throws(RPMReadError) -> PackageFacts {
        let shown = displayPath ?? path
        let header = try readHeader(path: path, shown: shown)
        let isSource = headerIsSource(header.header) != 0
        guard let name = header.string(RPMTAG_NAME) else {
            throw RPMReadError(path: shown, reason: "header has no name")
        }
        let version = header.string(RPMTAG_VERSION) ?? ""
        let release = header.string(RPMTAG_RELEASE) ?? ""
        let epoch = header.number(RPMTAG_EPOCH).map { Int64($0) }
        // An epoch of 0 is no epoch, as repository metadata writes the version (and rpm compares it): the same
        // release must read the same from its file and from its entry.
        let evr = (epoch.flatMap { $0 != 0 ? "\($0):" : nil } ?? "") + version + (release.isEmpty ? "" : "-\(release)")
        let digest = FileDigest.sha256(path: path)
        var facts = PackageFacts(
            ecosystem: .rpm, kind: isSource ? .source : .binary, name: name, version: evr,
            artifact: Artifact(
                path: shown, format: isSource ? "srpm" : "rpm", size: digest?.size, sha256: digest?.sha256)
        )
        facts.epoch = epoch ?? 0
        facts.upstreamVersion = version
        facts.revision = release
        facts.architecture = isSource ? "src" : header.string(RPMTAG_ARCH)
        facts.summary = header.string(RPMTAG_SUMMARY)
        facts.description = header.string(RPMTAG_DESCRIPTION)
        facts.license = header.string(RPMTAG_LICENSE)
        facts.homepage = header.string(RPMTAG_URL)
        facts.vendor = header.string(RPMTAG_VENDOR)
        facts.packager = header.string(RPMTAG_PACKAGER).map(Person.init(parsing:))
        facts.section = header.string(RPMTAG_GROUP)
        facts.buildHost = header.string(RPMTAG_BUILDHOST)
        facts.buildTime = header.number(RPMTAG_BUILDTIME).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        facts.date = facts.buildTime
        facts.installedSize = (header.number(RPMTAG_LONGSIZE) ?? header.number(RPMTAG_SIZE)).map { Int64($0) }
        if !isSource, let srpm = header.string(RPMTAG_SOURCERPM) {
            let parsed = SourceRPMName(srpm)
            facts.sourceName = parsed?.name ?? srpm
            facts.sourceVersion = parsed?.versionRelease
        }

        var group: Int64 = 0
        if isSource {
            facts.buildDependencies =
                relations(
                    header, RPMTAG_REQUIRENAME, RPMTAG_REQUIREFLAGS, RPMTAG_REQUIREVERSION, "build_requires", &group)
                + relations(
                    header, RPMTAG_CONFLICTNAME, RPMTAG_CONFLICTFLAGS, RPMTAG_CONFLICTVERSION, "build_conflicts", &group
                )
            facts.dependencies = []
        } else {
            facts.dependencies = runtimeRelations.flatMap { r in relations(header, r.0, r.1, r.2, r.3, &group) }
        }
        facts.scripts = RPMScriptlets.read(header)
        let files = RPMFileList.read(header)
        facts.files = files
        facts.changelog = changelog(header)
        facts.changedBy = facts.changelog?.first?.author

        var info = RPMInfo()
        info.distribution = header.string(RPMTAG_DISTRIBUTION)
        info.sourceRPM = isSource ? nil : header.string(RPMTAG_SOURCERPM)
        info.payloadFormat = header.string(RPMTAG_PAYLOADFORMAT)
        info.payloadCompressor = header.string(RPMTAG_PAYLOADCOMPRESSOR)
        info.rpmVersion = header.string(RPMTAG_RPMVERSION)
        info.optflags = header.string(RPMTAG_OPTFLAGS)
        info.cookie = header.string(RPMTAG_COOKIE)
        info.signatureTags = RPMSignatureReader.presentTags(header)
        info.file = path
        if isSource {
            info.sources = header.strings(RPMTAG_SOURCE)
            info.patches = header.strings(RPMTAG_PATCH)
            let sources = Set(info.sources ?? []), patches = Set(info.patches ?? [])
            facts.sourceFiles = files.map { file in
                let base = (file.path as NSString).lastPathComponent
                let role =
                    file.flags.contains("specfile")
                    ? "spec"
                    : patches.contains(base) ? "patch" : sources.contains(base) ? "source" : "other"
                return SourceFile(
                    name: base, size: file.size, sha256: file.digestAlgorithm == "sha256" ? file.digest : nil,
                    sha1: file.digestAlgorithm == "sha1" ? file.digest : nil,
                    md5: file.digestAlgorithm == "md5" ? file.digest : nil, role: role, present: true
                )
            }
        }
        facts.rpm = info
        facts.signatures = RPMSignatureReader.read(header, path: path)
        return facts
    }

    /// Reads the header (signature tags merged in, as rpm does) with every check off.
    static func readHeader(path: String, shown: String) throws(RPMReadError) -> RPMHeader {
        RPMLibrary.prepare()
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw RPMReadError(path: shown, reason: "cannot open (missing or unreadable)")
        }
        guard let fd = Fopen(path, "r.ufdio"), Ferror(fd) == 0 else {
            throw RPMReadError(path: shown, reason: "cannot open")
        }
        defer { Fclose(fd) }
        guard let ts = rpmtsCreate() else {
            throw RPMReadError(path: shown, reason: "librpm: cannot create a transaction set")
        }
        defer { rpmtsFree(ts) }
        _ = rpmtsSetVSFlags(ts, tg_rpm_vsflags_read_only())
        var header: Header?
        _ = RPMLibrary.takeMessage()
        let rc = rpmReadPackageFile(ts, fd, path, &header)
        switch rc {
        case RPMRC_OK, RPMRC_NOTTRUSTED, RPMRC_NOKEY:
            guard let header else { throw RPMReadError(path: shown, reason: "librpm returned no header") }
            return RPMHeader(header)
        case RPMRC_NOTFOUND:
            throw RPMReadError(
                path: shown, reason: RPMLibrary.takeMessage().map { clean($0, path: path) } ?? "not an RPM package")
        default:
            throw RPMReadError(
                path: shown, reason: RPMLibrary.takeMessage().map { clean($0, path: path) } ?? "damaged RPM header")
        }
    }

    /// librpm prefixes messages with the path it was given (relative or not); keep only the reason.
    static func clean(_ message: String, path: String) -> String {
        message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
    }

    static let runtimeRelations: [(rpmTag_e, rpmTag_e, rpmTag_e, String)] = [
        (RPMTAG_REQUIRENAME, RPMTAG_REQUIREFLAGS, RPMTAG_REQUIREVERSION, "requires"),
        (RPMTAG_PROVIDENAME, RPMTAG_PROVIDEFLAGS, RPMTAG_PROVIDEVERSION, "provides"),
        (RPMTAG_CONFLICTNAME, RPMTAG_CONFLICTFLAGS, RPMTAG_CONFLICTVERSION, "conflicts"),
        (RPMTAG_OBSOLETENAME, RPMTAG_OBSOLETEFLAGS, RPMTAG_OBSOLETEVERSION, "obsoletes"),
        (RPMTAG_RECOMMENDNAME, RPMTAG_RECOMMENDFLAGS, RPMTAG_RECOMMENDVERSION, "recommends"),
        (RPMTAG_SUGGESTNAME, RPMTAG_SUGGESTFLAGS, RPMTAG_SUGGESTVERSION, "suggests"),
        (RPMTAG_SUPPLEMENTNAME, RPMTAG_SUPPLEMENTFLAGS, RPMTAG_SUPPLEMENTVERSION, "supplements"),
        (RPMTAG_ENHANCENAME, RPMTAG_ENHANCEFLAGS, RPMTAG_ENHANCEVERSION, "enhances"),
    ]

    static func relations(
        _ header: RPMHeader, _ nameTag: rpmTag_e, _ flagsTag: rpmTag_e, _ versionTag: rpmTag_e, _ type: String,
        _ group: inout Int64
    ) -> [Dependency] {
        let names = header.strings(nameTag)
        let flags = header.numbers(flagsTag)
        let versions = header.strings(versionTag)
        var out: [Dependency] = []
        for (i, name) in names.enumerated() {
            let f = i < flags.count ? UInt32(truncatingIfNeeded: flags[i]) : 0
            out.append(
                Dependency(
                    type: type, name: name, relation: RPMSense.relation(f),
                    version: i < versions.count ? versions[i] : "", group: group, qualifiers: RPMSense.qualifiers(f)
                )
            )
            group += 1
        }
        return out
    }

    static func changelog(_ header: RPMHeader) -> [ChangelogEntry] {
        let times = header.numbers(RPMTAG_CHANGELOGTIME)
        let names = header.strings(RPMTAG_CHANGELOGNAME)
        let texts = header.strings(RPMTAG_CHANGELOGTEXT)
        return names.indices.map { i in
            let line = names[i]
            var author = line
            var version: String?
            if let close = line.lastIndex(of: ">") {
                author = String(line[...close])
                var rest = line[line.index(after: close)...].trimmingWhitespace()
                if rest.hasPrefix("-") { rest = rest.dropFirst().trimmingWhitespace() }
                version = rest.isEmpty ? nil : rest
            } else if let dash = line.range(of: " - ", options: .backwards) {
                author = String(line[..<dash.lowerBound])
                version = String(line[dash.upperBound...]).trimmingWhitespace()
            }
            let date = i < times.count ? Date(timeIntervalSince1970: TimeInterval(times[i])) : nil
            return ChangelogEntry(
                package: nil, version: version, distributions: [], urgency: nil, author: Person(parsing: author),
                date: date, dateText: date.map(RFC3339.string(from:)), text: i < texts.count ? texts[i] : ""
            )
        }
    }
}

/// `name-version-release.src.rpm` split at its last two hyphens.
struct SourceRPMName {
    var name: String
    var versionRelease: String

    init?(_ file: String) {
        var base = Substring(file)
        for suffix in [".src.rpm", ".nosrc.rpm"] where base.hasSuffix(suffix) { base = base.dropLast(suffix.count) }
        guard let releaseDash = base.lastIndex(of: "-") else { return nil }
        let head = base[..<releaseDash]
        guard let versionDash = head.lastIndex(of: "-") else { return nil }
        name = String(head[..<versionDash])
        versionRelease = String(base[base.index(after: versionDash)...])
    }
}

/// RPM dependency flag bits, named.
enum RPMSense {
    static func relation(_ flags: UInt32) -> String {
        let less = flags & UInt32(RPMSENSE_LESS.rawValue) != 0
        let greater = flags & UInt32(RPMSENSE_GREATER.rawValue) != 0
        let equal = flags & UInt32(RPMSENSE_EQUAL.rawValue) != 0
        switch (less, greater, equal) {
        case (true, false, false): return "<"
        case (true, false, true): return "<="
        case (false, true, false): return ">"
        case (false, true, true): return ">="
        case (false, false, true): return "="
        default: return ""
        }
    }

    static let named: [(rpmsenseFlags_e, String)] = [
        (RPMSENSE_PREREQ, "prereq"), (RPMSENSE_PRETRANS, "pretrans"), (RPMSENSE_POSTTRANS, "posttrans"),
        (RPMSENSE_INTERP, "interp"), (RPMSENSE_SCRIPT_PRE, "pre"), (RPMSENSE_SCRIPT_POST, "post"),
        (RPMSENSE_SCRIPT_PREUN, "preun"), (RPMSENSE_SCRIPT_POSTUN, "postun"), (RPMSENSE_SCRIPT_VERIFY, "verify"),
        (RPMSENSE_FIND_REQUIRES, "find-requires"), (RPMSENSE_FIND_PROVIDES, "find-provides"),
        (RPMSENSE_TRIGGERIN, "triggerin"), (RPMSENSE_TRIGGERUN, "triggerun"), (RPMSENSE_TRIGGERPOSTUN, "triggerpostun"),
        (RPMSENSE_MISSINGOK, "missingok"), (RPMSENSE_RPMLIB, "rpmlib"), (RPMSENSE_TRIGGERPREIN, "triggerprein"),
        (RPMSENSE_KEYRING, "keyring"), (RPMSENSE_CONFIG, "config"), (RPMSENSE_META, "meta"),
    ]

    static func qualifiers(_ flags: UInt32) -> [String] {
        named.compactMap { flags & UInt32($0.0.rawValue) != 0 ? $0.1 : nil }
    }
}
