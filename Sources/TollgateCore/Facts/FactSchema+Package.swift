extension FactSchema {
    /// The schema of a package fact document: `Package` and every object type it contains.
    public static let package = FactSchema(
        root: PackageFacts.factTypeName,
        objects: [
            PackageFacts.factObjectSchema, Person.factObjectSchema, Dependency.factObjectSchema,
            Script.factObjectSchema, FileEntry.factObjectSchema, SourceFile.factObjectSchema,
            SignatureFacts.factObjectSchema, ChangelogEntry.factObjectSchema, UpstreamFacts.factObjectSchema,
            UpstreamKey.factObjectSchema, WatchFile.factObjectSchema, Artifact.factObjectSchema,
            RepositoryRef.factObjectSchema, DebianInfo.factObjectSchema, RPMInfo.factObjectSchema,
            HistoryFacts.factObjectSchema, SignerHistory.factObjectSchema, SignerSeen.factObjectSchema,
            IntegrityFacts.factObjectSchema, DriftFile.factObjectSchema, DriftCategory.factObjectSchema,
            ArchiveFinding.factObjectSchema, M4FileFacts.factObjectSchema, BuildIndicator.factObjectSchema,
            TestFileFacts.factObjectSchema, BuildDependencyRisk.factObjectSchema, UploadFacts.factObjectSchema,
            PersonSeen.factObjectSchema,
        ]
    )

    /// The schema of a Debian Release document.
    public static let release = FactSchema(
        root: ReleaseFacts.factTypeName,
        objects: [
            ReleaseFacts.factObjectSchema, ReleaseFacts.IndexFile.factObjectSchema, Artifact.factObjectSchema,
            SignatureFacts.factObjectSchema,
        ]
    )
}
