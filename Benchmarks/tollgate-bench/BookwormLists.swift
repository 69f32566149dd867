import Foundation

/// Debian bookworm main's Packages and Sources, fetched by apt itself into a private lists directory.
enum BookwormLists {
    static let defaultDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-bookworm")
        .path

    /// Runs `apt-get update` with a private sources list, lists directory and cache: the host's apt is untouched.
    static func fetch(into directory: String) throws {
        let fm = FileManager.default
        for sub in ["lists/partial", "cache/archives/partial", "etc"] {
            try fm.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let sources = """
            deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
            deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main

            """
        try sources.write(toFile: "\(directory)/etc/sources.list", atomically: true, encoding: .utf8)
        let args = [
            "/usr/bin/apt-get", "-q", "-o", "Dir::State::Lists=\(directory)/lists",
            "-o", "Dir::Etc::SourceList=\(directory)/etc/sources.list", "-o", "Dir::Etc::SourceParts=/nonexistent",
            "-o", "Dir::Cache=\(directory)/cache", "-o", "Acquire::Languages=none", "-o", "APT::Get::List-Cleanup=0",
            "-o", "Debug::NoLocking=1", "update",
        ]
        let result = try Bench.measure(args)
        guard result.status == 0 else { throw BenchError("apt-get update failed (status \(result.status))") }
        let (packages, sourcesFile) = try locate(in: directory)
        print("fetched:\n  \(packages)\n  \(sourcesFile)")
    }

    /// The Packages and Sources files of the lists directory `--lists DIR` names (default: the private one), fetched
    /// first when they are not there.
    static func files(_ args: [String]) throws -> (packages: String, sources: String) {
        let directory = Bench.option("--lists", in: args) ?? defaultDirectory
        if (try? locate(in: directory)) == nil { try fetch(into: directory) }
        return try locate(in: directory)
    }

    /// The Packages and Sources files apt stored (possibly recompressed, e.g. `.lz4`).
    static func locate(in directory: String) throws -> (packages: String, sources: String) {
        let lists = "\(directory)/lists"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lists)) ?? []
        guard let packages = names.first(where: { $0.contains("_bookworm_main_binary-amd64_Packages") }),
            let sources = names.first(where: { $0.contains("_bookworm_main_source_Sources") })
        else {
            throw BenchError(
                "no bookworm Packages/Sources under \(lists): run `tollgate-bench fetch-bookworm \(directory)`")
        }
        return ("\(lists)/\(packages)", "\(lists)/\(sources)")
    }
}
