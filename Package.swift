// swift-tools-version:6.1
import PackageDescription

// Layers, from the bottom up:
//   TollgateCore (model, fact document, schema, scoring; pure Swift, no C, no Yams)
//   LinearRegex ← CEL (the expression language, pure Swift)
//   CAptPkg / CRPM / CLibXML2 (small C and C++ shims) ← TollgateDebian / TollgateRPM (one Swift adapter each)
//   TollgateKit (artefact detection, scanning, output) ← tollgate (argument parsing only)
let package = Package(
    name: "Tollgate",
    products: [
        .executable(name: "tollgate", targets: ["tollgate"]),
        .library(name: "TollgateKit", targets: ["TollgateKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "TollgateCore"),

        .target(name: "LinearRegex"),
        .target(name: "CEL", dependencies: ["LinearRegex"]),

        .target(
            name: "CAptPkg",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("apt-pkg"), .linkedLibrary("stdc++")]
        ),
        .target(
            name: "TollgateDebian",
            dependencies: ["TollgateCore", "CAptPkg", .product(name: "Yams", package: "Yams")]
        ),

        .systemLibrary(name: "CRPM", pkgConfig: "rpm", providers: [.apt(["librpm-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "TollgateRPM", dependencies: ["TollgateCore", "CRPM", "CLibXML2"]),

        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .target(name: "TollgateArchive", dependencies: ["TollgateCore", "CArchive"]),
        .target(name: "TollgateDrift", dependencies: ["TollgateCore", "LinearRegex"]),
        .target(name: "TollgateSource", dependencies: ["TollgateCore", "CGit2"]),

        .systemLibrary(name: "CGPGME", pkgConfig: "gpgme", providers: [.apt(["libgpgme-dev"])]),
        .target(name: "TollgateSignatures", dependencies: ["TollgateCore", "CGPGME"]),

        .target(
            name: "TollgateHistory",
            dependencies: [
                "TollgateCore", "TollgateDrift", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        .target(
            name: "TollgatePolicy",
            dependencies: ["TollgateCore", "CEL", "LinearRegex", .product(name: "Yams", package: "Yams")]
        ),

        .target(
            name: "TollgateKit",
            dependencies: [
                "TollgateCore", "TollgateDebian", "TollgateRPM", "TollgateSource", "TollgateSignatures",
                "TollgateArchive", "TollgateDrift",
                "TollgateHistory", "TollgatePolicy",
            ]
        ),
        .executableTarget(
            name: "tollgate",
            dependencies: ["TollgateKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .executableTarget(
            name: "tollgate-bench",
            dependencies: ["TollgateKit", "TollgatePolicy", "CEL"],
            path: "Benchmarks/tollgate-bench"
        ),

        .target(name: "TollgateTestSupport", dependencies: ["TollgateCore"], path: "Tests/TollgateTestSupport"),
        .testTarget(name: "TollgateCoreTests", dependencies: ["TollgateCore", "TollgateTestSupport"]),
        .testTarget(name: "LinearRegexTests", dependencies: ["LinearRegex"]),
        .testTarget(name: "CELTests", dependencies: ["CEL"]),
        .testTarget(name: "TollgateDebianTests", dependencies: ["TollgateDebian", "TollgateTestSupport"]),
        .testTarget(name: "TollgateRPMTests", dependencies: ["TollgateRPM", "TollgateTestSupport"]),
        .testTarget(name: "TollgateSignaturesTests", dependencies: ["TollgateSignatures", "TollgateTestSupport"]),
        .testTarget(
            name: "TollgateHistoryTests",
            dependencies: [
                "TollgateHistory", "TollgateKit", "TollgateSource", "TollgatePolicy", "TollgateTestSupport", "tollgate",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "TollgatePolicyTests", dependencies: ["TollgatePolicy", "TollgateKit", "TollgateTestSupport"]
        ),
        .testTarget(name: "TollgateKitTests", dependencies: ["TollgateKit", "TollgateTestSupport"]),
        .testTarget(name: "TollgateArchiveTests", dependencies: ["TollgateArchive", "TollgateTestSupport"]),
        .testTarget(name: "TollgateGateTests", dependencies: ["TollgateTestSupport", "tollgate"]),
        .testTarget(name: "TollgateReportTests", dependencies: ["TollgateTestSupport", "tollgate"]),
        .testTarget(
            name: "TollgateDriftTests",
            dependencies: ["TollgateDrift", "TollgateKit", "TollgateSource", "TollgateTestSupport", "tollgate"]
        ),
        .testTarget(name: "TollgateCLITests", dependencies: ["TollgateTestSupport", "tollgate"]),
    ]
)
