import CAptPkg
import TollgateCore

/// Parses Debian relationship fields (`Depends`, `Build-Depends`, …) with libapt-pkg's own parser.
public enum DependencyParser {
    static let relations = ["", "<=", ">=", "<<", ">>", "=", "!="]

    /// The entries of one field; `group` numbers continue from `nextGroup` so that a document's groups are unique.
    /// Returns nil and leaves `nextGroup` alone when apt rejects the syntax.
    public static func parse(_ value: String, type: String, nextGroup: inout Int64) -> [Dependency]? {
        var text = value
        var group = nextGroup
        let result = text.withUTF8 { buffer -> [Dependency]? in
            buffer.withMemoryRebound(to: CChar.self) { chars -> [Dependency]? in
                guard let base = chars.baseAddress else { return [] }
                var capacity = 32
                while true {
                    let parsed = withUnsafeTemporaryAllocation(of: tg_apt_dependency.self, capacity: capacity) {
                        entries -> (Int, [Dependency]?) in
                        let count = tg_apt_parse_dependencies(base, base + chars.count, entries.baseAddress, capacity)
                        guard count >= 0 else { return (0, nil) }
                        guard count <= capacity else { return (count, nil) }
                        var out: [Dependency] = []
                        out.reserveCapacity(count)
                        for entry in entries.prefix(count) {
                            let op = Int(entry.op)
                            out.append(
                                Dependency(
                                    type: type, name: entry.name.string,
                                    relation: op < relations.count ? relations[op] : "", version: entry.version.string,
                                    group: group, architectures: entry.architectures.string,
                                    profiles: entry.profiles.string
                                )
                            )
                            if entry.or_next == 0 { group += 1 }
                        }
                        return (count, out)
                    }
                    if let out = parsed.1 { return out }
                    if parsed.0 <= capacity { return nil }
                    capacity = parsed.0
                }
            }
        }
        guard let result else {
            _ = AptErrors.take()
            return nil
        }
        nextGroup = group
        return result
    }

    /// Field names of runtime relationships, with the fact `type` each maps to.
    public static let runtimeFields: [(field: String, type: String)] = [
        ("Pre-Depends", "pre_depends"), ("Depends", "depends"), ("Recommends", "recommends"),
        ("Suggests", "suggests"), ("Enhances", "enhances"), ("Breaks", "breaks"), ("Conflicts", "conflicts"),
        ("Replaces", "replaces"), ("Provides", "provides"), ("Built-Using", "built_using"),
        ("Static-Built-Using", "static_built_using"),
    ]
}
