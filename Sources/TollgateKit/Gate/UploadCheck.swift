import Foundation
import TollgateCore

/// A `.changes` checked as an archive's upload queue checks it, and the packages it carries.
enum UploadCheck {
    /// The `.changes`'s facts with `upload` filled in, and the paths of the files it lists that are present.
    static func check(_ changes: inout PackageFacts, path: String, checker: SignatureChecker?) -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        var upload = UploadFacts()
        var present: [String] = []
        let files = changes.sourceFiles ?? []
        upload.filesListed = Int64(files.count)
        for file in files {
            let full = (directory as NSString).appendingPathComponent(file.name)
            // A listed name is a file name, never a path: anything else could point outside the upload.
            guard !file.name.contains("/"), file.name != "..", FileManager.default.fileExists(atPath: full) else {
                upload.missing.append(file.name)
                continue
            }
            // Only a regular file of the listed size is hashed: a link (pointing anywhere, /dev/zero say), a pipe or
            // a device in an upload is refused, and a size that differs needs no hashing.
            var status = stat()
            guard lstat(full, &status) == 0 else {
                upload.missing.append(file.name)
                continue
            }
            guard status.st_mode & S_IFMT == S_IFREG else {
                let what = status.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a regular file"
                upload.checksumMismatches.append("\(file.name): \(what)")
                continue
            }
            if file.conflicting {
                upload.checksumMismatches.append("\(file.name): listed more than once with different checksums")
                continue
            }
            if let size = file.size, size != Int64(status.st_size) {
                upload.checksumMismatches.append("\(file.name): \(status.st_size) bytes, \(size) listed")
                continue
            }
            guard let sha256 = file.sha256 else {
                upload.checksumMismatches.append("\(file.name): no SHA-256 listed (Checksums-Sha256)")
                continue
            }
            guard let digest = FileDigest.sha256(path: full) else {
                upload.missing.append(file.name)
                continue
            }
            if let size = file.size, size != digest.size {
                upload.checksumMismatches.append("\(file.name): \(digest.size) bytes, \(size) listed")
            } else if sha256.lowercased() != digest.sha256 {
                upload.checksumMismatches.append("\(file.name): SHA-256 differs from the listed one")
            } else {
                present.append(full)
            }
        }
        checker?.check(&changes)
        upload.changesSigner = changes.signatures.first { $0.kind == "clearsigned" && $0.isVerified }?.fingerprint
        if let dsc = present.first(where: { $0.hasSuffix(".dsc") }),
            var facts = try? ArtifactReader.read(path: dsc).first?.package
        {
            checker?.check(&facts)
            upload.dscSigner = facts.signatures.first { $0.kind == "clearsigned" && $0.isVerified }?.fingerprint
            if let a = upload.changesSigner, let b = upload.dscSigner { upload.sameSigner = a == b }
        }
        changes.upload = upload
        return present
    }
}
