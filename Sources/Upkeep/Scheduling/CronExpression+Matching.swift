import Foundation

extension CronExpression {
    // MARK: - Fire times in one zone segment

    /// The first fire instant at or after `start` within `segment`, applying the gap and repeat
    /// rules described on ``CronExpression``; `nil` if the segment has none before `horizon`.
    func firstFire(in segment: ZoneSegment, from start: Int, horizon: Int) -> Int? {
        if !isWildcard, let segmentStart = segment.start, segmentStart >= start,
            let skipped = segment.skippedWallTimes,
            nextWallMinute(from: skipped.lowerBound, before: skipped.upperBound) != nil
        {
            return segmentStart
        }

        var wallFrom = max(start, segment.start ?? start) + segment.offset
        let wallLimit = min(segment.end ?? horizon, horizon) + segment.offset
        while let wall = nextWallMinute(from: wallFrom, before: wallLimit) {
            if !isWildcard, let repeated = segment.repeatedWallTimes, repeated.contains(wall) {
                wallFrom = repeated.upperBound
                continue
            }
            return wall - segment.offset
        }
        return nil
    }

    // MARK: - Wall-clock matching

    /// The first matching wall-clock minute at or after `from` and before `limit`, both in
    /// wall-clock seconds since 1970 (no zone), skipping whole months, days and hours that cannot
    /// match.
    func nextWallMinute(from: Int, before limit: Int) -> Int? {
        let firstMinute = from >= 0 ? (from + 59) / 60 : -((-from) / 60)
        let dayIndex = Int((Double(firstMinute) / 1440).rounded(.down))
        var date = CalendarDay(ordinal: dayIndex)
        var minuteOfDay = firstMinute - dayIndex * 1440
        while true {
            let dayStart = date.ordinal * 86_400
            guard dayStart < limit else { return nil }
            guard months.contains(date.month) else {
                (date, minuteOfDay) = (date.startOfNextMonth(), 0)
                continue
            }
            guard dayMatches(date), let time = firstTime(atOrAfter: minuteOfDay) else {
                (date, minuteOfDay) = (date.nextDay(), 0)
                continue
            }
            let wall = dayStart + time * 60
            return wall < limit ? wall : nil
        }
    }

    /// The first matching minute of the day (0–1439) at or after `minuteOfDay`.
    private func firstTime(atOrAfter minuteOfDay: Int) -> Int? {
        var hour = minuteOfDay / 60
        var minute = minuteOfDay % 60
        while let matchingHour = hours.firstMember(atOrAfter: hour) {
            if matchingHour != hour { minute = 0 }
            if let matchingMinute = minutes.firstMember(atOrAfter: minute) {
                return matchingHour * 60 + matchingMinute
            }
            hour = matchingHour + 1
            minute = 0
        }
        return nil
    }

    /// Vixie cron's day rule: with both day fields restricted, either may match; else both must.
    func dayMatches(_ date: CalendarDay) -> Bool {
        let byMonthDay = daysOfMonth.contains(date.day)
        let byWeekday = daysOfWeek.contains(date.weekday)
        if dayOfMonthIsStar || dayOfWeekIsStar {
            return byMonthDay && byWeekday
        }
        return byMonthDay || byWeekday
    }

    /// Whether any day can ever match; `0 0 30 2 *` cannot, since February has no 30th.
    var isSatisfiable: Bool {
        if !dayOfMonthIsStar && !dayOfWeekIsStar { return true }
        for month in 1...12 where months.contains(month) {
            let longest = month == 2 ? 29 : CalendarDay.daysIn(month: month, year: 2001)
            if (1...longest).contains(where: { daysOfMonth.contains($0) }) { return true }
        }
        return false
    }
}

extension UInt64 {
    /// Whether bit `value` is set.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && self & (1 << UInt64(value)) != 0
    }

    /// The smallest set bit at or above `value`.
    func firstMember(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let masked = self & ~((1 << UInt64(Swift.max(value, 0))) &- 1)
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }
}
