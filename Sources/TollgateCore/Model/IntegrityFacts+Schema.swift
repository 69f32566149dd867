extension IntegrityFacts: FactSchemaDeclaring {
    public static let factTypeName = "Integrity"
    public static let factDocumentation = """
        An upstream release tarball read member by member (never extracted) and compared with the git tree it \
        claims to come from — a tag of a local repository or a saved `git ls-tree -r` listing — by git blob id. \
        Also: its m4 macros against a database of known-good macros, suspicious shell idioms in its build system, \
        and its opaque test data files. Present when tarball contents were analysed (`drift`, and `facts`, `gate` \
        and `report` for tarballs, `.dsc` files and source RPMs).
        """
    public static let factFields = FactFieldTable<IntegrityFacts>([
        .strings("tarballs", "The tarballs read (file names).") { $0.tarballs },
        .string("reference", "The git side compared with; unset when there was none (nothing is then in git).") {
            $0.reference
        },
        .bool("compared", "A git side was compared.") { $0.compared },
        .int("tarball_files", "Regular files in the tarballs.") { $0.tarballFiles },
        .int("git_files", "Blobs in the git tree.") { $0.gitFiles },
        .objects("only_in_tarball", "Files the tarball has and git does not.") { $0.onlyInTarball },
        .objects("only_in_git", "Files git has and the tarball does not.") { $0.onlyInGit },
        .objects("modified", "Files in both with different content.") { $0.modified },
        .objects("categories", "Drift counts and sizes per category of file.") { $0.categories },
        .objects("archive_problems", "Unsafe or unreadable members (absolute paths, `..`, escaping links, …).") {
            $0.archiveProblems
        },
        .objects("m4", "Every m4 file of the tarball against the known-good database and the history.") { $0.m4 },
        .objects(
            "indicators",
            "Suspicious shell idioms in build-system files: `configure`, Makefiles, m4, CMake and meson files, a spec, "
                + "`debian/rules`, and the scripts a build runs (`build-aux/`, `ltmain.sh`, `config.guess`, `autogen.sh`, …)."
        ) { $0.indicators },
        .int("test_data_files", "Test data files in the tarball.") { $0.testDataFiles },
        .int("opaque_test_files", "Of those, the opaque ones.") { $0.opaqueTestFiles },
        .objects(
            "test_files",
            "Test data files that are opaque, new in this release, or matched by the build: at most 500, those the "
                + "build reads first, then the opaque ones, in path order."
        ) {
            $0.testFiles
        },
        .string("previous_release", "The earlier release test files were compared with; unset when none was known.") {
            $0.previousRelease
        },
        .object("build_dependency_risk", "The build dependency with the highest latest score in the history.") {
            $0.buildDependencyRisk
        },
        .string("m4_database", "The m4 database used; unset when none.") { $0.m4Database },
    ])
}

extension DriftFile: FactSchemaDeclaring {
    public static let factTypeName = "DriftFile"
    public static let factDocumentation = "A file only in the tarball, only in git, or different in both."
    public static let factFields = FactFieldTable<DriftFile>([
        .string("path", "Path from the source tree's root (the tarball's top directory removed).") { $0.path },
        .string(
            "category",
            "`generated` (configure, Makefile.in, aclocal.m4, config.guess, ltmain.sh, *.gmo, …), `m4`, "
                + "`documentation`, `translation`, `source`, `test-data`, `binary`, `other`."
        ) { $0.category },
        .int("size", "Size in the tarball; unset for files only in git.") { $0.size },
        .string("tarball_blob", "Git blob id of the tarball's content.") { $0.tarballBlob },
        .string("git_blob", "Git blob id in the tree.") { $0.gitBlob },
    ])
}

extension DriftCategory: FactSchemaDeclaring {
    public static let factTypeName = "DriftCategory"
    public static let factDocumentation = "Drift counts of one category of files."
    public static let factFields = FactFieldTable<DriftCategory>([
        .string("category", "The category (see DriftFile).") { $0.category },
        .int("only_in_tarball", "Files only in the tarball.") { $0.onlyInTarball },
        .int("only_in_git", "Files only in git.") { $0.onlyInGit },
        .int("modified", "Files in both that differ.") { $0.modified },
        .int("bytes", "Bytes of this category's tarball-only and modified files.") { $0.bytes },
    ])
}

extension ArchiveFinding: FactSchemaDeclaring {
    public static let factTypeName = "ArchiveFinding"
    public static let factDocumentation = "An unsafe or unreadable archive member."
    public static let factFields = FactFieldTable<ArchiveFinding>([
        .string(
            "kind",
            "`absolute-path`, `dot-dot`, `link-escapes`, `duplicate`, `path-too-long`, `member-too-large`, "
                + "`too-many-members`, `total-too-large`, `unreadable`."
        ) { $0.kind },
        .string("path", "The member's path as stored.") { $0.path },
        .string("detail", "What exactly.") { $0.detail },
        .string("tarball", "The tarball it is in.") { $0.tarball },
    ])
}

extension M4FileFacts: FactSchemaDeclaring {
    public static let factTypeName = "M4File"
    public static let factDocumentation = """
        An m4 file of the tarball (`*.m4`, not `aclocal.m4`), compared by content (CR LF read as LF) with the \
        known-good macro database (what autoconf, automake, libtool, gettext, autopoint, autoconf-archive, gnulib and \
        pkgconf install), and with other packages of the history.
        """
    public static let factFields = FactFieldTable<M4FileFacts>([
        .string("path", "Path in the source tree.") { $0.path },
        .string("name", "File name (what aclocal and the database know it by).") { $0.name },
        .int("serial", "The `serial` number the file declares; unset when none.") { $0.serial },
        .bool("in_git", "The file is in git too; unset when no git side was compared.") { $0.inGit },
        .bool("modified", "In git with different content.") { $0.modified },
        .string(
            "status",
            "`known` (content matches a known-good version), `known-name` (a known name, content matching no known "
                + "version), `unknown-name`, `no-database`."
        ) { $0.status },
        .strings("known_as", "Packages and versions that install this exact content.") { $0.knownAs },
        .int("highest_known_serial", "The highest serial among known versions of this name.") {
            $0.highestKnownSerial
        },
        .bool("serial_outranks_known", "The serial is higher than that of every known version of the name.") {
            $0.serialOutranksKnown
        },
        .int(
            "packages_with_same_content", "Other packages in the history shipping this name with this content."
        ) { $0.packagesWithSameContent },
        .int("packages_with_same_name", "Other packages in the history shipping a file of this name.") {
            $0.packagesWithSameName
        },
        .int("indicators", "Build indicators found in this file.") { $0.indicators },
        .string("digest", "SHA-256 of the content, CR LF read as LF.") { $0.digest },
    ])
}

extension BuildIndicator: FactSchemaDeclaring {
    public static let factTypeName = "BuildIndicator"
    public static let factDocumentation = """
        A shell idiom in a build-system file (configure and its m4, Makefile.am/.in, CMakeLists.txt, *.cmake, \
        meson.build, debian/rules, an RPM spec's %prep/%build) that data-hiding build code uses and ordinary build \
        code almost never does.
        """
    public static let factFields = FactFieldTable<BuildIndicator>([
        .string("path", "The build-system file.") { $0.path },
        .int("line", "1-based line number.") { $0.line },
        .string(
            "kind",
            "`binary-search-of-tree` (grep -a/-r over the source tree), `byte-translation` (a tr that permutes one "
                + "character set onto itself), `byte-slicing` (head -c, tail -c), "
                + "`decompress-to-shell` (a decompressor in a pipeline into eval or a shell), `pipe-to-shell` "
                + "(output piped into eval or a shell), `reads-test-data` (names a test data path), "
                + "`pattern-matches-test-data` (its search pattern matches a test data file's content or name), "
                + "`analysis-stopped` (the search for reads of test data stopped at this line: too many test data "
                + "directories times lines to compare)."
        ) { $0.kind },
        .string("text", "The matched line, trimmed (at most 200 characters).") { $0.text },
        .string("origin", "`tarball-only`, `modified`, `in-git`, or `unknown` when no git side was compared.") {
            $0.origin
        },
        .strings("matches", "Test data files the pattern or path matches.") { $0.matches },
    ])
}

extension TestFileFacts: FactSchemaDeclaring {
    public static let factTypeName = "TestFile"
    public static let factDocumentation = """
        A test data file (under a `test`, `tests`, `testdata`, `t` or similar directory, not a script or source \
        file) that is opaque, new in this release, or matched by a build script.
        """
    public static let factFields = FactFieldTable<TestFileFacts>([
        .string("path", "Path in the source tree.") { $0.path },
        .int("size", "Size in bytes.") { $0.size },
        .double("entropy", "Shannon entropy in bits per byte (0–8); compressed or encrypted data is near 8.") {
            $0.entropy
        },
        .bool("binary", "Not text (NUL bytes, or mostly non-text bytes).") { $0.binary },
        .string("claimed_format", "The format its name or magic bytes claim (`xz`, `gzip`, `png`, …).") {
            $0.claimedFormat
        },
        .bool("decodes", "A claimed compression format decodes to its end; unset when not checked.") { $0.decodes },
        .bool("opaque", "Binary or high-entropy content, or a format it claims and is not.") { $0.opaque },
        .strings("reasons", "`binary`, `high-entropy`, `format-mismatch`, `does-not-decode`.") { $0.reasons },
        .bool("in_git", "In git too; unset when no git side was compared.") { $0.inGit },
        .bool("new_in_release", "Absent from the previous release; unset when no previous release was known.") {
            $0.newInRelease
        },
        .bool(
            "changed_in_release",
            "In the previous release too, with other content; unset when no previous release was known, or the "
                + "history did not keep its content (releases recorded before this fact existed)."
        ) { $0.changedInRelease },
        .bool("referenced_by_tests", "A test script or test Makefile names the file.") { $0.referencedByTests },
        .strings("matched_by", "Build indicators (`path:line`) whose pattern or path matches this file.") {
            $0.matchedBy
        },
    ])
}

extension BuildDependencyRisk: FactSchemaDeclaring {
    public static let factTypeName = "BuildDependencyRisk"
    public static let factDocumentation = "The riskiest build dependency by its latest score in the history."
    public static let factFields = FactFieldTable<BuildDependencyRisk>([
        .string("package", "The build dependency.") { $0.package },
        .int("score", "Its latest score.") { $0.score },
        .string("decision", "Its latest decision.") { $0.decision },
    ])
}
