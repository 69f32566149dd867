/// A transferable public key (RFC 9580 §10.1): a primary key packet, then its components — direct-key signatures,
/// user ids, user attributes and subkeys — each followed by its signatures.
public struct Keyblock: Sendable {
    /// One part of a key and the signatures over it; `head` is nil for signatures directly on the primary key.
    struct Component: Sendable {
        var head: ArraySlice<UInt8>?
        var signatures: [ArraySlice<UInt8>]
    }

    /// The primary key's fingerprint (empty for v3 keys).
    public let fingerprint: String
    let primary: ArraySlice<UInt8>
    var components: [Component]

    /// The keyblock as binary OpenPGP data.
    public var bytes: [UInt8] {
        var out = Array(primary)
        for component in components {
            if let head = component.head { out += head }
            for signature in component.signatures { out += signature }
        }
        return out
    }

    /// Adds what another copy of the same key carries and this one lacks (new self-signatures that extend an expiry,
    /// revocations, user ids, subkeys), so that the newest self-signature of either copy is seen.
    public mutating func merge(_ other: Keyblock) {
        for component in other.components {
            if let i = components.firstIndex(where: { $0.head == component.head }) {
                for signature in component.signatures where !components[i].signatures.contains(signature) {
                    components[i].signatures.append(signature)
                }
            } else if component.head == nil {
                // Signatures directly on the primary key (a key revocation, say) belong right after it: placed
                // after a user id, gpg would read them as that user id's and the revocation would be lost.
                components.insert(component, at: 0)
            } else {
                components.append(component)
            }
        }
    }

    /// The keyblocks of binary key data, in order. Trust packets are dropped; data before the first primary key is
    /// an error.
    public static func parse(_ data: [UInt8]) throws(OpenPGPError) -> [Keyblock] {
        var blocks: [Keyblock] = []
        for packet in try OpenPGPPacket.parse(data) {
            let raw = data[packet.range]
            switch packet.tag {
            case 6:
                let key = try OpenPGPPublicKey(body: packet.body)
                blocks.append(Keyblock(fingerprint: key.fingerprint, primary: raw, components: []))
            case 12:
                continue
            default:
                guard !blocks.isEmpty else { throw OpenPGPError("packet of type \(packet.tag) before any public key") }
                if packet.tag == 2 {
                    if blocks[blocks.count - 1].components.isEmpty {
                        blocks[blocks.count - 1].components.append(Component(head: nil, signatures: []))
                    }
                    blocks[blocks.count - 1].components[blocks[blocks.count - 1].components.count - 1].signatures
                        .append(raw)
                } else {
                    blocks[blocks.count - 1].components.append(Component(head: raw, signatures: []))
                }
            }
        }
        return blocks
    }

    /// Binary key data with every key once: copies of a key (the same primary fingerprint, say from two files
    /// exported years apart) merged into the first. gpg reads only the first copy of a key in a keyring, so an old
    /// copy would hide a later expiry extension. Data that does not parse is returned as it is.
    public static func deduplicated(_ data: [UInt8]) -> (data: [UInt8], merged: Int) {
        guard let blocks = try? parse(data) else { return (data, 0) }
        var order: [Keyblock] = []
        var index: [String: Int] = [:]
        var merged = 0
        for block in blocks {
            if !block.fingerprint.isEmpty, let i = index[block.fingerprint] {
                order[i].merge(block)
                merged += 1
            } else {
                if !block.fingerprint.isEmpty { index[block.fingerprint] = order.count }
                order.append(block)
            }
        }
        guard merged > 0 else { return (data, 0) }
        return (order.flatMap(\.bytes), merged)
    }
}
