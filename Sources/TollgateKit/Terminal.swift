import Foundation

/// Where output goes, and whether a person is watching.
public enum Terminal {
    /// Whether standard error is a terminal (progress lines are drawn only then).
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Writes text to standard output. Output that cannot be written (a closed descriptor, a full disk) ends the
    /// run with status 2 and the reason, as grep and cat do: what was asked for cannot be delivered.
    public static func out(_ text: String) {
        if let failure = write(text, to: STDOUT_FILENO) {
            _ = write("tollgate: error: cannot write to standard output: \(failure)\n", to: STDERR_FILENO)
            exit(ExitStatus.inputError.rawValue)
        }
    }

    /// Writes a line to standard error (a failure to do so has nowhere to be told).
    public static func err(_ line: String) {
        _ = write(line + "\n", to: STDERR_FILENO)
    }

    /// Writes all of `text`, retrying interrupted and partial writes; the reason when it cannot.
    private static func write(_ text: String, to descriptor: Int32) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var done = 0
            while done < bytes.count {
                let n = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                done += n
            }
            return nil
        }
    }
}

/// A one-line progress display on standard error, redrawn at most ten times a second; silent in pipes.
public final class ProgressLine {
    private let enabled: Bool
    private var last = Date.distantPast
    private var drawn = false
    private var count = 0

    /// Creates a progress line, drawn only when standard error is a terminal.
    public init(enabled: Bool = Terminal.stderrIsTerminal) {
        self.enabled = enabled
    }

    /// Notes one more item (a package) without redrawing the current file.
    public func tick() { count += 1 }

    /// Shows the file being read.
    public func update(_ current: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        let text = "scanning: \(count) packages · \(current)"
        let width = 100
        let shown = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + shown).utf8))
        drawn = true
    }

    /// Erases the line.
    public func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}

extension String {
    /// The text with every control character (line breaks, escape sequences, …) written as `\x1B`: package
    /// metadata put into a table on a terminal must not move the cursor, recolour it or fake a line of its own.
    var terminalSafe: String {
        guard unicodeScalars.contains(where: \.properties.isControlLike) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.properties.isControlLike {
                out +=
                    scalar.value < 0x100
                    ? String(format: "\\x%02X", scalar.value) : String(format: "\\u%04X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar.Properties {
    /// C0 and C1 controls and DEL, and the bidirectional overrides that reorder what follows.
    fileprivate var isControlLike: Bool { generalCategory == .control || isBidiControl }
}
