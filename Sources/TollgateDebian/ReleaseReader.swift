import Foundation
import TollgateCore

/// Reads a Debian `Release` or `InRelease` file: its fields, the checksums of every index it lists, and its
/// signatures (inline for `InRelease`, `Release.gpg` beside a `Release`).
public enum ReleaseReader {
    static let checksumFields = ["MD5Sum", "SHA1", "SHA256", "SHA512"]

    /// Reads the file at `path`.
    public static func read(path: String, displayPath: String? = nil) throws(DebianReadError) -> ReleaseFacts {
        let shown = displayPath ?? path
        let name = (shown as NSString).lastPathComponent
        var signatures = try ClearSigned.signatures(path: path, location: name)
        let detached = path + ".gpg"
        if signatures.isEmpty, let data = FileManager.default.contents(atPath: detached) {
            signatures = SignatureFacts.read(Array(data), kind: "detached", location: name + ".gpg").map {
                var s = $0
                s.subject = .detached(signatureFile: detached, file: path)
                return s
            }
        }
        let stanza = try StanzaReader.single(path: path, clearsigned: true)
        let digest = FileDigest.sha256(path: path)
        var facts = ReleaseFacts(
            artifact: Artifact(path: shown, format: "release", size: digest?.size, sha256: digest?.sha256))
        facts.signatures = signatures
        facts.origin = stanza.nonEmpty("Origin")
        facts.label = stanza.nonEmpty("Label")
        facts.suite = stanza.nonEmpty("Suite")
        facts.codename = stanza.nonEmpty("Codename")
        facts.version = stanza.nonEmpty("Version")
        facts.date = stanza.nonEmpty("Date").flatMap(AptDate.release)
        facts.validUntil = stanza.nonEmpty("Valid-Until").flatMap(AptDate.release)
        facts.architectures = stanza["Architectures"]?.split(separator: " ").map(String.init) ?? []
        facts.components = stanza["Components"]?.split(separator: " ").map(String.init) ?? []
        facts.description = stanza.nonEmpty("Description")
        facts.acquireByHash = stanza["Acquire-By-Hash"]?.lowercased() == "yes"
        facts.signedBy = stanza.nonEmpty("Signed-By")
        facts.fields = stanza.fields.filter { field in
            !checksumFields.contains { Stanza.equalIgnoringASCIICase($0, field.key) }
        }

        var order: [String] = []
        var files: [String: ReleaseFacts.IndexFile] = [:]
        for field in ["MD5Sum", "SHA256", "SHA512"] {
            guard let value = stanza[field] else { continue }
            for line in value.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 3, let size = Int64(parts[1]) else { continue }
                let path = String(parts[2])
                if files[path] == nil {
                    order.append(path)
                    files[path] = ReleaseFacts.IndexFile(path: path, size: size)
                }
                let hash = parts[0].lowercased()
                switch field {
                case "MD5Sum": files[path]!.md5 = hash
                case "SHA256": files[path]!.sha256 = hash
                default: files[path]!.sha512 = hash
                }
            }
        }
        facts.files = order.compactMap { files[$0] }
        return facts
    }
}
