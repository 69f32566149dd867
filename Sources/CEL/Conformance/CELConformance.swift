import Foundation

/// Runs the CEL specification's conformance cases in their JSON form (one file per spec test file; see
/// `shared/cel-conformance/README.md`), for the test suite and for `tollgate policy test --conformance`.
public enum CELConformance {
    /// The core files Tollgate must pass (extension libraries excluded).
    public static let coreFiles = [
        "basic", "comparisons", "conversions", "fields", "fp_math", "integer_math", "lists", "logic", "macros",
        "macros2", "parse", "plumbing", "string", "timestamps",
    ]

    /// The outcome for one file.
    public struct FileResult: Sendable {
        /// File stem (`basic`).
        public let file: String
        /// Cases run (those that need protobuf messages are excluded).
        public let count: Int
        /// Cases passed.
        public var passed: Int { count - failures.count }
        /// Failed cases by id (`file/section/name`) with what went wrong.
        public let failures: [(id: String, problem: String)]
    }

    /// Runs the named files of `directory`; throws when a file cannot be read.
    public static func run(directory: URL, files: [String] = coreFiles) throws -> [FileResult] {
        try files.map { file in
            let data = try Data(contentsOf: directory.appendingPathComponent("\(file).json"))
            guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let cases = root["cases"] as? [[String: Any]]
            else { throw CocoaError(.fileReadCorruptFile) }
            var failures: [(id: String, problem: String)] = []
            var count = 0
            for testCase in cases where (testCase["needs_proto"] as? Bool) != true {
                count += 1
                let id = "\(file)/\(testCase["section"] as? String ?? "")/\(testCase["name"] as? String ?? "")"
                if let problem = ConformanceCase(testCase).run() { failures.append((id, problem)) }
            }
            return FileResult(file: file, count: count, failures: failures)
        }
    }
}
