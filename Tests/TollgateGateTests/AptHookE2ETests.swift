import Foundation
import Testing
import TollgateTestSupport

/// The apt hook with the real apt-get and dpkg, in a private apt (own configuration, lists, cache, dpkg database
/// and dpkg root; see Fixtures/hermetic-apt.sh): nothing of the host changes.
@Suite(.serialized) struct AptHookE2ETests {
    struct Apt {
        let dir: URL
        var config: String { dir.appendingPathComponent("etc/apt/apt.conf").path }
        var target: URL { dir.appendingPathComponent("target") }

        func install(_ packages: [String]) throws -> ProcessResult {
            var environment = ProcessInfo.processInfo.environment
            environment["APT_CONFIG"] = config
            environment["DEBIAN_FRONTEND"] = "noninteractive"
            return try Run.program(
                "/usr/bin/apt-get", ["install", "-y", "-q"] + packages, environment: environment, directory: dir)
        }

        func installed() throws -> Set<String> {
            let status = try String(contentsOf: dir.appendingPathComponent("var/lib/dpkg/status"), encoding: .utf8)
            return Set(
                status.split(separator: "\n").filter { $0.hasPrefix("Package: ") }.map { String($0.dropFirst(9)) })
        }
    }

    /// A private apt over the fixture repository, with the hook installed by `tollgate hooks install apt`.
    func apt(
        hookArguments: [String]? = [
            "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15", "--no-history",
        ]
    )
        throws -> Apt?
    {
        guard getuid() == 0 else {
            print("apt end-to-end tests need root (CI runs as root): skipped")
            return nil
        }
        let dir = try TestPaths.temporaryDirectory()
        let setup = try Run.program(
            TestPaths.fixture("hermetic-apt.sh"),
            [dir.path, TestPaths.fixture("debian-repo"), TestPaths.fixture("keys/archive.asc")])
        #expect(setup.status == 0, "\(setup.stderr)")
        if let hookArguments {
            let hook = try Run.tollgate(
                ["hooks", "install", "apt", "--root", dir.path, "--binary", TestPaths.tollgate, "--"] + hookArguments)
            #expect(hook.status == 0, "\(hook.stderr)")
        }
        return Apt(dir: dir)
    }

    @Test func aBenignPackageIsInstalledIntoThePrivateRoot() throws {
        guard let apt = try apt() else { return }
        defer { try? FileManager.default.removeItem(at: apt.dir) }
        let result = try apt.install(["hello-tg"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("tollgate: 1 package(s) checked, none blocked"), "\(result.stderr)")
        #expect(try apt.installed() == ["hello-tg"])
        #expect(FileManager.default.fileExists(atPath: apt.target.appendingPathComponent("usr/bin/hello-tg").path))
        // A package only warned about goes through, and the person installing it is told why.
        let warned = try apt.install(["suidtool"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("tollgate: warning: suidtool 2.3-1 ("), "\(warned.stderr)")
        #expect(warned.stderr.contains("tollgate:   setuid-file (medium, 30): "), "\(warned.stderr)")
    }

    @Test func aRiskyPackageAloneOrInAPairIsRefusedAndNothingIsInstalled() throws {
        guard let apt = try apt() else { return }
        defer { try? FileManager.default.removeItem(at: apt.dir) }
        for packages in [["netfetch"], ["hello-tg", "netfetch"]] {
            let result = try apt.install(packages)
            #expect(result.status != 0, "\(packages)")
            #expect(result.stderr.contains("tollgate: blocked netfetch 0.9-1 ("), "\(result.stderr)")
            #expect(result.stderr.contains("netfetch_0.9-1_all.deb): score"), "the file apt unpacks: \(result.stderr)")
            #expect(result.stderr.contains("maintainer-script-pipes-to-shell"))
            #expect(result.stderr.contains("to install it anyway, add a waiver"))
            let installed = try apt.installed()
            #expect(installed.isEmpty, "nothing is installed: \(installed)")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: apt.target.path))?.isEmpty ?? true)
        }
    }

    @Test func aWaiverLetsTheRiskyPackageThrough() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let waivers = dir.appendingPathComponent("waivers.yaml").path
        try """
        waivers:
          - rules: [maintainer-script-pipes-to-shell, maintainer-script-downloads]
            package: netfetch
            versions: "= 0.9-1"
            reason: Reviewed the installer; it is pinned.
            ticket: SEC-7
            approved_by: security@example.org
            expires: 2099-01-01
        """.write(toFile: waivers, atomically: true, encoding: .utf8)
        guard
            let apt = try apt(hookArguments: [
                "--policies", TestPaths.root.appendingPathComponent("policies").path, "--now", "2024-03-15",
                "--no-history",
                "--waivers", waivers,
            ])
        else { return }
        defer { try? FileManager.default.removeItem(at: apt.dir) }
        let result = try apt.install(["netfetch"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try apt.installed() == ["netfetch"])
    }

    @Test func whenTollgateCannotJudgeAptInstallsNothing() throws {
        guard let apt = try apt(hookArguments: ["--policies", "/nonexistent/policies", "--no-history"]) else { return }
        defer { try? FileManager.default.removeItem(at: apt.dir) }
        let result = try apt.install(["hello-tg"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot judge; denying, as on_error is deny"), "\(result.stderr)")
        #expect(try apt.installed().isEmpty)
    }

    @Test func shellMetacharactersInjectNothing() throws {
        guard let apt = try apt() else { return }
        defer { try? FileManager.default.removeItem(at: apt.dir) }
        // A package whose file names carry $(…), backquotes and semicolons installs, and nothing runs them.
        let result = try apt.install(["weird-names"])
        #expect(result.status == 0, "\(result.stderr)")
        for place in [apt.dir.path, apt.target.path, FileManager.default.currentDirectoryPath, "/tmp"] {
            #expect(!FileManager.default.fileExists(atPath: place + "/pwned"), "\(place)/pwned")
        }
        // A hook input naming a .deb path with metacharacters: read as a path, reported missing, nothing run.
        let marker = apt.dir.appendingPathComponent("PWNED").path
        let evil = "/nonexistent/$(touch \(marker))/`touch \(marker)`;touch \(marker).deb"
        let input = "VERSION 3\nAPT::Architecture=amd64\n\nevil - - none < 1.0 all none \(evil)\n"
        let hook = try Run.tollgate(
            ["apt-hook", "--policies", TestPaths.root.appendingPathComponent("policies").path, "--no-history"],
            input: input)
        #expect(hook.status == 2)
        #expect(hook.stderr.contains("no such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
