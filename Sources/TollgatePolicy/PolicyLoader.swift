import CEL
import Foundation
import LinearRegex
import TollgateCore

/// Loads a policy directory strictly and all at once: `*.yaml` rules (one per file, stem = id) and
/// `profiles/*.yaml`. Unknown keys, wrong types, duplicate ids, CEL syntax and type errors against the fact schema
/// are all reported together; nothing is returned unless everything loaded.
public enum PolicyLoader {
    static let ruleKeys: Set<String> = [
        "id", "title", "description", "severity", "weight", "applies_to", "condition", "message", "evidence",
        "references", "tags", "status", "waivable", "aliases", "examples",
    ]
    static let idPattern = try! LinearRegexCheck("^[a-z0-9]+(-[a-z0-9]+)*$")

    /// Loads and compiles `directory`.
    public static func load(directory: String, options: PolicyOptions) throws(PolicyLoadError) -> PolicySet {
        let sink = DiagnosticSink()
        let environment = FactsEnvironment(
            comparators: options.comparators, now: options.now, costLimit: options.costLimit)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PolicyLoadError(diagnostics: [
                SourceDiagnostic(SourcePosition(file: directory), "no such policy directory")
            ])
        }
        let files = ((try? fm.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var rules: [Rule] = []
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            if let rule = readRule(path: path, environment: environment, sink: sink) { rules.append(rule) }
        }
        // Ids and aliases are unique across the set.
        var owners: [String: Rule] = [:]
        for rule in rules {
            for id in [rule.id] + rule.aliases {
                if let other = owners[id] {
                    sink.error(
                        SourcePosition(file: rule.file, line: 1, column: 1),
                        "id '\(id)' is already used by \(other.file)")
                } else {
                    owners[id] = rule
                }
            }
        }
        let profileDirectory = (directory as NSString).appendingPathComponent("profiles")
        var profiles: [String: Profile] = [:]
        var profilePaths: [String: String] = [:]
        let profileFiles = ((try? fm.contentsOfDirectory(atPath: profileDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for name in profileFiles {
            let path = (profileDirectory as NSString).appendingPathComponent(name)
            if let profile = ProfileReader.read(path: path, ruleIDs: owners, sink: sink) {
                // Two files of one profile (default.yaml beside a stray default.yml): which one applies would
                // depend on the order of a directory listing.
                if let other = profilePaths[profile.name] {
                    sink.error(SourcePosition(file: path), "profile '\(profile.name)' is also defined by \(other)")
                }
                profiles[profile.name] = profile
                profilePaths[profile.name] = path
            }
        }
        if rules.isEmpty, sink.isEmpty {
            sink.error(SourcePosition(file: directory), "no rule files (*.yaml) found")
        }
        guard sink.isEmpty else { throw PolicyLoadError(diagnostics: sink.diagnostics) }
        return PolicySet(rules: rules, profiles: profiles, environment: environment, directory: directory)
    }

    // MARK: Rules

    static func readRule(path: String, environment: FactsEnvironment, sink: DiagnosticSink) -> Rule? {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            sink.error(start, "cannot read the file (missing, unreadable or not UTF-8)")
            return nil
        }
        let root: YAMLNode
        do {
            guard let parsed = try YAMLNode.parse(text, file: path) else {
                sink.error(start, "empty rule file")
                return nil
            }
            root = parsed
        } catch {
            sink.add(error)
            return nil
        }
        guard let map = MappingReader(root, what: "the rule", keys: ruleKeys, sink: sink) else { return nil }
        let before = sink.diagnostics.count

        let id = map.string("id", required: true)
        if let id {
            if id != stem {
                sink.error(map.value("id")!.position, "rule id '\(id)' must equal the file name's stem '\(stem)'")
            } else if !idPattern.matches(id) {
                sink.error(map.value("id")!.position, "rule id '\(id)' must be kebab-case (a-z, 0-9, single hyphens)")
            }
        }
        let title = map.string("title", required: true)
        let description = map.string("description", required: true)
        let severity = map.choice("severity", Severity.self, required: true)
        let weight = map.int("weight", in: 0...100, required: true)
        let status = map.choice("status", Rule.Status.self, required: true)
        let waivable = map.bool("waivable") ?? true
        let references = map.strings("references")?.map(\.0) ?? []
        let tags = map.strings("tags")?.map(\.0) ?? []
        let aliases = map.strings("aliases") ?? []
        for (alias, position) in aliases where !idPattern.matches(alias) {
            sink.error(position, "alias '\(alias)' must be kebab-case")
        }

        var ecosystems: Set<String> = []
        var kinds: Set<String> = []
        if let node = map.value("applies_to"),
            let applies = MappingReader(node, what: "applies_to", keys: ["ecosystems", "kinds"], sink: sink)
        {
            for (value, position) in applies.strings("ecosystems") ?? [] {
                if Ecosystem(rawValue: value) == nil {
                    sink.error(position, "unknown ecosystem '\(value)' (debian, rpm, upstream)")
                }
                ecosystems.insert(value)
            }
            for (value, position) in applies.strings("kinds") ?? [] {
                if PackageKind(rawValue: value) == nil {
                    sink.error(position, "unknown kind '\(value)' (source, binary, upload, upstream)")
                }
                kinds.insert(value)
            }
        }

        let conditionSource = map.string("condition", required: true)
        var condition: CELProgram?
        if let conditionSource, let node = map.value("condition") {
            do {
                condition = try environment.cel.compile(conditionSource, expecting: .bool)
            } catch {
                for d in error.diagnostics { sink.error(CELPositions.map(d, in: node), "condition: \(d.message)") }
            }
        }
        let messageSource = map.string("message", required: true)
        var message: MessageTemplate?
        if let messageSource, let node = map.value("message") {
            switch MessageTemplate.compile(messageSource, environment: environment.cel) {
            case .success(let t): message = t
            case .failure(let failure):
                sink.error(
                    CELPositions.map(offset: failure.offset, in: messageSource, node: node),
                    "message: \(failure.message)")
            }
        }
        var evidenceSources: [(label: String, source: String)] = []
        var evidence: [(label: String, program: CELProgram)] = []
        for (label, _, node) in map.entries("evidence") ?? [] {
            guard case .scalar(let source, _) = node.kind else {
                sink.error(node.position, "evidence '\(label)' must be a CEL expression (a string)")
                continue
            }
            evidenceSources.append((label, source))
            do {
                evidence.append((label, try environment.cel.compile(source)))
            } catch {
                for d in error.diagnostics {
                    sink.error(CELPositions.map(d, in: node), "evidence '\(label)': \(d.message)")
                }
            }
        }

        var triggers: [Rule.Example] = []
        var passes: [Rule.Example] = []
        if let node = map.value("examples") {
            if let examples = MappingReader(node, what: "examples", keys: ["trigger", "pass"], sink: sink) {
                triggers = readExamples(examples, "trigger", sink: sink)
                passes = readExamples(examples, "pass", sink: sink)
                if !examples.has("trigger") {
                    sink.error(node.position, "examples need at least one 'trigger' example")
                }
                if !examples.has("pass") { sink.error(node.position, "examples need at least one 'pass' example") }
            }
        } else {
            sink.error(root.position, "the rule is missing the required key 'examples' (trigger and pass)")
        }

        guard sink.diagnostics.count == before, let id, let title, let description, let severity, let weight,
            let status, let conditionSource, let condition, let messageSource, let message
        else { return nil }
        return Rule(
            id: id, aliases: aliases.map(\.0), title: title, description: description, severity: severity,
            weight: weight, ecosystems: ecosystems, kinds: kinds, conditionSource: conditionSource,
            condition: condition, messageSource: messageSource, message: message,
            evidenceSources: evidenceSources, evidence: evidence, references: references, tags: tags, status: status,
            waivable: waivable, triggerExamples: triggers, passExamples: passes, file: path
        )
    }

    static func readExamples(_ map: MappingReader, _ key: String, sink: DiagnosticSink) -> [Rule.Example] {
        guard let node = map.value(key) else { return [] }
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            sink.error(node.position, "'examples.\(key)' must be a non-empty list of fact documents")
            return []
        }
        let reader = FactDocumentReader()
        var out: [Rule.Example] = []
        for item in items {
            do {
                let document = try reader.object(item.untyped, path: "") { path in item.position(at: path) }
                out.append(Rule.Example(document: document, position: item.position))
            } catch {
                sink.add(error)
            }
        }
        return out
    }
}

/// Maps CEL diagnostic positions inside a YAML scalar to positions in the file.
enum CELPositions {
    static func map(_ d: CELDiagnostic, in node: YAMLNode) -> SourcePosition {
        var position = node.position
        if let found = node.sourceMap?.position(ofOffset: d.offset) {
            (position.line, position.column) = (found.line, found.column)
        } else if d.line == 1 {
            let quoted: Bool
            if case .scalar(_, let q) = node.kind { quoted = q } else { quoted = false }
            position.column = (node.position.column ?? 1) + d.column - 1 + (quoted ? 1 : 0)
        } else {
            position.line = (node.position.line ?? 1) + d.line - 1
            position.column = d.column
        }
        return position
    }

    static func map(offset: Int, in source: String, node: YAMLNode) -> SourcePosition {
        let prefix = source.utf8.prefix(offset)
        let line = prefix.filter { $0 == 0x0A }.count + 1
        let column =
            prefix.count
            - (prefix.lastIndex(of: 0x0A).map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
        return map(CELDiagnostic(message: "", offset: offset, line: line, column: column), in: node)
    }
}

/// A precompiled regular expression check for identifiers (RE2 syntax, linear time).
struct LinearRegexCheck: Sendable {
    let regex: LinearRegex
    init(_ pattern: String) throws { regex = try LinearRegex(pattern) }
    func matches(_ text: String) -> Bool { regex.matches(text) }
}
