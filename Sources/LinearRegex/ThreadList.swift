/// A sparse set of program counters in insertion (priority) order, each with capture slots.
///
/// Membership test, insertion and clearing are O(1) (Briggs–Torczon sparse set), which is what
/// keeps each step of the Pike VM proportional to the program size.
final class ThreadList {
    /// Number of program counters the list can hold (the program size).
    let capacity: Int
    /// Capture slots stored per entry.
    let slotCount: Int
    /// Entries in priority order.
    private(set) var count = 0
    private let sparse: UnsafeMutablePointer<Int32>
    private let dense: UnsafeMutablePointer<Int32>
    /// Slot values, `slotCount` per dense entry; grown on demand so that memory follows the number
    /// of live threads rather than the program size.
    private var slots: UnsafeMutablePointer<Int>
    private var slotEntries: Int

    init(capacity: Int, slotCount: Int) {
        self.capacity = capacity
        self.slotCount = slotCount
        sparse = .allocate(capacity: capacity)
        sparse.initialize(repeating: 0, count: capacity)
        dense = .allocate(capacity: capacity)
        dense.initialize(repeating: 0, count: capacity)
        slotEntries = slotCount == 0 ? 0 : min(capacity, 64)
        slots = .allocate(capacity: max(1, slotEntries * slotCount))
    }

    deinit {
        sparse.deallocate()
        dense.deallocate()
        slots.deallocate()
    }

    /// Whether `pc` is in the list.
    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let index = Int(sparse[pc])
        return index < count && Int(dense[index]) == pc
    }

    /// Adds `pc` (which must not be present) and returns its entry index.
    @inline(__always)
    func insert(_ pc: Int) -> Int {
        sparse[pc] = Int32(count)
        dense[count] = Int32(pc)
        count += 1
        return count - 1
    }

    /// The program counter of entry `index`.
    @inline(__always)
    func pc(at index: Int) -> Int {
        Int(dense[index])
    }

    /// The slots of entry `index` (only valid for entries whose slots were written).
    @inline(__always)
    func slots(at index: Int) -> UnsafeMutablePointer<Int> {
        slots + index * slotCount
    }

    /// The slots of entry `index`, growing the storage if needed; used to record a thread's slots.
    @inline(__always)
    func writableSlots(at index: Int) -> UnsafeMutablePointer<Int> {
        if index >= slotEntries {
            grow(toHold: index + 1)
        }
        return slots + index * slotCount
    }

    private func grow(toHold entries: Int) {
        let newEntries = min(capacity, max(entries, slotEntries * 2))
        let newSlots = UnsafeMutablePointer<Int>.allocate(capacity: newEntries * slotCount)
        newSlots.moveInitialize(from: slots, count: slotEntries * slotCount)
        slots.deallocate()
        slots = newSlots
        slotEntries = newEntries
    }

    /// Removes every entry.
    @inline(__always)
    func removeAll() {
        count = 0
    }
}
