// The finding types live in domain/ (imported by every layer); re-exported here for inspection's modules.
export type * from '../domain/finding.ts';
