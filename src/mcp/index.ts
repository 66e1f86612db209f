/** lamsim/mcp: an episode's tools as a Model Context Protocol server (kept apart so `lamsim` itself does not load the MCP SDK). */
export { episodeServer, TASK_PROMPT, type McpEpisode } from './episode-server.js';
export { mcpRoute, MCP_PATH } from './http.js';
export { RecordedEpisode, type RecordedEpisodeOptions } from './recorded-episode.js';
export { callResult, mcpAction, mcpTools, stepsTaken, MCP_ACTION_FORMAT } from './tools.js';
