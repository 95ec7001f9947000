/**
 * The Lua scripts of the Redis adapter. Each runs atomically in Redis (no other command of any client
 * runs in between), which is what makes `checkAndAdd` and `pin` single operations across instances.
 */

/**
 * checkAndAdd. KEYS: the distinct counter keys. ARGV: the number of checks, then per check: its term
 * count, per term (key index, weight), its cost and limit; then the number of adds, per add (key index,
 * amount, ttl ms). Reads every term, sums Σ weight × value, then + cost, against the limit — in the
 * order of store/counter-check.ts, in doubles as in JavaScript — and only when every check passes
 * applies INCRBY + PEXPIRE to each add. Returns {admitted (0/1), values in check/term order}.
 */
export const CHECK_AND_ADD = `
local i = 1
local checks = tonumber(ARGV[i]); i = i + 1
local values = {}
local admitted = 1
for c = 1, checks do
  local terms = tonumber(ARGV[i]); i = i + 1
  local sum = 0
  for t = 1, terms do
    local key = KEYS[tonumber(ARGV[i])]
    local weight = tonumber(ARGV[i + 1]); i = i + 2
    local value = tonumber(redis.call('GET', key) or '0')
    values[#values + 1] = value
    sum = sum + weight * value
  end
  local cost = tonumber(ARGV[i]); local limit = tonumber(ARGV[i + 1]); i = i + 2
  if not (sum + cost <= limit) then admitted = 0 end
end
local adds = tonumber(ARGV[i]); i = i + 1
if admitted == 1 then
  for a = 1, adds do
    local key = KEYS[tonumber(ARGV[i])]
    redis.call('INCRBY', key, ARGV[i + 1])
    redis.call('PEXPIRE', key, ARGV[i + 2])
    i = i + 3
  end
end
local reply = { admitted }
for _, v in ipairs(values) do reply[#reply + 1] = v end
return reply
`;

/**
 * pin. KEYS[1]: the pin. ARGV: rule, expiresAt (epoch ms), ttl ms (expiresAt − now, computed by the
 * gateway). The value is "<expiresAt>\\n<rule>". Set-if-absent (SET NX PX); when a pin exists its rule
 * stays and its expiry moves to expiresAt. Returns the stored rule. A ttl <= 0 (already expired) stores
 * nothing and drops an existing pin after reading its rule — what the SQL adapters' expired row means.
 */
export const PIN = `
local ttl = tonumber(ARGV[3])
local function stored(value) return string.sub(value, string.find(value, '\\n', 1, true) + 1) end
if ttl <= 0 then
  local current = redis.call('GET', KEYS[1])
  redis.call('DEL', KEYS[1])
  if current then return stored(current) end
  return ARGV[1]
end
if redis.call('SET', KEYS[1], ARGV[2] .. '\\n' .. ARGV[1], 'NX', 'PX', ttl) then return ARGV[1] end
local rule = stored(redis.call('GET', KEYS[1]))
redis.call('SET', KEYS[1], ARGV[2] .. '\\n' .. rule, 'XX', 'PX', ttl)
return rule
`;

/** extend. KEYS[1]: the pin. ARGV: expiresAt, ttl ms. Moves an existing pin's expiry; nothing when absent. */
export const EXTEND = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ttl = tonumber(ARGV[2])
if ttl <= 0 then redis.call('DEL', KEYS[1]); return 1 end
local rule = string.sub(current, string.find(current, '\\n', 1, true) + 1)
redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. rule, 'PX', ttl)
return 1
`;

/**
 * Vault put. KEYS: the conversation's hash. ARGV: max values, ttl ms, then (placeholder, sealed) pairs.
 * Counts the placeholders the hash does not hold yet; when the total would pass the maximum adds nothing
 * and returns 0; otherwise HSETNX each (a placeholder keeps its first value), PEXPIRE, returns 1.
 */
export const VAULT_PUT = `
local max = tonumber(ARGV[1])
local fresh = {}
local count = 0
for i = 3, #ARGV, 2 do
  local field = ARGV[i]
  if fresh[field] == nil and redis.call('HEXISTS', KEYS[1], field) == 0 then
    fresh[field] = true
    count = count + 1
  end
end
if redis.call('HLEN', KEYS[1]) + count > max then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** Vault read. KEYS: the conversation's hash. ARGV: ttl ms. HGETALL, and PEXPIRE when it exists. */
export const VAULT_READ = `
local all = redis.call('HGETALL', KEYS[1])
if #all > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return all
`;

/**
 * Change announcement. KEYS: the epochs hash. ARGV: the kind, the channel, the announcer. HINCRBY the
 * kind's epoch and PUBLISH {kind, epoch, from} in one step, so no subscriber sees an epoch the hash lacks.
 */
export const ANNOUNCE = `
local epoch = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PUBLISH', ARGV[2], cjson.encode({ kind = ARGV[1], epoch = epoch, from = ARGV[3] }))
return epoch
`;
