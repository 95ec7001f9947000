// Building a PolicyDocument from schema-valid YAML is config's job (config/build-policy.ts); re-exported here.
export * from '../config/build-policy.ts';
