extension Optional where Wrapped == String {
    /// The string, or nil when it is empty (an empty `SHA256:` field lists no checksum).
    var nonEmpty: String? { flatMap { $0.isEmpty ? nil : $0 } }
}
