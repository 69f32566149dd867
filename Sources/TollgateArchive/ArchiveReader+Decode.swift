internal import CArchive

extension ArchiveReader {
    /// What a compressed file's bytes turned out to be.
    public enum Decoding: Sendable, Equatable {
        /// The named compression format decoded to the end.
        case decodes(format: String, bytes: Int64)
        /// The format was recognised, but decoding failed.
        case fails(format: String, reason: String)
        /// No compression format libarchive knows.
        case notCompressed
    }

    /// Tries to decompress `data` (gzip, bzip2, xz, lzma, lzip, zstd, lz4) to its end, discarding the output and
    /// stopping after `maxOutput` bytes (which counts as decoding).
    public static func decode(_ data: [UInt8], maxOutput: Int64 = 256 << 20) -> Decoding {
        decompress(data, maxOutput: maxOutput) { _ in }.decoding
    }

    /// The bytes a compressed file (gzip, bzip2, xz, lzma, lzip, zstd, lz4) decodes to, at most `maxOutput` of them
    /// (`truncated` says when there were more); nil when it is not compressed or does not decode.
    public static func decompressed(_ data: [UInt8], maxOutput: Int = 16 << 20) -> (bytes: [UInt8], truncated: Bool)? {
        var output: [UInt8] = []
        let (decoding, stopped) = decompress(data, maxOutput: Int64(maxOutput)) { output += $0 }
        guard case .decodes = decoding else { return nil }
        return (Array(output.prefix(maxOutput)), stopped)
    }

    /// Decodes `data` through libarchive's compression filters, handing each block of output to `body`, to its end
    /// or until `maxOutput` bytes (`stoppedAtBound`).
    private static func decompress(
        _ data: [UInt8], maxOutput: Int64, _ body: (ArraySlice<UInt8>) -> Void
    ) -> (decoding: Decoding, stoppedAtBound: Bool) {
        guard let archive = archive_read_new() else { return (.notCompressed, false) }
        defer { archive_read_free(archive) }
        enableFilters(archive)
        archive_read_support_format_raw(archive)
        return data.withUnsafeBytes { raw -> (Decoding, Bool) in
            guard archive_read_open_memory(archive, raw.baseAddress, raw.count) == ARCHIVE_OK else {
                return (.notCompressed, false)
            }
            var entry: OpaquePointer?
            let header = archive_read_next_header(archive, &entry)
            let code = archive_filter_code(archive, 0)
            guard code != ARCHIVE_FILTER_NONE else { return (.notCompressed, false) }
            let format = archive_filter_name(archive, 0).map { String(cString: $0) } ?? "filter \(code)"
            guard header == ARCHIVE_OK || header == ARCHIVE_WARN else {
                return (.fails(format: format, reason: message(archive) ?? "cannot decode"), false)
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var total: Int64 = 0
            while total < maxOutput {
                let n = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if n == 0 { return (.decodes(format: format, bytes: total), false) }
                guard n > 0 else { return (.fails(format: format, reason: message(archive) ?? "cannot decode"), false) }
                body(buffer[..<n])
                total += Int64(n)
            }
            return (.decodes(format: format, bytes: total), true)
        }
    }
}
