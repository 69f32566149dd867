/// Tollgate's version, as `--version` and machine-readable outputs (SARIF, JSON reports) state it.
public enum TollgateVersion {
    public static let string = "0.1.0"
}
