// Input problems name the field and, where there is one, the session or step.

export class OptimumInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`optimum input ${field}: ${message}`);
    this.name = 'OptimumInputError';
  }
}
