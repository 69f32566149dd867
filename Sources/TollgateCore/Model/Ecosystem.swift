/// The packaging world an artefact belongs to.
public enum Ecosystem: String, Sendable, CaseIterable {
    /// Debian and its derivatives (`.deb`, `.dsc`, `.changes`, apt indexes).
    case debian
    /// RPM-based distributions (`.rpm`, `.src.rpm`, `repodata/`).
    case rpm
    /// An upstream release (a tarball or a tag), before any distribution packaged it.
    case upstream
}

/// What kind of thing a fact document describes.
public enum PackageKind: String, Sendable, CaseIterable {
    /// A source package (`.dsc`, `Sources` stanza, `.src.rpm`).
    case source
    /// A binary package (`.deb`, `Packages` stanza, `.rpm`).
    case binary
    /// An upload (`.changes`): a set of files signed together by one person.
    case upload
    /// An upstream release artefact (tarball, signed tag).
    case upstream
}
