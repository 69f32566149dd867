import CRPM
import TollgateCore

/// The scriptlets of an RPM header: install/erase/transaction scripts and (file) triggers.
enum RPMScriptlets {
    static let plain: [(rpmTag_e, rpmTag_e, String)] = [
        (RPMTAG_PRETRANS, RPMTAG_PRETRANSPROG, "pretrans"), (RPMTAG_PREIN, RPMTAG_PREINPROG, "pre"),
        (RPMTAG_POSTIN, RPMTAG_POSTINPROG, "post"), (RPMTAG_PREUN, RPMTAG_PREUNPROG, "preun"),
        (RPMTAG_POSTUN, RPMTAG_POSTUNPROG, "postun"), (RPMTAG_POSTTRANS, RPMTAG_POSTTRANSPROG, "posttrans"),
        (RPMTAG_VERIFYSCRIPT, RPMTAG_VERIFYSCRIPTPROG, "verify"),
    ]

    static func read(_ header: RPMHeader) -> [Script] {
        var scripts: [Script] = []
        for (bodyTag, progTag, name) in plain {
            let program = header.strings(progTag)
            let body = header.string(bodyTag)
            guard body != nil || !program.isEmpty else { continue }
            scripts.append(
                Script(
                    name: name, interpreter: program.isEmpty ? "/bin/sh" : program.joined(separator: " "),
                    body: body ?? "")
            )
        }
        scripts += triggers(
            header, scripts: RPMTAG_TRIGGERSCRIPTS, programs: RPMTAG_TRIGGERSCRIPTPROG, names: RPMTAG_TRIGGERNAME,
            versions: RPMTAG_TRIGGERVERSION, flags: RPMTAG_TRIGGERFLAGS, index: RPMTAG_TRIGGERINDEX, prefix: "trigger"
        )
        scripts += triggers(
            header, scripts: RPMTAG_FILETRIGGERSCRIPTS, programs: RPMTAG_FILETRIGGERSCRIPTPROG,
            names: RPMTAG_FILETRIGGERNAME, versions: RPMTAG_FILETRIGGERVERSION, flags: RPMTAG_FILETRIGGERFLAGS,
            index: RPMTAG_FILETRIGGERINDEX, prefix: "filetrigger"
        )
        scripts += triggers(
            header, scripts: RPMTAG_TRANSFILETRIGGERSCRIPTS, programs: RPMTAG_TRANSFILETRIGGERSCRIPTPROG,
            names: RPMTAG_TRANSFILETRIGGERNAME, versions: RPMTAG_TRANSFILETRIGGERVERSION,
            flags: RPMTAG_TRANSFILETRIGGERFLAGS, index: RPMTAG_TRANSFILETRIGGERINDEX, prefix: "transfiletrigger"
        )
        return scripts
    }

    static func triggers(
        _ header: RPMHeader, scripts: rpmTag_e, programs: rpmTag_e, names: rpmTag_e, versions: rpmTag_e,
        flags: rpmTag_e, index: rpmTag_e, prefix: String
    ) -> [Script] {
        let bodies = header.strings(scripts)
        guard !bodies.isEmpty else { return [] }
        let progs = header.strings(programs)
        let conditionNames = header.strings(names)
        let conditionVersions = header.strings(versions)
        let conditionFlags = header.numbers(flags)
        let indexes = header.numbers(index)
        return bodies.indices.map { i in
            var kind = "in"
            var conditions: [String] = []
            for (j, target) in indexes.enumerated() where Int(target) == i && j < conditionNames.count {
                let f = j < conditionFlags.count ? UInt32(truncatingIfNeeded: conditionFlags[j]) : 0
                if f & UInt32(RPMSENSE_TRIGGERUN.rawValue) != 0 { kind = "un" }
                if f & UInt32(RPMSENSE_TRIGGERPOSTUN.rawValue) != 0 { kind = "postun" }
                if f & UInt32(RPMSENSE_TRIGGERPREIN.rawValue) != 0 { kind = "prein" }
                let relation = RPMSense.relation(f)
                let version = j < conditionVersions.count ? conditionVersions[j] : ""
                conditions.append(relation.isEmpty ? conditionNames[j] : "\(conditionNames[j]) \(relation) \(version)")
            }
            return Script(
                name: prefix + kind, interpreter: i < progs.count ? progs[i] : "/bin/sh", body: bodies[i],
                condition: conditions.joined(separator: ", ")
            )
        }
    }
}
