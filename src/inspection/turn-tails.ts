import type { Location } from './finding.ts';
import type { InspectionResult } from './inspector.ts';
import type { Segment, Surfaces } from './surfaces.ts';

/**
 * Split values across an OpenAI Responses `previous_response_id` chain. Such a request carries only the
 * new input; the earlier turns live at the backend. So for each answer the gateway relays, the end of
 * that turn's joinable text is remembered under the answer's response id (scoped to the caller), and a
 * request naming that id is inspected with the remembered ends as synthetic leading segments: the
 * inspector's boundary scan then finds a value cut between the turns (`…AKIAIOSFOD` | `NN7EXAMPLE…`).
 * The synthetic segments are never forwarded and never reported: a finding that starts in them is moved
 * to the request's own piece, and detections in them are dropped (the request's piece is redacted or the
 * request blocked, per policy).
 */

/** Characters kept of each side's text: the longest value a rule matches across a boundary (joined-runs EDGE). */
export const TAIL_CHARS = 512;

/**
 * Joinable surfaces (as in inspector.ts `JOINABLE`, which is private there; keep the two in step). Text
 * on the model's side (`byModel`, tool calls, reasoning) is kept apart from the client's, as the
 * inspector's side views join each side on its own.
 */
const JOINABLE = new Set(['system', 'message-text', 'tool-result', 'tool-call-arguments', 'prompt', 'reasoning']);

/** The remembered end of one turn: the client's joinable text and the model's (its answer last). */
export interface TurnTail {
  client: string;
  model: string;
}

const tail = (text: string): string => (text.length > TAIL_CHARS ? text.slice(text.length - TAIL_CHARS) : text);

/**
 * The ends of a request's joinable text, each side on its own, continued from the tail it was joined to
 * (so a value cut over three short turns is still joined).
 */
export function requestTail(segments: Segment[], leading: TurnTail | undefined): TurnTail {
  // From the end, until each side has its TAIL_CHARS: a long resent history costs only its last segments.
  const client: string[] = [];
  const model: string[] = [];
  let clientChars = 0;
  let modelChars = 0;
  for (let i = segments.length - 1; i >= 0 && (clientChars < TAIL_CHARS || modelChars < TAIL_CHARS); i--) {
    const s = segments[i] as Segment;
    const surface = s.location.surface;
    if (!JOINABLE.has(surface) || s.text.length === 0) continue;
    if (s.location.path === 'instructions') continue; // resent each turn, before the input: not where a turn ends
    const byModel = s.byModel === true || surface === 'tool-call-arguments' || surface === 'reasoning';
    if (byModel) {
      if (modelChars < TAIL_CHARS) model.push(s.text.length > TAIL_CHARS ? s.text.slice(s.text.length - TAIL_CHARS) : s.text);
      modelChars += s.text.length;
    } else {
      if (clientChars < TAIL_CHARS) client.push(s.text.length > TAIL_CHARS ? s.text.slice(s.text.length - TAIL_CHARS) : s.text);
      clientChars += s.text.length;
    }
  }
  const join = (before: string, parts: string[]): string => tail(before + parts.reverse().join(''));
  return { client: join(leading?.client ?? '', client), model: join(leading?.model ?? '', model) };
}

/** A request's tail followed by its answer's text (the model's side). */
export function withAnswer(request: TurnTail, answerText: string): TurnTail {
  return { client: request.client, model: tail(request.model + answerText) };
}

/** Surfaces with the remembered tail in front of the request's input, and how to recognise the synthetic parts. */
export interface JoinedSurfaces {
  surfaces: Surfaces;
  synthetic: Set<Location>;
}

/**
 * Puts the remembered tail (client side, then model side, as a resent conversation would order them)
 * just before the request's first joinable input segment — after `instructions`, which clients resend
 * each turn and which the input does not continue.
 */
export function joinTail(surfaces: Surfaces, leading: TurnTail): JoinedSurfaces {
  const synthetic = new Set<Location>();
  const extra: Segment[] = [];
  if (leading.client.length > 0) {
    const location: Location = { surface: 'message-text', path: 'previous_response_id#client-tail' };
    synthetic.add(location);
    extra.push({ text: leading.client, location });
  }
  if (leading.model.length > 0) {
    const location: Location = { surface: 'message-text', path: 'previous_response_id#model-tail' };
    synthetic.add(location);
    extra.push({ text: leading.model, location, byModel: true });
  }
  if (extra.length === 0) return { surfaces, synthetic };
  const segments = surfaces.segments;
  let at = segments.findIndex((s) => JOINABLE.has(s.location.surface) && s.text.length > 0 && s.location.path !== 'instructions');
  if (at < 0) at = segments.length;
  return { surfaces: { segments: [...segments.slice(0, at), ...extra, ...segments.slice(at)], uninspected: surfaces.uninspected }, synthetic };
}

/**
 * The inspection result as if the synthetic segments had not been there: their own detections and
 * findings are dropped (what they hold was the earlier turn's, inspected then), and a split finding that
 * starts in them is reported at the request's piece it continues into. A finding whose every piece is
 * synthetic is dropped: it has no detection outside the tail.
 */
export function withoutTail(result: InspectionResult, synthetic: Set<Location>, segments: Segment[]): InspectionResult {
  if (synthetic.size === 0) return result;
  const detections = result.detections.filter((d) => !synthetic.has(d.location));
  // Where a match that starts in the tail continues: the first real joinable segment after the tail
  // (every view that joins the tail to the request continues there or at that side's first segment).
  const real = new Set(detections.map((d) => d.location));
  const findings = [];
  for (const f of result.findings) {
    if (!synthetic.has(f.location)) {
      findings.push(f);
      continue;
    }
    let into = f.continuesAt;
    if (into !== undefined && synthetic.has(into)) into = firstRealAfterTail(segments, synthetic, real, f.ruleId, detections);
    if (into === undefined || !real.has(into)) continue;
    const { continuesAt: _c, ...rest } = f;
    findings.push({ ...rest, location: into });
  }
  const uninspected = result.uninspected.filter((u) => !synthetic.has(u.location));
  return { ...result, findings, detections, uninspected };
}

/** The first real segment after the tail holding a piece of a value of `ruleId` that starts at its beginning. */
function firstRealAfterTail(segments: Segment[], synthetic: Set<Location>, real: Set<Location>, ruleId: string, detections: InspectionResult['detections']): Location | undefined {
  let after = false;
  for (const s of segments) {
    if (synthetic.has(s.location)) {
      after = true;
      continue;
    }
    if (!after || !real.has(s.location)) continue;
    if (detections.some((d) => d.location === s.location && d.detection.ruleId === ruleId && d.detection.valueStart === 0)) return s.location;
  }
  return undefined;
}

// Where tails are remembered (sealed, per caller and response id, in memory or a shared store): turn-tail-store.ts.
