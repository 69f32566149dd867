import Foundation
import Testing
import TollgateTestSupport

/// A repository's chain of trust judged as apt and dnf enforce it, on copies of the fixture repositories altered as
/// a mirror's attacker (or a careless publisher) would alter them: each case is something apt or dnf refuses.
@Suite struct RepositoryChainCLITests {
    let archiveKey = TestPaths.fixture("keys/archive.asc")

    /// A copy of the fixture Debian repository, and the rules each package of a scan of it triggered, by
    /// `kind name version`.
    struct Copy {
        let dir: URL
        var repo: String { dir.appendingPathComponent("repo").path }
        var suite: String { repo + "/dists/stable" }

        init() throws {
            dir = try TestPaths.temporaryDirectory()
            try FileManager.default.copyItem(atPath: TestPaths.fixture("debian-repo"), toPath: repo)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }

        /// Signs `dists/stable/Release` afresh (InRelease, unless `inRelease` is false, and Release.gpg) with a
        /// fixture secret key.
        func sign(with key: String, uid: String, inRelease: Bool = true) throws {
            let signed = try Run.withGnuPGHome(
                in: dir,
                """
                gpg --batch --quiet --import '\(TestPaths.fixture("keys/\(key).sec.asc"))'
                cd '\(suite)'
                rm -f InRelease Release.gpg
                \(inRelease ? "gpg --batch --quiet --local-user '\(uid)' --clearsign --output InRelease Release" : "")
                gpg --batch --quiet --local-user '\(uid)' --armor --detach-sign --output Release.gpg Release
                gpgconf --kill all
                """)
            try #require(signed.status == 0, "\(signed.stderr)")
        }

        /// Replaces a clear-signed file by its text with `edit` (a sed expression) applied, clear-signed by a
        /// fixture key: what an attacker with a key of their own publishes.
        func resign(_ path: String, edit: String, with key: String, uid: String) throws {
            let signed = try Run.withGnuPGHome(
                in: dir,
                """
                gpg --batch --quiet --import '\(TestPaths.fixture("keys/\(key).sec.asc"))'
                awk '/^-----BEGIN PGP SIGNATURE/ { exit } body { print } /^$/ { body = 1 }' '\(path)' \
                    | sed '\(edit)' > '\(path).text'
                rm -f '\(path)'
                gpg --batch --quiet --local-user '\(uid)' --clearsign --output '\(path)' '\(path).text'
                rm -f '\(path).text'
                gpgconf --kill all
                """)
            try #require(signed.status == 0, "\(signed.stderr)")
        }

        /// Rewrites the suite's binary `Packages` (its `.xz` removed, so that the plain one is read), the Release
        /// left as it is: what a mirror's attacker edits.
        func editPackages(_ edit: (String) -> String) throws {
            let index = suite + "/main/binary-amd64/Packages"
            try FileManager.default.removeItem(atPath: index + ".xz")
            try edit(String(contentsOfFile: index, encoding: .utf8)).write(
                toFile: index, atomically: true, encoding: .utf8)
        }

        func scan(keyring: String, extra: [String] = []) throws -> (result: ProcessResult, rules: [String: [String]]) {
            let result = try Run.tollgate(
                ["scan", "--format", "json", "--no-history", "--keyring", keyring] + extra + [repo])
            let object = try #require(try parseJSON(result.stdout) as? [String: Any], "\(result.stderr)")
            var rules: [String: [String]] = [:]
            for package in object["packages"] as? [[String: Any]] ?? [] {
                let findings = (package["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
                let key = "\(package["kind"] ?? "") \(package["name"] ?? "") \(package["version"] ?? "")"
                rules[key, default: []] += findings.compactMap { $0["rule"] as? String }
            }
            return (result, rules)
        }
    }

    /// A mirror re-signed by its attacker's own key: apt refuses it (NO_PUBKEY); so is every package of it denied
    /// when a keyring is given. One good signature among several is enough, as for apt.
    @Test func aRepositorySignedByAKeyOutsideTheKeyringIsDenied() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.sign(with: "mallory", uid: "mallory@mail.example")
        let (result, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules.count == 19, "\(result.stderr)")
        #expect(
            rules.values.allSatisfy { $0.contains("repository-signer-not-in-keyring") }, "\(rules)")
        #expect(result.status == 1)
        let (_, trusted) = try copy.scan(keyring: TestPaths.fixture("keys/mallory.asc"))
        #expect(!trusted.values.contains { $0.contains("repository-signer-not-in-keyring") }, "\(trusted)")
        // A source package's own upstream key (tinyfmt ships mallory's) speaks for its upstream tarball only,
        // never for the Release.gpg of the repository it is in.
        try copy.sign(with: "mallory", uid: "mallory@mail.example", inRelease: false)
        let (_, detached) = try copy.scan(keyring: archiveKey)
        #expect(detached.count == 19)
        #expect(detached.values.allSatisfy { $0.contains("repository-signer-not-in-keyring") }, "\(detached)")
    }

    /// A Release signed while its key was valid, by a key that has expired since: apt refuses it (EXPKEYSIG), as
    /// an old Release could otherwise be replayed for ever; a tarball's signature by such a key stays good.
    @Test func aRepositorySignedByAKeyThatHasExpiredIsDenied() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let old = copy.dir.appendingPathComponent("old-archive.asc").path
        let made = try Run.withGnuPGHome(
            in: copy.dir,
            """
            g() { gpg --batch --quiet --yes --pinentry-mode loopback --passphrase '' "$@"; }
            g --faked-system-time 20200101T000000 --quick-gen-key 'Old Archive <old@fixtures.example>' ed25519 sign \
                2021-01-01 2>/dev/null
            g --armor --export old@fixtures.example > '\(old)'
            cd '\(copy.suite)'
            rm -f InRelease Release.gpg
            g --faked-system-time 20200601T000000 --local-user old@fixtures.example --clearsign --output InRelease \
                Release 2>/dev/null
            gpgconf --kill all
            """)
        try #require(made.status == 0, "\(made.stderr)")
        let (result, rules) = try copy.scan(keyring: old)
        #expect(rules["binary hello-tg 1.0-1"] == ["repository-signer-not-in-keyring"], "\(rules)")
        #expect(result.stdout.contains("the key expired on 2021-01-01"), "\(result.stdout.prefix(500))")
        // Judged as of a time the key was valid (`--now`, the clock policies see), the signature is good (the
        // Release, dated 2024, is then in the future).
        let (_, then) = try copy.scan(keyring: old, extra: ["--now", "2020-12-01"])
        #expect(then["binary hello-tg 1.0-1"] == ["release-not-current"], "\(then)")
    }

    /// A Release signed with SHA-1 by a key the keyring holds: apt refuses the weak digest, so it vouches for nothing.
    @Test func aRepositorySignedWithSHA1IsDenied() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let signed = try Run.withGnuPGHome(
            in: copy.dir,
            """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/archive.sec.asc"))'
            cd '\(copy.suite)'
            rm -f InRelease Release.gpg
            gpg --batch --quiet --digest-algo SHA1 --local-user archive@fixtures.example --clearsign \
                --output InRelease Release
            gpgconf --kill all
            """)
        try #require(signed.status == 0, "\(signed.stderr)")
        let (result, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules["binary hello-tg 1.0-1"]?.contains("repository-signer-not-in-keyring") == true, "\(rules)")
        #expect(!(rules["binary hello-tg 1.0-1"]?.contains("signature-cannot-vouch") ?? true), "\(rules)")
        #expect(result.stdout.contains("made with SHA1"), "\(result.stdout.prefix(500))")

        // A good signature beside the weak one is enough, as for apt (it drops the weak signer).
        let both = try Run.withGnuPGHome(
            in: copy.dir,
            """
            gpg --batch --quiet --import '\(TestPaths.fixture("keys/alice.sec.asc"))'
            cd '\(copy.suite)'
            rm -f InRelease Release.gpg
            gpg --batch --quiet --digest-algo SHA1 --local-user archive@fixtures.example --armor --detach-sign \
                --output weak.asc Release
            gpg --batch --quiet --local-user alice --armor --detach-sign --output good.asc Release
            cat weak.asc good.asc > Release.gpg
            rm weak.asc good.asc
            gpgconf --kill all
            """)
        try #require(both.status == 0, "\(both.stderr)")
        let (mixed, mixedRules) = try copy.scan(
            keyring: archiveKey, extra: ["--keyring", TestPaths.fixture("keys/alice.asc")])
        let findings = mixedRules["binary hello-tg 1.0-1"] ?? []
        #expect(!findings.contains("repository-signer-not-in-keyring") && !findings.contains("signature-cannot-vouch"))
        let packages = (try parseJSON(mixed.stdout) as? [String: Any])?["packages"] as? [[String: Any]] ?? []
        let hello = packages.first { $0["name"] as? String == "hello-tg" }
        #expect(hello?["signed"] as? Bool == true, "\(findings)")
    }

    /// A Release past its `Valid-Until` (a frozen or replayed mirror), or dated in the future, is refused by apt
    /// even when its signature is good.
    @Test func anExpiredOrFutureReleaseIsDenied() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let release = copy.suite + "/Release"
        let original = try String(contentsOfFile: release, encoding: .utf8)
        for (line, phrase) in [
            ("Valid-Until: Fri, 08 Mar 2024 00:00:00 UTC\n", "expired on 2024-03-08"),
            ("Valid-Until: next Tuesday\n", "is not a date apt reads"),
            ("", "in the future"),
        ] {
            var text = original.replacingOccurrences(of: "Suite: stable\n", with: "Suite: stable\n" + line)
            if line.isEmpty {
                text = text.replacingOccurrences(
                    of: "Date: Fri, 01 Mar 2024 00:00:00 UTC", with: "Date: Tue, 01 Jan 2999 00:00:00 UTC")
            }
            try text.write(toFile: release, atomically: true, encoding: .utf8)
            try copy.sign(with: "archive", uid: "archive@fixtures.example")
            let (result, rules) = try copy.scan(keyring: archiveKey)
            if line.contains("Tuesday") {
                // apt refuses a Release whose Valid-Until it cannot read: the suite is not read (its pool files are
                // read as loose files), and that is said.
                #expect(result.status == 2, "\(rules)")
                #expect(result.stderr.contains(phrase), "\(result.stderr)")
                continue
            }
            let hello = try #require(rules["binary hello-tg 1.0-1"], "\(result.stderr)")
            #expect(hello == ["release-not-current"], "\(hello)")
            #expect(result.stdout.contains(phrase), "\(phrase)")
        }
    }

    /// A package file swapped in `pool/` under an unchanged, validly signed index: apt refuses it (Hash Sum
    /// mismatch). So are a .dsc that is not the one `Sources` lists, and a tarball that is not the one its .dsc
    /// lists (dpkg-source refuses it).
    @Test func filesThatAreNotTheOnesListedAreDenied() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let fm = FileManager.default
        let pool = copy.repo + "/pool/main"
        let hello = "\(pool)/h/hello-tg/hello-tg_1.0-1_all.deb"
        try fm.removeItem(atPath: hello)
        try fm.copyItem(atPath: "\(pool)/q/quietd/quietd_2.1-1_all.deb", toPath: hello)
        try copy.resign(
            "\(pool)/t/tinyfmt/tinyfmt_1.4-1.dsc",
            edit: "s/^Maintainer: .*/Maintainer: Mallory <mallory@mail.example>/",
            with: "mallory", uid: "mallory@mail.example")
        let orig = try #require(
            try fm.contentsOfDirectory(atPath: "\(pool)/q/quietd").first { $0.hasSuffix(".orig.tar.gz") })
        let handle = try #require(FileHandle(forWritingAtPath: "\(pool)/q/quietd/\(orig)"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0, count: 512))
        try handle.close()

        let (result, rules) = try copy.scan(keyring: archiveKey)
        // The swapped file is read as what it is (quietd), and nothing vouches for it.
        #expect(rules["binary quietd 2.1-1"]?.contains("package-differs-from-index") == true, "\(rules)")
        #expect(rules["source tinyfmt 1.4-1"]?.contains("package-differs-from-index") == true, "\(rules)")
        #expect(rules["source quietd 2.1-1"]?.contains("source-file-not-as-listed") == true, "\(rules)")
        #expect(result.stdout.contains("\(orig) is not what"), "\(result.stdout.prefix(300))")
        #expect(rules["binary netfetch 0.9-1"]?.contains("package-differs-from-index") == false)
    }

    /// A `Filename` that climbs out of the repository makes apt fetch the package from elsewhere on the server;
    /// a suite without a Release is not read (apt reads nothing of it) and says so.
    @Test func escapingEntriesAndMissingReleasesAreSaid() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.editPackages {
            $0.replacingOccurrences(of: "Filename: pool/main/h/hello-tg/", with: "Filename: ../outside/")
        }
        let (_, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules["binary hello-tg 1.0-1"]?.contains("package-outside-repository") == true, "\(rules)")

        // A file beside the suites (the archive's `dists/README`) is not a suite; a suite nested as the old security
        // archive nests them (`dists/buster/updates`) is read.
        try "About these suites.\n".write(toFile: copy.repo + "/dists/README", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            atPath: copy.repo + "/dists/old", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: copy.suite, toPath: copy.repo + "/dists/old/updates")
        let (readme, nested) = try copy.scan(keyring: archiveKey)
        #expect(!readme.stderr.contains("README") && !readme.stderr.contains("no InRelease"), "\(readme.stderr)")
        #expect(nested.count == 19, "the nested copy's entries are the same packages, read twice: \(nested.keys)")
        #expect(readme.stdout.contains("dists/old/updates/main/binary-amd64/Packages"))
        try FileManager.default.removeItem(atPath: copy.repo + "/dists/old")
        // A suite none of whose listed indexes is here (deleted to make its pool pass as loose files) is said.
        for index in ["binary-amd64/Packages", "source/Sources"] {
            for suffix in ["", ".xz"] {
                try? FileManager.default.removeItem(atPath: "\(copy.suite)/main/\(index)\(suffix)")
            }
        }
        let (noIndexes, _) = try copy.scan(keyring: archiveKey)
        #expect(noIndexes.status == 2)
        #expect(noIndexes.stderr.contains("none of which is here"), "\(noIndexes.stderr)")
        for name in ["InRelease", "Release", "Release.gpg"] {
            try FileManager.default.removeItem(atPath: "\(copy.suite)/\(name)")
        }
        let (result, _) = try copy.scan(keyring: archiveKey)
        #expect(result.status == 2)
        #expect(result.stderr.contains("dists/stable: no InRelease or Release file"), "\(result.stderr)")
    }

    /// An empty `SHA256:` beside a right `SHA512:` is no checksum, not a wrong one.
    @Test func anEmptyChecksumFieldIsNoChecksum() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.editPackages {
            $0.replacingOccurrences(of: #"SHA256: [0-9a-f]{64}"#, with: "SHA256:", options: .regularExpression)
        }
        let regenerated = try Run.shell(
            "cd '\(copy.suite)' && sed -i '/Packages.xz$/d' Release && apt-ftparchive"
                + " -o APT::FTPArchive::Release::Codename=stable -o APT::FTPArchive::Release::Suite=stable"
                + " release . > ../Release.new && mv ../Release.new Release")
        try #require(regenerated.status == 0, "\(regenerated.stderr)")
        try copy.sign(with: "archive", uid: "archive@fixtures.example")
        let (_, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules["binary hello-tg 1.0-1"] == [], "\(rules)")
    }

    /// A package its index lists but whose file is gone (apt: 404; dnf: cannot download) was judged from its entry
    /// alone with nothing said: `package-file-missing` says so, for Debian and RPM repositories, and only then.
    @Test func aListedPackageWhoseFileIsGoneIsSaid() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let (_, before) = try copy.scan(keyring: archiveKey)
        #expect(!before.values.joined().contains("package-file-missing"), "\(before)")
        try FileManager.default.removeItem(atPath: copy.repo + "/pool/main/q/quietd/quietd_2.1-1_all.deb")
        let (_, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules["binary quietd 2.1-1"] == ["package-file-missing"], "\(rules)")
        #expect(rules.values.joined().filter { $0 == "package-file-missing" }.count == 1, "\(rules)")

        let rpm = copy.dir.appendingPathComponent("rpm").path
        try FileManager.default.copyItem(atPath: TestPaths.fixture("rpm-repo"), toPath: rpm)
        try FileManager.default.removeItem(atPath: rpm + "/Packages/netfetch-0.9-1.noarch.rpm")
        let result = try Run.tollgate(["scan", "--format", "json", "--no-history", rpm])
        let object = try #require(try parseJSON(result.stdout) as? [String: Any], "\(result.stderr)")
        let missing = (object["packages"] as? [[String: Any]] ?? []).filter { package in
            let findings = (package["verdict"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
            return findings.contains { $0["rule"] as? String == "package-file-missing" }
        }
        #expect(missing.map { "\($0["name"] ?? "") \($0["kind"] ?? "")" } == ["netfetch binary"], "\(missing)")
    }

    /// A Release that lists its indexes by SHA-512 alone vouches for them, as for apt; only SHA-256 was read.
    @Test func aReleaseListingOnlySHA512VouchesForItsIndexes() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let made = try Run.shell(
            "cd '\(copy.suite)' && apt-ftparchive -o APT::FTPArchive::Release::MD5=false"
                + " -o APT::FTPArchive::Release::SHA1=false -o APT::FTPArchive::Release::SHA256=false"
                + " -o APT::FTPArchive::Release::Codename=stable -o APT::FTPArchive::Release::Suite=stable"
                + " release . > ../Release.new && mv ../Release.new Release")
        try #require(made.status == 0, "\(made.stderr)")
        let release = try String(contentsOfFile: copy.suite + "/Release", encoding: .utf8)
        try #require(release.contains("SHA512:") && !release.contains("SHA256:"), "\(release)")
        try copy.sign(with: "archive", uid: "archive@fixtures.example")
        let (result, rules) = try copy.scan(keyring: archiveKey)
        #expect(rules["binary hello-tg 1.0-1"] == [], "\(rules) \(result.stderr)")
        // And an index that does not match its SHA-512 is not vouched for.
        try copy.editPackages { $0 + "\n" }
        let (_, tampered) = try copy.scan(keyring: archiveKey)
        #expect(tampered["binary hello-tg 1.0-1"]?.contains("index-not-vouched") == true, "\(tampered)")
    }
}
