export { addVm, DEFAULT_STATUS, type AddVmInput } from './addVm';
export { retireVm, RETIRED_STATUSES, type RetireVmInput } from './retireVm';
export { VmRefused } from './VmRefused';
export type { VmOutcome } from './VmOutcome';
