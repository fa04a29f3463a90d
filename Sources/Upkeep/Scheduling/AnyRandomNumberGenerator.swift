/// A type-erased random generator, so actors and locks can hold an injected one.
struct AnyRandomNumberGenerator: RandomNumberGenerator, Sendable {
    var base: any RandomNumberGenerator & Sendable

    init(_ base: some RandomNumberGenerator & Sendable) {
        self.base = base
    }

    mutating func next() -> UInt64 {
        base.next()
    }
}
