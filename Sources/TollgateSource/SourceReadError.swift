/// A failure to read an upstream artefact (tarball, tag, repository), with the file it concerns.
public struct SourceReadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
