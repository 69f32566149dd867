import Foundation
import TollgateCore

/// Where things are, seen from the tests.
public enum TestPaths {
    /// The repository root (the directory holding Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("cannot find the package root above \(#filePath)")
    }()

    /// `Fixtures/` of the repository.
    public static var fixtures: URL { root.appendingPathComponent("Fixtures") }

    /// A file under `Fixtures/`.
    public static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    /// `../shared/real-world/` beside the clone, or nil when absent (tests that need it skip with a message).
    public static var realWorld: URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/real-world")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A real-world file, or nil when `../shared` is absent.
    public static func realWorld(_ relative: String) -> String? {
        realWorld?.appendingPathComponent(relative).path
    }

    /// The message tests print when they skip for want of `../shared`.
    public static let realWorldMissing = "../shared/real-world is absent beside the clone: real-world test skipped"

    /// The directory holding the built products (`tollgate`), next to the running test bundle.
    public static var products: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("tollgate").path) { return url }
        }
        return root.appendingPathComponent(".build/debug")
    }

    /// The `tollgate` executable under test.
    public static var tollgate: String { products.appendingPathComponent("tollgate").path }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The result of running a program.
public struct ProcessResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var status: Int32
}

/// Runs programs as a user would, capturing their output.
public enum Run {
    /// Runs `executable` with `arguments`; `input` is written to standard input.
    @discardableResult
    public static func program(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
        directory: URL? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        // Read both pipes concurrently so that a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = readAll(out.fileHandleForReading.fileDescriptor)
            group.leave()
        }
        errData = readAll(err.fileHandleForReading.fileDescriptor)
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: process.terminationStatus
        )
    }

    /// Runs a command through `/bin/sh -c` (for pipelines in oracles).
    @discardableResult
    public static func shell(_ command: String) throws -> ProcessResult {
        try program("/bin/sh", ["-c", command])
    }

    /// Runs shell lines (under `set -e`) with a private GnuPG home, `gnupg` inside `dir`, made first (mode 700):
    /// for tests that make, sign with or revoke keys of their own. The lines may name it as `$GNUPGHOME`.
    @discardableResult
    public static func withGnuPGHome(in dir: URL, _ lines: String) throws -> ProcessResult {
        let home = dir.appendingPathComponent("gnupg").path
        return try shell("set -e\nmkdir -p -m 700 '\(home)'\nexport GNUPGHOME='\(home)'\n" + lines)
    }

    /// A state directory of the test process's own, so that no test reads or writes the user's default history
    /// (`$XDG_STATE_HOME/tollgate/history.sqlite`, which the README's main command fills).
    public static let isolatedState: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-test-state-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }()

    /// Runs `tollgate` with arguments (in an isolated state directory unless `environment` says otherwise).
    @discardableResult
    public static func tollgate(
        _ arguments: [String], input: String? = nil, environment: [String: String]? = nil
    )
        throws -> ProcessResult
    {
        var isolated = ProcessInfo.processInfo.environment
        isolated["XDG_STATE_HOME"] = isolatedState
        return try program(TestPaths.tollgate, arguments, input: input, environment: environment ?? isolated)
    }
}

/// Reads a descriptor to its end, retrying reads that a signal interrupts (Foundation's readDataToEndOfFile traps on
/// EINTR, which SIGCHLD from parallel tests triggers).
public func readAll(_ fd: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: buffer[0..<n])
        } else if n == 0 || errno != EINTR {
            return data
        }
    }
}

/// Parses JSON text into Foundation values for assertions.
public func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
