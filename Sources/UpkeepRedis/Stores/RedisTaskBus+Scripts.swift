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

    /// Moves due delayed tasks onto the stream, then claims entries idle longer than the
    /// visibility timeout with `XAUTOCLAIM` (Redis 7 three-element reply).
    ///
    /// KEYS[1] stream, KEYS[2] delayed set. ARGV[1] group, ARGV[2] consumer, ARGV[3] now ms,
    /// ARGV[4] minimum idle ms, ARGV[5] claim limit, ARGV[6] promotion limit.
    /// Returns `[[id, fields, deliveryCount], ...]`. Scans at most ten `XAUTOCLAIM` pages.
    static let promoteAndReclaimScript = RedisScript(
        """
        local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3], 'LIMIT', 0, ARGV[6])
        for _, task in ipairs(due) do
            redis.call('XADD', KEYS[1], '*', 'task', task)
            redis.call('ZREM', KEYS[2], task)
        end
        local claimed = {}
        local limit = tonumber(ARGV[5])
        local cursor = '0-0'
        for _ = 1, 10 do
            local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], cursor,
                'COUNT', limit - #claimed)
            cursor = reply[1]
            for _, entry in ipairs(reply[2]) do
                if entry and entry[2] then
                    local info = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
                    claimed[#claimed + 1] = {entry[1], entry[2], info[1][4]}
                end
            end
            if cursor == '0-0' or #claimed >= limit then break end
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

    /// Resets a claim's idle time with `XCLAIM ... JUSTID` (which keeps the delivery count) if
    /// the claim is still held.
    ///
    /// KEYS[1] stream. ARGV[1...4] the claim. Returns 1 or 0.
    static let extendScript = RedisScript(
        claimCheck + """
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
            return 1
            """)

    /// Acknowledges and deletes an entry if the claim is still held.
    ///
    /// KEYS[1] stream. ARGV[1...4] the claim. Returns 1 or 0.
    static let ackScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
            return 1
            """)

    /// Acknowledges and deletes an entry, then publishes the retried task: delayed when its
    /// `notBefore` is later than now. Does nothing when the claim is no longer held.
    ///
    /// KEYS[1] stream, KEYS[2] delayed set. ARGV[1...4] the claim, ARGV[5] task JSON,
    /// ARGV[6] notBefore ms, ARGV[7] now ms. Returns 1 or 0.
    static let retryScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
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
    /// KEYS[1] stream, KEYS[2] dead-letter stream. ARGV[1...4] the claim, ARGV[5] task JSON or
    /// raw entry, ARGV[6] reason, ARGV[7] failedAt ms, ARGV[8] maximum length. Returns 1 or 0.
    static let deadLetterScript = RedisScript(
        claimCheck + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            redis.call('XDEL', KEYS[1], ARGV[3])
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
