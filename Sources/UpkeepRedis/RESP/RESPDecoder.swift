import Foundation

/// Decodes RESP2 and RESP3 replies incrementally from bytes as they arrive.
///
/// Feed received bytes with ``feed(_:)`` and take complete values with ``next()``. The decoder
/// accepts any bytes without crashing: malformed input and replies that claim more than
/// ``Limits`` allow are errors, never allocations. A length or count is trusted only once the
/// bytes it covers have arrived, so a frame claiming a 4 GiB string reserves nothing.
///
/// An incomplete value is parsed again from its start when more bytes arrive; a bulk string is
/// skipped in O(1) by its length, so the cost is O(elements) per arrival for large aggregates.
public struct RESPDecoder: Sendable {
    /// Bounds on what one reply may claim and what the decoder buffers.
    public struct Limits: Hashable, Sendable {
        /// The longest bulk, blob-error or verbatim string accepted, in bytes.
        public var maxBulkLength: Int
        /// The most elements an array, set, push or map (pairs count twice) may claim.
        public var maxAggregateCount: Int
        /// The deepest nesting of aggregates accepted.
        public var maxDepth: Int
        /// The longest header or simple line accepted before its `\r\n`.
        public var maxLineLength: Int
        /// The most unparsed bytes held while waiting for a value to complete.
        public var maxBufferedBytes: Int

        /// Creates limits.
        public init(
            maxBulkLength: Int = 512 * 1024 * 1024,
            maxAggregateCount: Int = 1 << 24,
            maxDepth: Int = 32,
            maxLineLength: Int = 64 * 1024,
            maxBufferedBytes: Int = 1024 * 1024 * 1024
        ) {
            self.maxBulkLength = maxBulkLength
            self.maxAggregateCount = maxAggregateCount
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
            self.maxBufferedBytes = maxBufferedBytes
        }

        /// 512 MiB strings (Redis's own maximum), 16 Mi elements, depth 32, 1 GiB buffered.
        public static let `default` = Limits()
    }

    /// The limits this decoder enforces.
    public let limits: Limits
    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates a decoder with empty buffers.
    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// How many received bytes are not yet part of a returned value.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes from raw memory.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Removes every buffered byte, for example after the connection was reset.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: false)
        start = 0
    }

    /// The next complete value, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/protocolError`` for malformed input or
    ///   a value beyond ``limits``; the decoder is then unusable until ``reset()``.
    public mutating func next() throws(RedisError) -> RESPValue? {
        let limits = limits
        let outcome = buffer.withUnsafeBufferPointer { bytes -> Result<(RESPValue, Int)?, RedisError> in
            var parser = RESPParser(bytes: bytes, index: start, limits: limits)
            do throws(RedisError) {
                guard let value = try parser.value(depth: 0) else { return .success(nil) }
                return .success((value, parser.index))
            } catch {
                return .failure(error)
            }
        }
        guard let (value, end) = try outcome.get() else {
            try checkBufferedBytes()
            return nil
        }
        start = end
        compactIfWorthwhile()
        return value
    }

    private func checkBufferedBytes() throws(RedisError) {
        guard bufferedByteCount > limits.maxBufferedBytes else { return }
        throw RedisError(
            .protocolError,
            message: "an incomplete reply exceeds the \(limits.maxBufferedBytes)-byte buffer limit")
    }

    private mutating func compactIfWorthwhile() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        } else if start > 1 << 16 && start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
