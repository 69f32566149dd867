import Foundation
import TollgateCore

/// Builds fact documents from the `<package>` elements of an RPM repository's primary metadata.
final class PrimaryHandler: XMLStreamHandler {
    private let shownPath: String
    private let emit: (PackageFacts) -> Void
    private var facts: PackageFacts?
    private var text: [UInt8] = []
    private var relationType: String?
    private var group: Int64 = 0
    private var checksumType: String?
    private var fileType: String?

    init(shownPath: String, emit: @escaping (PackageFacts) -> Void) {
        self.shownPath = shownPath
        self.emit = emit
    }

    static let relationElements: [String: String] = [
        "requires": "requires", "provides": "provides", "conflicts": "conflicts", "obsoletes": "obsoletes",
        "recommends": "recommends", "suggests": "suggests", "supplements": "supplements", "enhances": "enhances",
    ]

    func start(_ name: String, attributes: [String: String]) {
        text = []
        if name == "package" {
            facts = PackageFacts(
                ecosystem: .rpm, kind: .binary, name: "", version: "",
                artifact: Artifact(path: shownPath, format: "rpm-primary")
            )
            facts?.dependencies = []
            facts?.files = []
            group = 0
            return
        }
        guard facts != nil else { return }
        switch name {
        case "version":
            let epoch = Int64(attributes["epoch"] ?? "0") ?? 0
            let ver = attributes["ver"] ?? ""
            let rel = attributes["rel"] ?? ""
            facts!.epoch = epoch
            facts!.upstreamVersion = ver
            facts!.revision = rel
            facts!.version = (epoch != 0 ? "\(epoch):" : "") + ver + (rel.isEmpty ? "" : "-\(rel)")
        case "checksum": checksumType = attributes["type"]
        case "time":
            facts!.buildTime = attributes["build"].flatMap { TimeInterval($0) }.map { Date(timeIntervalSince1970: $0) }
            facts!.date = facts!.buildTime
        case "size":
            facts!.size = attributes["package"].flatMap { Int64($0) }
            facts!.installedSize = attributes["installed"].flatMap { Int64($0) }
        case "location": facts!.artifact.entryPath = attributes["href"]
        case "entry":
            guard let type = relationType, let depName = attributes["name"] else { return }
            let epoch = attributes["epoch"].flatMap { $0 == "0" ? nil : $0 }
            var version = attributes["ver"] ?? ""
            if let rel = attributes["rel"] { version += "-\(rel)" }
            if let epoch, !version.isEmpty { version = "\(epoch):\(version)" }
            let relation: String
            switch attributes["flags"] {
            case "EQ": relation = "="
            case "LT": relation = "<"
            case "GT": relation = ">"
            case "LE": relation = "<="
            case "GE": relation = ">="
            default: relation = ""
            }
            facts!.dependencies!.append(
                Dependency(
                    type: type, name: depName, relation: relation, version: version, group: group,
                    qualifiers: attributes["pre"] == "1" ? ["pre"] : []
                )
            )
            group += 1
        case "file": fileType = attributes["type"]
        default:
            if let type = PrimaryHandler.relationElements[name] { relationType = type }
        }
    }

    func end(_ name: String) {
        guard facts != nil else { return }
        let value = String(decoding: text, as: UTF8.self)
        text = []
        switch name {
        case "package":
            if let f = facts { emit(f) }
            facts = nil
        case "name": facts!.name = value
        case "arch":
            facts!.architecture = value
            if value == "src" || value == "nosrc" { facts!.kind = .source }
        case "checksum" where checksumType == "sha256": facts!.artifact.sha256 = value.lowercased()
        case "summary": facts!.summary = value
        case "description": facts!.description = value.isEmpty ? nil : value
        case "packager": facts!.packager = value.isEmpty ? nil : Person(parsing: value)
        case "url": facts!.homepage = value.isEmpty ? nil : value
        case "license": facts!.license = value.isEmpty ? nil : value
        case "vendor": facts!.vendor = value.isEmpty ? nil : value
        case "group": facts!.section = value.isEmpty ? nil : value
        case "buildhost": facts!.buildHost = value.isEmpty ? nil : value
        case "sourcerpm":
            if !value.isEmpty, let parsed = SourceRPMName(value) {
                facts!.sourceName = parsed.name
                facts!.sourceVersion = parsed.versionRelease
                var info = facts!.rpm ?? RPMInfo()
                info.sourceRPM = value
                facts!.rpm = info
            }
        case "file":
            let kind: FileEntry.Kind = fileType == "dir" ? .directory : fileType == "ghost" ? .unknown : .file
            facts!.files!.append(
                FileEntry(
                    path: value, kind: kind, mode: 0, size: 0, user: "", group: "",
                    flags: fileType == "ghost" ? ["ghost"] : [])
            )
            fileType = nil
        default:
            if PrimaryHandler.relationElements[name] != nil { relationType = nil }
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }
}
