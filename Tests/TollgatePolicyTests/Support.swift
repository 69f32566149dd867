import Foundation
import TollgateCore
import TollgateKit
import TollgatePolicy
import TollgateTestSupport

/// Writes policy directories for tests.
struct PolicyFixture {
    let root: URL

    init() throws {
        root = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("profiles"), withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        try text.write(to: root.appendingPathComponent(relative), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var path: String { root.path }

    static let defaultProfile = """
        name: default
        thresholds: {warn: 30, deny: 70}
        severity_decisions: {critical: deny}

        """

    /// A valid rule with the given overrides (YAML lines appended after the required keys).
    static func rule(
        id: String, condition: String = "name == 'bad'", severity: String = "medium", weight: Int = 40,
        extra: String = "", trigger: String = "{name: bad}", pass: String = "{name: good}"
    ) -> String {
        """
        id: \(id)
        title: Test rule \(id)
        description: A rule for tests.
        severity: \(severity)
        weight: \(weight)
        status: experimental
        condition: \(condition)
        message: "{{ name }} matched"
        \(extra)
        examples:
          trigger: [\(trigger)]
          pass: [\(pass)]

        """
    }
}

func load(_ path: String, now: Date = Date(timeIntervalSince1970: 1_710_000_000)) throws(PolicyLoadError) -> PolicySet {
    try PolicyLoader.load(directory: path, options: PolicyOptions(now: now, comparators: .native))
}

func package(_ fields: [(String, FactValue)]) -> DynamicFactObject {
    DynamicFactObject(typeName: "Package", fields: fields)
}
