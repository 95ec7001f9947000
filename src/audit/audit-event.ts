// The audit event type lives in domain/ (the pipeline builds events, the trail stores them); re-exported here.
export type * from '../domain/audit-event.ts';
