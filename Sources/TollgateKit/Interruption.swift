import Dispatch
import Foundation
import TollgateSignatures

/// The write end of the pipe the signal handler reports on (a handler may do little more than `write`).
nonisolated(unsafe) private var interruptionPipe: Int32 = -1

/// Ends a run interrupted by SIGINT, SIGTERM or SIGHUP (Ctrl-C, a timer's stop) as the signal would, after removing
/// the private GnuPG homes it made: the handler only writes the signal's number to a pipe, and a queue reading the
/// pipe cleans up and raises the signal again with its default action. Children keep the default actions.
public enum Interruption {
    nonisolated(unsafe) private static var reader: DispatchSourceRead?

    /// Installs the handlers; call once, before any work.
    public static func install() {
        var ends: [Int32] = [-1, -1]
        guard reader == nil, pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        interruptionPipe = ends[1]
        let readEnd = ends[0]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var number: Int32 = 0
            guard read(readEnd, &number, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size else { return }
            PrivateHomes.removeAll()
            signal(number, SIG_DFL)
            // Process-directed: the queue's own thread blocks signals.
            kill(getpid(), number)
        }
        source.resume()
        reader = source
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { caught in
                var value = caught
                _ = write(interruptionPipe, &value, MemoryLayout<Int32>.size)
            }
            sigaddset(&unblocked, number)
        }
        // A process started from a thread that blocks signals (a dispatch queue's, say) inherits the mask.
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}
