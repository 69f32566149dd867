/// Swift literal conveniences for building values, e.g. `activation["name"] = "libfoo"` or `["a", 1, true]`.
extension CELValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A `string` value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An `int` value.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A `double` value.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A `bool` value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A `list` value.
    public init(arrayLiteral elements: CELValue...) { self = .list(elements) }
    /// A `map` value with string keys (a repeated key keeps the last value).
    public init(dictionaryLiteral elements: (String, CELValue)...) {
        var builder = CELMapBuilder(capacity: elements.count)
        for (key, value) in elements { builder.insertUnchecked(.string(key), .string(ExactString(key)), value) }
        self = .map(builder.build())
    }
}
