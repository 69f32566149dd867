import CRPM

/// A compressed or plain file read in chunks through librpm's rpmio (gzip, xz, zstd and bzip2 by extension).
final class RPMIOStream {
    private let fd: FD_t
    let path: String

    init(path: String) throws(RPMReadError) {
        RPMLibrary.prepare()
        let mode: String
        if path.hasSuffix(".gz") {
            mode = "r.gzdio"
        } else if path.hasSuffix(".xz") {
            mode = "r.xzdio"
        } else if path.hasSuffix(".zst") {
            mode = "r.zstdio"
        } else if path.hasSuffix(".bz2") {
            mode = "r.bzdio"
        } else {
            mode = "r.ufdio"
        }
        guard let fd = Fopen(path, mode), Ferror(fd) == 0 else {
            throw RPMReadError(path: path, reason: RPMLibrary.takeMessage() ?? "cannot open")
        }
        self.fd = fd
        self.path = path
    }

    deinit { Fclose(fd) }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(RPMReadError) -> Int {
        let n = Fread(buffer.baseAddress, 1, buffer.count, fd)
        if n < 0 || Ferror(fd) != 0 {
            throw RPMReadError(
                path: path, reason: "read error: " + (Fstrerror(fd).map { String(cString: $0) } ?? "unknown"))
        }
        return n
    }
}
