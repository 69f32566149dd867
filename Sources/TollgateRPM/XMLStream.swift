import CLibXML2

/// Receives the events of a streamed XML document.
/// Elements are named by their local name and namespace URI (empty for none); attributes by their local name, or
/// `prefix:name` when they have a prefix (`xml:base`).
protocol XMLStreamHandler: AnyObject {
    func start(_ name: String, namespace: String, attributes: [String: String])
    func end(_ name: String, namespace: String)
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// Streams an XML document through libxml2's SAX push parser, chunk by chunk, never holding it whole.
/// Network access and external entities are off.
enum XMLStream {
    /// libxml2 must be initialised once before threads use it.
    private static let initialised: Void = { xmlInitParser() }()

    final class Box {
        unowned let handler: any XMLStreamHandler
        init(_ handler: any XMLStreamHandler) { self.handler = handler }
    }

    /// Parses what `read` yields until it returns 0; throws with libxml2's message on malformed XML.
    static func parse(
        path: String, handler: any XMLStreamHandler,
        read: (UnsafeMutableRawBufferPointer) throws(RPMReadError) -> Int
    ) throws(RPMReadError) {
        _ = initialised
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { ctx, localname, _, uri, _, _, attributeCount, _, attributes in
            guard let ctx, let localname else { return }
            let box = Unmanaged<Box>.fromOpaque(ctx).takeUnretainedValue()
            var attrs: [String: String] = [:]
            if let attributes {
                for i in 0..<Int(attributeCount) {
                    guard let name = attributes[i * 5], let start = attributes[i * 5 + 3],
                        let end = attributes[i * 5 + 4]
                    else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    let prefix = attributes[i * 5 + 1].map { String(cString: $0) + ":" } ?? ""
                    attrs[prefix + String(cString: name)] = value
                }
            }
            box.handler.start(
                String(cString: localname), namespace: uri.map { String(cString: $0) } ?? "", attributes: attrs)
        }
        sax.endElementNs = { ctx, localname, _, uri in
            guard let ctx, let localname else { return }
            Unmanaged<Box>.fromOpaque(ctx).takeUnretainedValue().handler.end(
                String(cString: localname), namespace: uri.map { String(cString: $0) } ?? "")
        }
        sax.characters = { ctx, chars, length in
            guard let ctx, let chars else { return }
            Unmanaged<Box>.fromOpaque(ctx).takeUnretainedValue().handler.text(
                UnsafeBufferPointer(start: chars, count: Int(length))
            )
        }
        let box = Box(handler)
        let context = Unmanaged.passUnretained(box).toOpaque()
        guard let parser = xmlCreatePushParserCtxt(&sax, context, nil, 0, path) else {
            throw RPMReadError(path: path, reason: "libxml2: cannot create a parser")
        }
        defer { xmlFreeParserCtxt(parser) }
        _ = xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try read(chunk)
            let rc = xmlParseChunk(
                parser, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(n), n == 0 ? 1 : 0)
            if rc != 0 {
                let message = xmlCtxtGetLastError(parser).flatMap { $0.pointee.message }.map { String(cString: $0) }
                let line = xmlCtxtGetLastError(parser).map { $0.pointee.line } ?? 0
                throw RPMReadError(
                    path: path,
                    reason: "malformed XML at line \(line): "
                        + (message?.trimmingCharacters(in: .newlines) ?? "parse error")
                )
            }
            if n == 0 { break }
        }
        withExtendedLifetime(box) {}
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(reversed().drop(while: { set.contains($0) }).reversed())
    }
}

extension Set where Element == Character {
    fileprivate static let newlines: Set<Character> = ["\n", "\r"]
}
