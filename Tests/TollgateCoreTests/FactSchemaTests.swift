import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@Suite struct FactSchemaTests {
    @Test func everyObjectTypeReachableFromPackageIsDeclared() {
        let schema = FactSchema.package
        var pending = [schema.root]
        var seen: Set<String> = []
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            let object = schema.object(name)
            #expect(object != nil, "type \(name) is used but not part of FactSchema.package")
            for field in object?.fields ?? [] {
                var type = field.type
                while true {
                    switch type {
                    case .list(let inner), .map(let inner): type = inner; continue
                    case .object(let child): pending.append(child)
                    default: break
                    }
                    break
                }
            }
        }
        #expect(Set(schema.objects.map(\.name)) == seen, "schema lists types no field reaches")
    }

    /// Policies read fields by the position the schema gives them (resolved once, when a rule is compiled): every
    /// position reads what the name reads, and a position that does not match its name falls back to the name.
    @Test func fieldPositionsReadWhatNamesRead() throws {
        var facts = PackageFacts(
            ecosystem: .debian, kind: .source, name: "tinyfmt", version: "1.4-1",
            artifact: Artifact(path: "tinyfmt_1.4-1.dsc", format: "dsc"))
        facts.maintainer = Person(parsing: "Max <max@mail.example>")
        let json = JSONWriter(indent: 0)
        func text(_ value: FactValue?) -> String? { value.map(json.string) }
        let schema = try #require(FactSchema.package.object(FactSchema.package.root))
        var set = 0
        for (index, field) in schema.fields.enumerated() {
            #expect(schema.fieldIndex(field.name) == index)
            let byName = text(facts.factField(field.name))
            #expect(text(facts.factField(at: index, named: field.name)) == byName, "\(field.name)")
            if byName != nil { set += 1 }
        }
        #expect(set >= 5, "name, version, ecosystem, kind, maintainer at least")
        #expect(text(facts.factField(at: 0, named: "maintainer")) == text(facts.factField("maintainer")))
        #expect(text(facts.factField(at: 10_000, named: "name")) == "\"tinyfmt\"")
        #expect(facts.factField(at: -1, named: "no_such_field") == nil)
    }

    /// What lets the engine reuse a rule's result for a value it saw: values read the same only when a policy could
    /// not tell them apart.
    @Test func valuesAreTheSameOnlyWhenTheyReadTheSame() {
        #expect(FactValue.string("a").isSame(as: .string("a")))
        #expect(!FactValue.string("a").isSame(as: .string("b")))
        #expect(!FactValue.int(1).isSame(as: .double(1)), "an int and a double are told apart by type()")
        #expect(!FactValue.double(0).isSame(as: .double(-0.0)), "1.0 / x tells +0 from -0")
        #expect(FactValue.list([.int(1), .null]).isSame(as: .list([.int(1), .null])))
        #expect(!FactValue.list([.int(1)]).isSame(as: .list([.int(1), .int(1)])))
        #expect(!FactValue.map([("a", .int(1))]).isSame(as: .map([("b", .int(1))])))
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        #expect(FactValue.timestamp(date).isSame(as: .timestamp(date)))
        #expect(!FactValue.timestamp(date).isSame(as: .timestamp(date.addingTimeInterval(1e-6))))

        var history = HistoryFacts(available: true, database: "h.sqlite")
        #expect(FactValue.object(history).isSame(as: .object(history)))
        var other = history
        other.packageSigner = SignerHistory(
            role: "package", fingerprint: "A", seenBefore: false, seenBeforeAnyRole: false, releasesSignedBefore: 0,
            roleSignedReleasesBefore: 1)
        #expect(!FactValue.object(history).isSame(as: .object(other)))
        history.packageSigner = other.packageSigner
        #expect(FactValue.object(history).isSame(as: .object(other)))
        other.packageSigner?.keyAgeDays = 3
        #expect(!FactValue.object(history).isSame(as: .object(other)), "a nested field differs")
        // Strings are the same byte for byte, as CEL compares them, not by Unicode equivalence as Swift's == does: a
        // rule matching one form must not be spared for the other.
        let precomposed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(precomposed == decomposed, "Swift calls them equal")
        #expect(!FactValue.string(precomposed).isSame(as: .string(decomposed)))
        #expect(!FactValue.map([(precomposed, .null)]).isSame(as: .map([(decomposed, .null)])))
        var named = history, renamed = history
        named.newPeople = [precomposed]
        renamed.newPeople = [decomposed]
        #expect(named == renamed, "HistoryFacts' own == follows Swift's strings")
        #expect(!FactValue.object(named).isSame(as: .object(renamed)), "sameness reads the fields as policies do")
        // Each field compares in place as the values it reads compare: checked against building every value.
        func built<T: FactSchemaDeclaring>(_ a: T, _ b: T) -> Bool {
            let x = T.factFields.values(in: a), y = T.factFields.values(in: b)
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1.isSame(as: $1.1) }
        }
        var variants = [history, other, named, renamed, HistoryFacts(available: false)]
        var zeroDays = history
        zeroDays.daysSincePrevious = 0
        var negativeZeroDays = history
        negativeZeroDays.daysSincePrevious = -0.0
        var emptyPeople = history
        emptyPeople.people = []
        var somePeople = history
        somePeople.people = [
            PersonSeen(identity: precomposed, raw: "x", firstSeen: date, lastSeen: nil, releases: 1, roles: ["a"])
        ]
        var otherPeople = somePeople
        otherPeople.people[0].roles = ["a", "b"]
        variants += [zeroDays, negativeZeroDays, emptyPeople, somePeople, otherPeople]
        for a in variants {
            for b in variants {
                #expect(HistoryFacts.factFields.sameFields(a, b) == built(a, b), "\(a)\n\(b)")
            }
        }
        #expect(!HistoryFacts.factFields.sameFields(zeroDays, negativeZeroDays), "1.0 / x tells +0 from -0")
        #expect(HistoryFacts.factFields.sameFields(somePeople, somePeople))
        // Objects without declared fields cannot tell, and are never the same, even as the same value.
        let dynamic = DynamicFactObject(typeName: "History", fields: [("available", .bool(true))])
        #expect(!FactValue.object(dynamic).isSame(as: .object(dynamic)))
        #expect(!FactValue.object(history).isSame(as: .object(dynamic)))
    }

    @Test func everyFieldIsDocumentedAndSnakeCase() {
        for object in FactSchema.package.objects + FactSchema.release.objects {
            #expect(!object.documentation.isEmpty)
            for field in object.fields {
                #expect(!field.documentation.isEmpty, "\(object.name).\(field.name) has no documentation")
                #expect(field.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(field.name)")
            }
        }
    }

    @Test func factsDocumentationIsUpToDate() throws {
        let path = TestPaths.root.appendingPathComponent("docs/facts.md").path
        let generated = FactSchemaDocumentation.markdown()
        if ProcessInfo.processInfo.environment["TOLLGATE_UPDATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            committed == generated,
            "docs/facts.md is out of date: run TOLLGATE_UPDATE_DOCS=1 swift test --filter factsDocumentationIsUpToDate")
    }

    @Test func jsonWriterEscapesAndOrdersFields() {
        var facts = PackageFacts(
            ecosystem: .debian, kind: .binary, name: "a\"b", version: "1\u{1}",
            artifact: Artifact(path: "p\\q\n", format: "deb")
        )
        facts.installedSize = 1024
        let text = JSONWriter(indent: 0).string(facts)
        #expect(
            text.hasPrefix(
                "{\"schema_version\":1,\"ecosystem\":\"debian\",\"kind\":\"binary\",\"name\":\"a\\\"b\",\"version\":\"1\\u0001\""
            ))
        #expect(text.contains("\"path\":\"p\\\\q\\n\""))
        #expect(!text.contains("\"maintainer\""), "unset fields are left out")
        #expect(text.contains("\"installed_size\":1024"))
        #expect(text.contains("\"signed\":false"))
        let parsed = try? JSONSerialization.jsonObject(with: Data(JSONWriter().string(facts).utf8))
        #expect(parsed is [String: Any])
    }
}
