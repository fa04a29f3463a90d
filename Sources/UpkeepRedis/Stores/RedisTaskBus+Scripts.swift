extension RedisTaskBus {
    /// Publishes one task unless its idempotency key was seen: `SET NX PX` on the key, then
    /// `XADD` when due or `ZADD` to the delayed set when `notBefore` is later than now.
    ///
    /// KEYS[1] stream, KEYS[2] delayed set, KEYS[3] idempotency key (optional).
    /// ARGV[1] task JSON, ARGV[2] notBefore ms, ARGV[3] now ms, ARGV[4] key TTL ms, ARGV[5] id.
    /// Returns 1 when enqueued, 0 for a duplicate.
    static let publishScript = RedisScript(
        """
        if #KEYS == 3 then
            if not redis.call('SET', KEYS[3], ARGV[5], 'NX', 'PX', ARGV[4]) then return 0 end
        end
        if tonumber(ARGV[2]) > tonumber(ARGV[3]) then
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        else
            redis.call('XADD', KEYS[1], '*', 'task', ARGV[1])
        end
        return 1
        """)

    /// Claims up to a limit of tasks atomically: moves due delayed tasks onto the stream, takes
    /// over entries whose claim deadline has passed with `XCLAIM` (which counts a delivery), then
    /// reads new entries with `XREADGROUP ... >`, and records each claim's deadline.
    ///
    /// KEYS[1] stream, KEYS[2] delayed set, KEYS[3] deadline set. ARGV[1] group, ARGV[2]
    /// consumer, ARGV[3] now ms, ARGV[4] visibility timeout ms, ARGV[5] limit, ARGV[6] promotion
    /// limit. Returns `[[id, fields, deliveryCount], ...]`. Scripts see replies in RESP2 form, so
    /// `XREADGROUP` answers `[[stream, entries]]` here whatever protocol the client speaks.
    static let claimScript = RedisScript(
        """
        local now = tonumber(ARGV[3])
        local hiddenUntil = now + tonumber(ARGV[4])
        local limit = tonumber(ARGV[5])
        local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, ARGV[6])
        for _, task in ipairs(due) do
            redis.call('XADD', KEYS[1], '*', 'task', task)
            redis.call('ZREM', KEYS[2], task)
        end
        local claimed = {}
        local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, limit)
        for _, id in ipairs(expired) do
            local entry = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id)[1]
            if entry and entry[2] then
                redis.call('ZADD', KEYS[3], hiddenUntil, id)
                local info = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
                claimed[#claimed + 1] = {id, entry[2], info[1][4]}
            else
                redis.call('ZREM', KEYS[3], id)
                redis.call('XACK', KEYS[1], ARGV[1], id)
            end
        end
        if #claimed < limit then
            local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', limit - #claimed,
                'STREAMS', KEYS[1], '>')
            if reply then
                for _, entry in ipairs(reply[1][2]) do
                    redis.call('ZADD', KEYS[3], hiddenUntil, entry[1])
                    claimed[#claimed + 1] = {entry[1], entry[2], 1}
                end
            end
        end
        return claimed
        """)

    /// The first lines of every settling script: returns 0 unless the claim named by ARGV[1]
    /// group, ARGV[2] consumer, ARGV[3] entry id and ARGV[4] delivery count is still pending
    /// with that consumer and count. A later claim of the same entry, even by the same consumer,
    /// has a higher count, so an old receipt never settles a newer claim.
    private static let claimCheck = """
        local info = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
        if #info == 0 or info[1][2] ~= ARGV[2] or info[1][4] ~= tonumber(ARGV[4]) then return 0 end

        """

    /// Moves a held claim's deadline and resets its idle time with `XCLAIM ... JUSTID`, which
    /// keeps the delivery count.
    ///
    /// KEYS[1] stream, KEYS[2] deadline set. ARGV[1...4] the claim, ARGV[5] new deadline ms.
    /// Returns 1, or 0 when the claim was lost.
    static let extendScript = RedisScript(
        claimCheck + """
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
            return 1
            """)

    /// Acknowledges and deletes an entry if the claim is still held.
    ///
    /// KEYS[1] stream, KEYS[2] deadline set. ARGV[1...4] the claim. Returns 1 or 0.
    static let ackScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[2], ARGV[3])
            return 1
            """)

    /// Acknowledges and deletes an entry, then publishes the retried task: delayed when its
    /// `notBefore` is later than now. Does nothing when the claim is no longer held.
    ///
    /// KEYS[1] stream, KEYS[2] delayed set, KEYS[3] deadline set. ARGV[1...4] the claim,
    /// ARGV[5] task JSON, ARGV[6] notBefore ms, ARGV[7] now ms. Returns 1 or 0.
    static let retryScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[3], ARGV[3])
            if tonumber(ARGV[6]) > tonumber(ARGV[7]) then
                redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
            else
                redis.call('XADD', KEYS[1], '*', 'task', ARGV[5])
            end
            return 1
            """)

    /// Acknowledges and deletes an entry and appends it to the dead-letter stream, trimmed
    /// approximately to a maximum length. Does nothing when the claim is no longer held.
    ///
    /// KEYS[1] stream, KEYS[2] dead-letter stream, KEYS[3] deadline set. ARGV[1...4] the claim,
    /// ARGV[5] task JSON or raw entry, ARGV[6] reason, ARGV[7] failedAt ms, ARGV[8] maximum
    /// length. Returns 1 or 0.
    static let deadLetterScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[3], ARGV[3])
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*',
                'task', ARGV[5], 'reason', ARGV[6], 'failedAt', ARGV[7])
            return 1
            """)

    /// Removes a dead letter and publishes its task again, once even under concurrent calls.
    ///
    /// KEYS[1] dead-letter stream, KEYS[2] stream. ARGV[1] dead letter id, ARGV[2] task JSON.
    /// Returns 1, or 0 when no dead letter has that id.
    static let redriveScript = RedisScript(
        """
        if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'task', ARGV[2])
        return 1
        """)
}
