import Foundation

/// The files that put Tollgate where packages enter a system: apt's `DPkg::Pre-Install-Pkgs` snippet, the dnf 4
/// plugin and its configuration, and a dnf5 actions file.
public enum Hooks {
    /// The integrations `tollgate hooks` knows.
    public enum Target: String, Sendable, CaseIterable {
        case apt, dnf, dnf5
    }

    /// The running executable's path (what the integrations call by default).
    public static var defaultBinary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// One file of an integration: where it goes (relative to the root) and what it holds.
    public struct File: Sendable {
        public var path: String
        public var contents: String
        public var mode: Int
    }

    /// The files of `target`, calling `tollgate` at `binary` with `arguments` (say, `--config FILE`).
    public static func files(_ target: Target, binary: String, arguments: [String]) -> [File] {
        let extra = arguments.map(shellQuoted).joined(separator: " ")
        switch target {
        case .apt:
            let command = ([binary, "apt-hook"] + arguments.map(shellQuoted)).joined(separator: " ")
            return [
                File(
                    path: "etc/apt/apt.conf.d/80tollgate",
                    contents: """
                        // Tollgate judges every package apt is about to unpack; a denial (or a failure to judge, with
                        // on_error: deny) makes apt abort the whole transaction before dpkg runs. See `tollgate
                        // apt-hook --help` and /etc/tollgate/config.yaml.
                        DPkg::Pre-Install-Pkgs { "\(aptEscaped(command))"; };
                        DPkg::Tools::Options::\(binary)::Version "3";
                        DPkg::Tools::Options::\(binary)::InfoFD "3";

                        """, mode: 0o644)
            ]
        case .dnf:
            return [
                File(path: "usr/lib/python3/dist-packages/dnf-plugins/tollgate.py", contents: dnfPlugin, mode: 0o644),
                File(
                    path: "etc/dnf/plugins/tollgate.conf",
                    contents: """
                        [main]
                        enabled = 1
                        # The tollgate executable, and arguments for every call (for example --config FILE).
                        command = \(binary)
                        arguments = \(extra)
                        # Check the resolved transaction's metadata before anything is downloaded.
                        check_resolved = 1

                        """, mode: 0o644),
            ]
        case .dnf5:
            return [
                File(
                    path: "etc/dnf/libdnf5-plugins/actions.d/tollgate.actions",
                    contents: """
                        # Tollgate judges each incoming package before the rpm transaction; raise_error=1 makes a
                        # denial (a non-zero exit) stop dnf5. The package file is found by name in dnf5's cache.
                        pre_transaction:*:in:raise_error=1:\(binary) gate \(extra.isEmpty ? "" : extra + " ")--locate-in ${conf.cachedir} ${pkg.location}

                        """, mode: 0o644)
            ]
        }
    }

    /// Refuses an executable path or arguments the integrations cannot carry: apt names its tool options after the
    /// command's first word and reads a quoted string (a space, a quote or a brace in the path breaks every apt
    /// command on the system); dnf5's actions file splits on spaces; dnf's configuration is one line per value.
    public static func validate(binary: String, arguments: [String]) throws {
        guard binary.hasPrefix("/"),
            binary.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._+-@".unicodeScalars.contains($0))
            })
        else {
            throw Problem(
                path: binary,
                reason: "the integrations need an absolute executable path of letters, digits and / . _ + - @ only "
                    + "(a symbolic link such as /usr/local/bin/tollgate will do)")
        }
        // apt's configuration reader also decodes `%41` in a quoted value as `A`.
        for argument in arguments
        where argument.unicodeScalars.contains(where: {
            $0 == "\"" || $0 == "%" || $0.properties.generalCategory == .control
        }) {
            throw Problem(
                path: argument,
                reason: "an argument for the integrations may hold no double quote, % or control character")
        }
    }

    /// Writes the files under `root` (`/` for the system), refusing to overwrite different existing ones unless
    /// `force`.
    public static func install(
        _ target: Target, root: String, binary: String, arguments: [String], force: Bool
    )
        throws -> [String]
    {
        try validate(binary: binary, arguments: arguments)
        // No window in which a directory it makes is writable by others (Foundation makes it, then sets its mode).
        umask(0o022)
        let files = files(target, binary: binary, arguments: arguments).map {
            (file: $0, path: (root as NSString).appendingPathComponent($0.path))
        }
        // Every file is checked before any is written: a refusal leaves nothing half installed.
        for (file, path) in files where !force {
            if let existing = FileManager.default.contents(atPath: path), existing != Data(file.contents.utf8) {
                throw Problem(path: path, reason: "exists with other contents (use --force to replace it)")
            }
        }
        var written: [String] = []
        for (file, path) in files {
            // Directories root's package manager loads code from: never writable by others, whatever the umask.
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: file.mode], ofItemAtPath: path)
            written.append(path)
        }
        return written
    }

    static func shellQuoted(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@".contains($0) }
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func aptEscaped(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "\\\"") }

    /// The dnf 4 plugin. Every failure — a denial, a crash, a missing executable, an error in the plugin itself —
    /// becomes `dnf.exceptions.Error`, the one exception dnf does not swallow, so that nothing is installed (fail
    /// closed). Tollgate's exit status is the answer: 0 lets the transaction go on (Tollgate allowed it, or could
    /// not judge and `on_error` is allow), anything else stops it; the JSON only explains a refusal.
    static let dnfPlugin = """
        # Tollgate's dnf plugin: judges the packages of a transaction with `tollgate gate` and stops the transaction
        # when one is denied — or when tollgate cannot answer. Installed by `tollgate hooks install dnf`.
        import functools
        import json
        import logging
        import shlex
        import signal
        import subprocess

        import dnf
        import dnf.exceptions

        logger = logging.getLogger("dnf")

        def fail_closed(hook):
            # dnf logs any other exception a plugin raises and goes on with the transaction.
            @functools.wraps(hook)
            def guarded(self):
                if self.config_error is not None:
                    raise dnf.exceptions.Error("tollgate: cannot read the plugin's configuration (%s); refusing the "
                                               "transaction" % self.config_error)
                try:
                    return hook(self)
                except dnf.exceptions.Error:
                    raise
                except Exception as error:
                    raise dnf.exceptions.Error("tollgate: the plugin failed (%s: %s); refusing the transaction"
                                               % (type(error).__name__, error))
            return guarded


        class Tollgate(dnf.Plugin):
            name = "tollgate"

            def __init__(self, base, cli):
                super(Tollgate, self).__init__(base, cli)
                self.base = base
                self.command = "/usr/bin/tollgate"
                self.arguments = []
                self.check_resolved = True
                self.config_error = None

            def config(self):
                # dnf logs an exception raised here and goes on with the defaults (which may drop a --config): it
                # is kept, and the transaction refused at the next hook.
                try:
                    conf = self.read_config(self.base.conf)
                    if conf.has_section("main"):
                        if conf.has_option("main", "command"):
                            self.command = conf.get("main", "command")
                        if conf.has_option("main", "arguments"):
                            self.arguments = shlex.split(conf.get("main", "arguments"))
                        if conf.has_option("main", "check_resolved"):
                            self.check_resolved = conf.getboolean("main", "check_resolved")
                except Exception as error:
                    self.config_error = "%s: %s" % (type(error).__name__, error)

            def _incoming(self):
                transaction = self.base.transaction
                return [] if transaction is None else list(transaction.install_set)

            def _run(self, arguments, stdin=None):
                argv = [self.command, "gate", "--format", "json", "--transaction"] + self.arguments + arguments
                # dnf restores SIGPIPE's default action; a tollgate that dies before reading its input must not take
                # dnf down with it (that too would stop the transaction, but with no word of why).
                # Only the main thread may change it; dnf run from another thread keeps its own.
                try:
                    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
                except ValueError:
                    previous = None
                try:
                    # A list of arguments, never a shell: package names and paths cannot inject anything.
                    done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          timeout=600)
                except Exception as error:
                    raise dnf.exceptions.Error("tollgate: cannot run %s: %s" % (argv[0], error))
                finally:
                    if previous is not None:
                        signal.signal(signal.SIGPIPE, previous)
                if done.returncode < 0:
                    raise dnf.exceptions.Error("tollgate: killed by signal %d; refusing the transaction" % -done.returncode)
                try:
                    answer = json.loads(done.stdout.decode("utf-8"))
                except Exception:
                    answer = None
                # The packages judged with a decision among `decisions`: (package, verdict, its strongest rules).
                def judged(decisions):
                    for package in (answer or {}).get("packages", []):
                        verdict = package.get("verdict", {})
                        if verdict.get("decision") in decisions:
                            yield package, verdict, ", ".join(f.get("rule", "?") for f in verdict.get("findings", [])[:3])
                if done.returncode == 0:
                    # Let through, but the person installing a package warned about is told why.
                    for package, verdict, rules in judged(("warn",)):
                        logger.warning("tollgate: warning: %s %s: score %s; %s", package.get("name"),
                                       package.get("version"), verdict.get("score"), rules)
                else:
                    reasons = ["%s %s: %s (score %s; %s)" % (package.get("name"), package.get("version"),
                                                             verdict.get("decision"), verdict.get("score"), rules)
                               for package, verdict, rules in judged(("deny", "warn"))]
                    message = "; ".join(reasons) or done.stderr.decode("utf-8", "replace").strip() or "no answer"
                    raise dnf.exceptions.Error("tollgate blocked the transaction (exit %d): %s" % (done.returncode, message))

            @fail_closed
            def resolved(self):
                if not self.check_resolved:
                    return
                documents = []
                for pkg in self._incoming():
                    document = {"ecosystem": "rpm", "kind": "binary", "name": pkg.name, "version": pkg.evr,
                                "epoch": int(pkg.epoch or 0), "upstream_version": pkg.version, "revision": pkg.release,
                                "architecture": pkg.arch,
                                "artifact": {"path": "%s:%s" % (pkg.reponame, pkg.location), "format": "rpm-metadata"}}
                    if pkg.packager:
                        document["packager"] = {"name": pkg.packager, "raw": pkg.packager}
                    if pkg.vendor:
                        document["vendor"] = pkg.vendor
                    documents.append(document)
                if documents:
                    self._run(["--facts", "-"], stdin=json.dumps(documents).encode("utf-8"))

            @fail_closed
            def pre_transaction(self):
                files = [pkg.localPkg() for pkg in self._incoming()]
                if files:
                    self._run(["--"] + files)

        """
}
