import Foundation
import Testing
import TollgateCore
import TollgateKit
import TollgatePolicy
import TollgateTestSupport

@Suite struct ScoringTests {
    @Test func noisyOrProperties() {
        #expect(Scoring.score(weights: []) == 0)
        #expect(Scoring.score(weights: [40]) == 40)
        #expect(Scoring.score(weights: [40, 40]) == 64, "two mediums outrank one")
        #expect(Scoring.score(weights: [100, 5]) == 100)
        #expect(Scoring.score(weights: [10, 10, 10]) == 27)
        // Monotone: adding a finding never lowers the score.
        var weights: [Int] = []
        var last = 0
        for w in [5, 0, 30, 12, 70, 1] {
            weights.append(w)
            let s = Scoring.score(weights: weights)
            #expect(s >= last)
            last = s
        }
        #expect(Scoring.decision(score: 29, warn: 30, deny: 70) == .allow)
        #expect(Scoring.decision(score: 30, warn: 30, deny: 70) == .warn)
        #expect(Scoring.decision(score: 70, warn: 30, deny: 70) == .deny)
    }
}

@Suite struct EngineTests {
    func engine(
        rules: [String: String], profile: String = PolicyFixture.defaultProfile, waivers: String? = nil
    ) throws
        -> (PolicyEngine, PolicyFixture)
    {
        let fixture = try PolicyFixture()
        for (name, text) in rules { try fixture.write(name, text) }
        try fixture.write("profiles/default.yaml", profile)
        let policy = try load(fixture.path)
        var waiverSet = WaiverSet.none
        if let waivers {
            try fixture.write("waivers.yaml", waivers)
            waiverSet = try WaiverSet.load(files: [fixture.path + "/waivers.yaml"], policy: policy)
        }
        return (
            PolicyEngine(policy: policy, profile: policy.profile("default")!, waivers: waiverSet, comparators: .native),
            fixture
        )
    }

    let bad = package([
        ("ecosystem", .string("debian")), ("kind", .string("binary")), ("name", .string("bad")),
        ("version", .string("1.2-1")),
    ])

    @Test func findingsScoreAndDecide() throws {
        let (engine, fixture) = try engine(rules: [
            "a.yaml": PolicyFixture.rule(id: "a", weight: 40),
            "b.yaml": PolicyFixture.rule(id: "b", weight: 40),
            "c.yaml": PolicyFixture.rule(id: "c", condition: "name == 'other'", weight: 90),
        ])
        defer { fixture.remove() }
        let verdict = engine.evaluate(bad)
        #expect(verdict.findings.map(\.ruleID).sorted() == ["a", "b"])
        #expect(verdict.score == 64)
        #expect(verdict.decision == .warn)
        #expect(verdict.findings.first?.message == "bad matched")
        #expect(engine.evaluate(package([("name", .string("good"))])).decision == .allow)
    }

    @Test func appliesToFiltersByEcosystemAndKind() throws {
        let (engine, fixture) = try engine(rules: [
            "r.yaml": PolicyFixture.rule(id: "r", extra: "applies_to: {ecosystems: [rpm], kinds: [binary]}")
        ])
        defer { fixture.remove() }
        #expect(engine.evaluate(bad).findings.isEmpty)
        let rpm = package([("ecosystem", .string("rpm")), ("kind", .string("binary")), ("name", .string("bad"))])
        #expect(engine.evaluate(rpm).findings.count == 1)
    }

    @Test func ruleErrorsCountAsFindingsByDefaultAndAsTheProfileSays() throws {
        let failing = PolicyFixture.rule(
            id: "e", condition: "int(name) > 0", trigger: "{name: '5'}", pass: "{name: '0'}")
        let (engine, fixture) = try engine(rules: ["e.yaml": failing])
        defer { fixture.remove() }
        let verdict = engine.evaluate(bad)
        #expect(verdict.errors.count == 1)
        #expect(verdict.findings.first?.isRuleError == true)
        #expect(verdict.score == 40, "an error never passes silently")

        let (ignoring, f2) = try self.engine(
            rules: ["e.yaml": failing], profile: PolicyFixture.defaultProfile + "on_error: ignore\n")
        defer { f2.remove() }
        let ignored = ignoring.evaluate(bad)
        #expect(ignored.findings.isEmpty && ignored.errors.count == 1)

        let (denying, f3) = try self.engine(
            rules: ["e.yaml": failing], profile: PolicyFixture.defaultProfile + "on_error: deny\n")
        defer { f3.remove() }
        #expect(denying.evaluate(bad).decision == .deny)
    }

    @Test func runawayExpressionsStopAtTheCostLimit() throws {
        let runaway = PolicyFixture.rule(
            id: "slow",
            condition:
                "|\n  [1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c,\n  [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, name != 'x')))))",
            trigger: "{name: y}", pass: "{name: x}"
        )
        let (engine, fixture) = try engine(rules: ["slow.yaml": runaway])
        defer { fixture.remove() }
        let verdict = engine.evaluate(bad)
        #expect(verdict.errors.first?.message.contains("cost") == true, "\(verdict.errors)")
    }

    @Test func forcedDecisions() throws {
        let (engine, fixture) = try engine(rules: [
            "low.yaml": PolicyFixture.rule(id: "low", severity: "critical", weight: 5),
            "other.yaml": PolicyFixture.rule(id: "other", weight: 5),
        ])
        defer { fixture.remove() }
        let verdict = engine.evaluate(bad)
        #expect(verdict.score == 10)
        #expect(verdict.decision == .deny)
        #expect(verdict.reason == "forced by critical finding low")
    }

    @Test func waiversSilenceByVersionAndExpire() throws {
        let waivers = """
            waivers:
              - rules: [a]
                package: bad
                versions: ">= 1.0, << 2.0"
                reason: Known installer, reviewed.
                ticket: SEC-1
                approved_by: dana@example
                expires: 2030-01-01
              - rules: [a]
                package: bad
                versions: "*"
                reason: Old exception.
                ticket: SEC-0
                approved_by: dana@example
                expires: 2020-01-01
              - rules: [a]
                package: nobody
                versions: "*"
                reason: Never used.
                ticket: SEC-2
                approved_by: dana@example
                expires: 2030-01-01
              - rules: [fixed]
                package: bad
                versions: "*"
                reason: Tries to waive a non-waivable rule.
                ticket: SEC-3
                approved_by: dana@example
                expires: 2030-01-01

            """
        let (engine, fixture) = try engine(
            rules: [
                "a.yaml": PolicyFixture.rule(id: "a", weight: 40),
                "fixed.yaml": PolicyFixture.rule(id: "fixed", weight: 20, extra: "waivable: false"),
            ],
            waivers: waivers
        )
        defer { fixture.remove() }
        let verdict = engine.evaluate(bad)
        #expect(verdict.waived.map(\.ruleID) == ["a"])
        #expect(verdict.waived.first?.waiver?.ticket == "SEC-1")
        #expect(verdict.findings.map(\.ruleID) == ["fixed"], "non-waivable rules ignore waivers")
        #expect(verdict.score == 20)
        let newer = package([("ecosystem", .string("debian")), ("name", .string("bad")), ("version", .string("2.0-1"))])
        #expect(
            engine.evaluate(newer).findings.map(\.ruleID).sorted() == ["a", "fixed"], "2.0-1 is outside >= 1.0, << 2.0")
        let report = engine.waiverReport()
        #expect(report.unused.map(\.ticket) == ["SEC-2", "SEC-3"])
        #expect(report.expired.map(\.waiver.ticket) == ["SEC-0"])
        #expect(report.expired.first?.wouldHaveMatched == true)
    }

    /// Loads the waiver file `yaml` beside a policy of one rule, `a`.
    func loadWaivers(_ yaml: String) throws -> Result<WaiverSet, PolicyLoadError> {
        let fixture = try PolicyFixture()
        defer { fixture.remove() }
        try fixture.write("a.yaml", PolicyFixture.rule(id: "a"))
        try fixture.write("profiles/default.yaml", PolicyFixture.defaultProfile)
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("w"), withIntermediateDirectories: true)
        try fixture.write("w/w.yaml", yaml)
        let policy = try load(fixture.path)
        do {
            return .success(try WaiverSet.load(files: [fixture.path + "/w/w.yaml"], policy: policy))
        } catch {
            return .failure(error)
        }
    }

    @Test func waiverFilesAreStrict() throws {
        switch try loadWaivers(
            "waivers:\n  - rules: [zzz]\n    package: x\n    versions: '~> 1'\n    reason: r\n    ticket: t\n    approved_by: a\n    expires: someday\n    extra: 1\n"
        ) {
        case .success: Issue.record("a bad waiver file loaded")
        case .failure(let error):
            let text = error.diagnostics.map(\.description)
            #expect(text.contains { $0.contains("w/w.yaml:9:5: error: unknown key 'extra'") }, "\(text)")
            #expect(text.contains { $0.contains("w/w.yaml:2:13: error: no rule 'zzz'") }, "\(text)")
            #expect(text.contains { $0.contains("versions:") }, "\(text)")
            #expect(text.contains { $0.contains("expires must be a date") }, "\(text)")
        }
    }

    /// Only `*` waives every version: an empty constraint, or one whose terms are empty (`","`), waived every
    /// version of the package.
    @Test(arguments: ["", ",", " , ", ">= 1.0,", ",>= 1.0", ">= 1.0,,<< 2.0", " * "])
    func onlyAStarWaivesEveryVersion(versions: String) throws {
        switch try loadWaivers(
            "waivers:\n  - rules: [a]\n    package: x\n    versions: '\(versions)'\n    reason: r\n    ticket: t\n"
                + "    approved_by: a\n    expires: 2099-01-01\n")
        {
        case .success(let waivers): #expect(versions == " * ", "'\(versions)' loaded as \(waivers)")
        case .failure(let error):
            let text = error.diagnostics.map(\.description)
            #expect(versions != " * ")
            #expect(text.contains { $0.contains("w/w.yaml:4:15: error: ") && $0.contains("versions") }, "\(text)")
            #expect(versions.isEmpty || text.contains { $0.contains("\"*\" for every version") }, "\(text)")
        }
    }

    @Test func rpmWaiversUseRPMVersionRules() throws {
        let waivers = """
            waivers:
              - rules: [a]
                package: bad
                ecosystem: rpm
                versions: "< 1.10"
                reason: r
                ticket: t
                approved_by: a
                expires: 2030-01-01

            """
        let (engine, fixture) = try engine(rules: ["a.yaml": PolicyFixture.rule(id: "a")], waivers: waivers)
        defer { fixture.remove() }
        let old = package([("ecosystem", .string("rpm")), ("name", .string("bad")), ("version", .string("1.9-1"))])
        let new = package([("ecosystem", .string("rpm")), ("name", .string("bad")), ("version", .string("1.10-1"))])
        #expect(engine.evaluate(old).waived.count == 1)
        #expect(engine.evaluate(new).waived.isEmpty, "rpm compares 1.10 > 1.9")
        #expect(engine.evaluate(bad).waived.isEmpty, "an rpm waiver does not apply to a Debian package")
    }

    /// A waiver for one ecosystem never covers a document of another, nor of an ecosystem Tollgate does not know
    /// (it was taken for Debian); `==` is `=`.
    @Test func waiversMatchTheirOwnEcosystemAndEitherEquality() throws {
        let waivers = """
            waivers:
              - rules: [a]
                package: bad
                ecosystem: debian
                versions: "*"
                reason: r
                ticket: t1
                approved_by: a
                expires: 2030-01-01
              - rules: [a]
                package: other
                versions: "==1.0-1"
                reason: r
                ticket: t2
                approved_by: a
                expires: 2030-01-01

            """
        let (engine, fixture) = try engine(
            rules: ["a.yaml": PolicyFixture.rule(id: "a", condition: "name in ['bad', 'other']")], waivers: waivers)
        defer { fixture.remove() }
        let foreign = package([("ecosystem", .string("gentoo")), ("name", .string("bad")), ("version", .string("1"))])
        #expect(engine.evaluate(foreign).waived.isEmpty, "a Debian waiver does not cover an unknown ecosystem")
        #expect(engine.evaluate(bad).waived.count == 1)
        let other = package([
            ("ecosystem", .string("debian")), ("name", .string("other")), ("version", .string("1.0-1")),
        ])
        #expect(engine.evaluate(other).waived.count == 1, "== 1.0-1 matches 1.0-1")
        let otherRPM = package([
            ("ecosystem", .string("rpm")), ("name", .string("other")), ("version", .string("1.0-1")),
        ])
        #expect(engine.evaluate(otherRPM).waived.count == 1)
        let foreignOther = package([
            ("ecosystem", .string("gentoo")), ("name", .string("other")), ("version", .string("1.0-1")),
        ])
        #expect(engine.evaluate(foreignOther).waived.isEmpty, "no version rules to compare by")
    }

    /// Rules spared by their deciding fields fire exactly when their conditions do, however a condition reads a
    /// field: as a variable or through `facts`, tested with `has()`, as a whole object, in a list, in a macro.
    @Test func sparedRulesAgreeWithTheirConditionsHoweverAFieldIsRead() throws {
        let conditions = [
            "doc-history": "facts.history.available",
            "doc-history-nested": "facts.history.releases_before > 0",
            "var-history": "history.available && history.releases_before >= 0",
            "history-absent": "history.available == false && history.releases_before == 0",
            "has-signer": "has(history.package_signer)",
            "signer-seen": "history.package_signer.seen_before",
            "history-whole": "history == history",
            "history-in-list": "[history].size() == 2",
            "signers": "history.signers.exists(s, s.fingerprint == 'A')",
            "has-signatures": "has(facts.signatures)",
            "signature-count": "signatures.size() > 0",
            "doc-signatures": "facts.signatures.size() > 0 || name == 'y'",
        ]
        var rules: [String: String] = [:]
        for (id, condition) in conditions {
            rules["\(id).yaml"] = PolicyFixture.rule(id: id, condition: "\"\(condition)\"")
        }
        let (engine, fixture) = try engine(rules: rules)
        defer { fixture.remove() }
        let policy = engine.policy
        let documents = EngineTests.historyDocuments()
        var fired = 0
        var spared = 0
        for document in documents {
            let expected = try EngineTests.firing(policy, document)
            let evaluator = engine.evaluator()
            let found = Set(evaluator.evaluate(document).findings.filter { !$0.isRuleError }.map(\.ruleID))
            #expect(
                found == expected,
                "history \(String(describing: document.history)), \(document.signatures.count) signature(s)")
            fired += expected.count
            spared += policy.rules.count - evaluator.rulesRun
        }
        #expect(fired > 10 && spared > 10, "rules both fire and are spared, so the comparison means something")
    }

    /// Packages with histories that read differently (absent, unset, empty, earlier releases, contradictory), each
    /// unsigned and signed.
    static func historyDocuments() -> [PackageFacts] {
        var histories: [HistoryFacts?] = [nil, HistoryFacts(available: false), HistoryFacts(available: true)]
        var earlier = HistoryFacts(available: true)
        earlier.releasesBefore = 3
        earlier.packageSigner = SignerHistory(
            role: "package", fingerprint: "B", seenBefore: true, seenBeforeAnyRole: true, releasesSignedBefore: 3,
            roleSignedReleasesBefore: 3)
        earlier.signers = [
            SignerSeen(
                fingerprint: "A", role: "package", firstSeen: nil, lastSeen: nil, releases: 1, firstVersion: "1",
                lastVersion: "1")
        ]
        histories.append(earlier)
        var odd = HistoryFacts(available: false)
        odd.packageSigner = earlier.packageSigner
        histories.append(odd)
        var documents: [PackageFacts] = []
        for history in histories {
            for signed in [false, true] {
                var facts = PackageFacts(
                    ecosystem: .debian, kind: .binary, name: "x", version: "1",
                    artifact: Artifact(path: "x.deb", format: "deb"))
                facts.history = history
                if signed { facts.signatures = [SignatureFacts(kind: "debsig", location: "x.deb")] }
                documents.append(facts)
            }
        }
        return documents
    }

    /// The rules whose conditions hold for a document, each evaluated in full.
    static func firing(_ policy: PolicySet, _ document: any FactObject) throws -> Set<String> {
        var firing: Set<String> = []
        for rule in policy.rules {
            let program = try policy.environment.cel.compile(rule.conditionSource)
            if (try? program.evaluate(policy.environment.activation(for: document))) == .bool(true) {
                firing.insert(rule.id)
            }
        }
        return firing
    }

    /// One evaluator judging packages in turn reuses a rule's false result while the one field its condition reads
    /// keeps its value, and runs it again when the value changes: its findings are exactly the conditions' results
    /// whatever the order, repeats included.
    @Test func rulesReadingOneFieldAreNotRunAgainForTheSameValue() throws {
        let (engine, fixture) = try engine(rules: [
            "history-read.yaml": PolicyFixture.rule(
                id: "history-read", condition: "\"history.available && history.releases_before >= 2\""),
            "signer-new.yaml": PolicyFixture.rule(
                id: "signer-new", condition: "\"has(history.package_signer) && !history.package_signer.seen_before\""),
            "name-read.yaml": PolicyFixture.rule(id: "name-read", condition: "\"name.startsWith('y')\""),
            "two-fields.yaml": PolicyFixture.rule(
                id: "two-fields", condition: "\"name == 'y' && history.available\""),
        ])
        defer { fixture.remove() }
        let policy = engine.policy
        var signerNew = HistoryFacts(available: true)
        signerNew.packageSigner = SignerHistory(
            role: "package", fingerprint: "C", seenBefore: false, seenBeforeAnyRole: false, releasesSignedBefore: 0,
            roleSignedReleasesBefore: 2)
        var renamed = EngineTests.historyDocuments()
        for i in renamed.indices where i % 3 == 0 { renamed[i].name = "y" }
        var withSigner = renamed[4]
        withSigner.history = signerNew
        // Histories held by shared objects (as a report gives every package with nothing earlier the same one): the
        // same object is the same value without comparing; another object is compared.
        let sharedSigner = Boxed(signerNew), sharedPlain = Boxed(HistoryFacts(available: true))
        let shared = [sharedSigner, sharedSigner, sharedPlain, sharedPlain, sharedSigner, Boxed(signerNew)].map {
            holder in
            var facts = renamed[0]
            facts.sharedHistory = holder
            return facts
        }
        let base = renamed + [withSigner] + shared
        // Every document twice in a row, then all of them in turn, backwards, and interleaved with one another.
        let sequence = base.flatMap { [$0, $0] } + base.reversed() + zip(base, base.reversed()).flatMap { [$0, $1] }
        let evaluator = engine.evaluator()
        var fired = 0
        var fresh = 0
        for document in sequence {
            let expected = try EngineTests.firing(policy, document)
            let found = Set(evaluator.evaluate(document).findings.filter { !$0.isRuleError }.map(\.ruleID))
            #expect(found == expected, "\(document.name), history \(String(describing: document.history))")
            fired += expected.count
            let alone = engine.evaluator()
            _ = alone.evaluate(document)
            fresh += alone.rulesRun
        }
        #expect(fired > 20, "the rules fire, so the comparison means something")
        #expect(evaluator.rulesRun < fresh - 20, "repeated values spare the rules that read them alone")
    }
}
