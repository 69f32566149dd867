import Foundation
import TollgateArchive
import TollgateDebian
import TollgateDrift

/// Builds the known-good m4 database from what Debian's packages install: every `*.m4` file in the file lists dpkg
/// keeps for the packages, plus the m4 files of every gettext version in autopoint's archive.
public enum M4DatabaseBuilder {
    /// The packages whose macros are known-good by default.
    public static let defaultPackages = [
        "autoconf", "automake", "libtool", "gettext", "autopoint", "autoconf-archive", "gnulib", "pkgconf",
        "pkg-config",
    ]

    /// What a build read, for the user.
    public struct Report: Sendable {
        public var packages: [(name: String, version: String, files: Int)] = []
        public var missing: [String] = []
        public var archives: [(path: String, files: Int)] = []
    }

    /// Builds a database from the installed `packages` (dpkg's database under `root`, `/` by default).
    public static func build(packages: [String] = defaultPackages, root: String = "/") throws -> (M4Database, Report) {
        let admin = (root as NSString).appendingPathComponent("var/lib/dpkg")
        var versions: [String: String] = [:]
        let reader = try StanzaReader(path: (admin as NSString).appendingPathComponent("status"))
        while let stanza = try reader.nextStanza() {
            guard let name = stanza.nonEmpty("Package"), packages.contains(name),
                stanza["Status"]?.hasSuffix(" installed") == true, let version = stanza.nonEmpty("Version")
            else { continue }
            versions[name] = version
        }
        var db = M4Database()
        var report = Report()
        let fm = FileManager.default
        for package in packages {
            guard let version = versions[package] else {
                report.missing.append(package)
                continue
            }
            let info = (admin as NSString).appendingPathComponent("info")
            let candidates =
                [package]
                + ((try? fm.contentsOfDirectory(atPath: info)) ?? [])
                .filter { $0.hasPrefix(package + ":") && $0.hasSuffix(".list") }.map { String($0.dropLast(5)) }
            var files = 0
            for candidate in candidates {
                guard let list = try? String(contentsOfFile: "\(info)/\(candidate).list", encoding: .utf8) else {
                    continue
                }
                for path in list.split(separator: "\n") where path.hasSuffix(".m4") {
                    let full = root == "/" ? String(path) : (root as NSString).appendingPathComponent(String(path))
                    guard let data = fm.contents(atPath: full) else { continue }
                    db.add(
                        M4Macro(name: (full as NSString).lastPathComponent, bytes: Array(data)),
                        origin: "\(package) \(version)")
                    files += 1
                }
                for path in list.split(separator: "\n") where path.contains("/gettext/archive.dir.tar") {
                    let full = root == "/" ? String(path) : (root as NSString).appendingPathComponent(String(path))
                    report.archives.append((full, try addArchive(full, to: &db)))
                }
            }
            report.packages.append((package, version, files))
        }
        return (db, report)
    }

    /// Adds the m4 files of an archive of gettext versions (`gettext-0.19.8/m4/po.m4`), each with its version.
    static func addArchive(_ path: String, to db: inout M4Database) throws -> Int {
        var count = 0
        var found: [(String, [UInt8])] = []
        do {
            _ = try ArchiveReader.read(
                path: path, retain: { $0.path.hasSuffix(".m4") ? 1 << 20 : 0 },
                each: { member, content in
                    guard member.kind == .file, member.path.hasSuffix(".m4"), let bytes = content?.bytes else { return }
                    found.append((member.path, bytes))
                })
        } catch {
            throw Problem(path: error.path, reason: error.reason)
        }
        for (memberPath, bytes) in found {
            let version = memberPath.split(separator: "/").first.map(String.init) ?? "archive"
            db.add(
                M4Macro(name: (memberPath as NSString).lastPathComponent, bytes: bytes),
                origin: "autopoint archive \(version)")
            count += 1
        }
        return count
    }
}
