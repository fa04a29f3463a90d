import Foundation

/// Writes commands in RESP's request form: an array of bulk strings.
///
/// Clients send every command this way in both RESP2 and RESP3, so one encoder serves both.
public enum RESPEncoder {
    /// Appends `command` to `buffer` as `*N\r\n` followed by one `$len\r\nbytes\r\n` per argument.
    ///
    /// Complexity: O(total argument bytes).
    public static func encode(_ command: RedisCommand, into buffer: inout [UInt8]) {
        appendHeader(UInt8(ascii: "*"), command.arguments.count, into: &buffer)
        for argument in command.arguments {
            appendHeader(UInt8(ascii: "$"), argument.count, into: &buffer)
            buffer.append(contentsOf: argument)
            buffer.append(contentsOf: crlf)
        }
    }

    /// The bytes of several commands sent back to back, as a pipeline.
    public static func encode(_ commands: [RedisCommand]) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(commands.reduce(0) { $0 + $1.estimatedSize })
        for command in commands { encode(command, into: &buffer) }
        return buffer
    }

    private static let crlf: [UInt8] = [13, 10]

    private static func appendHeader(_ marker: UInt8, _ count: Int, into buffer: inout [UInt8]) {
        buffer.append(marker)
        buffer.append(contentsOf: String(count).utf8)
        buffer.append(contentsOf: crlf)
    }
}
