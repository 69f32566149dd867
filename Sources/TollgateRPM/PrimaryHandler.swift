import Foundation
import TollgateCore

/// Builds fact documents from the `<package>` elements of an RPM repository's primary metadata.
///
/// An element counts only in its own namespace and at its own place in the package (`package/name`,
/// `package/format/rpm:license`, …), as dnf reads it: a `<x:name>` of another namespace, or a `name` nested
/// elsewhere, does not rename the package. The text of an element is kept up to `XMLText.limit`.
final class PrimaryHandler: XMLStreamHandler {
    private let shownPath: String
    private let emit: (PackageFacts) -> Void
    private var facts: PackageFacts?
    /// The elements open inside the current package, qualified (`package`, `format`, `rpm:requires`, …).
    private var stack: [String] = []
    private var text = XMLText()
    private var collecting = false
    private var group: Int64 = 0
    private var checksumType: String?
    private var fileType: String?

    static let common = "http://linux.duke.edu/metadata/common"
    static let rpm = "http://linux.duke.edu/metadata/rpm"

    init(shownPath: String, emit: @escaping (PackageFacts) -> Void) {
        self.shownPath = shownPath
        self.emit = emit
    }

    static let relationElements: [String: String] = [
        "rpm:requires": "requires", "rpm:provides": "provides", "rpm:conflicts": "conflicts",
        "rpm:obsoletes": "obsoletes", "rpm:recommends": "recommends", "rpm:suggests": "suggests",
        "rpm:supplements": "supplements", "rpm:enhances": "enhances",
    ]

    /// The elements whose text is read, by their place in the package.
    static let textElements: Set<String> = [
        "package/name", "package/arch", "package/checksum", "package/summary", "package/description",
        "package/packager", "package/url", "package/format/rpm:license", "package/format/rpm:vendor",
        "package/format/rpm:group", "package/format/rpm:buildhost", "package/format/rpm:sourcerpm",
        "package/format/file",
    ]

    /// An element's name with its namespace's usual prefix; nil for a namespace primary metadata does not use.
    static func qualified(_ name: String, _ namespace: String) -> String? {
        switch namespace {
        case common: name
        case rpm: "rpm:" + name
        default: nil
        }
    }

    func start(_ name: String, namespace: String, attributes: [String: String]) {
        let element = PrimaryHandler.qualified(name, namespace) ?? "{\(namespace)}\(name)"
        if facts == nil {
            guard element == "package" else { return }
            facts = PackageFacts(
                ecosystem: .rpm, kind: .binary, name: "", version: "",
                artifact: Artifact(path: shownPath, format: "rpm-primary")
            )
            facts?.dependencies = []
            stack = ["package"]
            group = 0
            return
        }
        stack.append(element)
        let path = stack.joined(separator: "/")
        collecting = PrimaryHandler.textElements.contains(path)
        text = XMLText()
        switch path {
        case "package/version":
            let epoch = PrimaryHandler.epoch(attributes["epoch"], facts: &facts!)
            let ver = attributes["ver"] ?? ""
            let rel = attributes["rel"] ?? ""
            facts!.epoch = epoch
            facts!.upstreamVersion = ver
            facts!.revision = rel
            facts!.version = (epoch != 0 ? "\(epoch):" : "") + ver + (rel.isEmpty ? "" : "-\(rel)")
        case "package/checksum": checksumType = attributes["type"]?.lowercased()
        case "package/time":
            facts!.buildTime = attributes["build"].flatMap { TimeInterval($0) }.map { Date(timeIntervalSince1970: $0) }
            facts!.date = facts!.buildTime
        case "package/size":
            facts!.size = attributes["package"].flatMap { Int64($0) }
            facts!.installedSize = attributes["installed"].flatMap { Int64($0) }
        case "package/location":
            facts!.artifact.entryPath = attributes["href"]
            // An href that is a URL names a package elsewhere just as xml:base does.
            if let href = attributes["href"], href.contains("://"), attributes["xml:base"]?.isEmpty ?? true {
                facts!.artifact.entryPresent = false
                facts!.artifact.entryBase = href
                facts!.warn("location \(href) is a URL: the package is fetched from there; judged from the metadata")
            }
            // dnf fetches the package from `xml:base` + href: whatever file sits at href here is not what it
            // installs.
            if let base = attributes["xml:base"], !base.isEmpty {
                facts!.artifact.entryPresent = false
                facts!.artifact.entryBase = base
                facts!.warn(
                    "location has xml:base \(base): the package is fetched from there, not from this repository; "
                        + "judged from the metadata")
            }
        case let path where stack.count == 4 && path.hasPrefix("package/format/") && element == "rpm:entry":
            guard let type = PrimaryHandler.relationElements[stack[2]], let depName = attributes["name"] else {
                return
            }
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
        case "package/format/file": fileType = attributes["type"]
        default: break
        }
    }

    /// An epoch as dnf reads it: digits, spaces around them allowed, a value past the largest integer held at it;
    /// anything else is 0, with a warning.
    static func epoch(_ text: String?, facts: inout PackageFacts) -> Int64 {
        guard let text else { return 0 }
        let digits = text.trimmingWhitespace()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            if !digits.isEmpty { facts.warn("epoch '\(text)' is not a number: read as 0") }
            return 0
        }
        return Int64(digits) ?? Int64.max
    }

    func end(_ name: String, namespace: String) {
        guard facts != nil, !stack.isEmpty else { return }
        let path = stack.joined(separator: "/")
        stack.removeLast()
        collecting = false
        if text.cut { facts!.warn("<\(path)> is longer than \(XMLText.limit) bytes: only its start is read") }
        let value = text.string
        text = XMLText()
        switch path {
        case "package":
            if let f = facts { emit(f) }
            facts = nil
        case "package/name": facts!.name = value
        case "package/arch":
            facts!.architecture = value
            if value == "src" || value == "nosrc" { facts!.kind = .source }
        case "package/checksum":
            let digest = value.trimmingWhitespace().lowercased()
            if checksumType == "sha256" { facts!.artifact.sha256 = digest }
            var info = facts!.rpm ?? RPMInfo()
            info.metadataChecksum = checksumType.map { RPMInfo.Checksum(type: $0, hex: digest) }
            facts!.rpm = info
        case "package/summary": facts!.summary = value
        case "package/description": facts!.description = value.isEmpty ? nil : value
        case "package/packager": facts!.packager = value.isEmpty ? nil : Person(parsing: value)
        case "package/url": facts!.homepage = value.isEmpty ? nil : value
        case "package/format/rpm:license": facts!.license = value.isEmpty ? nil : value
        case "package/format/rpm:vendor": facts!.vendor = value.isEmpty ? nil : value
        case "package/format/rpm:group": facts!.section = value.isEmpty ? nil : value
        case "package/format/rpm:buildhost": facts!.buildHost = value.isEmpty ? nil : value
        case "package/format/rpm:sourcerpm":
            if !value.isEmpty, let parsed = SourceRPMName(value) {
                facts!.sourceName = parsed.name
                facts!.sourceVersion = parsed.versionRelease
                var info = facts!.rpm ?? RPMInfo()
                info.sourceRPM = value
                facts!.rpm = info
            }
        case "package/format/file":
            // primary.xml lists a few of the package's files (those in bin directories, /etc), without modes,
            // sizes or owners: kept as the paths they are, never as a file list (`files` stays unset, as for any
            // index entry).
            fileType = nil
        default: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if collecting { text.append(bytes) }
    }
}

/// An element's text, kept up to `limit` bytes: a compressed metadata file of a megabyte can hold a gigabyte of
/// text in one element.
struct XMLText {
    static let limit = 1 << 20
    private(set) var bytes: [UInt8] = []
    /// More text came than was kept.
    private(set) var cut = false

    mutating func append(_ more: UnsafeBufferPointer<UInt8>) {
        let room = XMLText.limit - bytes.count
        if more.count > room { cut = true }
        if room > 0 { bytes.append(contentsOf: more.prefix(room)) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
