import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { finalStatus, overheadMs } from '../context.ts';
import { buildAuditEvent, recordedDecision, recordedModel } from '../build-event.ts';

/**
 * Outermost stage: exactly one audit event per request, whatever happened below (success, block,
 * failure, client gone), plus the structured access-log line. Neither contains request content.
 *
 * Durability: the event is committed through the audit port *before* the response completes. `res.end`
 * is wrapped so its first call builds the event (status and usage are known by then), starts the append
 * and holds the real end back until the append has committed; if the write fails the response is
 * destroyed instead (fail closed: a client never gets a complete answer that has no audit record). While
 * the end is held, `ctx.ending` is set (a later error is not written into an answer that already ended)
 * and further `end` calls are ignored. Requests that never end normally (client gone, connection cut)
 * are recorded when the pipeline unwinds; the stage returns only once the event is committed.
 */
export function auditStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    const trail = runtime.audit;
    let recording: Promise<boolean> | undefined;
    const record = (): Promise<boolean> => {
      if (!trail) return Promise.resolve(true);
      // The event is built now, synchronously: what it says is the request as it stands at this call.
      recording ??= trail.record(buildAuditEvent(ctx, runtime.secretKey), ctx.served && trail.capturesTranscripts ? ctx.bodyText : undefined).then(
        () => true,
        () => false, // logged and counted by the trail
      );
      return recording;
    };
    if (trail) {
      const res = ctx.res;
      const end = res.end;
      res.end = function (this: typeof res, ...args: unknown[]) {
        if (ctx.ending) return res;
        ctx.ending = true;
        void record().then((ok) => {
          if (ok) (end as (...a: unknown[]) => typeof res).apply(this, args);
          else res.destroy();
        });
        return res;
      } as typeof res.end;
    }
    try {
      await next();
    } finally {
      await record();
      const decision = recordedDecision(ctx);
      runtime.log.info('request', {
        requestId: ctx.id,
        api: ctx.endpoint.api,
        model: recordedModel(ctx) || undefined,
        stream: ctx.stream,
        principal: ctx.principal.id,
        decision: decision.action,
        refusal: decision.action === 'refused' ? decision.reason : undefined,
        findings: ctx.findings.length > 0 ? ctx.findings.map((f) => `${f.type}:${f.ruleId}:${f.confidence}@${f.location.surface}`) : undefined,
        // Which internal file pasted code came from: repository, path and line range (names, no content).
        ownCode: ownCodeSources(ctx),
        redacted: ctx.redaction?.values,
        unredactable: ctx.redaction?.unredactable || undefined,
        uninspected: ctx.uninspected.length > 0 ? ctx.uninspected.length : undefined,
        backend: ctx.served?.backend,
        servedModel: ctx.served?.model,
        zone: ctx.served?.zone,
        mode: ctx.served?.mode,
        attempts: ctx.served?.attempts,
        status: finalStatus(ctx),
        error: ctx.error?.code,
        inputTokens: ctx.usage?.inputTokens,
        outputTokens: ctx.usage?.outputTokens,
        durationMs: Math.round(performance.now() - ctx.startedAt),
        overheadMs: Number(overheadMs(ctx).toFixed(2)),
      });
    }
  };
}

function ownCodeSources(ctx: RequestContext): string[] | undefined {
  const sources = ctx.findings.flatMap((f) => (f.ownCode ? [`${f.ownCode.repository}:${f.ownCode.path}:L${f.ownCode.startLine}-L${f.ownCode.endLine}`] : []));
  return sources.length > 0 ? [...new Set(sources)] : undefined;
}
