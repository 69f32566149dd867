import Foundation

/// Shared plumbing of the benchmarks: child processes measured with wait4 (wall time and peak RSS).
enum Bench {
    static func usage() {
        print(
            """
            usage: tollgate-bench COMMAND [OPTIONS]

              fetch-bookworm [DIR]          apt-get update of Debian bookworm main (deb + deb-src, amd64) into a
                                            private lists directory (default \(BookwormLists.defaultDirectory))
              read-indexes [--lists DIR] [--runs N]
                                            read the full Packages and Sources indexes into fact documents, beside
                                            python3-apt's apt_pkg.TagFile iterating the same files
              evaluate [--lists DIR] [--runs N]
                                            the default profile over the same documents, beside the bare read;
                                            and one compiled field comparison
              rule-costs [--lists DIR]      what each rule of the default profile costs per document
              ingest [--lists DIR] [--runs N]
                                            tollgate history ingest of the full Sources index into an empty
                                            database, then again unchanged, beside the bare read
              drift [--xz DIR] [--runs N]   tollgate drift of the real xz-5.6.1.tar.gz against its git listing,
                                            beside tar -xzf of the same tarball
              gate [--shared DIR] [--runs N]
                                            hermetic apt-get install of ten packages with and without the hook;
                                            tollgate gate beside lintian on the real xz-utils .deb and .dsc
              report [--lists DIR] [--runs N]
                                            tollgate report of bookworm main (first run, next run, no history)
                                            beside python3-apt's bare iteration; decisions and denials
            """)
    }

    /// One measured run of a child process.
    struct Measurement {
        var seconds: Double
        var peakRSSBytes: Int64
        var status: Int32
        var output: String
    }

    /// Runs `argv` as a child, waits with wait4, and returns its wall time, peak RSS and standard output.
    static func measure(_ argv: [String], environment: [String: String]? = nil) throws -> Measurement {
        let pipe = Pipe()
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe.fileHandleForWriting.fileDescriptor, 1)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, env)
        guard rc == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        try pipe.fileHandleForWriting.close()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Date().timeIntervalSince(start)
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measurement(
            seconds: seconds, peakRSSBytes: Int64(usage.ru_maxrss) * 1024, status: exitStatus,
            output: String(decoding: output, as: UTF8.self)
        )
    }

    /// The path of this executable, to run its child modes.
    static var selfPath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

    static func option(_ name: String, in args: [String]) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    /// `--runs N`, or `fallback`.
    static func runs(_ args: [String], default fallback: Int) -> Int {
        Int(option("--runs", in: args) ?? "") ?? fallback
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
