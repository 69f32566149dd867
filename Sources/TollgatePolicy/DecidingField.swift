import CEL
import TollgateCore

/// A top-level field that decides a condition's false (see `FactsEnvironment.fieldsDecidingFalse(of:)`), with what a
/// document's value of it must be for the condition to follow the same evaluation as on a document with every field
/// unset.
struct DecidingField: Sendable, Hashable {
    let slot: Int
    let test: Test

    enum Test: Sendable, Hashable {
        /// Unset: the condition tests whether the field is present, or uses its value as a whole.
        case unset
        /// Unset or its type's zero value (an empty list or string, 0, false): the condition only reads its value.
        case zero
        /// Unset, or an object whose fields the condition read are each as `NestedField` says (the condition only
        /// selects fields of it).
        case fieldsZero([NestedField])
    }

    /// A field of an object-typed deciding field, as the condition read it.
    struct NestedField: Sendable, Hashable {
        /// The field's position in its type, when the expression was planned with it.
        let index: Int?
        let name: String
        /// Read with `has()`: it must be unset; otherwise unset or equal to `zero`.
        let presence: Bool
        let zero: CELValue

        static func == (a: NestedField, b: NestedField) -> Bool {
            a.index == b.index && a.name == b.name && a.presence == b.presence && a.zero == b.zero
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(index)
            hasher.combine(name)
            hasher.combine(presence)
        }
    }

    /// Whether it may be set at all (to a zero value, or an object whose read fields are zero).
    var mayBeSet: Bool {
        if case .unset = test { return false }
        return true
    }

    /// How it reads in `fieldsDecidingFalse` listings: `signatures`, or `history.available` for an object's field.
    func names(_ layout: VariableLayout) -> [String] {
        let name = layout.names[slot]
        guard case .fieldsZero(let nested) = test, !nested.isEmpty else { return [name] }
        return nested.map { "\(name).\($0.name)" }
    }
}

/// The value of an object-typed field while a condition is analysed: an object with every field unset (as an unset
/// field reads) that notes which of its fields the condition read, and whether it used the object as a whole (its
/// type or field names: equality, printing, conversions).
final class FieldRecorder: CELObject, @unchecked Sendable {
    let typeName: String
    private(set) var reads: [(index: Int?, name: String, presence: Bool)] = []
    private(set) var usedWhole = false

    init(typeName: String) { self.typeName = typeName }

    var celTypeName: String {
        usedWhole = true
        return typeName
    }

    func celField(_ name: String) -> CELValue? {
        reads.append((nil, name, false))
        return nil
    }

    func celField(at index: Int, named name: String) -> CELValue? {
        reads.append((index, name, false))
        return nil
    }

    func celHasField(_ name: String) -> Bool {
        reads.append((nil, name, true))
        return false
    }

    func celHasField(at index: Int, named name: String) -> Bool {
        reads.append((index, name, true))
        return false
    }

    var celFieldNames: [String] {
        usedWhole = true
        return []
    }
}

extension FactsEnvironment {
    /// The top-level fields a condition reads when every field is unset, if it is then false and reads the
    /// document only field by field: a document whose values of those fields read as they did there — unset; or a
    /// zero value, for a field the condition never tests for presence; or an object whose fields the condition read
    /// are so — follows the same evaluation (every value it reads is the same) to the same false, so the condition
    /// need not run for it.
    func fieldsDecidingFalse(of program: CELProgram) -> [DecidingField]? {
        // Object-typed fields read as recorders here, to learn which of their fields decide.
        var zeros = layout.zeros
        var recorders: [Int: FieldRecorder] = [:]
        for slot in zeros.indices where slot != layout.documentSlot {
            guard case .message(let typeName) = layout.types[slot] else { continue }
            let recorder = FieldRecorder(typeName: typeName)
            recorders[slot] = recorder
            zeros[slot] = .object(recorder)
        }
        let analysis = VariableLayout(
            names: layout.names, types: layout.types, documentSlot: layout.documentSlot, zeros: zeros)
        let variables = PackageVariables(object: DynamicFactObject(typeName: rootType, fields: []), layout: analysis)
        variables.presenceReads = []
        var activation = cel.activation()
        activation.resolver = variables
        guard (try? program.evaluate(reusing: &activation)) == .bool(false), !variables.readWholeDocument else {
            return nil
        }
        let presence = variables.presenceReads ?? []
        return variables.readSlots.map { slot in
            let zero = layout.zeros[slot]
            if presence.contains(slot) { return DecidingField(slot: slot, test: .unset) }
            guard let recorder = recorders[slot] else {
                // Only a field whose zero value is one a set value can equal (not an object) may be zero.
                return DecidingField(slot: slot, test: zero.isZero(like: zero) ? .zero : .unset)
            }
            guard !recorder.usedWhole else { return DecidingField(slot: slot, test: .unset) }
            var nested: [DecidingField.NestedField] = []
            for read in recorder.reads {
                guard let type = cel.typeProvider?.fieldType(of: recorder.typeName, field: read.name) else {
                    return DecidingField(slot: slot, test: .unset)
                }
                let field = DecidingField.NestedField(
                    index: read.index, name: read.name, presence: read.presence, zero: .zero(of: type))
                if !nested.contains(field) { nested.append(field) }
            }
            return DecidingField(slot: slot, test: .fieldsZero(nested))
        }
    }
}

extension PackageVariables {
    /// Whether the document's value of a deciding field reads as it did when the condition was analysed.
    func passes(_ field: DecidingField) -> Bool {
        switch field.test {
        case .unset: return isUnset(field.slot)
        case .zero: return readsAsZero(field.slot)
        case .fieldsZero(let nested):
            let (value, isSet) = resolve(field.slot)
            guard isSet else { return true }
            guard case .object(let object) = value else { return false }
            for read in nested {
                if read.presence {
                    let present =
                        read.index.map { object.celHasField(at: $0, named: read.name) } ?? object.celHasField(read.name)
                    if present { return false }
                } else if let found = read.index.map({ object.celField(at: $0, named: read.name) })
                    ?? object.celField(read.name), !found.isZero(like: read.zero)
                {
                    return false
                }
            }
            return true
        }
    }
}
