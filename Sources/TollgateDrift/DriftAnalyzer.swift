import Foundation
import Synchronization
import TollgateCore

/// A regular file of a release tarball, as read (path relative to the source tree's root).
public struct TarballFile: Sendable {
    public var path: String
    public var size: Int64
    public var blobID: String
    /// The bytes kept (see `DriftAnalyzer.retention(for:)`), nil when none were kept.
    public var bytes: [UInt8]?
    public var tarball: String
    /// For a symbolic link to a file of the tarball: what it names. The path is then analysed with the file's
    /// bytes (a build reads through the link), and compared with git as the link it is (`blobID` is the blob of
    /// the link's text, as git records a link).
    public var symlinkTarget: String?
    /// Found under a symbolic link to a directory: analysed (a build reads through the link) but not compared
    /// with git, which lists the link, not what is under it.
    public var throughLink = false
    /// For a link, or a file found through one: the path of the file it leads to.
    public var resolvedPath: String?

    /// Creates a file record.
    public init(
        path: String, size: Int64, blobID: String, bytes: [UInt8]?, tarball: String, symlinkTarget: String? = nil,
        throughLink: Bool = false, resolvedPath: String? = nil
    ) {
        self.path = path
        self.size = size
        self.blobID = blobID
        self.bytes = bytes
        self.tarball = tarball
        self.symlinkTarget = symlinkTarget
        self.throughLink = throughLink
        self.resolvedPath = resolvedPath
    }
}

/// Everything the comparison needs: the tarballs' files, the git side, known-good macros, and what the history
/// knows.
public struct DriftInput {
    public var tarballs: [String] = []
    public var files: [TarballFile] = []
    public var archiveProblems: [ArchiveFinding] = []
    /// The git side: what it is, and its entries.
    public var git: (reference: String, entries: [GitTreeEntry])?
    public var database: M4Database?
    /// The previous release the history knows, and the test data of its tarball: the git blob id of each by path
    /// (empty when the history did not keep it).
    public var previous: (release: String, testData: [String: String])?
    /// How many other packages of the history ship a macro with this name and content, and with this name.
    public var m4Elsewhere: ((M4Macro) -> (sameContent: Int64, sameName: Int64))?
    /// Whether compressed bytes decode to their end (nil: not a compressed format).
    public var decode: (([UInt8]) -> Bool?)?
    /// Build files of the packaging that are not in the tarball (`debian/rules`, an RPM spec's build sections).
    public var packagingBuildFiles: [(path: String, bytes: [UInt8])] = []

    /// Creates an empty input.
    public init() {}
}

/// Compares a release tarball with its git tree and inspects its build system, macros and test data.
public enum DriftAnalyzer {
    /// How many bytes of a member to keep for the analysis (0: only its blob id is needed).
    public static func retention(for path: String) -> Int {
        let category = FileCategory.of(path: path)
        if category == FileCategory.testData { return 16 << 20 }
        if FileCategory.isBuildSystem(path: path) { return 8 << 20 }
        if category == FileCategory.m4 { return 1 << 20 }
        if FileCategory.isTestCode(path: path) { return 1 << 20 }
        return 0
    }

    /// The integrity facts of the input.
    public static func analyze(_ input: DriftInput) -> IntegrityFacts {
        var facts = IntegrityFacts()
        facts.tarballs = input.tarballs
        facts.reference = input.git?.reference
        facts.archiveProblems = input.archiveProblems
        facts.m4Database = input.database.map { "\($0.path ?? "(in memory)") (\($0.count) variants)" }
        facts.previousRelease = input.previous?.release

        // A path the tarball holds twice is what tar extracts last: the copy a build would use. Every path a build
        // can read is analysed (`tarball`); what git would list is compared (`listed`: not what is found under a
        // link to a directory).
        var tarball: [String: TarballFile] = [:]
        for file in input.files { tarball[file.path] = file }
        // A submodule's files come from another repository, whose tree the listing does not hold: analysed, not
        // compared.
        let submodules = (input.git?.entries ?? []).filter { $0.type == "commit" }.map { $0.path + "/" }
        let listed = tarball.filter { path, file in
            !file.throughLink && !submodules.contains { path.hasPrefix($0) }
        }
        facts.tarballFiles = Int64(listed.count)
        // Links are compared as links: git records one as a blob of its text (mode 120000).
        var git: [String: GitTreeEntry] = [:]
        for entry in input.git?.entries ?? [] where entry.type == "blob" { git[entry.path] = entry }
        facts.gitFiles = Int64(git.count)
        let compared = input.git != nil
        // A link git records that the tarball holds as the file it names (automake's `tar ch` dereferences links)
        // is the same when the file's content is a blob git tracks.
        let gitBlobs = Set(git.values.map(\.id))
        func same(_ file: TarballFile, _ entry: GitTreeEntry) -> Bool {
            entry.id == file.blobID
                || (entry.mode == "120000" && file.symlinkTarget == nil && gitBlobs.contains(file.blobID))
        }

        // Drift, by category.
        var categories: [String: DriftCategory] = [:]
        func category(of path: String) -> String { FileCategory.of(path: path, bytes: tarball[path]?.bytes) }
        if compared {
            for path in listed.keys.sorted() {
                let file = listed[path]!
                let cat = category(of: path)
                if let entry = git[path] {
                    guard !same(file, entry) else { continue }
                    facts.modified.append(
                        DriftFile(
                            path: path, category: cat, size: file.size, tarballBlob: file.blobID, gitBlob: entry.id))
                    categories[cat, default: DriftCategory(category: cat)].modified += 1
                } else {
                    facts.onlyInTarball.append(
                        DriftFile(path: path, category: cat, size: file.size, tarballBlob: file.blobID, gitBlob: nil))
                    categories[cat, default: DriftCategory(category: cat)].onlyInTarball += 1
                }
                categories[cat, default: DriftCategory(category: cat)].bytes += file.size
            }
            for path in git.keys.sorted() where listed[path] == nil {
                let cat = FileCategory.of(path: path)
                facts.onlyInGit.append(
                    DriftFile(path: path, category: cat, size: nil, tarballBlob: nil, gitBlob: git[path]!.id))
                categories[cat, default: DriftCategory(category: cat)].onlyInGit += 1
            }
        }
        facts.categories = categories.keys.sorted().map { categories[$0]! }

        func origin(_ path: String) -> String {
            guard compared else { return "unknown" }
            // Under a link to a directory: where the file the link leads to comes from.
            let path = tarball[path]?.throughLink == true ? (tarball[path]?.resolvedPath ?? path) : path
            guard let entry = git[path] else { return listed[path] == nil ? "in-git" : "tarball-only" }
            return listed[path].map { same($0, entry) } ?? false ? "in-git" : "modified"
        }

        // Test data, and the files that may name it.
        let testData = tarball.values.filter { category(of: $0.path) == FileCategory.testData }.sorted {
            $0.path < $1.path
        }
        facts.testDataFiles = Int64(testData.count)
        facts.testDataBlobs = Dictionary(testData.map { ($0.path, $0.blobID) }, uniquingKeysWith: { $1 })
        let testDirectories = Set(testData.map { directory(of: $0.path) })
        let testCode = tarball.values.filter { FileCategory.isTestCode(path: $0.path) && $0.bytes != nil }

        // Build-system files: indicators, searches, reads of test data.
        var indicators: [BuildIndicator] = []
        var matchedBy: [String: [String]] = [:]
        var buildFiles = tarball.values.filter { FileCategory.isBuildSystem(path: $0.path) && $0.bytes != nil }
            .map { (path: $0.path, bytes: $0.bytes!, packaging: false) }
        buildFiles += input.packagingBuildFiles.map { (path: $0.path, bytes: $0.bytes, packaging: true) }
        // Files are inspected on every core; results are merged in path order.
        buildFiles.sort { $0.path < $1.path }
        let jobs = buildFiles.map {
            (path: $0.path, bytes: $0.bytes, origin: $0.packaging ? "packaging" : origin($0.path))
        }
        let testPaths = Set(testData.map(\.path))
        let results = Mutex<[[BuildIndicator]]>(Array(repeating: [], count: jobs.count))
        // One budget for all the build files: many files each just under a bound of their own would add up.
        let budget = SearchBudget(referenceSearchBudget)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            let found = inspectBuildFile(
                path: job.path, bytes: job.bytes, origin: job.origin, testData: testData,
                testDirectories: testDirectories, testPaths: testPaths, budget: budget)
            results.withLock { $0[i] = found }
        }
        indicators = results.withLock { $0.flatMap { $0 } }
        // A build file longer than what is kept of it was searched in part only: padding must not hide its end.
        // (Packaging files — a spec's build sections, debian/rules — are not the tarball's member of the same path.)
        for job in jobs where job.origin != "packaging" {
            guard let file = tarball[job.path], Int64(job.bytes.count) < file.size else { continue }
            let lines = job.bytes.reduce(into: Int64(1)) { if $1 == UInt8(ascii: "\n") { $0 += 1 } }
            indicators.append(
                BuildIndicator(
                    path: job.path, line: lines, kind: "analysis-stopped",
                    text: "only the first \(job.bytes.count) of its \(file.size) bytes were searched",
                    origin: job.origin))
        }
        for indicator in indicators
        where indicator.kind == "pattern-matches-test-data" || indicator.kind == "reads-test-data" {
            for m in indicator.matches { matchedBy[m, default: []].append("\(indicator.path):\(indicator.line)") }
        }
        facts.indicators = indicators

        // m4 macro files.
        for file in tarball.values.sorted(by: { $0.path < $1.path }) where category(of: file.path) == FileCategory.m4 {
            guard let bytes = file.bytes else { continue }
            let name = String(file.path.split(separator: "/").last ?? "")
            let macro = M4Macro(name: name, bytes: bytes)
            var m4: M4FileFacts
            if let database = input.database {
                let (status, knownAs, highest) = database.lookup(macro)
                m4 = M4FileFacts(path: file.path, name: name, status: status, digest: macro.digest)
                m4.knownAs = knownAs
                m4.highestKnownSerial = highest
                if status != "known", let serial = macro.serial, let highest {
                    m4.serialOutranksKnown = serial > highest
                }
            } else {
                m4 = M4FileFacts(path: file.path, name: name, status: "no-database", digest: macro.digest)
            }
            m4.serial = macro.serial
            if compared {
                let source = origin(file.path)
                m4.inGit = source != "tarball-only"
                m4.modified = source == "modified"
            }
            if let elsewhere = input.m4Elsewhere?(macro) {
                m4.packagesWithSameContent = elsewhere.sameContent
                m4.packagesWithSameName = elsewhere.sameName
            }
            m4.indicators = Int64(indicators.filter { $0.path == file.path }.count)
            facts.m4.append(m4)
        }

        // Test data files worth reporting.
        // The words of the test code (split at characters that cannot be in a file name), looked up by name.
        var separators = [Bool](repeating: false, count: 256)
        for b in " \t\r\n\"'`$(){}[];|&<>=,:\\".utf8 { separators[Int(b)] = true }
        var words: Set<ArraySlice<UInt8>> = []
        for code in testCode {
            for word in code.bytes!.split(whereSeparator: { separators[Int($0)] }) {
                words.insert(word)
                if let slash = word.lastIndex(of: UInt8(ascii: "/")) { words.insert(word[(slash + 1)...]) }
            }
        }
        var referenced: Set<String> = []
        for data in testData {
            let name = Array((data.path.split(separator: "/").last.map(String.init) ?? "").utf8)
            if words.contains(name[...]) || words.contains(Array(data.path.utf8)[...]) { referenced.insert(data.path) }
        }
        var reported: [TestFileFacts] = []
        for data in testData {
            guard let bytes = data.bytes else { continue }
            var test = TestDataInspection.inspect(path: data.path, bytes: bytes, size: data.size, decode: input.decode)
            if test.opaque { facts.opaqueTestFiles += 1 }
            if compared { test.inGit = git[data.path] != nil }
            if let previous = input.previous {
                let before = previous.testData[data.path]
                test.newInRelease = before == nil
                if let before, !before.isEmpty { test.changedInRelease = before != data.blobID }
            }
            test.referencedByTests = referenced.contains(data.path)
            var seen: Set<String> = []
            test.matchedBy = (matchedBy[data.path] ?? []).filter { seen.insert($0).inserted }
            if test.opaque || test.newInRelease == true || !test.matchedBy.isEmpty { reported.append(test) }
        }
        // At most `reportedTestFiles`, those the build reads first, then the opaque ones: hundreds of harmless
        // files must not push the one the build reads out of the list.
        func rank(_ t: TestFileFacts) -> Int { (t.matchedBy.isEmpty ? 2 : 0) + (t.opaque ? 0 : 1) }
        facts.testFiles = Array(
            reported.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
                .prefix(reportedTestFiles).map(\.element)
        ).sorted { $0.path < $1.path }
        return facts
    }

    /// At most this many test data files are reported (`test_files`): those read by the build first, then the opaque
    /// ones, then the new ones.
    public static let reportedTestFiles = 500

    /// How much searching a tarball's build files may do between them: (slash, directory length) pairs looked up,
    /// each in constant time, and bytes of test data matched against the build files' search patterns; real
    /// tarballs stay orders of magnitude below.
    static let referenceSearchBudget = 200_000_000

    /// The indicators of one build-system file: its idioms, its searches that match test data, and its reads of
    /// test data paths at configure or build time (not the Makefile lists that ship or register tests).
    static func inspectBuildFile(
        path: String, bytes: [UInt8], origin: String, testData: [TarballFile], testDirectories: Set<String>,
        testPaths: Set<String>, budget: SearchBudget = SearchBudget(referenceSearchBudget)
    ) -> [BuildIndicator] {
        var indicators: [BuildIndicator] = []
        let (hits, searches) = BuildScriptScanner.scan(bytes)
        for hit in hits {
            indicators.append(
                BuildIndicator(path: path, line: Int64(hit.line), kind: hit.kind, text: hit.text, origin: origin))
        }
        func stopped(_ line: Int, _ text: String) -> BuildIndicator {
            BuildIndicator(path: path, line: Int64(line), kind: "analysis-stopped", text: text, origin: origin)
        }
        for search in searches {
            var matches: [String] = []
            for data in testData {
                let name = String(data.path.split(separator: "/").last ?? "")
                // Each byte of test data a pattern is matched against is spent from the budget.
                guard budget.spend(1 + (data.bytes?.count ?? 0)) else {
                    indicators.append(stopped(search.line, "the search budget is spent: its pattern was not matched"))
                    break
                }
                if search.pattern.regex.matches(name) || data.bytes.map(search.pattern.matchesLine) == true {
                    matches.append(data.path)
                }
            }
            guard !matches.isEmpty else { continue }
            var indicator = BuildIndicator(
                path: path, line: Int64(search.line), kind: "pattern-matches-test-data", text: search.text,
                origin: origin)
            indicator.matches = Array(matches.prefix(50))
            indicators.append(indicator)
        }
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let readsAtBuild =
            name.hasSuffix(".m4") || ["configure", "configure.ac", "configure.in", "rules"].contains(name)
            || name.hasSuffix(".spec")
        guard readsAtBuild, !testDirectories.isEmpty else { return indicators }
        // Which test data directories a line names: a directory followed by `/` ends at one of the line's slashes,
        // so each slash is looked up once per length a directory has — not every directory against every line,
        // which a tarball of thousands of test data directories made take hours. A bound stops what is left even so
        // (an indicator of its own, that a rule treats as what it may hide).
        let directories = Set(testDirectories.filter { !$0.isEmpty }.map { Array($0.utf8) })
        let lengths = Set(directories.map(\.count)).sorted()
        let hashes = Set(directories.map { SliceHash.of($0[...]) })
        var filesByDirectory: [String: [String]] = [:]
        for file in testPaths.sorted() { filesByDirectory[DriftAnalyzer.directory(of: file), default: []].append(file) }
        // Work is spent from the shared budget in slices, and checked within a line: one line of a million
        // slashes must not overshoot it.
        var pending = 0
        var spent = false
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let raw = Array(line)
            var named: Set<String> = []
            if raw.contains(UInt8(ascii: "/")) {
                let prefix = SliceHash(raw)
                slashes: for slash in raw.indices where raw[slash] == UInt8(ascii: "/") {
                    for length in lengths {
                        guard length <= slash else { break }
                        pending += 1
                        if pending == 1 << 16 {
                            spent = !budget.spend(pending)
                            pending = 0
                            if spent { break slashes }
                        }
                        // The hash narrows the candidates; the bytes decide.
                        guard hashes.contains(prefix.hash(of: (slash - length)..<slash)) else { continue }
                        let candidate = Array(raw[(slash - length)..<slash])
                        if directories.contains(candidate) { named.insert(String(decoding: candidate, as: UTF8.self)) }
                    }
                }
            }
            if !spent {
                spent = !budget.spend(pending)
                pending = 0
            }
            guard !spent else {
                indicators.append(
                    stopped(
                        index + 1,
                        "\(directories.count) test data directories: references from this line on not checked"))
                break
            }
            guard !named.isEmpty else { continue }
            let text = String(decoding: line, as: UTF8.self)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix("dnl ") || raw.contains(substring: "AC_CONFIG_FILES") {
                continue
            }
            let matches = testDataReferences(
                in: text, directories: named, files: testPaths, filesByDirectory: filesByDirectory)
            guard !matches.isEmpty else { continue }
            var indicator = BuildIndicator(
                path: path, line: Int64(index + 1), kind: "reads-test-data", text: String(trimmed.prefix(200)),
                origin: origin)
            indicator.matches = Array(matches.prefix(50))
            indicators.append(indicator)
        }
        return indicators
    }

    /// Test data a line names: a test data file by its path, or a directory of test data as a whole (`DIR/`
    /// followed by the end of the word or a glob). Only path-like occurrences count (after a boundary: start, space,
    /// quote, `/`, `=`, brackets). `directories` are those the line holds followed by `/` (found by the caller);
    /// `filesByDirectory` lists each directory's test data files, sorted.
    static func testDataReferences(
        in line: String, directories: Set<String>, files: Set<String>, filesByDirectory: [String: [String]]
    ) -> [String] {
        var found: [String] = []
        let chars = Array(line)
        let boundaries = DriftAnalyzer.pathBoundaries
        let ends = DriftAnalyzer.pathEnds
        for directory in directories.sorted() where !directory.isEmpty {
            let needle = Array(directory + "/")
            var i = 0
            while i + needle.count <= chars.count {
                defer { i += 1 }
                guard chars[i] == needle[0], Array(chars[i..<i + needle.count]) == needle,
                    i == 0 || boundaries.contains(chars[i - 1])
                else { continue }
                var j = i + needle.count
                while j < chars.count, !ends.contains(chars[j]) { j += 1 }
                let rest = String(chars[(i + needle.count)..<j])
                if rest.isEmpty || rest.allSatisfy({ $0 == "*" || $0 == "/" }) {
                    found += filesByDirectory[directory] ?? []
                } else if files.contains(directory + "/" + rest) {
                    found.append(directory + "/" + rest)
                }
            }
        }
        var seen: Set<String> = []
        return found.filter { seen.insert($0).inserted }
    }

    static let pathBoundaries: Set<Character> = [
        " ", "\t", "\"", "'", "`", "/", "=", "(", ")", "[", "]", "{", "}", ":", ",",
    ]
    static let pathEnds: Set<Character> = [" ", "\t", "\"", "'", "`", ";", ")", "]", "|", "&", ">", "<", ","]

    static func directory(of path: String) -> String {
        String(path.split(separator: "/").dropLast().joined(separator: "/"))
    }
}
