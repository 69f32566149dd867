/// Names of OpenPGP algorithm ids, as gpg and rpm print them.
public enum OpenPGPAlgorithm {
    /// Public-key algorithm name (RFC 9580 §9.1).
    public static func publicKey(_ id: Int) -> String {
        switch id {
        case 1, 2, 3: "RSA"
        case 16: "ElGamal"
        case 17: "DSA"
        case 18: "ECDH"
        case 19: "ECDSA"
        case 20: "ElGamal"
        case 22: "EdDSA"
        case 25: "X25519"
        case 26: "X448"
        case 27: "Ed25519"
        case 28: "Ed448"
        default: "unknown(\(id))"
        }
    }

    /// Hash algorithm name (RFC 9580 §9.5).
    public static func hash(_ id: Int) -> String {
        switch id {
        case 1: "MD5"
        case 2: "SHA1"
        case 3: "RIPEMD160"
        case 8: "SHA256"
        case 9: "SHA384"
        case 10: "SHA512"
        case 11: "SHA224"
        case 12: "SHA3-256"
        case 14: "SHA3-512"
        default: "unknown(\(id))"
        }
    }

    /// Size in bits of well-known elliptic curves, by OID bytes.
    static func curveBits(_ oid: ArraySlice<UInt8>) -> Int64? {
        switch Array(oid) {
        case [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]: 255  // Ed25519
        case [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01]: 255  // Curve25519
        case [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: 256  // NIST P-256
        case [0x2B, 0x81, 0x04, 0x00, 0x22]: 384  // NIST P-384
        case [0x2B, 0x81, 0x04, 0x00, 0x23]: 521  // NIST P-521
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]: 256  // brainpoolP256r1
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B]: 384  // brainpoolP384r1
        case [0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D]: 512  // brainpoolP512r1
        default: nil
        }
    }
}
