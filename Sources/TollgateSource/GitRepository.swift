internal import CGit2
import Foundation
import TollgateCore

/// A local git repository (bare or not) read through libgit2.
public final class GitRepository {
    private let repository: OpaquePointer
    public let path: String
    private static let initialised: Int32 = git_libgit2_init()

    /// Opens the repository at `path` (a bare repository, or a work tree with its `.git`).
    public init(path: String) throws(SourceReadError) {
        _ = GitRepository.initialised
        var repo: OpaquePointer?
        // Exactly this repository: never one found by searching the directories above it.
        guard git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0, let repo else {
            throw SourceReadError(path: path, reason: GitRepository.lastError() ?? "not a git repository")
        }
        self.repository = repo
        self.path = path
    }

    deinit { git_repository_free(repository) }

    static func lastError() -> String? {
        guard let error = git_error_last(), let message = error.pointee.message else { return nil }
        return String(cString: message)
    }

    /// Every tag: annotated tags with their raw object, lightweight tags with none.
    public func tags() throws(SourceReadError) -> [(name: String, object: [UInt8]?)] {
        final class Collector {
            var tags: [(String, git_oid)] = []
        }
        let collector = Collector()
        let rc = git_tag_foreach(
            repository,
            { name, oid, payload in
                guard let name, let oid, let payload else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                var tagName = String(cString: name)
                if tagName.hasPrefix("refs/tags/") { tagName.removeFirst("refs/tags/".count) }
                collector.tags.append((tagName, oid.pointee))
                return 0
            }, Unmanaged.passUnretained(collector).toOpaque())
        guard rc == 0 else {
            throw SourceReadError(path: path, reason: GitRepository.lastError() ?? "cannot list tags")
        }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0, let odb else {
            throw SourceReadError(path: path, reason: GitRepository.lastError() ?? "cannot open the object database")
        }
        defer { git_odb_free(odb) }
        return collector.tags.sorted { $0.0 < $1.0 }.map { name, id in
            var oid = id
            var object: OpaquePointer?
            guard git_odb_read(&object, odb, &oid) == 0, let object else { return (name, nil) }
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_TAG, let data = git_odb_object_data(object) else {
                return (name, nil)
            }
            return (name, Array(UnsafeRawBufferPointer(start: data, count: git_odb_object_size(object))))
        }
    }

    /// Release documents for every tag named like a version; `name` is the release name (default: the repository
    /// directory's name without `.git`).
    public func releases(name: String? = nil) throws(SourceReadError) -> [PackageFacts] {
        let releaseName =
            name
            ?? {
                var base = (path as NSString).lastPathComponent
                if base == ".git" {
                    base = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
                }
                return base.hasSuffix(".git") ? String(base.dropLast(4)) : base
            }()
        return try tags().compactMap { tagName, raw -> PackageFacts? in
            guard ReleaseName.version(ofTag: tagName, name: releaseName) != nil else { return nil }
            let shown = "\(path)#\(tagName)"
            if let raw, let tag = GitTagReader.parse(raw) {
                return GitTagReader.facts(tag, name: releaseName, path: shown, raw: raw)
            }
            // A lightweight tag: a release with no tag object, hence no signature.
            let version = ReleaseName.version(ofTag: tagName, name: releaseName) ?? tagName
            var facts = PackageFacts(
                ecosystem: .upstream, kind: .upstream, name: releaseName, version: version,
                artifact: Artifact(path: shown, format: "git-tag")
            )
            facts.upstreamVersion = version
            return facts
        }
    }
}

extension GitRepository {
    /// Every entry of the tree of `ref` (a tag, branch, commit id…), recursively, as `git ls-tree -r` lists it:
    /// blobs and submodule commits, not the trees themselves.
    public func tree(ref: String) throws(SourceReadError) -> [GitTreeEntry] {
        var object: OpaquePointer?
        guard git_revparse_single(&object, repository, ref) == 0, let object else {
            throw SourceReadError(path: path, reason: "\(ref): \(GitRepository.lastError() ?? "no such revision")")
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_TREE) == 0, let tree = peeled else {
            throw SourceReadError(path: path, reason: "\(ref): \(GitRepository.lastError() ?? "not a tree-ish")")
        }
        defer { git_object_free(tree) }
        final class Collector {
            var entries: [GitTreeEntry] = []
        }
        let collector = Collector()
        let rc = git_tree_walk(
            tree, GIT_TREEWALK_PRE,
            { root, entry, payload in
                guard let entry, let payload else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                let type = git_tree_entry_type(entry)
                guard type != GIT_OBJECT_TREE else { return 0 }
                let name = String(cString: git_tree_entry_name(entry))
                let prefix = root.map { String(cString: $0) } ?? ""
                var id = [CChar](repeating: 0, count: 41)
                git_oid_tostr(&id, 41, git_tree_entry_id(entry))
                let mode = String(git_tree_entry_filemode(entry).rawValue, radix: 8)
                collector.entries.append(
                    GitTreeEntry(
                        mode: mode.count < 6 ? String(repeating: "0", count: 6 - mode.count) + mode : mode,
                        type: type == GIT_OBJECT_COMMIT ? "commit" : "blob",
                        id: String(decoding: id.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                        path: prefix + name))
                return 0
            }, Unmanaged.passUnretained(collector).toOpaque())
        guard rc == 0 else {
            throw SourceReadError(path: path, reason: GitRepository.lastError() ?? "cannot walk the tree")
        }
        return collector.entries
    }
}
