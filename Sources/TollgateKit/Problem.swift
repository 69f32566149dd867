/// An artefact that could not be read: one line naming the file and the reason. Other artefacts are still read.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// Why, in words a person can act on.
    public var reason: String

    /// Creates a problem record.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
