import Foundation

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

extension Problem {
    /// A problem with `path` from an error Foundation or the system threw: the system's own words for the cause
    /// ("Permission denied", "Not a directory") rather than Foundation's dump of its error object.
    public init(path: String, error: any Error) {
        if let problem = error as? Problem {
            self = problem
            return
        }
        let nsError = error as NSError
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        if let posix = [underlying, nsError].compactMap({ $0 }).first(where: { $0.domain == NSPOSIXErrorDomain }) {
            self.init(path: path, reason: String(cString: strerror(Int32(posix.code))))
        } else {
            self.init(path: path, reason: "\(error)")
        }
    }
}
