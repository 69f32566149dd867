import Foundation

/// What apt sends a `DPkg::Pre-Install-Pkgs` command: version 1 is one `.deb` path a line; versions 2 and 3 start
/// with `VERSION n`, then apt's configuration (`key=value`, %-encoded) up to a blank line, then one line per
/// package action (version 3 adds the architecture and multi-arch type after each version):
///
///     name old-version old-arch old-multiarch direction new-version new-arch new-multiarch action
///
/// where a version is `-` when there is none and the action is `**CONFIGURE**`, `**REMOVE**` or the `.deb` being
/// unpacked.
struct AptHookInput: Equatable {
    struct Action: Equatable {
        var package: String
        var oldVersion: String?
        var newVersion: String?
        var direction: String
        /// The `.deb` to unpack, or nil for configure and remove actions.
        var file: String?
        var action: String
    }

    var version: Int
    var configuration: [(key: String, value: String)]
    var actions: [Action]

    static func == (a: AptHookInput, b: AptHookInput) -> Bool {
        a.version == b.version && a.actions == b.actions && a.configuration.map(\.key) == b.configuration.map(\.key)
            && a.configuration.map(\.value) == b.configuration.map(\.value)
    }

    /// The `.deb` files being unpacked (what is judged).
    var debs: [String] { actions.compactMap(\.file) }

    /// Parses the input; throws with the line that does not fit the protocol.
    static func parse(_ text: String) throws(AptHookError) -> AptHookInput {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first.hasPrefix("VERSION ") else {
            // Version 1: file names only.
            let files = lines.filter { !$0.isEmpty }
            return AptHookInput(
                version: 1, configuration: [],
                actions: files.map { Action(package: "", direction: "", file: $0, action: $0) })
        }
        guard let version = Int(first.dropFirst("VERSION ".count)), (2...3).contains(version) else {
            throw AptHookError(line: 1, reason: "unsupported protocol '\(first)' (Tollgate reads versions 1 to 3)")
        }
        var index = 1
        var configuration: [(String, String)] = []
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            guard let eq = line.firstIndex(of: "=") else {
                throw AptHookError(line: index + 1, reason: "a configuration line without '='")
            }
            configuration.append(
                (percentDecoded(String(line[..<eq])), percentDecoded(String(line[line.index(after: eq)...]))))
            index += 1
        }
        guard index < lines.count else {
            throw AptHookError(
                line: index, reason: "the configuration does not end with a blank line (input cut short?)")
        }
        index += 1
        var actions: [Action] = []
        let fields = version == 3 ? 9 : 5
        while index < lines.count {
            defer { index += 1 }
            let line = lines[index]
            if line.isEmpty { continue }
            // The action (a file name) is the rest of the line: it may hold spaces.
            let parts = line.split(separator: " ", maxSplits: fields - 1, omittingEmptySubsequences: false).map(
                String.init)
            guard parts.count == fields else {
                throw AptHookError(
                    line: index + 1, reason: "expected \(fields) fields in a version \(version) action line")
            }
            let old = parts[1], direction = parts[version == 3 ? 4 : 2], new = parts[version == 3 ? 5 : 3]
            let action = parts[fields - 1]
            guard ["<", ">", "="].contains(direction) else {
                throw AptHookError(line: index + 1, reason: "'\(direction)' is not a direction (<, > or =)")
            }
            let file = action == "**CONFIGURE**" || action == "**REMOVE**" ? nil : action
            actions.append(
                Action(
                    package: parts[0], oldVersion: old == "-" ? nil : old, newVersion: new == "-" ? nil : new,
                    direction: direction, file: file, action: action))
        }
        return AptHookInput(version: version, configuration: configuration, actions: actions)
    }

    static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
}

/// Input that does not follow apt's hook protocol.
struct AptHookError: Error, CustomStringConvertible {
    let line: Int
    let reason: String
    var description: String { "apt hook input line \(line): \(reason)" }
}
