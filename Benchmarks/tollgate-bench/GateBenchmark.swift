import Foundation

/// Issue 6's benchmark: the hermetic `apt-get install` of ten fixture packages with the Tollgate hook and without it,
/// alternated; and `tollgate gate` on the real xz-utils .deb and source package beside lintian on the same files.
enum GateBenchmark {
    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 5)
        let root = FileManager.default.currentDirectoryPath
        let shared = Bench.option("--shared", in: args) ?? root + "/../shared/real-world"
        let tollgate = URL(fileURLWithPath: Bench.selfPath).deletingLastPathComponent().appendingPathComponent(
            "tollgate"
        ).path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-gate-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let packages = (1...10).map { String(format: "tg-bench-%02d", $0) }

        // apt, with and without the hook, alternated; each install into a fresh private root.
        var withHook: [Bench.Measurement] = []
        var without: [Bench.Measurement] = []
        for run in 0..<runs {
            for hooked in [false, true] {
                let dir = scratch.appendingPathComponent("apt-\(run)-\(hooked)").path
                let setup = try Bench.measure([
                    root + "/Fixtures/hermetic-apt.sh", dir, root + "/Fixtures/debian-repo",
                    root + "/Fixtures/keys/archive.asc",
                ])
                guard setup.status == 0 else { throw BenchError("hermetic apt setup failed (apt-get, root needed)") }
                if hooked {
                    let hook = try Bench.measure([
                        tollgate, "hooks", "install", "apt", "--root", dir, "--binary", tollgate, "--", "--policies",
                        root + "/policies", "--no-history",
                    ])
                    guard hook.status == 0 else { throw BenchError("hooks install failed") }
                }
                var environment = ProcessInfo.processInfo.environment
                environment["APT_CONFIG"] = dir + "/etc/apt/apt.conf"
                environment["DEBIAN_FRONTEND"] = "noninteractive"
                let m = try Bench.measure(
                    ["/usr/bin/apt-get", "install", "-y", "-q"] + packages, environment: environment)
                guard m.status == 0 else { throw BenchError("apt-get install failed:\n\(m.output)") }
                if hooked { withHook.append(m) } else { without.append(m) }
                try? FileManager.default.removeItem(atPath: dir)
            }
        }
        let tWith = Bench.median(withHook.map(\.seconds)), tWithout = Bench.median(without.map(\.seconds))
        print("runs: \(runs), median wall time, alternated")
        print(String(format: "apt-get install of 10 packages, no hook:       %7.3f s", tWithout))
        print(
            String(
                format: "apt-get install of 10 packages, Tollgate hook: %7.3f s  = %.2fx (target ≤ 1.2x)", tWith,
                tWith / tWithout))

        // tollgate gate beside lintian on the real xz-utils packages.
        let deb = shared + "/debian/xz-utils_5.4.1-1+deb12u2_amd64.deb"
        let dsc = shared + "/xz/distro-packaging/debian/bookworm-security_5.4.1-1+deb12u2/xz-utils_5.4.1-1+deb12u2.dsc"
        guard FileManager.default.fileExists(atPath: deb), FileManager.default.fileExists(atPath: dsc) else {
            print("\(deb) or \(dsc) missing: the lintian comparison is skipped (give --shared DIR)")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian") else {
            print("lintian is not installed: the lintian comparison is skipped")
            return
        }
        for (label, file, target) in [("binary .deb", deb, 50.0), ("source .dsc + orig tarball", dsc, 20.0)] {
            var gate: [Bench.Measurement] = []
            var lintian: [Bench.Measurement] = []
            for _ in 0..<runs {
                gate.append(
                    try Bench.measure([tollgate, "gate", "--no-history", "--policies", root + "/policies", file]))
                lintian.append(try Bench.measure(["/usr/bin/lintian", file]))
            }
            let tGate = Bench.median(gate.map(\.seconds)), tLintian = Bench.median(lintian.map(\.seconds))
            print(
                String(
                    format: "xz-utils %@: tollgate gate %.3f s, lintian %.3f s: %.1fx faster (target ≥ %.0fx)",
                    label as NSString, tGate, tLintian, tLintian / tGate, target))
        }
    }
}
