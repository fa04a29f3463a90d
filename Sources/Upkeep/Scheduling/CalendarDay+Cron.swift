/// What cron matching needs of a day, in integer arithmetic so it needs no `Calendar`.
extension CalendarDay {
    /// 0 for Sunday through 6 for Saturday.
    var weekday: Int {
        let remainder = (ordinal + 4) % 7
        return remainder >= 0 ? remainder : remainder + 7
    }

    /// The following day.
    func nextDay() -> CalendarDay {
        CalendarDay(ordinal: ordinal + 1)
    }

    /// The first day of the following month.
    func startOfNextMonth() -> CalendarDay {
        CalendarDay(ordinal: ordinal + Self.daysIn(month: month, year: year) - day + 1)
    }
}
