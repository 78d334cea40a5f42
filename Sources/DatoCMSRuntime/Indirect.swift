/// A value stored out of line, so that a generated struct can contain a value of its own type
/// (`Tree.next: Tree?` cannot be stored inline). Read its members directly, as if it were the value:
///
/// ```swift
/// let name = tree.next?.name        // `next` is `Indirect<Tree>?`
/// let whole: Tree? = tree.next?.value
/// ```
///
/// It encodes and decodes exactly as the value does.
@dynamicMemberLookup
public indirect enum Indirect<Wrapped: Sendable>: Sendable {
    /// The value.
    case value(Wrapped)

    /// Wraps `value`.
    public init(_ value: Wrapped) { self = .value(value) }

    /// The value.
    public var value: Wrapped {
        get { switch self { case .value(let wrapped): return wrapped } }
        set { self = .value(newValue) }
    }

    /// Reads a member of the value, e.g. `tree.next?.name`.
    public subscript<Member>(dynamicMember keyPath: KeyPath<Wrapped, Member>) -> Member {
        value[keyPath: keyPath]
    }
}

extension Indirect: Encodable where Wrapped: Encodable {
    /// Encodes the value itself, with no wrapper.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

extension Indirect: Decodable where Wrapped: Decodable {
    /// Decodes the value itself.
    public init(from decoder: any Decoder) throws {
        self = .value(try Wrapped(from: decoder))
    }
}

extension Indirect: Equatable where Wrapped: Equatable {}
extension Indirect: Hashable where Wrapped: Hashable {}
