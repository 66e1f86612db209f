export { checkEnv, EnvCheckError, type CheckEnvOptions, type CheckResult } from './check-env.js';
export { fromJsonSchema, validArguments, nearValidArguments, hostileAction, hostileJson, awkwardString, type Mutation } from './arbitraries.js';
export { auditEnv, type AuditOptions, type AuditReport } from '../audit/audit.js';
export { auditTable } from '../audit/report.js';
export { wilsonLower, type ExploitResult, type TemplateAudit, type Threshold } from '../audit/thresholds.js';
