import CRPM

/// A read-only view of an RPM header with typed accessors.
final class RPMHeader {
    let header: Header

    init(_ header: Header) {
        self.header = header
    }

    deinit { headerFree(header) }

    func has(_ t: rpmTag_e) -> Bool { headerIsEntry(header, tag(t)) != 0 }

    /// A string tag (or the first element of an array tag), nil when absent or empty.
    func string(_ t: rpmTag_e) -> String? {
        guard has(t), let pointer = headerGetString(header, tag(t)) else { return nil }
        let s = String(cString: pointer)
        return s.isEmpty ? nil : s
    }

    /// A numeric tag, nil when absent.
    func number(_ t: rpmTag_e) -> UInt64? {
        has(t) ? headerGetNumber(header, tag(t)) : nil
    }

    /// Every element of a string or string-array tag.
    func strings(_ t: rpmTag_e) -> [String] {
        withData(t) { td in
            var out: [String] = []
            while let s = rpmtdNextString(td) { out.append(String(cString: s)) }
            return out
        } ?? []
    }

    /// Every element of an integer tag (8-, 16-, 32- or 64-bit), widened.
    func numbers(_ t: rpmTag_e) -> [UInt64] {
        withData(t) { td in
            var out: [UInt64] = []
            while rpmtdNext(td) >= 0 {
                if let v = rpmtdGetNumber(td) as UInt64? { out.append(v) }
            }
            return out
        } ?? []
    }

    /// The bytes of a binary tag.
    func bytes(_ t: rpmTag_e) -> [UInt8]? {
        withData(t) { td -> [UInt8]? in
            guard rpmtdType(td) == RPM_BIN_TYPE, let data = td.pointee.data else { return nil }
            return Array(UnsafeRawBufferPointer(start: data, count: Int(td.pointee.count)))
        } ?? nil
    }

    /// A query-format expansion, as `rpm -qp --qf` prints it.
    func format(_ format: String) -> String? {
        var error: errmsg_t?
        guard let pointer = headerFormat(header, format, &error) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private func withData<T>(_ t: rpmTag_e, _ body: (rpmtd) -> T) -> T? {
        guard let td = rpmtdNew() else { return nil }
        defer { rpmtdFree(td) }
        guard headerGet(header, tag(t), td, headerGetFlags(HEADERGET_MINMEM.rawValue)) != 0 else { return nil }
        defer { rpmtdFreeData(td) }
        return body(td)
    }
}
