import type { Stage } from '../compose.ts';
import type { RequestContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { overheadMs } from '../context.ts';

/**
 * Outermost stage: after everything else (success, block or failure) records one line per request.
 * The tamper-evident audit trail (governance issue) will hang off this same point; for now it is the
 * structured access log. It never contains request content.
 */
export function auditStage(runtime: Runtime): Stage<RequestContext> {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const finish = (): void => {
        runtime.log.info('request', {
          requestId: ctx.id,
          api: ctx.endpoint.api,
          model: ctx.model || undefined,
          stream: ctx.stream,
          principal: ctx.principal.id,
          decision: ctx.decision.action,
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
          status: ctx.clientAbort.signal.aborted && !ctx.res.writableFinished ? 499 : ctx.status,
          error: ctx.error?.code,
          inputTokens: ctx.usage?.inputTokens,
          outputTokens: ctx.usage?.outputTokens,
          durationMs: Math.round(performance.now() - ctx.startedAt),
          overheadMs: Number(overheadMs(ctx).toFixed(2)),
        });
      };
      finish();
    }
  };
}

function ownCodeSources(ctx: RequestContext): string[] | undefined {
  const sources = ctx.findings.flatMap((f) => (f.ownCode ? [`${f.ownCode.repository}:${f.ownCode.path}:L${f.ownCode.startLine}-L${f.ownCode.endLine}`] : []));
  return sources.length > 0 ? [...new Set(sources)] : undefined;
}
