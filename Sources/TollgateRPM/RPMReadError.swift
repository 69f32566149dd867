/// A failure to read an RPM artefact, with the file it concerns.
public struct RPMReadError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// Why, in words a person can act on.
    public let reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
