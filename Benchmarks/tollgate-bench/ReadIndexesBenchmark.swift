import Foundation
import TollgateCore
import TollgateDebian

/// Issue 2's benchmark: the full bookworm main Packages and Sources read into fact documents, beside python3-apt's
/// apt_pkg.TagFile iterating the same files (bare, and copying every field into a dict).
enum ReadIndexesBenchmark {
    static let pythonBare = """
        import apt_pkg, sys
        n = 0
        for path in sys.argv[1:]:
            with apt_pkg.TagFile(path) as tf:
                for section in tf:
                    n += 1
        print(n)
        """

    static let pythonFields = """
        import apt_pkg, sys
        n = 0
        for path in sys.argv[1:]:
            with apt_pkg.TagFile(path) as tf:
                for section in tf:
                    d = {k: section[k] for k in section.keys()}
                    n += 1
        print(n)
        """

    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 3)
        let (packages, sources) = try BookwormLists.files(args)
        let files = [packages, sources]
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
            print("input: \(file) (\(Bench.megabytes(size)))")
        }
        var ours: [Bench.Measurement] = []
        var bare: [Bench.Measurement] = []
        var fields: [Bench.Measurement] = []
        var full: [Bench.Measurement] = []
        for _ in 0..<runs {
            ours.append(try Bench.measure([Bench.selfPath, "child-read-indexes"] + files))
            full.append(try Bench.measure([Bench.selfPath, "child-read-indexes", "--every-field"] + files))
            bare.append(try Bench.measure(["/usr/bin/python3", "-c", pythonBare] + files))
            fields.append(try Bench.measure(["/usr/bin/python3", "-c", pythonFields] + files))
        }
        let stanzas = Double(ours[0].output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let pyStanzas = Double(bare[0].output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        guard ours.allSatisfy({ $0.status == 0 }), bare.allSatisfy({ $0.status == 0 }) else {
            throw BenchError("a run failed")
        }
        func row(_ name: String, _ m: [Bench.Measurement]) -> String {
            let t = Bench.median(m.map(\.seconds))
            let rss = m.map(\.peakRSSBytes).max() ?? 0
            return String(
                format: "%-44@ %8.3f s %12.0f stanzas/s %12@", name as NSString, t, stanzas / t,
                Bench.megabytes(rss) as NSString)
        }
        print("stanzas: \(Int(stanzas)) (python3-apt counted \(Int(pyStanzas)))  runs: \(runs), median wall time")
        print(row("tollgate: read into fact documents", ours))
        print(row("tollgate: … and derive every field (JSON)", full))
        print(row("python3-apt TagFile: bare iteration", bare))
        print(row("python3-apt TagFile: every field into a dict", fields))
        let tOurs = Bench.median(ours.map(\.seconds))
        print(
            String(
                format: "ratio tollgate / python3-apt bare: %.2fx   / python3-apt dict: %.2fx   (target ≤ 1.5x bare)",
                tOurs / Bench.median(bare.map(\.seconds)), tOurs / Bench.median(fields.map(\.seconds))))
        print("peak RSS tollgate: \(Bench.megabytes(ours.map(\.peakRSSBytes).max() ?? 0)) (target < 300 MB)")
    }

    /// Child mode: reads the indexes into fact documents and prints the count.
    /// With `--every-field`, every field of every document is derived and written as JSON (discarded), which is
    /// the most a consumer can ask of a document.
    static func child(_ arguments: [String]) throws {
        let everyField = arguments.first == "--every-field"
        let files = everyField ? Array(arguments.dropFirst()) : arguments
        var count = 0
        var checksum = 0
        let writer = JSONWriter(indent: 0)
        for file in files {
            let body: (PackageFacts) -> Void = { facts in
                count += 1
                checksum &+= facts.name.utf8.count &+ facts.version.utf8.count
                if everyField { checksum &+= writer.string(facts).utf8.count }
            }
            if file.contains("Sources") {
                try DebianIndexReader.readSources(path: file, body)
            } else {
                try DebianIndexReader.readPackages(path: file, body)
            }
        }
        precondition(checksum > 0)
        print(count)
    }
}
