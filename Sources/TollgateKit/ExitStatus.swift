/// Tollgate's exit statuses, documented in `--help` and the README.
public enum ExitStatus: Int32, Sendable, Error {
    /// Everything was read (and, where judged, allowed).
    case ok = 0
    /// A package was denied by policy (gating commands).
    case deny = 1
    /// An input could not be read: a missing file, a damaged artefact, a bad policy. Other inputs were still read
    /// and reported.
    case inputError = 2
    /// A package was judged `warn` and the gate was configured to fail on warnings.
    case warn = 3
    /// The command line was wrong (as `EX_USAGE`).
    case usage = 64

    /// One line per status, for help texts.
    /// For the commands that record or build and judge nothing.
    public static let recordingDocumentation = """
        Exit status: 0 ok; 2 an input could not be read (the others were still read and recorded); 64 usage error.
        """

    public static let documentation = """
        Exit status: 0 ok; 1 denied by policy; 2 an input could not be read (the others were still read and \
        reported); 3 warned, when asked to fail on warnings; 64 usage error.
        """
}
