import Foundation
import TollgateCore

/// Waivers from YAML files (`waivers:` lists), checked against the policy set they waive rules of.
public struct WaiverSet: Sendable {
    public let waivers: [Waiver]

    /// No waivers.
    public static let none = WaiverSet(waivers: [])

    init(waivers: [Waiver]) { self.waivers = waivers }

    /// Reads waiver files; every problem of every file is reported together.
    public static func load(files: [String], policy: PolicySet) throws(PolicyLoadError) -> WaiverSet {
        let sink = DiagnosticSink()
        var waivers: [Waiver] = []
        for file in files { waivers += WaiverReader.read(path: file, policy: policy, sink: sink) }
        guard sink.isEmpty else { throw PolicyLoadError(diagnostics: sink.diagnostics) }
        return WaiverSet(waivers: waivers)
    }
}

enum WaiverReader {
    static let keys: Set<String> = [
        "rules", "package", "ecosystem", "versions", "reason", "ticket", "approved_by", "expires",
    ]

    static func read(path: String, policy: PolicySet, sink: DiagnosticSink) -> [Waiver] {
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            sink.error(start, "cannot read the waiver file")
            return []
        }
        let root: YAMLNode
        do {
            guard let parsed = try YAMLNode.parse(text, file: path) else { return [] }
            root = parsed
        } catch {
            sink.add(error)
            return []
        }
        guard let top = MappingReader(root, what: "the waiver file", keys: ["waivers"], sink: sink) else { return [] }
        guard let list = top.value("waivers") else {
            sink.error(root.position, "the waiver file is missing the key 'waivers'")
            return []
        }
        guard case .sequence(let items) = list.kind else {
            sink.error(list.position, "'waivers' must be a list")
            return []
        }
        var out: [Waiver] = []
        for item in items {
            guard let map = MappingReader(item, what: "the waiver", keys: keys, sink: sink) else { continue }
            let before = sink.diagnostics.count
            var rules: Set<String> = []
            for (id, position) in map.strings("rules", required: true) ?? [] {
                guard let rule = policy.rule(id) else {
                    sink.error(position, "no rule '\(id)' in the policy set")
                    continue
                }
                rules.insert(rule.id)
            }
            let package = map.string("package", required: true)
            var ecosystem: Ecosystem?
            if let text = map.string("ecosystem") {
                ecosystem = Ecosystem(rawValue: text)
                if ecosystem == nil { sink.error(map.value("ecosystem")!.position, "unknown ecosystem '\(text)'") }
            }
            let versions = map.string("versions", required: true)
            var constraint: VersionConstraint?
            if let versions {
                switch VersionConstraint.parse(versions) {
                case .success(let c): constraint = c
                case .failure(let failure): sink.error(map.value("versions")!.position, "versions: \(failure.message)")
                }
            }
            let reason = map.string("reason", required: true)
            let ticket = map.string("ticket", required: true)
            let approvedBy = map.string("approved_by", required: true)
            let expiresText = map.string("expires", required: true)
            var expires: Date?
            if let expiresText {
                expires = parseExpiry(expiresText)
                if expires == nil {
                    sink.error(
                        map.value("expires")!.position, "expires must be a date (YYYY-MM-DD) or an RFC 3339 time")
                }
            }
            guard sink.diagnostics.count == before, let package, let versions, let constraint, let reason, let ticket,
                let approvedBy, let expiresText, let expires
            else { continue }
            out.append(
                Waiver(
                    rules: rules, package: package, ecosystem: ecosystem, versions: versions, constraint: constraint,
                    reason: reason, ticket: ticket, approvedBy: approvedBy, expires: expires, expiresText: expiresText,
                    position: item.position
                )
            )
        }
        return out
    }

    /// `2025-06-30` means until the end of that day (UTC); an RFC 3339 time is exact.
    static func parseExpiry(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        if parts.count == 3, text.count == 10, let y = Int64(parts[0]), let m = Int64(parts[1]),
            let d = Int64(parts[2]),
            (1...12).contains(m), (1...RFC3339.daysIn(month: m, year: y)).contains(d)
        {
            return Date(timeIntervalSince1970: Double((RFC3339.daysFromCivil(year: y, month: m, day: d) + 1) * 86400))
        }
        return RFC3339.date(from: text)
    }
}
