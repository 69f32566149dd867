extension PackageFacts: FactSchemaDeclaring {
    public static let factTypeName = "Package"
    public static let factDocumentation = """
        One package version: a Debian binary or source package, an upload, an RPM or source RPM, or an upstream \
        release. Its top-level fields are the variables of every policy condition.
        """
    public static let factFields = FactFieldTable<PackageFacts>([
        .int("schema_version", "Version of this document's shape (currently 1).") { _ in PackageFacts.schemaVersion },
        .string("ecosystem", "`debian`, `rpm` or `upstream`.") { $0.ecosystem.rawValue },
        .string("kind", "`source`, `binary`, `upload` (a `.changes`) or `upstream` (a release tarball or tag).") {
            $0.kind.rawValue
        },
        .string("name", "Package name (Debian `Package`/`Source`, RPM `%{NAME}`).") { $0.name },
        .string(
            "version",
            "Full version as the ecosystem writes it: Debian `[epoch:]upstream[-revision]`, RPM "
                + "`[epoch:]version-release`."
        ) { $0.version },
        .int("epoch", "Epoch (0 when none).") { $0.epoch },
        .string("upstream_version", "Debian upstream part of the version; RPM `%{VERSION}`.") { $0.upstreamVersion },
        .string("revision", "Debian revision (empty for native packages); RPM `%{RELEASE}`.") { $0.revision },
        .string("architecture", "Debian `Architecture` (a list for source packages); RPM `%{ARCH}` (`src` for SRPMs).")
        {
            $0.architecture
        },
        .string("summary", "One-line summary: first line of the Debian `Description`, RPM `%{SUMMARY}`.") {
            $0.summary
        },
        .string("description", "Long description (Debian continuation lines, RPM `%{DESCRIPTION}`).") {
            $0.description
        },
        .string("homepage", "Debian `Homepage`, RPM `%{URL}`.") { $0.homepage },
        .string("license", "RPM `%{LICENSE}`; unset for Debian (licences live in `debian/copyright`).") { $0.license },
        .string("section", "Debian `Section`, RPM `%{GROUP}`.") { $0.section },
        .string("priority", "Debian `Priority`.") { $0.priority },
        .object("maintainer", "Debian `Maintainer`; unset for RPM (see `packager`).") { $0.maintainer },
        .objects(
            "uploaders",
            "Debian `Uploaders` of a source package (empty when it names none); unset for a binary package and for a "
                + ".changes, which does not say."
        ) {
            $0.uploaders
        },
        .object("packager", "RPM `%{PACKAGER}`.") { $0.packager },
        .object(
            "changed_by",
            "Who made this version: `.changes` `Changed-By`, else the author of the newest changelog entry."
        ) { $0.changedBy },
        .object("original_maintainer", "Debian `Original-Maintainer` (a derivative's record of Debian's maintainer).") {
            $0.originalMaintainer
        },
        .string("vendor", "RPM `%{VENDOR}`; Debian `Origin` when a package declares it.") { $0.vendor },
        .timestamp("date", "Release date: `.changes` `Date`, else the newest changelog entry's date, else build time.")
        {
            $0.date
        },
        .string("build_host", "RPM `%{BUILDHOST}`.") { $0.buildHost },
        .timestamp("build_time", "RPM `%{BUILDTIME}`.") { $0.buildTime },
        .string("source_name", "Source package this binary was built from (Debian `Source`, RPM `%{SOURCERPM}`).") {
            $0.sourceName
        },
        .string("source_version", "Version of that source package, when it differs or is stated.") {
            $0.sourceVersion
        },
        .strings("binaries", "Binary packages a Debian source package or upload builds (`Binary`).") { $0.binaries },
        .int("installed_size", "Installed size in bytes (Debian `Installed-Size` × 1024; RPM `%{SIZE}`).") {
            $0.installedSize
        },
        .int("size", "Size of the package file in bytes as an index lists it.") { $0.size },
        .objects("dependencies", "Runtime relationships; unset when the source of facts has none.") {
            $0.dependencies
        },
        .objects("build_dependencies", "Build relationships of source packages (`Build-Depends*`, `BuildRequires`).") {
            $0.buildDependencies
        },
        .objects("scripts", "Maintainer scripts and scriptlets; unset when not read (index entries).") { $0.scripts },
        .objects("files", "Payload file list; unset when not read (index entries).") { $0.files },
        .objects("source_files", "Files of a source package or upload (`.dsc`/`.changes` lists, SRPM sources).") {
            $0.sourceFiles
        },
        .objects("signatures", "OpenPGP signatures found on or vouching for the artefact.") { $0.signatures },
        .bool("signed", "Any signature is present (says nothing about validity).") { !$0.signatures.isEmpty },
        .objects("changelog", "Changelog entries, newest first; unset when not read.") { $0.changelog },
        .object("upstream", "Upstream signing keys, metadata and watch file of a Debian source package.") {
            $0.upstream
        },
        .string("vcs_git", "Debian `Vcs-Git`.") { $0.vcsGit },
        .string("vcs_browser", "Debian `Vcs-Browser`.") { $0.vcsBrowser },
        .object("artifact", "The file the facts were read from.") { $0.artifact },
        .object("repository", "The repository index the entry came from, when scanned from one.") { $0.repository },
        .object("debian", "Debian-only facts.") { $0.debian },
        .object("rpm", "RPM-only facts.") { $0.rpm },
        .object(
            "history",
            "The release against its earlier releases; `available` is false when no history database was consulted."
        ) { $0.history },
        .object(
            "integrity",
            "The upstream tarball read member by member against its git tree: drift, m4 macros, build indicators, "
                + "opaque test data; unset when no tarball contents were analysed."
        ) { $0.integrity },
        .object("upload", "What `tollgate gate` checked of a .changes: files, checksums, signers.") { $0.upload },
        .strings("warnings", "Non-fatal problems the reader noticed.") { $0.warnings },
    ])
}
