import Foundation
import Testing
import TollgateCore
import TollgateRPM
import TollgateTestSupport

/// RPM header reading against `rpm -qp --qf` on every real and fixture RPM.
@Suite struct RPMReaderTests {
    static var rpms: [String] {
        var list: [String] = []
        for root in [
            TestPaths.realWorld?.appendingPathComponent("rpm"), TestPaths.fixtures.appendingPathComponent("rpm-repo"),
        ] {
            guard let root, let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".rpm") { list.append(root.appendingPathComponent(relative).path) }
            }
        }
        return list.sorted()
    }

    static let separator = "@@TG@@"

    /// Fields as rpm itself reports them.
    func rpmQuery(_ path: String, _ format: String) throws -> String {
        let result = try Run.program("/usr/bin/rpm", ["-qp", "--nosignature", "--nodigest", "--qf", format, path])
        #expect(result.status == 0, "rpm -qp failed on \(path): \(result.stderr)")
        return result.stdout
    }

    func lines(_ path: String, _ tag: String) throws -> [String] {
        try rpmQuery(path, "[%{\(tag)}\n]").split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
            String.init)
    }

    /// Builds NAME-1.0-1.noarch.rpm with rpmbuild under `dir` (`RPMS/noarch/`).
    func buildRPM(in dir: URL, name: String, preamble: String = "", body: String) throws {
        let spec = dir.appendingPathComponent("\(name).spec").path
        try """
        Name: \(name)
        \(preamble)Version: 1.0
        Release: 1
        Summary: t
        License: MIT
        BuildArch: noarch
        %description
        t
        \(body)
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let built = try Run.program(
            "/usr/bin/rpmbuild", ["-bb", "--quiet", "--define", "_topdir \(dir.path)", spec])
        try #require(built.status == 0, "\(built.stderr)")
    }

    /// An explicit `Epoch: 0` is no epoch, as createrepo_c writes the entry: the file and its repository entry read
    /// the same version, so the history completes the entry's row with the file's facts (one release, not two).
    @Test func anEpochOfZeroReadsAsNone() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try buildRPM(in: dir, name: "zeroepoch", preamble: "Epoch: 0\n", body: "%files\n")
        let repo = dir.appendingPathComponent("RPMS").path
        try #require(try Run.program("/usr/bin/createrepo_c", ["--quiet", repo]).status == 0)
        let rpm = repo + "/noarch/zeroepoch-1.0-1.noarch.rpm"
        #expect(try Run.program("/usr/bin/rpm", ["-qp", "--qf", "%{EPOCH}", rpm]).stdout == "0")
        let facts = try RPMPackageReader.read(path: rpm)
        #expect(facts.version == "1.0-1" && facts.epoch == 0, "\(facts.version)")
        let db = dir.appendingPathComponent("h.sqlite").path
        let index = try Run.tollgate(["history", "ingest", "--db", db, repo + "/repodata/repomd.xml"])
        #expect(index.status == 0, "\(index.stderr)")
        let file = try Run.tollgate(["history", "ingest", "--db", db, rpm])
        #expect(file.stdout.contains("0 release(s) added, 1 already known, 1 of them completed"), "\(file.stdout)")
        let show = try Run.tollgate(["history", "show", "--db", db, "zeroepoch"])
        let rows = show.stdout.split(separator: "\n").dropFirst()
        #expect(
            rows.count == 1 && rows.first?.contains(" rpm ") == true, "one release, seen in its file: \(show.stdout)")
    }

    /// File capabilities (`%caps`) and device nodes (`%dev`) are part of what a package installs: capabilities are
    /// read as `rpm -qp --filecaps` shows them, and a world-writable device node is flagged like a world-writable
    /// file (it hands any user the device: a disk, memory).
    @Test func capabilitiesAndDeviceNodesAreRead() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try buildRPM(
            in: dir, name: "capsdev",
            body: """
                %install
                mkdir -p %{buildroot}/usr/bin %{buildroot}/dev
                printf '#!/bin/sh\\n' > %{buildroot}/usr/bin/capped
                chmod 755 %{buildroot}/usr/bin/capped
                %files
                %caps(cap_setuid,cap_sys_admin=ep) /usr/bin/capped
                %attr(0666,root,root) %dev(c,1,1) /dev/tgmem
                %attr(0600,root,root) %dev(b,8,0) /dev/tgdisk

                """)
        let rpm = dir.appendingPathComponent("RPMS/noarch/capsdev-1.0-1.noarch.rpm").path
        let theirs = try Run.program("/usr/bin/rpm", ["-qp", "--filecaps", rpm]).stdout
        let facts = try RPMPackageReader.read(path: rpm)
        let files = try #require(facts.files)
        for line in theirs.split(separator: "\n") {
            // PATH, a tab, the capabilities (nothing when none).
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file = try #require(files.first { $0.path == parts[0] }, "\(line)")
            #expect(file.capabilities == (parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil), "\(line)")
        }
        #expect(files.first { $0.path == "/usr/bin/capped" }?.capabilities == "cap_setuid,cap_sys_admin=ep")
        #expect(files.first { $0.path == "/dev/tgmem" }?.kind == .character)
        let gate = try Run.tollgate([
            "gate", "--no-history", "--format", "json", "--policies",
            TestPaths.root.appendingPathComponent("policies").path, rpm,
        ])
        let package = try #require(
            ((try parseJSON(gate.stdout) as? [String: Any])?["packages"] as? [[String: Any]])?.first, "\(gate.stderr)")
        let findings = (package["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["file-capabilities", "world-writable-file"]), "\(rules)")
        #expect(gate.stdout.contains("/dev/tgmem (character 0666)") && !gate.stdout.contains("/dev/tgdisk ("))
    }

    @Test func thereAreRealRPMsToRead() {
        if TestPaths.realWorld == nil { print(TestPaths.realWorldMissing) } else { #expect(Self.rpms.count >= 90) }
    }

    @Test(arguments: rpms)
    func headerFieldsAgreeWithRpm(path: String) throws {
        let facts = try RPMPackageReader.read(path: path)
        let tags = [
            "NAME", "VERSION", "RELEASE", "EPOCH", "ARCH", "SUMMARY", "LICENSE", "URL", "VENDOR", "PACKAGER",
            "BUILDHOST", "BUILDTIME", "SOURCERPM", "GROUP",
        ]
        let values = try rpmQuery(path, tags.map { "%{\($0)}" }.joined(separator: Self.separator))
            .components(separatedBy: Self.separator)
        #expect(values.count == tags.count)
        let rpm = Dictionary(uniqueKeysWithValues: zip(tags, values.map { $0 == "(none)" ? nil : $0 }))
        #expect(facts.name == rpm["NAME"]!)
        #expect(facts.upstreamVersion == rpm["VERSION"]! ?? "")
        #expect(facts.revision == rpm["RELEASE"]! ?? "")
        #expect(facts.epoch == Int64(rpm["EPOCH"]! ?? "0"))
        if facts.kind == .binary {
            #expect(facts.architecture == rpm["ARCH"]!)
        } else {
            #expect(facts.architecture == "src")
        }
        #expect(facts.summary == rpm["SUMMARY"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.license == rpm["LICENSE"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.homepage == rpm["URL"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.vendor == rpm["VENDOR"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.packager?.raw == rpm["PACKAGER"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.buildHost == rpm["BUILDHOST"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect(facts.buildTime.map { String(Int64($0.timeIntervalSince1970)) } == rpm["BUILDTIME"]!)
        #expect(facts.rpm?.sourceRPM == (facts.kind == .binary ? rpm["SOURCERPM"]! : nil))
        #expect(facts.section == rpm["GROUP"]!.flatMap { $0.isEmpty ? nil : $0 })
        #expect((facts.kind == .source) == path.hasSuffix(".src.rpm"))
    }

    @Test(arguments: rpms)
    func relationsFilesScriptsAndChangelogAgreeWithRpm(path: String) throws {
        let facts = try RPMPackageReader.read(path: path)
        let requires =
            facts.kind == .source
            ? facts.buildDependencies?.filter { $0.type == "build_requires" }
            : facts.dependencies?.filter { $0.type == "requires" }
        #expect(requires?.map(\.name) == (try lines(path, "REQUIRENAME")))
        #expect(requires?.map(\.version) == (try lines(path, "REQUIREVERSION")))
        if facts.kind == .binary {
            #expect(
                facts.dependencies?.filter { $0.type == "provides" }.map(\.name) == (try lines(path, "PROVIDENAME")))
            #expect(
                facts.dependencies?.filter { $0.type == "obsoletes" }.map(\.name) == (try lines(path, "OBSOLETENAME")))
        }
        #expect(facts.files?.map(\.path) == (try lines(path, "FILENAMES")))
        #expect(
            facts.files?.map { String($0.mode) }
                == (try lines(path, "FILEMODES")).map { String((Int($0) ?? 0) & 0o7777) })
        #expect(
            facts.files?.map { String($0.size) }
                == (try lines(path, "LONGFILESIZES")).enumerated().map { i, s in
                    facts.files![i].kind == .file ? s : "0"
                })
        #expect(
            facts.changelog?.map(\.text) == (try lines(path, "CHANGELOGTEXT").isEmpty ? [] : try changelogTexts(path)))
        for (name, body, program) in [
            ("pre", "PREIN", "PREINPROG"), ("post", "POSTIN", "POSTINPROG"),
            ("preun", "PREUN", "PREUNPROG"), ("postun", "POSTUN", "POSTUNPROG"),
        ] {
            let script = facts.scripts?.first { $0.name == name }
            let text = try rpmQuery(path, "%{\(body)}")
            let interpreter = try lines(path, program).joined(separator: " ")
            if let script, !script.body.isEmpty {
                #expect(script.body == text, "\(name)")
            } else {
                // A scriptlet may be a bare program (`%post -p /sbin/ldconfig`) with no text.
                #expect(text == "(none)", "\(name)")
                #expect((script?.interpreter ?? "") == interpreter, "\(name)")
            }
        }
    }

    func changelogTexts(_ path: String) throws -> [String] {
        try rpmQuery(path, "[%{CHANGELOGTEXT}\(Self.separator)]").components(separatedBy: Self.separator).dropLast()
    }

    @Test(arguments: rpms)
    func signatureDataAgreesWithRpm(path: String) throws {
        let facts = try RPMPackageReader.read(path: path)
        for tag in ["RSAHEADER", "DSAHEADER", "SIGPGP", "SIGGPG"] {
            let summary = try rpmQuery(path, "%{\(tag):pgpsig}")
            let ours = facts.signatures.first { $0.location == tag }
            if summary == "(none)" {
                #expect(ours == nil, "\(tag)")
                continue
            }
            #expect(ours?.summary == summary, "\(tag)")
            // "RSA/SHA256, Thu Apr  6 13:02:33 2017, Key ID 4344591e1964c5fc"
            if let keyID = summary.components(separatedBy: "Key ID ").last, summary.contains("Key ID ") {
                #expect(ours?.claimedKeyID?.lowercased() == keyID, "\(tag)")
                let algorithms = summary.split(separator: ",").first.map(String.init)
                #expect(ours.map { "\($0.publicKeyAlgorithm ?? "")/\($0.hashAlgorithm ?? "")" } == algorithms, "\(tag)")
            }
        }
        #expect(
            facts.rpm?.signatureTags.contains("RSAHEADER") == facts.signatures.contains { $0.location == "RSAHEADER" })
    }

    @Test func sourceRPMsListTheirSourcesAndPatches() throws {
        guard let list = TestPaths.realWorld("rpm/srpm-buildrequires-and-sources.txt") else {
            print(TestPaths.realWorldMissing)
            return
        }
        for path in Self.rpms where path.hasSuffix(".src.rpm") {
            let facts = try RPMPackageReader.read(path: path)
            #expect(facts.rpm?.sources == (try lines(path, "SOURCE")), "\(path)")
            #expect(facts.rpm?.patches == (try lines(path, "PATCH")), "\(path)")
            #expect(
                facts.sourceFiles?.contains { $0.role == "spec" } == true || facts.files?.isEmpty == true, "\(path)")
        }
        #expect(FileManager.default.fileExists(atPath: list))
    }

    @Test func versionComparisonAgreesWithRpm() throws {
        let pairs = [
            ("1.0", "1.0"), ("1.0", "1.0a"), ("1.0-1", "1.0-2"), ("1:1.0", "2.0"), ("1.0~rc1", "1.0"),
            ("1.0^git1", "1.0"), ("2.0.1", "2.0"), ("0:1.0-1", "1.0-1"), ("1.10", "1.9"),
            ("5.6.1-1.fc40", "5.6.0-3.fc40"),
        ]
        let comparator = RPMVersionComparator()
        for (a, b) in pairs {
            let expected = try Run.program("/usr/bin/rpm", ["--eval", "%{lua: print(rpm.vercmp(\"\(a)\", \"\(b)\"))}"])
                .stdout
            #expect(String(comparator.compare(a, b).signum()) == expected.trimmingWhitespace(), "\(a) vs \(b)")
        }
    }

    @Test func damagedRPMsFailWithAReason() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(
            contentsOf: URL(fileURLWithPath: TestPaths.fixture("rpm-repo/Packages/hello-tg-1.0-1.noarch.rpm")))
        for (name, data) in [
            ("empty.rpm", Data()), ("text.rpm", Data("not an rpm\n".utf8)), ("lead-only.rpm", good.prefix(96)),
            ("half-header.rpm", good.prefix(700)),
        ] {
            let path = dir.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: data)
            do {
                _ = try RPMPackageReader.read(path: path)
                Issue.record("\(name) was read")
            } catch {
                #expect(!error.reason.isEmpty)
                #expect(error.path == path)
            }
        }
    }
}
