import Testing
import TollgateCore

@testable import TollgateKit

/// Where SARIF results and suppressions point.
@Suite struct SARIFLocationTests {
    /// An artefact's path is a URI reference as a whole: a colon in it neither cuts it short nor reads as a scheme.
    @Test func artefactPathsKeepTheirColons() {
        #expect(SARIFLog.uri("dir:2024/x.deb") == "dir%3A2024/x.deb")
        #expect(SARIFLog.uri("/srv/mirror:old/pool/a b.deb") == "file:///srv/mirror%3Aold/pool/a%20b.deb")
        #expect(SARIFLog.uri("pool/main/h/hello/hello_2.10-3_amd64.deb") == "pool/main/h/hello/hello_2.10-3_amd64.deb")
    }

    /// A waiver's file, line and column are the file's URI and a region.
    @Test func waiverPositionsBecomeRegions() {
        let writer = JSONWriter()
        #expect(
            writer.string(
                SARIFLog.physicalLocation(SourcePosition(file: "/etc/tollgate/waivers:v2.yaml", line: 12, column: 5)))
                == writer.string(
                    .map([
                        ("artifactLocation", .map([("uri", .string("file:///etc/tollgate/waivers%3Av2.yaml"))])),
                        ("region", .map([("startLine", .int(12)), ("startColumn", .int(5))])),
                    ])))
        #expect(
            writer.string(SARIFLog.physicalLocation(SourcePosition(file: "waivers.yaml")))
                == writer.string(.map([("artifactLocation", .map([("uri", .string("waivers.yaml"))]))])))
    }
}
