/** An invalid registry, configuration or command line: exit code 2, reported as `file:line:col: message`. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  get location(): string {
    if (!this.file) return '';
    return this.line ? `${this.file}:${this.line}:${this.column ?? 1}` : this.file;
  }
}

/** A dangling name inside a gate definition, at a JSON pointer relative to the gate. */
export class ReferenceProblem extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}
