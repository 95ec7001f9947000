// The policy YAML's raw shape is read by config/ (config/raw-policy.ts); re-exported here.
export type * from '../config/raw-policy.ts';
