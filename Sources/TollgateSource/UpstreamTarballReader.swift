import Foundation
import TollgateCore

/// Reads an upstream release tarball as an artefact of its own: name and version from its file name, its detached
/// signature from beside it (`.sig`, `.asc`, `.sign`).
public enum UpstreamTarballReader {
    /// Signature file suffixes looked for beside a tarball, in order.
    public static let signatureSuffixes = [".sig", ".asc", ".sign"]

    /// Reads the tarball at `path`; `name`/`version` override what the file name says.
    public static func read(
        path: String, displayPath: String? = nil, name: String? = nil, version: String? = nil
    ) throws(SourceReadError) -> PackageFacts {
        let shown = displayPath ?? path
        let fileName = (path as NSString).lastPathComponent
        let parsed = ReleaseName(fileName: fileName)
        guard let releaseName = name ?? parsed?.name, let releaseVersion = version ?? parsed?.version else {
            throw SourceReadError(
                path: shown, reason: "cannot tell name and version from the file name: give --name and --version")
        }
        guard let digest = FileDigest.sha256(path: path) else {
            throw SourceReadError(path: shown, reason: RegularFile.whyUnreadable(path))
        }
        var facts = PackageFacts(
            ecosystem: .upstream, kind: .upstream, name: releaseName, version: releaseVersion,
            artifact: Artifact(path: shown, format: "tarball", size: digest.size, sha256: digest.sha256)
        )
        facts.upstreamVersion = releaseVersion
        facts.files = nil
        for suffix in signatureSuffixes {
            let signaturePath = path + suffix
            guard RegularFile.exists(atPath: signaturePath),
                let data = FileManager.default.contents(atPath: signaturePath)
            else { continue }
            facts.signatures += SignatureFacts.read(Array(data), kind: "detached", location: fileName + suffix).map {
                var s = $0
                s.subject = .detached(signatureFile: signaturePath, file: path)
                return s
            }
        }
        facts.date = facts.signatures.compactMap(\.created).min()
        return facts
    }
}
