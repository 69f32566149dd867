import CAptPkg
import TollgateCore

/// Parses Debian relationship fields (`Depends`, `Build-Depends`, …) with libapt-pkg's own parser.
public enum DependencyParser {
    static let relations = ["", "<=", ">=", "<<", ">>", "=", "!="]

    /// The entries of one field; `group` numbers continue from `nextGroup` so that a document's groups are unique.
    /// Returns nil and leaves `nextGroup` alone when apt rejects the syntax.
    public static func parse(_ value: String, type: String, nextGroup: inout Int64) -> [Dependency]? {
        var text = value
        var result: [Dependency] = []
        var group = nextGroup
        let ok = text.withUTF8 { buffer -> Bool in
            buffer.withMemoryRebound(to: CChar.self) { chars -> Bool in
                guard let base = chars.baseAddress else { return true }
                var position = base
                let stop = base + chars.count
                var entry = tg_apt_dependency()
                while position < stop {
                    // Skip separators and whitespace apt leaves at the end.
                    if position.pointee == 0x20 || position.pointee == 0x0A || position.pointee == 0x09 {
                        position += 1
                        continue
                    }
                    guard let next = tg_apt_parse_dependency(position, stop, &entry) else { return false }
                    if entry.name.length > 0 {
                        let op = Int(entry.op)
                        result.append(
                            Dependency(
                                type: type, name: entry.name.string,
                                relation: op < relations.count ? relations[op] : "", version: entry.version.string,
                                group: group, architectures: entry.architectures.string,
                                profiles: entry.profiles.string
                            )
                        )
                    }
                    if entry.or_next == 0 { group += 1 }
                    if next <= position { return false }
                    position = UnsafePointer(next)
                }
                return true
            }
        }
        _ = AptErrors.take()
        guard ok else { return nil }
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

    /// Field names of build relationships.
    public static let buildFields: [(field: String, type: String)] = [
        ("Build-Depends", "build_depends"), ("Build-Depends-Indep", "build_depends_indep"),
        ("Build-Depends-Arch", "build_depends_arch"), ("Build-Conflicts", "build_conflicts"),
        ("Build-Conflicts-Indep", "build_conflicts_indep"), ("Build-Conflicts-Arch", "build_conflicts_arch"),
    ]
}
