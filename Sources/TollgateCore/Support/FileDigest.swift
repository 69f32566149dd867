import Foundation

/// Size and SHA-256 of a file, read in chunks.
public enum FileDigest {
    /// Size and lower-case hex SHA-256 of the file at `path`, nil when it cannot be read.
    public static func sha256(path: String) -> (size: Int64, sha256: String)? {
        guard RegularFile.exists(atPath: path), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        var size: Int64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            size += Int64(chunk.count)
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return (size, hash.finalize().hexString)
    }
}
