/**
 * The WHERE clause of a query whose conditions depend on the request, with numbered placeholders:
 * values are always parameters, never text in the SQL.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** The placeholder ($n) of a new parameter. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition built with `param` (all conditions are joined with AND). */
  and(condition: string): this {
    this.parts.push(condition);
    return this;
  }

  /** "WHERE a AND b", or "" when there is no condition. */
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
