import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM and SIGINT (or other signals) into a call, for graceful shutdown.
///
/// Creating a handler ignores the signals' default action (termination) and watches them with
/// `DispatchSource.makeSignalSource`, so the call runs on a dispatch queue, outside the signal
/// context, where it may start async work such as ``UpkeepService/shutdown()``. ``cancel()``
/// stops watching and restores the default actions.
public final class SignalHandler: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let signals: [Int32]

    /// Starts watching `signals`, calling `handler` with the signal number each time one arrives.
    public init(
        signals: [Int32] = [SIGTERM, SIGINT],
        queue: DispatchQueue = DispatchQueue(label: "upkeep.signals"),
        handler: @escaping @Sendable (Int32) -> Void
    ) {
        self.signals = signals
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    /// Stops watching and restores the signals' default actions.
    public func cancel() {
        let sources = self.sources.withLock { sources in
            defer { sources.removeAll() }
            return sources
        }
        guard !sources.isEmpty else { return }
        sources.forEach { $0.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit {
        cancel()
    }
}
