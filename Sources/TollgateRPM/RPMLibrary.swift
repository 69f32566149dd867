import CRPM
import Foundation
import Synchronization

/// One-time set-up of librpm for reading: logs captured rather than printed.
///
/// librpm needs no configuration files to read headers; nothing here touches `/etc/rpm` or an rpm database.
enum RPMLibrary {
    private static let key = "tollgate.rpm.message"
    /// While a verification runs (serialised), the notices librpm prints for it are collected here.
    static let capture = Mutex<[String]?>(nil)

    private static let setUp: Void = {
        _ = rpmlogSetCallback(
            { record, _ in
                guard let record, let message = rpmlogRecMessage(record) else { return 0 }
                let priority = rpmlogRecPriority(record).rawValue
                if priority <= RPMLOG_WARNING.rawValue {
                    Thread.current.threadDictionary[RPMLibrary.key] = String(cString: message)
                } else {
                    let text = String(cString: message)
                    RPMLibrary.capture.withLock { lines in lines?.append(text) }
                }
                return 0
            }, nil)
        tg_rpm_log_errors_only()
    }()

    /// Ensures set-up ran.
    static func prepare() { _ = setUp }

    /// The last message librpm logged on this thread, trimmed; nil when none.
    static func takeMessage() -> String? {
        let dictionary = Thread.current.threadDictionary
        let text = (dictionary[key] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        dictionary.removeObject(forKey: key)
        return text.isEmpty ? nil : text
    }
}

/// The numeric value of a tag, as librpm's functions take it.
@inline(__always) func tag(_ t: rpmTag_e) -> rpmTagVal { rpmTagVal(t.rawValue) }
