/**
 * The Lua side of `redisStore`. Each script touches the keys of ONE run (all hash-tagged
 * `{runId}`, so they live in one Cluster slot), except `CLAIM_IDLE`, which touches only the
 * shared activity board. A script runs atomically: two nodes appending to one run at once
 * are serialised by Redis itself, which is what keeps `seq` gapless across nodes.
 *
 * Per-run keys:
 * - `meta`  hash: u, t (owner), last (last seq), started, done, open (executing tool calls),
 *           agent, act (ms of the last accepted event, by the Redis clock), and per node that
 *           appended, `n:<nodeId>`: "<appendNo>=<outcome>" of that node's latest append, so that
 *           a command re-sent after a connection drop (ioredis re-sends what got no reply) is
 *           answered as it was the first time instead of running twice. One per node is enough:
 *           a node has one append in flight per run (its append queue), besides the rare
 *           terminal append of its watchdog; an older one sent again after a newer one ran is
 *           refused, never run twice
 * - `tools` hash: toolCallId -> "1|<startSeq>|<toolName>" while executing, "0" once done
 * - `idem`  hash: idempotency key -> "<seq>\n<type>\n<ts>\n<payload json>"
 * - `order` list: idempotency keys, oldest first (to forget the oldest beyond the limit)
 * - `log`   stream: entry id "<seq>-0", fields t (type), ts, p (payload json); trimmed to
 *           `replayLimit`, and after a Redis wipe it restarts at the re-seeded seq, so it is
 *           always contiguous from its first entry
 * - `tomb`  hash: u, t of a completed run whose log expired, so a late resume says `expired`
 */

/** Reply tags shared by the scripts and `redis-store.ts`. */
export const REPLY = { ok: 'ok', error: 'err', reseed: 'reseed', expired: 'expired', unknown: 'unknown' } as const;

/** Number of ARGV entries per draft in `APPEND`. */
export const APPEND_FIELDS_PER_DRAFT = 6;


/**
 * KEYS: meta, tools, idem, order, log, tomb
 * ARGV: userId, threadId, ts, replayLimit, openTtlMs, completedTtlMs, tombstoneTtlMs,
 *       idempotencyLimit, knownLastSeq (0 when this node never saw the run), seed json ('' = none),
 *       nodeId, appendNo (with nodeId, unique per append call),
 *       ifLastSeq ('' = unconditional),
 *       then per draft: type, idempotencyKey ('' = none), toolCallId, name (toolName of
 *       tool_executing, agentName of agent_started), status, payload json.
 * Returns {'ok', nowMs, per draft: new seq (integer) or the original's idem record (string)}
 * (the same reply again for an append already applied), {'err', kind, rule, message} having
 * changed nothing, or {'reseed'} when the run vanished from Redis while this node knew it (a
 * restart without persistence): call again with a seed.
 *
 * The lifecycle checks mirror `lifecycle.ts#checkTransition` rule for rule; the shared store
 * suite holds both stores to the same behaviour.
 */
export const APPEND = `
local meta, tools, idem, order, log, tomb = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local userId, threadId, ts = ARGV[1], ARGV[2], ARGV[3]
local replayLimit, openTtl, completedTtl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local tombstoneTtl, idemLimit, knownLast = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local nodeSlot, appendNo, ifLast = 'n:' .. ARGV[11], ARGV[12], ARGV[13]
local FIELDS, FIRST = ${APPEND_FIELDS_PER_DRAFT}, 14

local function fail(kind, rule, message) return {'err', kind, rule, message} end

local state = redis.call('HMGET', meta, 'u', 't', 'last', 'started', 'done', 'open', nodeSlot)

-- This node's latest append, sent again: answer as then. Its outcome is "<nowMs>:<first
-- seq>:<count>" when every draft took a new (hence consecutive) seq, else "<nowMs>:" and per
-- draft its seq, or "d<seq>" for a duplicate of the event at <seq>, whose record comes from
-- the idempotency hash or, the key evicted since, from the log.
local latest = state[7]
if latest and string.sub(latest, 1, #appendNo + 1) ~= appendNo .. '=' then
  -- Commands of one connection run in order: an older append of this node sent again after a
  -- newer one ran was run too, or refused; which, nobody can say now. Never run it twice.
  if tonumber(appendNo, 36) < tonumber(string.match(latest, '^(%w+)='), 36) then return fail('resent', '', '') end
elseif latest then
  local outcome = string.sub(latest, #appendNo + 2)
  local at, first, count = string.match(outcome, '^(%d+):(%d+):(%d+)$')
  if at then
    local again = {'ok', tonumber(at)}
    for i = 1, tonumber(count) do again[i + 2] = tonumber(first) + i - 1 end
    return again
  end
  local again, i = {'ok', tonumber(string.match(outcome, '^(%d+):'))}, 0
  for part in string.gmatch(string.match(outcome, ':(.*)$'), '[^,]+') do
    i = i + 1
    local seq = string.match(part, '^d(%d+)$')
    if not seq then
      again[i + 2] = tonumber(part)
    else
      local record = redis.call('HGET', idem, ARGV[FIRST + (i - 1) * FIELDS + 1])
      if not record or string.match(record, '^(%d+)') ~= seq then
        local entry = redis.call('XRANGE', log, seq .. '-0', seq .. '-0')[1]
        -- Gone from the log too: what the first run answered cannot be told again.
        if not entry then return fail('resent', '', '') end
        local f = entry[2]
        record = seq .. '\\n' .. f[2] .. '\\n' .. f[4] .. '\\n' .. f[6]
      end
      again[i + 2] = record
    end
  end
  return again
end
local exists = state[1] ~= false
local last, started, done, open = 0, false, false, 0
local seedTools, seedAgent = {}, 'unknown'
if exists then
  if state[1] ~= userId or state[2] ~= threadId then return fail('auth', '', 'belongs to another user or thread') end
  last, started, done = tonumber(state[3]), state[4] == '1', state[5] == '1'
  open = tonumber(state[6])
else
  local owner = redis.call('HMGET', tomb, 'u', 't')
  if owner[1] then
    if owner[1] ~= userId or owner[2] ~= threadId then return fail('auth', '', 'belongs to another user or thread') end
    return fail('closed', 'completed', '')
  end
  if knownLast > 0 then
    if ARGV[10] == '' then return {'reseed'} end
    local seed = cjson.decode(ARGV[10])
    last, started, done, seedAgent = seed.last, seed.started, seed.done, seed.agent
    for _, tool in ipairs(seed.tools) do
      if tool[2] == '1' then open = open + 1 end
      seedTools[tool[1]] = tool[2] == '1' and ('1|' .. tool[3] .. '|' .. tool[4]) or '0'
    end
  end
end

local pending = {}
local function toolState(id)
  local value = pending[id] or seedTools[id]
  if value == nil and exists then value = redis.call('HGET', tools, id) or nil end
  if value == nil then return nil end
  return string.sub(value, 1, 1)
end

if ifLast ~= '' and last ~= tonumber(ifLast) then return fail('changed', '', ifLast) end

-- Check every draft before writing anything: a violation anywhere changes nothing.
local n = (#ARGV - FIRST + 1) / FIELDS
local plan, keysInBatch = {}, {}
local nextSeq, agentName = last, nil
for i = 0, n - 1 do
  local at = FIRST + i * FIELDS
  local kind, key, callId, name, status = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4]
  local seen = key ~= '' and exists and redis.call('HGET', idem, key) or nil
  if seen then
    local seenType = string.match(seen, '^[^\\n]*\\n([^\\n]*)')
    if seenType ~= kind then
      return fail('lifecycle', 'idempotency_key_reused', 'idempotencyKey ' .. key .. ' was used for ' .. seenType .. ' and cannot be reused for ' .. kind)
    end
    plan[i + 1] = seen
  else
    if key ~= '' and keysInBatch[key] then
      return fail('lifecycle', 'idempotency_key_reused', 'idempotencyKey ' .. key .. ' was used for ' .. keysInBatch[key] .. ' and cannot be reused for ' .. kind)
    end
    if done then return fail('closed', 'completed', '') end
    if kind == 'agent_started' then
      if started then return fail('lifecycle', 'already_started', 'agent_started may be sent only once') end
      started, agentName = true, name
    elseif not started then
      return fail('lifecycle', 'not_started', kind .. ' before agent_started')
    elseif kind == 'tool_executing' then
      if toolState(callId) ~= nil then
        return fail('lifecycle', 'tool_call_reused', 'toolCallId ' .. callId .. ' was already used in this run')
      end
      pending[callId] = '1|' .. (nextSeq + 1) .. '|' .. name
      open = open + 1
    elseif kind == 'tool_completed' then
      if toolState(callId) ~= '1' then
        return fail('lifecycle', 'tool_not_executing', 'tool_completed for toolCallId ' .. callId .. ', which is not executing')
      end
      pending[callId] = '0'
      open = open - 1
    elseif kind == 'agent_completed' then
      if status == 'succeeded' and open > 0 then
        return fail('lifecycle', 'tools_still_executing', "agent_completed{status:'succeeded'} while " .. open .. ' tool call(s) are executing')
      end
      done = true
    end
    nextSeq = nextSeq + 1
    if key ~= '' then keysInBatch[key] = kind end
    plan[i + 1] = nextSeq
  end
end

local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if not exists then
  redis.call('HSET', meta, 'u', userId, 't', threadId, 'agent', seedAgent)
  for id, value in pairs(seedTools) do redis.call('HSET', tools, id, value) end
end
for i = 0, n - 1 do
  local seq = plan[i + 1]
  if type(seq) == 'number' then
    local at = FIRST + i * FIELDS
    local kind, key, payload = ARGV[at], ARGV[at + 1], ARGV[at + 5]
    redis.call('XADD', log, 'MAXLEN', replayLimit, seq .. '-0', 't', kind, 'ts', ts, 'p', payload)
    if key ~= '' then
      redis.call('HSET', idem, key, seq .. '\\n' .. kind .. '\\n' .. ts .. '\\n' .. payload)
      redis.call('RPUSH', order, key)
    end
  end
end
for id, value in pairs(pending) do redis.call('HSET', tools, id, value) end
if agentName then redis.call('HSET', meta, 'agent', agentName) end
local reply, outcome, consecutive = {'ok', nowMs}, {}, true
for i = 1, n do
  reply[i + 2] = plan[i]
  if type(plan[i]) == 'number' then
    outcome[i] = plan[i]
  else
    outcome[i], consecutive = 'd' .. string.match(plan[i], '^(%d+)'), false
  end
end
local kept = appendNo .. '=' .. nowMs .. ':' .. (consecutive and ((last + 1) .. ':' .. n) or table.concat(outcome, ','))
redis.call('HSET', meta, 'last', nextSeq, 'started', started and '1' or '0', 'done', done and '1' or '0', 'open', open, 'act', nowMs, nodeSlot, kept)
local extra = redis.call('LLEN', order) - idemLimit
for _ = 1, extra do redis.call('HDEL', idem, redis.call('LPOP', order)) end


local ttl = done and completedTtl or openTtl
for _, key in ipairs({meta, tools, idem, order, log}) do redis.call('PEXPIRE', key, ttl) end
if done then
  redis.call('HSET', tomb, 'u', userId, 't', threadId)
  redis.call('PEXPIRE', tomb, completedTtl + tombstoneTtl)
end
return reply
`;

/**
 * KEYS: meta, log, tomb   ARGV: afterSeq
 * Returns {'ok', userId, threadId, entries} with every entry after afterSeq, or
 * {'expired', userId, threadId} when the range starts before what the log holds, or {'unknown'}.
 * The log is contiguous from its first entry, so "the first entry is not afterSeq + 1" is
 * exactly "part of the range is gone": never a partial replay.
 */
export const READ = `
local meta, log, tomb = KEYS[1], KEYS[2], KEYS[3]
local afterSeq = tonumber(ARGV[1])
local state = redis.call('HMGET', meta, 'u', 't', 'last')
if not state[1] then
  local owner = redis.call('HMGET', tomb, 'u', 't')
  if owner[1] then return {'expired', owner[1], owner[2]} end
  return {'unknown'}
end
if afterSeq >= tonumber(state[3]) then return {'ok', state[1], state[2], {}} end
local entries = redis.call('XRANGE', log, (afterSeq + 1) .. '-0', '+')
local first = entries[1]
if not first or first[1] ~= (afterSeq + 1) .. '-0' then return {'expired', state[1], state[2]} end
return {'ok', state[1], state[2], entries}
`;

/**
 * KEYS: meta, tools
 * Returns {userId, threadId, agentName, lastSeq, done, idleMs, tools...} (tools as
 * "<toolCallId>", "<value>" pairs) or an empty array for an unknown run.
 */
export const SNAPSHOT = `
local state = redis.call('HMGET', KEYS[1], 'u', 't', 'agent', 'last', 'done', 'act')
if not state[1] then return {} end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local reply = {state[1], state[2], state[3], tonumber(state[4]), state[5], nowMs - tonumber(state[6] or nowMs)}
local tools = redis.call('HGETALL', KEYS[2])
for i = 1, #tools do reply[#reply + 1] = tools[i] end
return reply
`;

/**
 * KEYS: activity (sorted set runId -> last activity ms)   ARGV: idleMs, limit
 * Leases up to `limit` runs idle for `idleMs` by the Redis clock: their score moves to now,
 * so no other node sees them as due for another `idleMs`, and returns their ids. The node
 * that got them ends them; if it dies meanwhile, they fall due again and another node does.
 */
export const CLAIM_IDLE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowMs - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
for _, runId in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', nowMs, runId) end
return due
`;
