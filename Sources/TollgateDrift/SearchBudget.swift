import Synchronization

/// The work the searches of one tarball's build files may do between them, spent from every core at once.
final class SearchBudget: Sendable {
    private let left: Atomic<Int>

    init(_ total: Int) { left = Atomic(total) }

    /// Takes `units` from the budget; false once it is spent.
    func spend(_ units: Int) -> Bool {
        left.subtract(units, ordering: .relaxed).newValue >= 0
    }
}
