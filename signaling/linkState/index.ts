export { LinkMonitor, LINK_SAMPLE_INTERVAL_MS } from './LinkMonitor';
export type { LinkMonitorHost, LinkMonitorOptions } from './LinkMonitor';
export { LinkLifecycle } from './linkLifecycle';
export type { LinkEffect, LinkSummary } from './linkLifecycle';
export { announceLink, tellWeakLinks } from './announce';
