import Foundation
import Testing
import TollgateArchive
import TollgateTestSupport

@testable import TollgateDrift

/// The build indicators against the macros Debian's autotools packages ship (none of the strong idioms may appear
/// in any of them), and against hand-written lines of each kind.
@Suite struct BuildScriptScannerTests {
    static let strong: Set<String> = ["binary-search-of-tree", "byte-translation", "decompress-to-shell"]

    @Test func knownGoodMacrosCarryNoStrongIndicator() throws {
        let directories = [
            "/usr/share/aclocal", "/usr/share/aclocal-1.16", "/usr/share/gnulib/m4", "/usr/share/autoconf/autoconf",
            "/usr/share/autoconf/m4sugar", "/usr/share/autoconf/autotest",
        ]
        var files: [(String, [UInt8])] = []
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where name.hasSuffix(".m4") {
                files.append(
                    ("\(directory)/\(name)", Array(FileManager.default.contents(atPath: "\(directory)/\(name)")!)))
            }
        }
        let archive = "/usr/share/gettext/archive.dir.tar.xz"
        if FileManager.default.fileExists(atPath: archive) {
            _ = try ArchiveReader.read(
                path: archive, retain: { $0.path.hasSuffix(".m4") ? 1 << 20 : 0 },
                each: { member, content in
                    if let bytes = content?.bytes, member.path.hasSuffix(".m4") { files.append((member.path, bytes)) }
                })
        }
        guard files.count > 1_000 else {
            Issue.record(
                "autoconf, automake, libtool, gettext, autopoint, autoconf-archive and gnulib must be installed (.ci/install-deps)"
            )
            return
        }
        var offenders: [String] = []
        for (path, bytes) in files {
            for hit in BuildScriptScanner.scan(bytes).hits where Self.strong.contains(hit.kind) {
                offenders.append("\(path):\(hit.line): \(hit.kind): \(hit.text)")
            }
        }
        #expect(
            offenders.isEmpty,
            "\(offenders.count) of \(files.count) files:\n\(offenders.prefix(10).joined(separator: "\n"))")
    }

    /// The scripts a build runs that autotools, libtool, gettext and gnulib copy into a tree (`ltmain.sh`,
    /// `config.guess`, `install-sh`, gnulib's `build-aux/`) are build files now: none of them may carry a strong
    /// indicator either.
    @Test func knownGoodBuildScriptsCarryNoStrongIndicator() throws {
        let directories = [
            "/usr/share/libtool/build-aux", "/usr/share/automake-1.16", "/usr/share/gnulib/build-aux",
            "/usr/share/misc", "/usr/share/gettext",
        ]
        var files: [(String, [UInt8])] = []
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                let path = "\(directory)/\(name)"
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileCategory.isBuildSystem(path: "build-aux/\(name)"),
                    directory.hasSuffix("build-aux") || FileCategory.buildScriptNames.contains(name),
                    let bytes = FileManager.default.contents(atPath: path)
                else { continue }
                files.append((path, Array(bytes)))
            }
        }
        let names = Set(files.map { ($0.0 as NSString).lastPathComponent })
        guard names.isSuperset(of: ["ltmain.sh", "config.guess", "install-sh", "depcomp", "config.rpath"]) else {
            Issue.record(
                "libtool, automake, gettext and gnulib must be installed (.ci/install-deps): \(names.sorted())")
            return
        }
        var offenders: [String] = []
        for (path, bytes) in files {
            let hits = BuildScriptScanner.scan(bytes).hits
            for hit in hits where Self.strong.contains(hit.kind) {
                offenders.append("\(path):\(hit.line): \(hit.kind): \(hit.text)")
            }
            // `build-script-obfuscation` also fires on output piped into a shell beside byte slicing in one file.
            if hits.contains(where: { $0.kind == "pipe-to-shell" }), hits.contains(where: { $0.kind == "byte-slicing" })
            {
                offenders.append("\(path): pipe-to-shell and byte-slicing")
            }
        }
        #expect(
            offenders.isEmpty,
            "\(offenders.count) of \(files.count) files:\n\(offenders.prefix(10).joined(separator: "\n"))")
        #expect(files.count > 50, "\(files.count) scripts")
        // libtool's symbol filter is not output piped into `eval`; anything else piped into it still is.
        let nm = #"tmp=`$NM "$f" | eval "$global_symbol_pipe" | $GREP x`"#
        #expect(BuildScriptScanner.scan(Array(nm.utf8)).hits.isEmpty)
        let other = #"tmp=`$NM "$f" | eval "$global_symbol_pipe" | eval "$payload"`"#
        #expect(BuildScriptScanner.scan(Array(other.utf8)).hits.map(\.kind) == ["pipe-to-shell"])
    }

    @Test(arguments: [
        (#"x=`grep -rla "MARK" $srcdir/ 2>/dev/null`"#, "binary-search-of-tree"),
        (#"grep --text --recursive -l MARKER ."#, "binary-search-of-tree"),
        (#"map='tr "\t \-_" " \t_\-"'"#, "byte-translation"),
        (#"cmd=`cat f | tr 'n-za-mN-ZA-M' 'a-zA-Z'`"#, "byte-translation"),
        (#"cat "$f" | tail -c +19 | head -c 31"#, "byte-slicing"),
        (#"sed "r\n" $f | $unpack -d 2>/dev/null | eval $run"#, "decompress-to-shell"),
        (#"xz -dc tests/files/blob.xz | sh"#, "decompress-to-shell"),
        (#"eval "$cmd" | sh"#, "pipe-to-shell"),
        // Written the ways a build file writes them: m4-quoted, with another decompressor, as an eval of output.
        (#"AC_CONFIG_COMMANDS([x], [xz -dc $srcdir/tests/files/blob.xz | sh])"#, "decompress-to-shell"),
        (#"unxz -c tests/files/blob.xz | $SHELL"#, "decompress-to-shell"),
        (#"xzdec tests/files/blob.xz | sh -s"#, "decompress-to-shell"),
        (#"eval "$(xz -dc $srcdir/tests/files/blob.xz)""#, "decompress-to-shell"),
        (#"eval "`gunzip -c tests/files/blob.gz`""#, "decompress-to-shell"),
        (#"sh -c "$(zcat tests/files/script.gz)""#, "decompress-to-shell"),
        (#"cat tests/files/x | perl"#, "pipe-to-shell"),
        (#"head --bytes 1024 tests/files/blob.bin"#, "byte-slicing"),
    ])
    func eachIdiomIsFound(line: String, kind: String) {
        let hits = BuildScriptScanner.scan(Array("\(line)\n".utf8)).hits
        #expect(hits.contains { $0.kind == kind && $0.line == 1 }, "\(hits)")
    }

    @Test(arguments: [
        "grep -- -Wattributes conftest.err",
        "echo $x | tr 'a-z' 'A-Z'",
        "tr -d '\\r' < file",
        "test -d $d || eval $as_mkdir_p",
        "case $host in sh | sh1234 | sh1234elb) ;; esac",
        "tardir=$(distdir) && $(am__tar) | eval GZIP= gzip $(GZIP_ENV) -c >$(distdir).tar.gz",
        "# grep -ra MARK $srcdir/ in a comment",
        "dnl tr 'ab' 'ba' in an m4 comment",
        "$(INSTALL) -d $(DESTDIR)$(bindir)",
        "eval ac_val=\\$$ac_var",
        "dd bs=1 count=1 skip=4 2>/dev/null | hexdump -e '1/1 \"%3d \"'",
        "n=$($ECHO $libname | cut -b -$((8 - ${#v})) | tr . _);",
        "if eval \"`$CC -print-prog-name=ld` --help 2>&1\" |",
        "as_fn_error $? \"cannot run /bin/sh -c\"",
    ])
    func ordinaryLinesAreNot(line: String) {
        let hits = BuildScriptScanner.scan(Array("\(line)\n".utf8)).hits
        #expect(hits.isEmpty, "\(hits)")
    }

    @Test func aSearchPatternIsResolvedFromItsVariable() {
        let script = """
            marker='####CHUNK####'
            found=`grep -rlaF "$marker" $srcdir/tests/files/ 2>/dev/null`
            """
        let searches = BuildScriptScanner.scan(Array(script.utf8)).searches
        #expect(searches.count == 1)
        #expect(searches.first?.pattern.source == "####CHUNK####")
        #expect(searches.first?.pattern.matchesLine(in: Array("junk\u{0}####CHUNK####tail".utf8)) == true)
    }
}
