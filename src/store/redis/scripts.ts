/**
 * Lua scripts of the Redis session store, as string constants so that they ship inside dist/ with
 * the code that calls them. Each CWMP request costs two of them (load + lock, save + unlock), run by
 * EVALSHA through ioredis's `defineCommand`.
 *
 * Every key a script touches carries the device's `{deviceId}` hash tag, so under Redis Cluster all
 * of them live in one slot. Task record keys are built inside the scripts from a prefix passed in
 * ARGV because their ids are only known after LRANGE; they share the hash tag, so this stays
 * cluster-safe. The one exception is the device index (see SAVE_SESSION).
 */

/**
 * Replies from the scripts start with a status number; these are its values.
 */
export const STATUS = Object.freeze({ GONE: 0, OK: 1, BUSY: 2, LOST: 3 });

/**
 * Appends the records of the first ARGV[lookahead] task ids of KEYS[queue] to `reply`. Records are
 * JSON strings; an id without a record (never written by this store) is skipped, not fatal.
 */
const PENDING_TASKS = `
local function pending(reply, queue, taskPrefix, lookahead)
  local ids = redis.call('LRANGE', queue, 0, lookahead - 1)
  for _, id in ipairs(ids) do
    local record = redis.call('GET', taskPrefix .. id)
    if record then reply[#reply + 1] = record end
  end
  return reply
end
`;

/**
 * KEYS: owner, lock, queue. ARGV: sessionId, sessionTtlMs, lockTtlMs, taskPrefix, statePrefix,
 * lookahead. Reply: {BUSY} or {OK, replacedSessionId or '', task...}.
 *
 * A request of the older session still in progress makes the Inform wait (busy) rather than cut
 * the older request off mid-write; when no request holds the lock the older session is replaced
 * at once and its state deleted, so its next load answers gone.
 */
export const OPEN_SESSION = `${PENDING_TASKS}
if redis.call('EXISTS', KEYS[2]) == 1 then return {${STATUS.BUSY}} end
local old = redis.call('GET', KEYS[1])
if old and old ~= ARGV[1] then redis.call('DEL', ARGV[5] .. old) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
return pending({${STATUS.OK}, old or ''}, KEYS[3], ARGV[4], tonumber(ARGV[6]))
`;

/**
 * KEYS: owner, lock, state, queue. ARGV: sessionId, lockTtlMs, taskPrefix, lookahead.
 * Reply: {GONE}, {BUSY} or {OK, state, task...}.
 *
 * The lock is checked before the state: between open and the Inform's save the state does not
 * exist yet, and the open holds the lock, so a request in that window is busy, not gone.
 */
export const LOAD_SESSION = `${PENDING_TASKS}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {${STATUS.GONE}} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {${STATUS.BUSY}} end
local state = redis.call('GET', KEYS[3])
if not state then return {${STATUS.GONE}} end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return pending({${STATUS.OK}, state}, KEYS[4], ARGV[3], tonumber(ARGV[4]))
`;

/**
 * KEYS: owner, lock, state, queue, device, deviceIndex, completedTask.
 * ARGV: sessionId, sessionTtlMs, hasState ('1' | '0'), state, deviceJson ('' for none),
 * lastInformMs, firstSeenMs, deviceId, completedTaskId, completedTaskJson ('' for none),
 * taskResultTtlMs. Reply: OK or LOST.
 *
 * A lost session writes nothing: its completed task stays pending and runs again in the device's
 * next session (a GetParameterValues is safe to repeat), which keeps "applied, failed or still
 * queued" true.
 *
 * Cluster caveat: the device index is one ZSET for the whole fleet, so it is not in the device's
 * slot. Against a single Redis it is updated here, atomically with the device record; under
 * Redis Cluster this ZADD must move to a separate command sent to the index's slot right after
 * the script (the index may then briefly lag the record, which listDevices tolerates).
 */
export const SAVE_SESSION = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return ${STATUS.LOST} end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  redis.call('DEL', KEYS[3], KEYS[1])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
if ARGV[5] ~= '' then
  redis.call('HSETNX', KEYS[5], 'firstSeenMs', ARGV[7])
  redis.call('HSET', KEYS[5], 'record', ARGV[5])
  redis.call('ZADD', KEYS[6], ARGV[6], ARGV[8])
end
if ARGV[10] ~= '' then
  redis.call('SET', KEYS[7], ARGV[10], 'PX', ARGV[11])
  redis.call('LREM', KEYS[4], 1, ARGV[9])
end
return ${STATUS.OK}
`;

/**
 * KEYS: task, queue. ARGV: taskJson, taskId. Reply: 1, or 0 when a task with that id exists
 * already (appending it twice would run it twice).
 */
export const ENQUEUE_TASK = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
`;

/**
 * KEYS: lock. ARGV: sessionId. Deletes the request lock only when this session holds it, so a
 * late release never frees a lock another request took after this one expired.
 */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return ${STATUS.OK}
`;
