extension RedisCacheStore {
    /// Adds keys to a user's index and stretches the index's expiry to cover them.
    ///
    /// KEYS[1] index; ARGV[1] TTL in ms or -1 for none; ARGV[2...] keys. An index without expiry
    /// keeps none (it covers an entry that never expires); a new index takes the TTL; an existing
    /// one only ever gets a later expiry.
    static let indexScript = RedisScript(
        """
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('SADD', KEYS[1], unpack(ARGV, 2))
        local ttl = tonumber(ARGV[1])
        if ttl < 0 then
            redis.call('PERSIST', KEYS[1])
        else
            local current = redis.call('PTTL', KEYS[1])
            if existed == 0 or (current >= 0 and current < ttl) then
                redis.call('PEXPIRE', KEYS[1], ttl)
            end
        end
        return 1
        """)

    /// Deletes every key in a user's index, then the index; returns how many keys existed.
    ///
    /// KEYS[1] index. Deletes in chunks of 500 to stay within Lua's argument limit.
    static let invalidateScript = RedisScript(
        """
        local members = redis.call('SMEMBERS', KEYS[1])
        local deleted = 0
        for first = 1, #members, 500 do
            local last = math.min(first + 499, #members)
            deleted = deleted + redis.call('DEL', unpack(members, first, last))
        end
        redis.call('DEL', KEYS[1])
        return deleted
        """)

    /// Resets a key's expiry only while it holds the caller's value (lease renewal).
    ///
    /// KEYS[1] key; ARGV[1] expected value; ARGV[2] TTL in ms.
    static let expireIfEqualScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """)

    /// Deletes a key only while it holds the caller's value (lease release).
    ///
    /// KEYS[1] key; ARGV[1] expected value.
    static let deleteIfEqualScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """)
}
