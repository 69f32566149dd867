import Foundation
import TollgateCore

/// Reads signed git tags: a saved tag object (`git cat-file tag TAG` output), or every tag of a local repository
/// through libgit2. The signature covers the object text before its signature block, as git verifies it.
public enum GitTagReader {
    /// A tag object's parts.
    public struct TagObject: Sendable, Hashable {
        public var object: String?
        public var type: String?
        public var tag: String
        public var tagger: Person?
        public var taggerDate: Date?
        public var message: String
        /// The text the signature covers, and the armored signature block.
        public var signedText: [UInt8]
        public var signature: [UInt8]?
        /// git's object id of the tag (SHA-1 of the object with its header).
        public var objectID: String
    }

    /// Parses raw tag object bytes.
    public static func parse(_ raw: [UInt8]) -> TagObject? {
        let text = String(decoding: raw, as: UTF8.self)
        let marker = "-----BEGIN PGP SIGNATURE-----"
        var signedText = raw
        var signature: [UInt8]?
        if let range = text.range(of: marker) {
            let offset = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            signedText = Array(raw[0..<offset])
            signature = Array(raw[offset...])
        }
        let body = String(decoding: signedText, as: UTF8.self)
        let parts = body.components(separatedBy: "\n\n")
        var headers: [String: String] = [:]
        for line in (parts.first ?? "").split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            headers[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        guard let tag = headers["tag"] else { return nil }
        var tagger: Person?
        var date: Date?
        if let line = headers["tagger"], let close = line.lastIndex(of: ">") {
            tagger = Person(parsing: String(line[...close]))
            let rest = line[line.index(after: close)...].split(separator: " ")
            if let seconds = rest.first.flatMap({ TimeInterval($0) }) { date = Date(timeIntervalSince1970: seconds) }
        }
        var header = Array("tag \(raw.count)".utf8)
        header.append(0)
        return TagObject(
            object: headers["object"], type: headers["type"], tag: tag, tagger: tagger, taggerDate: date,
            message: parts.dropFirst().joined(separator: "\n\n").trimmingWhitespace(), signedText: signedText,
            signature: signature, objectID: SHA1.hash(header + raw).hexString
        )
    }

    /// A release document for a tag object.
    public static func facts(_ tag: TagObject, name: String, path: String, raw: [UInt8]) -> PackageFacts {
        let version = ReleaseName.version(ofTag: tag.tag, name: name) ?? tag.tag
        var facts = PackageFacts(
            ecosystem: .upstream, kind: .upstream, name: name, version: version,
            artifact: Artifact(
                path: path, format: "git-tag", size: Int64(raw.count), sha256: SHA256.hash(raw).hexString)
        )
        facts.upstreamVersion = version
        facts.changedBy = tag.tagger
        facts.date = tag.taggerDate
        facts.summary = tag.message.split(separator: "\n").first.map(String.init)
        if let signature = tag.signature {
            facts.signatures = SignatureFacts.read(signature, kind: "git-tag", location: "tag \(tag.tag)").map {
                var s = $0
                s.subject = .detachedData(signature: signature, data: tag.signedText)
                return s
            }
        }
        return facts
    }

    /// Reads a saved tag object file; the release name is `name`, else the directory the tag files live in
    /// (the parent of a `git-tags`/`tags` directory).
    public static func read(
        path: String, displayPath: String? = nil, name: String? = nil
    ) throws(SourceReadError) -> PackageFacts {
        let shown = displayPath ?? path
        guard RegularFile.exists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw SourceReadError(path: shown, reason: RegularFile.whyUnreadable(path))
        }
        let raw = Array(data)
        guard let tag = parse(raw) else {
            throw SourceReadError(path: shown, reason: "not a git tag object (no 'tag' header)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var releaseName = name
        if releaseName == nil {
            let last = (directory as NSString).lastPathComponent
            releaseName =
                ["git-tags", "tags"].contains(last)
                ? ((directory as NSString).deletingLastPathComponent as NSString).lastPathComponent : last
        }
        return facts(tag, name: releaseName ?? tag.tag, path: shown, raw: raw)
    }
}
