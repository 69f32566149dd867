extension PackageFacts {
    /// The elements of the lists the document holds: file list, scripts, signatures, changelog, the tarball's
    /// comparison with git and the history's lists. Fields derived from the record on first use (relationships,
    /// uploaders) are not derived to count them.
    public var factElementCount: Int {
        var count = (files?.count ?? 0) + (scripts?.count ?? 0) + signatures.count + (changelog?.count ?? 0)
        if let integrity {
            count += integrity.tarballs.count + integrity.onlyInTarball.count + integrity.onlyInGit.count
            count += integrity.modified.count + integrity.categories.count + integrity.archiveProblems.count
            count += integrity.m4.count + integrity.indicators.count + integrity.testFiles.count
        }
        if let history = sharedHistory?.value {
            count += history.signers.count + history.people.count + history.newPeople.count
            count += history.signatureRegressedRoles.count + history.upstreamKeysAdded.count
            count += history.upstreamKeysRemoved.count + history.buildDependenciesAdded.count
            count += history.buildDependenciesRemoved.count
        }
        if let upload { count += upload.missing.count + upload.checksumMismatches.count }
        return count
    }
}
