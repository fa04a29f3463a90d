import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocketType = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private let streamSocketType = SOCK_STREAM
    private let sendFlags: Int32 = 0
#endif

// The socket calls below share names with RedisSocket's methods, so they are reached through
// these module-qualified wrappers.
#if canImport(Glibc)
    private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        Glibc.connect(fd, address, length)
    }
    private func systemPoll(_ entry: inout pollfd, _ timeout: Int32) -> Int32 { Glibc.poll(&entry, 1, timeout) }
    private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        Glibc.send(fd, bytes, count, sendFlags)
    }
    private func systemClose(_ fd: Int32) { _ = Glibc.close(fd) }
#elseif canImport(Darwin)
    private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        Darwin.connect(fd, address, length)
    }
    private func systemPoll(_ entry: inout pollfd, _ timeout: Int32) -> Int32 { Darwin.poll(&entry, 1, timeout) }
    private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        Darwin.send(fd, bytes, count, sendFlags)
    }
    private func systemClose(_ fd: Int32) { _ = Darwin.close(fd) }
#endif

/// A non-blocking TCP socket driven by `poll` with deadlines.
///
/// Every call blocks its thread (in `poll`, `connect`'s wait or `getaddrinfo`), so a socket is
/// only ever used on its connection's serial DispatchQueue, never on Swift's cooperative pool.
final class RedisSocket {
    private let descriptor: Int32
    private var readBuffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var isClosed = false

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    // MARK: - Connecting

    /// Resolves `host` and connects to the first address that accepts before `deadline`.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/connectionFailed``.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(RedisError) -> RedisSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocketType
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw failure("cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }

        var lastError = "no address for host '\(host)'"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            do throws(RedisError) {
                return try connect(to: info.pointee, deadline: deadline)
            } catch {
                lastError = error.message
            }
            cursor = info.pointee.ai_next
        }
        throw failure("cannot connect to \(host):\(port): \(lastError)")
    }

    private static func connect(to info: addrinfo, deadline: ContinuousClock.Instant) throws(RedisError) -> RedisSocket
    {
        let descriptor = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard descriptor >= 0 else { throw failure("socket() failed: \(errnoText())") }
        let socket = RedisSocket(descriptor: descriptor)
        socket.configure()

        if systemConnect(descriptor, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw failure(errnoText()) }
            guard try socket.wait(for: Int16(POLLOUT), until: deadline) else { throw failure("connect timed out") }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { throw failure(String(cString: strerror(code))) }
        }
        return socket
    }

    private func configure() {
        let flags = fcntl(descriptor, F_GETFL, 0)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, size)
        #if canImport(Darwin)
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, size)
        #endif
    }

    // MARK: - Reading and writing

    /// Waits until the socket is readable (or writable, when asked) or `deadline` passes.
    ///
    /// Returns the events that occurred, or an empty set on timeout.
    func poll(readable: Bool, writable: Bool, until deadline: ContinuousClock.Instant) throws(RedisError) -> (
        readable: Bool, writable: Bool
    ) {
        var events: Int16 = 0
        if readable { events |= Int16(POLLIN) }
        if writable { events |= Int16(POLLOUT) }
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let result = systemPoll(&entry, Self.milliseconds(until: deadline))
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw Self.closed("poll failed: \(Self.errnoText())") }
            let errorEvents = Int16(POLLERR) | Int16(POLLHUP) | Int16(POLLNVAL)
            let failed = entry.revents & errorEvents != 0
            return (entry.revents & Int16(POLLIN) != 0 || failed, entry.revents & Int16(POLLOUT) != 0 || failed)
        }
    }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(RedisError) -> Bool {
        let ready = try poll(
            readable: events & Int16(POLLIN) != 0, writable: events & Int16(POLLOUT) != 0,
            until: deadline)
        return ready.readable || ready.writable
    }

    /// Sends as many of `bytes[offset...]` as the kernel takes now; returns the new offset.
    func send(_ bytes: [UInt8], from offset: Int) throws(RedisError) -> Int {
        let sent = bytes.withUnsafeBytes { raw in
            systemSend(descriptor, raw.baseAddress! + offset, raw.count - offset)
        }
        if sent >= 0 { return offset + sent }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return offset }
        throw Self.closed("send failed: \(Self.errnoText())")
    }

    /// Reads whatever is available into `decoder`.
    ///
    /// - Throws: ``RedisError`` with code ``RedisError/Code/connectionClosed`` when the server
    ///   closed the connection.
    func receive(into decoder: inout RESPDecoder) throws(RedisError) {
        let count = readBuffer.withUnsafeMutableBytes { raw in
            recv(descriptor, raw.baseAddress, raw.count, 0)
        }
        if count > 0 {
            readBuffer.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            return
        }
        if count == 0 { throw Self.closed("the server closed the connection") }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
        throw Self.closed("recv failed: \(Self.errnoText())")
    }

    /// Whether an idle connection was closed by the peer or holds unexpected bytes, so it should
    /// not be reused. Never blocks.
    func isStale() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return systemPoll(&entry, 0) != 0
    }

    /// Closes the descriptor; later calls fail.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        systemClose(descriptor)
    }

    // MARK: - Helpers

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func failure(_ message: String) -> RedisError {
        RedisError(.connectionFailed, message: message)
    }

    private static func closed(_ message: String) -> RedisError {
        RedisError(.connectionClosed, message: message)
    }
}
