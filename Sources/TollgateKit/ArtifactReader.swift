import Foundation
import TollgateCore
import TollgateDebian
import TollgateRPM
import TollgateSource

/// Reads one artefact of any supported type into fact documents.
public enum ArtifactReader {
    /// Reads `path` (typed by `type`, detected when nil). Indexes yield one document per stanza.
    public static func read(
        path: String, displayPath: String? = nil, as type: ArtifactType? = nil
    ) throws -> [FactDocument] {
        var documents: [FactDocument] = []
        try read(path: path, displayPath: displayPath, as: type) { documents.append($0) }
        return documents
    }

    /// Reads `path`, handing each document to `body` as it is read: an index of tens of thousands of entries is
    /// never held whole.
    public static func read(
        path: String, displayPath: String? = nil, as type: ArtifactType? = nil, each body: (FactDocument) -> Void
    ) throws {
        let shown = displayPath ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Problem(path: shown, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw Problem(path: shown, reason: "is a directory (use tollgate scan)") }
        // A FIFO or a device (a queue's `x.deb` made a pipe, a link to /dev/zero) would block or never end.
        if let refusal = RegularFile.refusal(path) { throw Problem(path: shown, reason: refusal) }
        guard let type = type ?? ArtifactType.detect(path: path) else {
            throw Problem(path: shown, reason: "not an artefact Tollgate reads (.deb, .dsc, .changes, .rpm, indexes)")
        }
        switch type {
        case .deb: body(.package(try DebReader.read(path: path, displayPath: shown)))
        case .dsc: body(.package(try DscReader.read(path: path, displayPath: shown)))
        case .changes: body(.package(try ChangesReader.read(path: path, displayPath: shown)))
        case .rpm: body(.package(try RPMPackageReader.read(path: path, displayPath: shown)))
        case .release: body(.release(try ReleaseReader.read(path: path, displayPath: shown)))
        case .packagesIndex: try DebianIndexReader.readPackages(path: path, displayPath: shown) { body(.package($0)) }
        case .sourcesIndex: try DebianIndexReader.readSources(path: path, displayPath: shown) { body(.package($0)) }
        case .tarball: body(.package(try UpstreamTarballReader.read(path: path, displayPath: shown)))
        case .gitTag: body(.package(try GitTagReader.read(path: path, displayPath: shown)))
        case .repomd:
            let root = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            let shownRoot = ((shown as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            try RepoMetadataReader.read(root: root, displayRoot: shownRoot) { body(.package($0)) }
        }
    }

    /// The problem record of any error a reader throws.
    public static func problem(_ error: any Error, path: String) -> Problem {
        switch error {
        case let p as Problem: p
        case let e as DebianReadError: Problem(path: e.path, reason: e.reason)
        case let e as RPMReadError: Problem(path: e.path, reason: e.reason)
        case let e as SourceReadError: Problem(path: e.path, reason: e.reason)
        case let e as DriftSources.NoTarball: Problem(path: e.path, reason: e.reason)
        default: Problem(path: path, reason: "\(error)")
        }
    }
}

extension Problem: Error {}

/// The version comparators of both ecosystems, backed by libapt-pkg and librpm.
extension VersionComparators {
    /// libapt-pkg for Debian, librpm for RPM.
    public static let native = VersionComparators(debian: AptVersionComparator(), rpm: RPMVersionComparator())
}
