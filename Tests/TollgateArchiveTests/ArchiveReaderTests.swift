import Foundation
import Testing
import TollgateArchive
import TollgateTestSupport

/// Tarballs read through libarchive against git's and tar's view of the same files, and hostile archives made with
/// Python's tarfile (which writes what GNU tar refuses to).
@Suite struct ArchiveReaderTests {
    func read(
        _ path: String, limits: ArchiveLimits = ArchiveLimits(), keep: Int = 0
    ) throws -> (
        members: [(ArchiveMember, ArchiveContent?)], problems: [ArchiveProblem]
    ) {
        var members: [(ArchiveMember, ArchiveContent?)] = []
        let problems = try ArchiveReader.read(
            path: path, limits: limits, retain: { _ in keep }, each: { members.append(($0, $1)) })
        return (members, problems)
    }

    @Test func blobIdsAgreeWithGitHashObject() throws {
        let tarball = TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz")
        let (members, problems) = try read(tarball, keep: 1 << 20)
        #expect(problems.isEmpty)
        let files = members.filter { $0.0.kind == .file }
        #expect(files.count == 28)
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Run.program("/usr/bin/tar", ["-xzf", tarball, "-C", dir.path]).status == 0)
        for (member, content) in files {
            let path = dir.appendingPathComponent(member.path).path
            let git = try Run.program("/usr/bin/git", ["hash-object", "--no-filters", path]).stdout.trimmingWhitespace()
            #expect(content?.blobID == git, "\(member.path)")
            #expect(content?.bytes == Array(FileManager.default.contents(atPath: path) ?? Data()), "\(member.path)")
        }
    }

    @Test func everyCompressionOfReleaseTarballsIsRead() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = TestPaths.fixture("upstream/quietd/quietd-2.1.tar.gz")
        let plain = dir.appendingPathComponent("q.tar").path
        #expect(try Run.shell("gzip -dc '\(source)' > '\(plain)'").status == 0)
        let expected = try read(plain).members.map { $0.1?.blobID }
        for (suffix, command) in [
            ("tar.xz", "xz -c"), ("tar.bz2", "bzip2 -c"), ("tar.zst", "zstd -q -c"), ("tar.lz4", "lz4 -q -c"),
        ] {
            let out = dir.appendingPathComponent("q.\(suffix)").path
            guard try Run.shell("\(command) '\(plain)' > '\(out)'").status == 0 else {
                Issue.record("\(command) is missing (.ci/install-deps installs it)")
                continue
            }
            #expect(try read(out).members.map { $0.1?.blobID } == expected, "\(suffix)")
        }
        let zip = dir.appendingPathComponent("q.zip").path
        #expect(
            try Run.shell(
                "cd '\(dir.path)' && mkdir z && tar -xf q.tar -C z && cd z && python3 -m zipfile -c ../q.zip quietd-2.1"
            ).status == 0)
        let zipped = try read(zip).members.filter { $0.0.kind == .file }.map { $0.1?.blobID }
        #expect(Set(zipped) == Set(expected.compactMap { $0 }))
    }

    /// Writes a tarball with Python's tarfile from a list of (name, kind, link target, data).
    func hostile(_ entries: [(String, String, String, String)], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("hostile.tar.gz").path
        let spec = entries.map {
            "(\($0.0.debugDescription), \($0.1.debugDescription), \($0.2.debugDescription), \($0.3.debugDescription))"
        }
        .joined(separator: ", ")
        let script = """
            import io, tarfile
            with tarfile.open(\(path.debugDescription), 'w:gz') as t:
                for name, kind, target, data in [\(spec)]:
                    info = tarfile.TarInfo(name)
                    if kind == 'file':
                        info.size = len(data.encode()); t.addfile(info, io.BytesIO(data.encode()))
                    elif kind == 'symlink':
                        info.type = tarfile.SYMTYPE; info.linkname = target; t.addfile(info)
                    elif kind == 'hardlink':
                        info.type = tarfile.LNKTYPE; info.linkname = target; t.addfile(info)
            """
        #expect(try Run.program("/usr/bin/python3", ["-c", script]).status == 0)
        return path
    }

    @Test func unsafeMembersAreProblemsNotCrashes() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try hostile(
            [
                ("p-1/ok.c", "file", "", "int x;\n"), ("/etc/cron.d/evil", "file", "", "* * * * * root sh\n"),
                ("p-1/../../outside", "file", "", "x"), ("p-1/link", "symlink", "../../etc/passwd", ""),
                ("p-1/inside-link", "symlink", "ok.c", ""), ("p-1/hard", "hardlink", "/etc/shadow", ""),
                ("p-1/ok.c", "file", "", "int y;\n"),
            ], in: dir)
        let (members, problems) = try read(path)
        #expect(members.count == 7, "every member is still reported")
        let kinds = problems.map { "\($0.kind) \($0.path)" }
        #expect(kinds.contains("absolute-path /etc/cron.d/evil"))
        #expect(kinds.contains("dot-dot p-1/../../outside"))
        #expect(kinds.contains("link-escapes p-1/link"))
        #expect(kinds.contains("link-escapes p-1/hard"))
        #expect(kinds.contains("duplicate p-1/ok.c"))
        #expect(!kinds.contains { $0.hasSuffix("inside-link") })
    }

    /// A member whose path is past the limit is reported with its path cut short and passed over: it is never
    /// handed on (its path alone would cost what the limit bounds), and the members after it are still read.
    @Test func overLongPathsArePassedOver() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = "p/" + String(repeating: "d/", count: 3_000) + "x.c"
        let path = try hostile([(long, "file", "", "int x;\n"), ("p/ok.c", "file", "", "int y;\n")], in: dir)
        let (members, problems) = try read(path)
        #expect(members.map(\.0.path) == ["p/ok.c"])
        #expect(problems.map(\.kind) == ["path-too-long"])
        #expect(problems.first.map { $0.path.utf8.count < 300 && $0.detail.hasPrefix("6005 bytes") } == true)
    }

    @Test func limitsStopWithAProblem() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = String(repeating: "a", count: 100_000)
        let path = try hostile((0..<20).map { ("p/f\($0)", "file", "", $0 == 3 ? big : "small") }, in: dir)
        var limits = ArchiveLimits()
        limits.maxMemberBytes = 50_000
        limits.maxMembers = 10
        let (members, problems) = try read(path, limits: limits)
        #expect(problems.map(\.kind) == ["member-too-large", "too-many-members"])
        #expect(members.count == 10)
        var total = ArchiveLimits()
        total.maxTotalBytes = 60_000
        #expect(try read(path, limits: total).problems.map(\.kind) == ["total-too-large"])
    }

    /// A zip whose directory says a member holds 0 bytes while it inflates to 48 MiB: the bytes of a member of no
    /// declared size are held (its blob id needs the size first), so reading stops at the limit with a problem
    /// rather than holding whatever the member inflates to; the members after it are still read.
    @Test func membersOfUndeclaredSizeAreBounded() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zip = dir.appendingPathComponent("bomb-1.0.zip").path
        let script = #"""
            import struct, sys, zipfile
            path = sys.argv[1]
            with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as z:
                z.writestr('bomb-1.0/big.bin', b'\0' * (48 << 20))
                z.writestr('bomb-1.0/README', 'after\n')
            data = bytearray(open(path, 'rb').read())
            for signature, name_length_at, size_at, name_at in ((b'PK\3\4', 26, 22, 30), (b'PK\1\2', 28, 24, 46)):
                at = data.find(signature)
                while at >= 0:
                    length = struct.unpack_from('<H', data, at + name_length_at)[0]
                    if data[at + name_at:at + name_at + length].endswith(b'big.bin'):
                        struct.pack_into('<I', data, at + size_at, 0)
                    at = data.find(signature, at + 4)
            open(path, 'wb').write(data)
            """#
        #expect(try Run.program("/usr/bin/python3", ["-c", script, zip]).status == 0)
        let (members, problems) = try read(zip)
        let big = members.first { $0.0.path.hasSuffix("big.bin") }
        #expect(big?.0.size == 0 && big?.1 == nil, "the member is listed, its content not read")
        #expect(
            problems.map { "\($0.kind) \($0.path): \($0.detail)" } == [
                "member-too-large bomb-1.0/big.bin: declares no size but holds over 16777216 bytes; not read"
            ])
        #expect(members.last?.0.path == "bomb-1.0/README" && members.last?.1 != nil)
        var wider = ArchiveLimits()
        wider.maxUndeclaredBytes = 64 << 20
        let whole = try read(zip, limits: wider)
        #expect(
            whole.problems.map { "\($0.kind) \($0.path)" } == ["unreadable bomb-1.0/big.bin"],
            "held whole, libarchive then finds it is not the size its directory says")
        #expect(whole.problems.first?.detail.hasSuffix("expected 0)") == true, "no trailing newline")
    }

    @Test func damagedInputIsAnErrorOrAProblemNeverACrash() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let notArchive = dir.appendingPathComponent("x.tar.gz").path
        try "plain text, not an archive\n".write(toFile: notArchive, atomically: true, encoding: .utf8)
        #expect(throws: ArchiveError.self) { try read(notArchive) }
        // A tarball cut in the middle: what was read is kept, the rest is a problem.
        let source = Array(
            FileManager.default.contents(atPath: TestPaths.fixture("upstream/tinyfmt/tinyfmt-1.4.tar.gz"))!)
        let cut = dir.appendingPathComponent("cut.tar.gz").path
        _ = FileManager.default.createFile(atPath: cut, contents: Data(source.prefix(source.count / 2)))
        let (members, problems) = try read(cut)
        #expect(!members.isEmpty)
        #expect(problems.last?.kind == "unreadable")
    }

    @Test func decodingTellsCompressedDataThatDoesNotDecode() throws {
        let good = Array(FileManager.default.contents(atPath: TestPaths.fixture("upstream/quietd/quietd-2.1.tar.gz"))!)
        guard case .decodes(let format, let bytes) = ArchiveReader.decode(good) else {
            Issue.record("a gzip file did not decode")
            return
        }
        #expect(format == "gzip")
        #expect(bytes > Int64(good.count))
        // A gzip stream cut short, and xz data with a damaged block (liblzma checks its integrity).
        if case .decodes = ArchiveReader.decode(Array(good.prefix(good.count / 2))) {
            Issue.record("truncated gzip data decoded")
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xz = dir.appendingPathComponent("q.tar.xz").path
        #expect(
            try Run.shell("gzip -dc '\(TestPaths.fixture("upstream/quietd/quietd-2.1.tar.gz"))' | xz -c > '\(xz)'")
                .status == 0)
        var corrupt = Array(FileManager.default.contents(atPath: xz)!)
        guard case .decodes(let format, _) = ArchiveReader.decode(corrupt) else {
            Issue.record("an xz file did not decode")
            return
        }
        #expect(format == "xz")
        corrupt[corrupt.count / 2] ^= 0xFF
        guard case .fails(let failed, _) = ArchiveReader.decode(corrupt) else {
            Issue.record("corrupted xz data decoded")
            return
        }
        #expect(failed == "xz")
        #expect(ArchiveReader.decode(Array("just text".utf8)) == .notCompressed)
    }
}
