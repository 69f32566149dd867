import Foundation
import Testing
import TollgateCore
import TollgateSource
import TollgateTestSupport

/// Git trees from libgit2 and from saved `git ls-tree -r` listings, against git itself, including paths git has to
/// quote.
@Suite struct GitTreeTests {
    @Test func libgit2AndListingsAgreeWithGit() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("repo").path
        let setup = """
            set -e
            git init -q '\(repo)' && cd '\(repo)'
            mkdir -p 'dir with space/sub' tests/files
            printf 'a\\n' > plain.c
            printf 'b\\n' > 'dir with space/sub/tab\tname.txt'
            printf 'c\\n' > "quote\\"d.txt"
            printf 'd\\n' > 'caf\u{e9}.md'
            printf 'e' > tests/files/blob.bin
            ln -s plain.c link.c
            git add -A && git -c user.name=T -c user.email=t@e commit -q -m one && git tag v1.0
            git ls-tree -r v1.0 > '\(dir.path)/listing'
            """
        #expect(try Run.shell(setup).status == 0)
        let listing = try String(contentsOfFile: dir.appendingPathComponent("listing").path, encoding: .utf8)
        #expect(listing.contains("\""), "git quoted some paths")
        let (parsed, rejected) = GitTreeEntry.parseListing(listing)
        #expect(rejected.isEmpty)
        let walked = try GitRepository(path: repo).tree(ref: "v1.0")
        #expect(Set(parsed) == Set(walked))
        #expect(parsed.contains { $0.path == "dir with space/sub/tab\tname.txt" })
        #expect(parsed.contains { $0.path == "quote\"d.txt" })
        #expect(parsed.contains { $0.path == "café.md" })
        #expect(parsed.first { $0.path == "link.c" }?.mode == "120000")
        #expect(throws: SourceReadError.self) { try GitRepository(path: repo).tree(ref: "v9.9") }
        // A directory inside a repository is not that repository: nothing is searched for above the path given.
        #expect(throws: SourceReadError.self) { try GitRepository(path: "\(repo)/dir with space") }
    }

    @Test func badListingLinesAreRejectedByNumber() {
        let id = String(repeating: "a", count: 40)
        let (entries, rejected) = GitTreeEntry.parseListing(
            """
            100644 blob \(id)\tok
            not a listing line
            100644 blob\tshort
            100644 blob abc\tshort-id
            040000 tree \(id)\tsrc
            100644 blob \(String(repeating: "b", count: 64))\tsha256
            100644 blob \(id)\tcrlf\r

            """)
        #expect(entries.map(\.path) == ["ok", "crlf"])
        #expect(rejected.map(\.line) == [2, 3, 4, 5, 6])
        #expect(rejected[3].reason.contains("git ls-tree -r"), "a listing made without -r: \(rejected[3])")
        #expect(rejected[4].reason.contains("SHA-256"))
        // `git ls-tree -r -z`: NUL-terminated, paths unquoted.
        let z = GitTreeEntry.parseListing("100644 blob \(id)\ta \"b\"\n.c\u{0}120000 blob \(id)\tlink\u{0}")
        #expect(z.entries.map(\.path) == ["a \"b\"\n.c", "link"] && z.rejected.isEmpty)
        #expect(GitTreeEntry.parseListing("").rejected.map(\.reason) == ["the listing lists no file"])
        let sized = GitTreeEntry.parseListing("100644 blob \(id)     1234\tREADME\n")
        #expect(sized.rejected.first?.reason.contains("without `-l`") == true, "\(sized.rejected)")
    }
}
