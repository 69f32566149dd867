import Foundation
import Testing
import TollgateCore
import TollgatePolicy
import TollgateTestSupport

/// Strict, all-or-nothing loading with `path:line:col` diagnostics.
@Suite struct LoaderTests {
    func diagnostics(_ files: [String: String]) throws -> [String] {
        let fixture = try PolicyFixture()
        defer { fixture.remove() }
        try fixture.write("profiles/default.yaml", PolicyFixture.defaultProfile)
        for (name, text) in files { try fixture.write(name, text) }
        do {
            _ = try load(fixture.path)
            return []
        } catch {
            return error.diagnostics.map { $0.description.replacingOccurrences(of: fixture.path + "/", with: "") }
        }
    }

    @Test func aValidSetLoads() throws {
        let found = try diagnostics(["ok.yaml": PolicyFixture.rule(id: "ok")])
        #expect(found.isEmpty)
    }

    @Test func everyProblemOfEveryFileIsReportedAtItsPosition() throws {
        let found = try diagnostics([
            "unknown-key.yaml": PolicyFixture.rule(id: "unknown-key", extra: "severty: high"),
            "wrong-type.yaml": PolicyFixture.rule(id: "wrong-type", weight: 140),
            "syntax.yaml": PolicyFixture.rule(id: "syntax", condition: "name == 'x' &&"),
            "types.yaml": PolicyFixture.rule(id: "types", condition: "name + 1 == 2"),
            "not-bool.yaml": PolicyFixture.rule(id: "not-bool", condition: "size(files)"),
            "unknown-field.yaml": PolicyFixture.rule(id: "unknown-field", condition: "maintainer.mail == 'x'"),
            "stem.yaml": PolicyFixture.rule(id: "other-id"),
        ])
        #expect(
            found.contains("unknown-key.yaml:9:1: error: unknown key 'severty' in the rule (did you mean 'severity'?)"))
        #expect(found.contains("wrong-type.yaml:5:9: error: 'weight' must be between 0 and 100, not 140"))
        #expect(
            found.contains { $0.hasPrefix("syntax.yaml:7:12: error: condition: ") || $0.hasPrefix("syntax.yaml:7:") },
            "\(found)")
        #expect(found.contains { $0.hasPrefix("types.yaml:7:") && $0.contains("_+_") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("not-bool.yaml:7:") && $0.contains("bool") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("unknown-field.yaml:7:") && $0.contains("mail") }, "\(found)")
        #expect(found.contains("stem.yaml:1:5: error: rule id 'other-id' must equal the file name's stem 'stem'"))
        #expect(found.count == 7, "\(found)")
    }

    @Test func celErrorsInBlockScalarsPointIntoTheFile() throws {
        let rule = PolicyFixture.rule(id: "block", condition: "|\n  name == 'x'\n    && size(files) > true")
        let found = try diagnostics(["block.yaml": rule])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("block.yaml:9:") == true, "\(found)")
    }

    /// Whatever the scalar's style — folded, plain over several lines, quoted with escapes and line breaks — an
    /// error in a condition or message points at the misspelt name itself: line 8 (the condition's second line),
    /// the column where `f.setgidd`'s field starts, or the message's own line.
    @Test func celErrorsInEveryScalarStylePointAtTheName() throws {
        let conditions: [(String, String, String)] = [
            ("plain", "files.exists(f, f.setuid\n  || f.setgidd)", "8:8"),
            ("folded", ">\n  files.exists(f, f.setuid\n  || f.setgidd)", "9:8"),
            ("literal", "|-\n  files.exists(f, f.setuid\n  || f.setgidd)", "9:8"),
            ("double", "\"files.exists(f, f.setuid\n  || f.setgidd)\"", "8:8"),
            ("escaped", "\"name == \\\"a\\\\b\\\" || files.exists(f,\n  f.setgidd)\"", "8:5"),
            ("joined", "\"files.exists(f, f.set\\\n  uid || f.setgidd)\"", "8:12"),
            ("single", "'name == ''é'' || files.exists(f,\n  f.setgidd)'", "8:5"),
            ("unicode", "\"name == 'ééé' ||\n  ééé.size() > 0\"", "8:3"),
        ]
        for (id, condition, position) in conditions {
            let found = try diagnostics(["\(id).yaml": PolicyFixture.rule(id: id, condition: condition)])
            #expect(found.count == 1 && found.first?.hasPrefix("\(id).yaml:\(position): error: ") == true, "\(found)")
        }
        let message = PolicyFixture.rule(id: "message").replacingOccurrences(
            of: "message: \"{{ name }} matched\"", with: "message: >\n  {{ name }} has\n  {{ nme }}")
        let found = try diagnostics(["message.yaml": message])
        #expect(found.count == 1 && found.first?.hasPrefix("message.yaml:10:6: error: ") == true, "\(found)")
    }

    @Test func duplicateIdsAndAliasesAreErrors() throws {
        let found = try diagnostics([
            "first.yaml": PolicyFixture.rule(id: "first", extra: "aliases: [second]"),
            "second.yaml": PolicyFixture.rule(id: "second"),
        ])
        #expect(found.contains { $0.contains("id 'second' is already used") }, "\(found)")
    }

    @Test func examplesAreCheckedAgainstTheFactSchema() throws {
        let found = try diagnostics([
            "bad-example.yaml": PolicyFixture.rule(
                id: "bad-example", trigger: "{name: bad, maintainer: {emial: x}}", pass: "{name: 3}")
        ])
        #expect(found.contains { $0.contains("'emial' is not a field of Person") }, "\(found)")
        #expect(found.contains { $0.contains("'name' must be string, not an integer") }, "\(found)")
    }

    @Test func yamlBombsAndDeepNestingAreRefused() throws {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 {
            bomb +=
                "l\(i): &l\(i) [*\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)"), *\(i == 1 ? "a" : "l\(i - 1)")]\n"
        }
        let deep = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        let found = try diagnostics(["bomb.yaml": bomb, "deep.yaml": "id: deep\nx: \(deep)\n"])
        #expect(found.contains { $0.hasPrefix("bomb.yaml:") && $0.contains("alias bomb") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("deep.yaml:") && $0.contains("nesting deeper") }, "\(found)")
    }

    @Test func profilesMustNameRulesThatExist() throws {
        let fixture = try PolicyFixture()
        defer { fixture.remove() }
        try fixture.write("one.yaml", PolicyFixture.rule(id: "one", extra: "aliases: [old-one]"))
        try fixture.write("two.yaml", PolicyFixture.rule(id: "two"))
        try fixture.write(
            "profiles/default.yaml",
            PolicyFixture.defaultProfile + "weights: {old-one: 55, nope: 3}\nrules: {disable: [one]}\n")
        do {
            _ = try load(fixture.path)
            Issue.record("a profile naming an unknown rule loaded")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.description.hasSuffix("error: no rule 'nope' in this policy set") == true)
        }
        try fixture.write("profiles/default.yaml", PolicyFixture.defaultProfile + "weights: {old-one: 55}\n")
        let policy = try load(fixture.path)
        let rule = try #require(policy.rule("old-one"))
        #expect(rule.id == "one")
        #expect(policy.profile("default")?.weight(of: rule) == 55)
        // Named twice, by its id and by its alias, a rule took whichever weight or decision came last.
        let text = try diagnostics([
            "one.yaml": PolicyFixture.rule(id: "one", extra: "aliases: [old-one]"),
            "profiles/default.yaml": PolicyFixture.defaultProfile
                + "weights: {one: 100, old-one: 0}\ndecisions: {old-one: deny, one: warn}\n",
        ])
        #expect(text.count == 2, "\(text)")
        #expect(text.contains { $0.hasSuffix("weights: 'old-one' is rule 'one', already given as 'one'") }, "\(text)")
        #expect(text.contains { $0.hasSuffix("decisions: 'one' is rule 'one', already given as 'old-one'") }, "\(text)")
    }

    /// A profile that enables no rule would allow everything: `enable: []`, or a `disable` list that takes back
    /// every rule enabled, is an error at the `rules` key.
    @Test func aProfileThatEnablesNoRuleIsRefused() throws {
        let one = PolicyFixture.rule(id: "one"), two = PolicyFixture.rule(id: "two")
        for rules in ["{enable: []}", "{enable: [one], disable: [one]}", "{disable: [one, two]}"] {
            let found = try diagnostics([
                "one.yaml": one, "two.yaml": two,
                "profiles/strict.yaml": "name: strict\nthresholds: {warn: 30, deny: 70}\nrules: \(rules)\n",
            ])
            #expect(
                found == [
                    "profiles/strict.yaml:3:8: error: the profile enables no rule, so it would allow every package"
                ],
                "\(rules): \(found)")
        }
        let fine = try diagnostics([
            "one.yaml": one, "two.yaml": two,
            "profiles/strict.yaml": "name: strict\nthresholds: {warn: 30, deny: 70}\nrules: {disable: [one]}\n",
        ])
        #expect(fine.isEmpty, "\(fine)")
    }

    @Test func invalidYAMLIsADiagnosticNotACrash() throws {
        let found = try diagnostics(["broken.yaml": "id: broken\ntitle: [unclosed\n"])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("broken.yaml:") == true && found.first?.contains("invalid YAML") == true)
    }

    /// A byte the YAML reader refuses (a control character) is placed where it is, on one line, as every other
    /// problem (it was reported at 1:1 with the reader's own position and an excerpt over several lines).
    @Test func aControlCharacterIsPlacedWhereItIs() throws {
        let found = try diagnostics(["nul.yaml": "id: nul\ntitle: Tä\u{0}x\n"])
        #expect(found == ["nul.yaml:2:10: error: invalid YAML: control characters are not allowed (U+0000)"])
    }
}
