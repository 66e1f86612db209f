export type { Env, EnvSpec, EnvSnapshot, Observation, StepResult, ResetResult, StepInfo, ResetInfo, EpisodeTallies, AnswerReport, InstanceInfo, RenderMode } from './core/env.js';
export { EnvUsageError } from './core/env.js';
export { defineEnvironment, DefinitionError, EVAL_WORLD_OFFSET, worldPoolSeeds, type Environment, type EnvironmentDefinition, type PromptContext, type WorldPools } from './core/environment.js';
export { configureSnapshotKey } from './core/snapshot-signing.js';
export { configureWorldCache, worldCacheStats, clearWorldCache, DEFAULT_WORLD_CACHE_BYTES, type WorldCacheStats } from './core/world-cache.js';
export { ToolEnv } from './core/tool-env.js';
export { make, register, registration, registeredIds, type Registration } from './core/registry.js';
export { EnvOptionsSchema, ResetOptionsSchema, type EnvOptions, type ResetOptions } from './core/options.js';
export { RewardConfigSchema, RewardOverridesSchema, DEFAULT_REWARDS, mergeRewards, type RewardConfig, type RewardConfigInput } from './core/rewards.js';
export { rngStream, deriveSeed, type Rng, type Seed } from './core/rng.js';
export { stableJson, contentHash, type JsonValue, type JsonObject } from './core/json.js';
export type { ChatMessage, AssistantMessage, ToolMessage, ToolCall, ToolSpec } from './core/messages.js';
export { Wrapper, TimeLimit, TransformReward, ResetDefaults, RecordEpisodes, withActionFormat, withRewards, withFaults, type RecordedEpisode } from './core/wrappers.js';
export { VectorEnv } from './core/vector-env.js';
export { renderAnsi, renderHtml } from './core/render.js';

export { defineTool, toolError, isToolError, type Tool, type ToolContext, type ToolError } from './tools/tool.js';
export { ToolRegistry, type RegisteredTool } from './tools/registry.js';
export { toolSpec, inputJsonSchema } from './tools/spec.js';
export { FaultConfigSchema, FAULT_KINDS, drawFault, type FaultConfig, type FaultKind } from './tools/faults.js';

export { ERROR_CLASSES, type ErrorClass } from './actions/errors.js';
export { handleAction, defaultObservation, type ActionReport, type CallReport, type CallResult, type FinalAnswer, type ObservationFormatter } from './actions/handler.js';
export { parseAction, BUILTIN_PARSERS } from './actions/formats.js';
export { encodeAction } from './actions/encode.js';
export type { ActionParser, ParsedCall, ParseResult, EncodedCall } from './actions/parse-result.js';
export { parseJson } from './actions/safe-json.js';

export { defineTemplate, type TaskTemplate, type Placeholder, type PathStep, type OfferSpec, type AnswerScope } from './tasks/template.js';
export { ref, readPath, type ArgSource } from './tasks/refs.js';
export { compareAnswer, answerText, normalizeText, tokenF1, CompareRuleSchema, type CompareRule, type Verdict } from './tasks/compare.js';
export { QueryInstanceSchema, type QueryInstance, type SolutionCall } from './tasks/instance.js';
export { generateInstance, TemplateError, type Sandbox } from './tasks/generate.js';
export { realiseCall } from './tasks/realise.js';
export type { SplitDefinition, CompiledSplit, SplitRole } from './tasks/split.js';

export type { Policy, PolicyContext } from './rollout/policy.js';
export { OraclePolicy, oraclePlan, oracleAction } from './rollout/oracle.js';
export { NoisyOraclePolicy, NoiseConfigSchema, type NoiseConfig, type NoiseConfigInput } from './rollout/noisy-oracle.js';
export { RandomPolicy } from './rollout/random-policy.js';
export { sampleJsonSchema } from './rollout/schema-sample.js';
export { collect, planJobs, type CollectOptions, type CollectPlan, type CollectSummary, type CollectTarget } from './rollout/collector.js';
export { runEpisode, PolicyFailure, type EpisodeJob, type EpisodeOptions } from './rollout/episode.js';
export { TrajectoryRecordSchema, TRAJECTORY_FORMAT, recordHash, serializeRecord, episodeKey, rawAction, callArguments, type TrajectoryRecord, type TrajectoryContent, type StepRecord, type CandidateRecord, type CallRecord, type Outcome, type Rejection } from './rollout/record.js';
export { TrajectoryLog, scanLog } from './rollout/trajectory-log.js';
export { readRecords } from './rollout/record-file.js';
export { filterVerdict, type FilterVerdict } from './rollout/filter.js';
export { StatsAccumulator, formatStatsTable, type StatsReport, type StatsRow } from './rollout/stats.js';
export { EXPORT_FORMATS, PAIR_LEVELS, exportLines, ExportError, type ExportFormat, type ExportOptions, type PairLevel } from './data/export.js';
export { stepPairs, trajectoryPairs, trajectoryPair, type PreferencePair } from './data/pairs.js';
export { transcript, trainingConversation, prefixBefore } from './data/conversation.js';
export { readLines, readJsonl, JsonlError } from './data/jsonl.js';
export { OpenAIChatPolicy, isFailedAction, type OpenAIChatPolicyOptions } from './rollout/openai-policy.js';
export { ChatClient, ChatConfigurationError, PLACEHOLDER_API_KEY, type ChatClientOptions, type ChatFailure, type ChatStats } from './rollout/chat-client.js';
export { ACTION_FORMAT_OF_MODE, CHAT_MODES, modeForFormat, type ChatMode } from './rollout/chat-transcript.js';
export { paraphraseInstances, QueryParaphraser, placeholderTexts, checkParaphrase, type ParaphraseOptions, type ParaphraseReport } from './tasks/paraphrase.js';

export { startServer, SERVER_DEFAULTS, type ServerOptions, type RunningServer } from './server/server.js';
export { LamsimClient, RemoteSession, ServerError } from './server/client.js';
