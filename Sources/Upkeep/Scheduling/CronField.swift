/// One of the five fields of a cron expression, with its range and names.
public enum CronField: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Minutes 0–59.
    case minute
    /// Hours 0–23.
    case hour
    /// Days of the month 1–31.
    case dayOfMonth
    /// Months 1–12 or `jan`–`dec`.
    case month
    /// Weekdays 0–7 (0 and 7 are Sunday) or `sun`–`sat`.
    case dayOfWeek

    /// The field's name as used in error messages, such as `day-of-month`.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The smallest value the field accepts.
    public var lowerBound: Int {
        switch self {
        case .minute, .hour, .dayOfWeek: 0
        case .dayOfMonth, .month: 1
        }
    }

    /// The largest value the field accepts; day-of-week accepts 7 as a second Sunday.
    public var upperBound: Int {
        switch self {
        case .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// Lowercase three-letter names and their values, for the month and day-of-week fields.
    var names: [String: Int] {
        switch self {
        case .month:
            let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            return Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0 + 1) })
        case .dayOfWeek:
            let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            return Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        case .minute, .hour, .dayOfMonth:
            return [:]
        }
    }

    public var description: String { name }
}
