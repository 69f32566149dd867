import Testing
import TollgateDebian
import TollgateTestSupport

/// libapt-pkg's version comparison, cross-checked with dpkg itself.
@Suite struct VersionTests {
    static let pairs: [(String, String)] = [
        ("1.0", "1.0"), ("1.0", "1.1"), ("1.0-1", "1.0-2"), ("1:0.1", "2.0"), ("1.0~rc1", "1.0"), ("1.0+b1", "1.0"),
        ("2.0.0", "2.0"), ("1.0a", "1.0"), ("5.4.1-1+deb12u2", "5.4.1-1+deb12u1"), ("5.6.0-0.1", "5.4.5-0.3"),
        ("1.0~~", "1.0~"), ("0:1.0", "1.0"), ("1.0-1~bpo11+1", "1.0-1"), ("10", "9"), ("1.2.3-1ubuntu1", "1.2.3-1"),
    ]

    @Test func agreesWithDpkgCompareVersions() throws {
        let apt = AptVersionComparator()
        for (a, b) in Self.pairs {
            let lt = try Run.program("/usr/bin/dpkg", ["--compare-versions", a, "lt", b]).status == 0
            let eq = try Run.program("/usr/bin/dpkg", ["--compare-versions", a, "eq", b]).status == 0
            let expected = lt ? -1 : eq ? 0 : 1
            #expect(apt.compare(a, b).signum() == expected, "\(a) vs \(b)")
            #expect(apt.compare(b, a).signum() == -expected, "\(b) vs \(a)")
        }
    }

    @Test func relationsAndVersionParts() {
        let apt = AptVersionComparator()
        #expect(apt.satisfies("1.2", relation: ">=", "1.0"))
        #expect(!apt.satisfies("1.2", relation: "<<", "1.0"))
        #expect(apt.satisfies("1.0", relation: "=", "1.0"))
        let v = DebianVersion("1:5.4.1-1+deb12u2")
        #expect(v.epoch == 1)
        #expect(v.upstream == "5.4.1")
        #expect(v.revision == "1+deb12u2")
        #expect(DebianVersion("1.0-beta-2").upstream == "1.0-beta")
        #expect(DebianVersion("2.0").revision == "")
    }

    @Test func dependencyFieldsKeepAlternativesArchitecturesAndProfiles() throws {
        var group: Int64 = 10
        let deps = try #require(
            DependencyParser.parse(
                "libc6 (>= 2.34), foo [amd64 !i386] | bar (<< 2) <!nocheck>, baz:any, qux (= 1.0) [linux-any] <stage1 cross>,"
                    + " quux <!nocheck> <!cross>",
                type: "build_depends", nextGroup: &group
            )
        )
        #expect(deps.map(\.name) == ["libc6", "foo", "bar", "baz:any", "qux", "quux"])
        #expect(deps.map(\.group) == [10, 11, 11, 12, 13, 14])
        #expect(deps[0].relation == ">=" && deps[0].version == "2.34")
        #expect(deps[1].architectures == "amd64 !i386")
        #expect(deps[2].relation == "<<" && deps[2].profiles == "!nocheck")
        #expect(deps[4].architectures == "linux-any" && deps[4].profiles == "stage1 cross")
        // Two groups, either of which enables the element: both are kept.
        #expect(deps[5].profiles == "!nocheck> <!cross")
        #expect(group == 15)
        var g: Int64 = 0
        #expect(DependencyParser.parse("foo (>> )", type: "depends", nextGroup: &g) == nil)
    }
}
