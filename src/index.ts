/**
 * spine-hooks public API: run the gates from code, write a gate module, and the types they use.
 *
 *   const { run } = require('spine-hooks');
 *   const result = await run({ cwd: '/path/to/ssot', lanes: ['infra'] });
 */
export { run, type RunOptions } from './run';
export { defineGate, type GateModule, type GateCheckContext, type GateFinding } from './defineGate';
export { ExitCode } from './types';
export type { Finding, GateResult, GateStatus, LaneSummary, RunResult, Severity, SourceLocation } from './types';
export type { Snapshot } from './workspace/Snapshot';
export { MemorySnapshot } from './workspace/MemorySnapshot';
