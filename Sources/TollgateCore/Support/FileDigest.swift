import Foundation

/// Size and SHA-256 of a file, read in chunks.
public enum FileDigest {
    /// Size and lower-case hex SHA-256 of the file at `path`, nil when it cannot be read.
    public static func sha256(path: String) -> (size: Int64, sha256: String)? {
        var hash = SHA256()
        guard let size = read(path: path, { hash.update($0) }) else { return nil }
        return (size, hash.finalize().hexString)
    }

    /// Hands a regular file's bytes to `body` a megabyte at a time, for a digest; its size, nil when it cannot be
    /// opened.
    public static func read(path: String, _ body: (UnsafeRawBufferPointer) -> Void) -> Int64? {
        guard RegularFile.exists(atPath: path), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var size: Int64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            size += Int64(chunk.count)
            chunk.withUnsafeBytes(body)
        }
        return size
    }
}
