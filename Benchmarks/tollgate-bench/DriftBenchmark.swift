import Foundation

/// Issue 5's benchmark: `tollgate drift` of the real xz-5.6.1.tar.gz against its tag's git listing (the whole
/// comparison: read, hash, classify, scan the build system, inspect test data, judge), beside `tar -xzf` of the same
/// tarball into a temporary directory, alternated in one run.
enum DriftBenchmark {
    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 5)
        let xz =
            Bench.option("--xz", in: args)
            ?? FileManager.default.currentDirectoryPath + "/../shared/real-world/xz"
        let tarball = "\(xz)/tarballs/xz-5.6.1.tar.gz"
        let listing = "\(xz)/git-trees/v5.6.1.ls-tree"
        guard FileManager.default.fileExists(atPath: tarball), FileManager.default.fileExists(atPath: listing) else {
            throw BenchError("\(tarball) or \(listing) is missing: give --xz DIR (../shared/real-world/xz)")
        }
        let tollgate = URL(fileURLWithPath: Bench.selfPath).deletingLastPathComponent().appendingPathComponent(
            "tollgate"
        ).path
        let m4db = FileManager.default.currentDirectoryPath + "/Fixtures/m4db/m4db.tsv"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-drift-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var drift: [Bench.Measurement] = []
        var tar: [Bench.Measurement] = []
        for run in 0..<runs {
            let out = scratch.appendingPathComponent("x\(run)")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            tar.append(try Bench.measure(["/usr/bin/tar", "-xzf", tarball, "-C", out.path]))
            drift.append(
                try Bench.measure([
                    tollgate, "drift", "--no-history", "--m4db", m4db, tarball, "--git-tree", listing, "--format",
                    "json",
                ]))
            try? FileManager.default.removeItem(at: out)
        }
        guard tar.allSatisfy({ $0.status == 0 }), drift.allSatisfy({ [0, 1].contains($0.status) }) else {
            throw BenchError("a run failed:\n\(drift.map(\.output).joined().prefix(2000))")
        }
        let decision = drift[0].output.contains("\"decision\": \"deny\"") ? "deny" : "not deny"
        let tTar = Bench.median(tar.map(\.seconds))
        let tDrift = Bench.median(drift.map(\.seconds))
        print(
            "input: \(tarball) (\(Bench.megabytes((try? FileManager.default.attributesOfItem(atPath: tarball)[.size] as? Int64) ?? 0)))"
        )
        print("runs: \(runs), median wall time, alternated")
        print(String(format: "tar -xzf into a temporary directory:   %7.3f s", tTar))
        print(
            String(
                format: "tollgate drift (judged: %@):         %7.3f s  peak RSS %@", decision as NSString, tDrift,
                Bench.megabytes(drift.map(\.peakRSSBytes).max() ?? 0) as NSString))
        print(String(format: "ratio drift / tar -xzf: %.2fx (target ≤ 2x)", tDrift / tTar))
    }
}
