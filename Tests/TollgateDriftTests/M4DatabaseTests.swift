import Foundation
import Testing
import TollgateDrift
import TollgateKit
import TollgateTestSupport

/// The m4 database: Tollgate's builder against the committed shell script that computes the same from dpkg's file
/// lists with tr and sha256sum; serials and normalisation.
@Suite struct M4DatabaseTests {
    @Test func theBuilderAgreesWithTheShellOracle() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let oracle = dir.appendingPathComponent("oracle.tsv").path
        let packages = ["autoconf", "automake", "libtool", "gettext", "pkgconf"]
        let script = try Run.program(TestPaths.fixture("m4db/generate.sh"), [oracle] + packages)
        guard script.status == 0 else {
            Issue.record(
                "the oracle failed (are autoconf, automake, libtool, gettext, pkgconf installed?): \(script.stderr)")
            return
        }
        let (db, report) = try M4DatabaseBuilder.build(packages: packages)
        #expect(report.missing.isEmpty)
        #expect(db.text() == (try String(contentsOfFile: oracle, encoding: .utf8)))
        // And the committed fixture database is what the oracle makes on Debian 12.
        let loaded = try M4Database.load(path: TestPaths.fixture("m4db/m4db.tsv"))
        #expect(loaded.count == 77)
    }

    @Test(arguments: [
        ("# gettext.m4 serial 71 (gettext-0.21)\n", 71 as Int64?),
        ("#serial 3\n", 3), ("dnl serial 5\n", 5), ("# serial 12 ltsugar.m4\n", 12),
        ("## -*- Autoconf -*-\n# serial 8\n", 8),
        ("# no serial here\n", nil), ("AC_DEFUN([X], [# serial 9 inside code])\n", nil),
    ])
    func serials(text: String, serial: Int64?) {
        #expect(M4Macro.serial(of: Array(text.utf8)) == serial)
    }

    /// Only DOS line ends are read as Unix ones: a macro's text ends up in shell code, where a space or a line break
    /// changes what runs.
    @Test func onlyLineEndsAreNormalised() {
        let a = M4Macro(name: "x.m4", bytes: Array("AC_DEFUN([X],\n  [rm -rf conftest*])\n".utf8))
        let dos = M4Macro(name: "x.m4", bytes: Array("AC_DEFUN([X],\r\n  [rm -rf conftest*])\r\n".utf8))
        #expect(a.digest == dos.digest)
        for changed in [
            "AC_DEFUN([X],\n  [rm -rf conftest *])\n", "AC_DEFUN([X],\n  [rm -rf\nconftest*])\n",
            "AC_DEFUN([X],\n\t[rm -rf conftest*])\n", "AC_DEFUN([X],\n  [rm -rf conftest*])\r\r\n",
        ] {
            #expect(M4Macro(name: "x.m4", bytes: Array(changed.utf8)).digest != a.digest, "\(changed)")
        }
    }

    @Test func aBadDatabaseLineIsReportedWithItsNumber() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.tsv").path
        try "# tollgate m4db 2\nx.m4\t1\tnot-a-digest\tsomewhere\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: M4DatabaseError.self) { try M4Database.load(path: path) }
        do {
            _ = try M4Database.load(path: path)
        } catch {
            #expect(error.description.hasPrefix("\(path):2: error: "))
        }
    }
}
