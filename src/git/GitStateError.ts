import { ConfigError } from '../registry/ConfigError';

/** An unmerged path, or another git state in which the files cannot be read as one snapshot (exit 2). */
export class GitStateError extends ConfigError {}
