/**
 * A small "company repository" for the own-code end-to-end tests: Go, Python and TypeScript written for
 * these tests (a few hundred lines), a .gitignore, a vendored copy and a generated file that indexing
 * must skip, and a pasted snippet — one Go function with every name changed and the layout reformatted —
 * that must be traced back to `services/quota/limiter.go`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const LIMITER_GO = `package quota

import (
	"errors"
	"sync"
	"time"
)

// ErrQuotaExceeded is returned when a tenant has used its whole allowance for the window.
var ErrQuotaExceeded = errors.New("quota: allowance exhausted")

// Bucket is one tenant's token bucket. Tokens refill continuously at Rate per second up to Burst.
type Bucket struct {
	Rate     float64
	Burst    float64
	tokens   float64
	lastFill time.Time
}

// Limiter keeps one bucket per tenant and a default policy for tenants it has not seen.
type Limiter struct {
	mu          sync.Mutex
	buckets     map[string]*Bucket
	defaultRate float64
	defaultBurst float64
	clock       func() time.Time
}

func NewLimiter(rate, burst float64) *Limiter {
	return &Limiter{buckets: make(map[string]*Bucket), defaultRate: rate, defaultBurst: burst, clock: time.Now}
}

// Reserve takes cost tokens from the tenant's bucket, refilling it first for the time elapsed since
// the last call. It returns how long the caller should wait before retrying when the bucket is short.
func (l *Limiter) Reserve(tenant string, cost float64) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[tenant]
	if !ok {
		b = &Bucket{Rate: l.defaultRate, Burst: l.defaultBurst, tokens: l.defaultBurst, lastFill: l.clock()}
		l.buckets[tenant] = b
	}
	now := l.clock()
	elapsed := now.Sub(b.lastFill).Seconds()
	if elapsed > 0 {
		b.tokens += elapsed * b.Rate
		if b.tokens > b.Burst {
			b.tokens = b.Burst
		}
		b.lastFill = now
	}
	if cost > b.Burst {
		return 0, ErrQuotaExceeded
	}
	if b.tokens >= cost {
		b.tokens -= cost
		return 0, nil
	}
	missing := cost - b.tokens
	wait := time.Duration(missing / b.Rate * float64(time.Second))
	return wait, nil
}

// SetPolicy overrides the rate and burst of one tenant, keeping the tokens it has (capped to the new burst).
func (l *Limiter) SetPolicy(tenant string, rate, burst float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[tenant]
	if !ok {
		l.buckets[tenant] = &Bucket{Rate: rate, Burst: burst, tokens: burst, lastFill: l.clock()}
		return
	}
	b.Rate = rate
	b.Burst = burst
	if b.tokens > burst {
		b.tokens = burst
	}
}

// Snapshot lists every tenant's remaining tokens, for the admin endpoint.
func (l *Limiter) Snapshot() map[string]float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]float64, len(l.buckets))
	for tenant, b := range l.buckets {
		out[tenant] = b.tokens
	}
	return out
}

// Forget drops tenants idle for longer than maxIdle so the map does not grow without bound.
func (l *Limiter) Forget(maxIdle time.Duration) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := l.clock().Add(-maxIdle)
	dropped := 0
	for tenant, b := range l.buckets {
		if b.lastFill.Before(cutoff) {
			delete(l.buckets, tenant)
			dropped++
		}
	}
	return dropped
}
`;

const SETTLEMENT_PY = `"""Nightly settlement of partner payouts: group captured charges by partner, net refunds, apply fees."""

from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_EVEN
from typing import Iterable


@dataclass
class Charge:
    partner_id: str
    amount: Decimal
    currency: str
    refunded: Decimal = Decimal("0")


@dataclass
class Payout:
    partner_id: str
    currency: str
    gross: Decimal = Decimal("0")
    refunds: Decimal = Decimal("0")
    fees: Decimal = Decimal("0")
    charges: int = 0
    notes: list = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return self.gross - self.refunds - self.fees


def fee_for(amount: Decimal, rate: Decimal, minimum: Decimal) -> Decimal:
    fee = (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return max(fee, minimum)


def settle(charges: Iterable[Charge], rates: dict, minimum_fee: Decimal) -> dict:
    payouts = {}
    for charge in charges:
        key = (charge.partner_id, charge.currency)
        payout = payouts.get(key)
        if payout is None:
            payout = Payout(partner_id=charge.partner_id, currency=charge.currency)
            payouts[key] = payout
        payout.gross += charge.amount
        payout.refunds += charge.refunded
        payout.charges += 1
        rate = rates.get(charge.partner_id, rates.get("default", Decimal("0.029")))
        payout.fees += fee_for(charge.amount - charge.refunded, rate, minimum_fee)
    for payout in payouts.values():
        if payout.net < 0:
            payout.notes.append("negative balance carried to next cycle")
    return payouts


def render_statement(payout: Payout) -> str:
    lines = [
        f"Partner {payout.partner_id} ({payout.currency})",
        f"  charges: {payout.charges}",
        f"  gross:   {payout.gross:>12}",
        f"  refunds: {payout.refunds:>12}",
        f"  fees:    {payout.fees:>12}",
        f"  net:     {payout.net:>12}",
    ]
    for note in payout.notes:
        lines.append(f"  note: {note}")
    return "\\n".join(lines)


def split_by_threshold(payouts: dict, threshold: Decimal) -> tuple:
    ready, held = [], []
    for payout in payouts.values():
        if payout.net >= threshold:
            ready.append(payout)
        else:
            held.append(payout)
    ready.sort(key=lambda p: (p.currency, -p.net))
    held.sort(key=lambda p: (p.currency, p.partner_id))
    return ready, held
`;

const ROUTER_TS = `import type { IncomingMessage, ServerResponse } from 'node:http';

/** A tiny path router for the partner portal's internal API: static segments and :params. */

export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class PortalRouter {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const parts = path.split('?')[0]!.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const want = route.segments[i]!;
        const got = decodeURIComponent(parts[i]!);
        if (want.startsWith(':')) params[want.slice(1)] = got;
        else if (want !== got) {
          ok = false;
          break;
        }
      }
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }

  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const found = this.match(req.method ?? 'GET', req.url ?? '/');
    if (!found) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found', path: req.url }));
      return;
    }
    try {
      await found.handler(req, res, found.params);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal', message: err instanceof Error ? err.message : String(err) }));
    }
  }
}

export async function readJson(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(\`body larger than \${limit} bytes\`);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
`;

/**
 * `Limiter.Reserve` (limiter.go lines 35-62) as someone would paste it after a rename and a reformat:
 * every name is different, the layout is not gofmt's.
 */
export const PASTED_SNIPPET = `func (q *Throttle) Acquire(account string, weight float64) (time.Duration, error) {
    q.lock.Lock(); defer q.lock.Unlock()
    slot, found := q.slots[account]
    if !found {
        slot = &Slot{Speed: q.baseSpeed, Cap: q.baseCap, level: q.baseCap, stamp: q.now()}
        q.slots[account] = slot
    }
    t := q.now()
    gap := t.Sub(slot.stamp).Seconds()
    if gap > 0 {
        slot.level += gap * slot.Speed
        if slot.level > slot.Cap { slot.level = slot.Cap }
        slot.stamp = t
    }
    if weight > slot.Cap { return 0, ErrTooMuch }
    if slot.level >= weight {
        slot.level -= weight
        return 0, nil
    }
    short := weight - slot.level
    pause := time.Duration(short / slot.Speed * float64(time.Second))
    return pause, nil
}`;

export const SNIPPET_SOURCE = { repository: 'acme-platform', path: 'services/quota/limiter.go' };

/** Writes the repository under `root` (named `acme-platform` by the tests). */
export async function writeCompanyRepo(root: string): Promise<void> {
  const files: Record<string, string> = {
    '.gitignore': 'tmp/\n*.local.go\n',
    'services/quota/limiter.go': LIMITER_GO,
    'services/settlement/settle.py': SETTLEMENT_PY,
    'portal/src/router.ts': ROUTER_TS,
    'README.md': '# acme platform\n',
    // Must be skipped: ignored by .gitignore, vendored, generated.
    'tmp/limiter-copy.go': LIMITER_GO,
    'services/quota/limiter.local.go': LIMITER_GO,
    'vendor/github.com/acme/quota/limiter.go': LIMITER_GO,
    'services/quota/limiter_mock.go': `// Code generated by MockGen. DO NOT EDIT.\n${LIMITER_GO}`,
    'portal/src/api.generated.ts': ROUTER_TS,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}
