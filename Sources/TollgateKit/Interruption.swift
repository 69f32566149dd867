import Foundation
import TollgateSignatures

/// The write end of the pipe the signal handler reports on (a handler may do little more than `write`).
nonisolated(unsafe) private var interruptionPipe: Int32 = -1

/// Ends a run interrupted by SIGINT, SIGTERM or SIGHUP (Ctrl-C, a timer's stop) as the signal would, after removing
/// the private GnuPG homes it made: the handler only writes the signal's number to a pipe, and a thread of its own
/// (never one busy judging) reads it, cleans up and raises the signal again with its default action. A signal the
/// parent set to be ignored (`nohup`, a background job of a script) stays ignored; children get default actions.
public enum Interruption {
    nonisolated(unsafe) private static var installed = false

    /// Installs the handlers; call once, before any work.
    public static func install() {
        var made: [Int32] = [-1, -1]
        guard !installed, pipe(&made) == 0 else { return }
        installed = true
        // Out of the way of the descriptors a run reads: with standard input or apt's descriptor 3 closed, the pipe
        // would take that number, and the hook would read its own signal pipe and wait for ever.
        let ends = made.map { end in
            let moved = fcntl(end, F_DUPFD_CLOEXEC, 64)
            guard moved >= 0 else {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                return end
            }
            close(end)
            return moved
        }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        interruptionPipe = ends[1]
        let readEnd = ends[0]
        let reader = Thread {
            var number: Int32 = 0
            while read(readEnd, &number, MemoryLayout<Int32>.size) != MemoryLayout<Int32>.size {
                guard errno == EINTR else { return }
            }
            PrivateHomes.removeAll()
            signal(number, SIG_DFL)
            // Process-directed: this thread may block the signal.
            kill(getpid(), number)
        }
        reader.start()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0,
                unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
                    != unsafeBitCast(SIG_IGN, to: Int.self)
            else { continue }
            signal(number) { caught in
                let saved = errno
                var value = caught
                _ = write(interruptionPipe, &value, MemoryLayout<Int32>.size)
                errno = saved
            }
            sigaddset(&unblocked, number)
        }
        // A process started from a thread that blocks signals (a dispatch queue's, say) inherits the mask.
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}
