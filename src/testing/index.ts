export { checkEnv, EnvCheckError, type CheckEnvOptions, type CheckResult } from './check-env.js';
export { fromJsonSchema, validArguments, nearValidArguments, hostileAction, hostileJson, awkwardString, type Mutation } from './arbitraries.js';
