/** Options shared by the run-time Ajv instance and the build-time precompiler (scripts/build-validators.js). */
export const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true } as const;

export const FORMATS = ['ipv4', 'ipv6', 'date', 'date-time', 'uri', 'email', 'hostname', 'regex'] as const;
