import Foundation

extension Date {
    /// Epoch milliseconds rounded up, for comparing with stored whole milliseconds: for an
    /// integer `t`, `t < date` exactly when `t < date.epochMillisecondsRoundedUp`, and
    /// `t >= date` exactly when `t >= date.epochMillisecondsRoundedUp`.
    var epochMillisecondsRoundedUp: Int64 {
        let floor = epochMilliseconds
        return Date(epochMilliseconds: floor) < self && floor < .max ? floor + 1 : floor
    }
}
