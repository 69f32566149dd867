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

    static let judging = [
        "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15", "--no-history",
    ]

    func dnf(binary: String = TestPaths.tollgate, arguments: [String] = judging) throws -> Dnf? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/dnf") else {
            print("dnf end-to-end tests need root and dnf (.ci/install-deps installs it): skipped")
            return nil
        }
        let dir = try TestPaths.temporaryDirectory()
        let setup = try Run.program(
            TestPaths.fixture("hermetic-dnf.sh"), [dir.path, TestPaths.fixture("rpm-repo/Packages")])
        #expect(setup.status == 0, "\(setup.stderr)")
        let hook = try Run.tollgate(
            [
                "hooks", "install", "dnf", "--root", dir.appendingPathComponent("hooks").path, "--binary", binary, "--",
            ] + arguments)
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

    /// A plugin configuration dnf cannot parse (a quote left open in `arguments`) must not let the plugin run with
    /// its defaults — which would drop a `--config` or `--fail-on-warn` — but refuse the transaction; a package
    /// only warned about goes through and dnf says why; and a transaction refused records nothing in the history.
    @Test func aBrokenConfigurationRefusesWarningsAreSaidAndRefusedTransactionsAreNotRecorded() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.sqlite").path
        let judging = [
            "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15", "--db", db,
        ]
        guard let dnf = try dnf(arguments: judging) else { return }
        defer { try? FileManager.default.removeItem(at: dnf.dir) }
        let conf = dnf.dir.appendingPathComponent("hooks/etc/dnf/plugins/tollgate.conf").path
        let good = try String(contentsOfFile: conf, encoding: .utf8)
        try good.replacingOccurrences(of: "arguments = ", with: "arguments = --fail-on-warn '/unclosed ").write(
            toFile: conf, atomically: true, encoding: .utf8)
        let broken = try dnf.run(["install", "suidtool"])
        #expect(broken.status != 0, "\(broken.stdout)")
        #expect(
            broken.stderr.contains("tollgate: cannot read the plugin's configuration (ValueError"), "\(broken.stderr)")
        #expect(try dnf.installed().isEmpty)
        try good.write(toFile: conf, atomically: true, encoding: .utf8)

        let pair = try dnf.run(["install", "hello-tg", "netfetch"])
        #expect(pair.status != 0)
        let warned = try dnf.run(["install", "suidtool"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(
            warned.stdout.contains("tollgate: warning: suidtool 2.3-1: score 30; setuid-file")
                || warned.stderr.contains("tollgate: warning: suidtool 2.3-1: score 30; setuid-file"),
            "\(warned.stdout)\(warned.stderr)")
        #expect(try dnf.installed() == ["suidtool", "tg-shell-stub"], "with the stub it requires")
        let recorded = try Run.program(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute('select name from release')))",
                db,
            ])
        #expect(
            recorded.stdout.trimmingWhitespace() == "['suidtool', 'tg-shell-stub']",
            "hello-tg was not installed: \(recorded.stdout)")
    }

    /// A Tollgate that cannot judge exits 0 when `on_error` is allow (and says so on stderr, with no JSON): the
    /// plugin goes by the exit status and lets the transaction go on, as the configuration asked.
    @Test func onErrorAllowLetsTheTransactionGoOn() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config.yaml").path
        try "policies: /nonexistent\non_error: allow\n".write(toFile: config, atomically: true, encoding: .utf8)
        guard let dnf = try dnf(arguments: ["--config", config, "--no-history"]) else { return }
        defer { try? FileManager.default.removeItem(at: dnf.dir) }
        let result = try dnf.run(["install", "hello-tg", "tg-shell-stub"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try dnf.installed() == ["hello-tg", "tg-shell-stub"])
    }

    /// dnf logs and ignores any exception of a plugin but `dnf.exceptions.Error`: an error in the plugin itself, or
    /// dnf running it off the main thread (where Python refuses to change a signal's action), must still stop the
    /// transaction. Checked against the installed plugin with a stand-in `dnf` module.
    @Test func thePluginFailsClosedOnItsOwnErrorsAndOffTheMainThread() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hooks = dir.appendingPathComponent("hooks").path
        let refusing = dir.appendingPathComponent("refusing").path
        #expect(try Run.shell("printf '#!/bin/sh\\nexit 1\\n' > '\(refusing)' && chmod 755 '\(refusing)'").status == 0)
        let install = try Run.tollgate(["hooks", "install", "dnf", "--root", hooks, "--binary", refusing])
        #expect(install.status == 0, "\(install.stderr)")
        let stub = dir.appendingPathComponent("stub/dnf")
        try FileManager.default.createDirectory(at: stub, withIntermediateDirectories: true)
        try "class Plugin:\n    def __init__(self, base, cli): pass\n".write(
            to: stub.appendingPathComponent("__init__.py"), atomically: true, encoding: .utf8)
        try "class Error(Exception): pass\n".write(
            to: stub.appendingPathComponent("exceptions.py"), atomically: true, encoding: .utf8)
        let script = """
            import sys, threading
            sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2])
            import dnf.exceptions, tollgate
            class Broken:
                @property
                def transaction(self): raise RuntimeError("broken transaction")
            class Package:
                def localPkg(self): return "/nonexistent.rpm"
            class Transaction:
                install_set = [Package()]
            class Base:
                transaction = Transaction()
            def outcome(call):
                try:
                    call()
                    return "went on"
                except dnf.exceptions.Error:
                    return "stopped"
                except Exception as error:
                    return "escaped " + type(error).__name__
            print(outcome(lambda: tollgate.Tollgate(Broken(), None).resolved()))
            results = []
            worker = threading.Thread(target=lambda: results.append(outcome(tollgate.Tollgate(Base(), None).pre_transaction)))
            worker.start(); worker.join()
            print(results[0])
            """
        let run = try Run.program(
            "/usr/bin/python3",
            [
                "-c", script, dir.appendingPathComponent("stub").path,
                hooks + "/usr/lib/python3/dist-packages/dnf-plugins",
            ])
        #expect(run.stdout == "stopped\nstopped\n", "\(run.stdout)\(run.stderr)")
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
