// The policy language's types live in domain/policy.ts (config builds documents, policy compiles them); re-exported here.
export * from '../domain/policy.ts';
