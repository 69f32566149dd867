import TollgateCore
import Yams

/// `debian/upstream/signing-key.asc`, `debian/upstream/metadata` and `debian/watch` of a source package.
enum UpstreamFiles {
    static let wanted = [
        "debian/changelog", "debian/control", "debian/source/format", "debian/upstream/signing-key.asc",
        "debian/upstream/signing-key.pgp", "debian/upstream/metadata", "debian/watch",
    ]

    /// Builds the upstream facts from the files found (by path relative to the source tree).
    static func facts(from files: [String: [UInt8]], warnings: inout [String]) -> UpstreamFacts? {
        var upstream = UpstreamFacts()
        var any = false
        for keyFile in ["debian/upstream/signing-key.asc", "debian/upstream/signing-key.pgp"] {
            guard let data = files[keyFile] else { continue }
            any = true
            upstream.keyData = (upstream.keyData ?? []) + data
            do {
                upstream.signingKeys += try UpstreamKey.read(data)
            } catch {
                warnings.append("\(keyFile): \(error.message)")
            }
        }
        if let data = files["debian/upstream/metadata"] {
            any = true
            upstream.metadata = metadata(String(decoding: data, as: UTF8.self), warnings: &warnings)
        }
        if let data = files["debian/watch"] {
            any = true
            upstream.watch = watch(String(decoding: data, as: UTF8.self))
        }
        return any ? upstream : nil
    }

    /// Top-level scalar fields of DEP-12 `debian/upstream/metadata`.
    static func metadata(_ text: String, warnings: inout [String]) -> [String: String] {
        do {
            guard let node = try Yams.compose(yaml: text), let mapping = node.mapping else {
                warnings.append("debian/upstream/metadata: not a YAML mapping")
                return [:]
            }
            var out: [String: String] = [:]
            for (key, value) in mapping {
                guard let k = key.string else { continue }
                if let scalar = value.scalar { out[k] = scalar.string }
            }
            return out
        } catch {
            warnings.append("debian/upstream/metadata: \(error)")
            return [:]
        }
    }

    /// `debian/watch`: version line, joined continuation lines, whether signatures are checked.
    static func watch(_ text: String) -> WatchFile {
        var version: Int64?
        var lines: [String] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = raw.trimmingWhitespace()
            if pending.isEmpty, trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast().trimmingWhitespace() + " "
                continue
            }
            let line = (pending + trimmed).trimmingWhitespace()
            pending = ""
            if line.hasPrefix("version="), let v = Int64(line.dropFirst("version=".count)) {
                version = v
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        if !pending.isEmpty { lines.append(pending.trimmingWhitespace()) }
        let checks = lines.contains { line in
            line.contains("pgpsigurlmangle") || (line.contains("pgpmode=") && !line.contains("pgpmode=none"))
        }
        return WatchFile(version: version, lines: lines, checksSignatures: checks)
    }
}
