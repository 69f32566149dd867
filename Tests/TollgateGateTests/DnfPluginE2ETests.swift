import Foundation
import Testing
import TollgateTestSupport

/// The dnf 4 plugin with the real dnf in an installroot over a createrepo_c repository of the fixture RPMs (see
/// Fixtures/hermetic-dnf.sh): allowed packages install, a denied one installs nothing, and a tollgate that crashes
/// or is missing blocks too.
@Suite(.serialized) struct DnfPluginE2ETests {
    struct Dnf {
        let dir: URL
        func run(_ arguments: [String]) throws -> ProcessResult {
            let d = dir.path
            return try Run.program(
                "/usr/bin/dnf",
                [
                    "-c", "\(d)/dnf.conf", "--installroot=\(d)/root", "--releasever=1",
                    "--setopt=reposdir=\(d)/repos.d",
                    "--setopt=pluginpath=\(d)/hooks/usr/lib/python3/dist-packages/dnf-plugins",
                    "--setopt=pluginconfpath=\(d)/hooks/etc/dnf/plugins", "-y",
                ] + arguments)
        }

        func installed() throws -> Set<String> {
            let out = try Run.program(
                "/usr/bin/rpm", ["--root", dir.appendingPathComponent("root").path, "-qa", "--qf", "%{NAME}\\n"])
            return Set(out.stdout.split(separator: "\n").map(String.init))
        }
    }

    func dnf(binary: String = TestPaths.tollgate) throws -> Dnf? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/dnf") else {
            print("dnf end-to-end tests need root and dnf (.ci/install-deps installs it): skipped")
            return nil
        }
        let dir = try TestPaths.temporaryDirectory()
        let setup = try Run.program(
            TestPaths.fixture("hermetic-dnf.sh"), [dir.path, TestPaths.fixture("rpm-repo/Packages")])
        #expect(setup.status == 0, "\(setup.stderr)")
        let hook = try Run.tollgate([
            "hooks", "install", "dnf", "--root", dir.appendingPathComponent("hooks").path, "--binary", binary, "--",
            "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15", "--no-history",
        ])
        #expect(hook.status == 0, "\(hook.stderr)")
        return Dnf(dir: dir)
    }

    @Test func allowedInstallsDeniedInstallsNothing() throws {
        guard let dnf = try dnf() else { return }
        defer { try? FileManager.default.removeItem(at: dnf.dir) }
        let allowed = try dnf.run(["install", "hello-tg", "tg-shell-stub"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try dnf.installed() == ["hello-tg", "tg-shell-stub"])
        let denied = try dnf.run(["install", "netfetch"])
        #expect(denied.status != 0)
        #expect(
            denied.stderr.contains("tollgate blocked the transaction (exit 1): netfetch 0.9-1: deny"),
            "\(denied.stderr)")
        #expect(try dnf.installed() == ["hello-tg", "tg-shell-stub"])
        let pair = try dnf.run(["install", "suidtool", "netfetch"])
        #expect(pair.status != 0)
        #expect(try dnf.installed() == ["hello-tg", "tg-shell-stub"], "nothing of the pair is installed")
    }

    @Test func aCrashingOrMissingTollgateStillBlocks() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let crashing = dir.appendingPathComponent("tollgate-crashes").path
        // Written by a child process: a file this process held open for writing could be inherited by a child
        // that another test forks meanwhile, and executing it would then fail with ETXTBSY.
        #expect(
            try Run.shell("printf '#!/bin/sh\\nkill -SEGV $$\\n' > '\(crashing)' && chmod 755 '\(crashing)'").status
                == 0)
        for (binary, expected) in [
            (crashing, "killed by signal 11"), (dir.appendingPathComponent("missing").path, "cannot run"),
        ] {
            guard let dnf = try dnf(binary: binary) else { return }
            defer { try? FileManager.default.removeItem(at: dnf.dir) }
            let result = try dnf.run(["install", "hello-tg", "tg-shell-stub"])
            #expect(result.status != 0, "\(binary)")
            #expect(result.stderr.contains(expected), "\(result.status) \(result.stderr) \(result.stdout)")
            #expect(try dnf.installed().isEmpty)
        }
    }
}
