export {
  startServer,
  checkExposure,
  DEFAULT_PORT,
  type ServeOptions,
  type RunningServer,
} from './listen.js';
export { createServerApp, type AppOptions, type ServerApp } from './app.js';
export { createServerDeps, type ServerDeps, type ServerDepsOptions } from './deps.js';
export { createTokenStore, type TokenStore, type TokenInfo } from './tokens.js';
export { openTokenStore } from './open-tokens.js';
export { ROLES, isRole, type Role, type Principal } from './roles.js';
export { MCP_ROLE, type McpEndpoint, type McpEndpointFactory } from './mcp-mount.js';
export { openLoginLinks, type LoginLinks } from './open-login-links.js';
