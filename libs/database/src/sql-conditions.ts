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

  /**
   * Adds "one of these text expressions contains the phrase", accent- and case-insensitively: both
   * sides folded by the database's `search_fold` (NFC, then `unaccent` — đ → d included — then
   * lower case; migration AccentInsensitiveSearch), so "hoang dong" finds "Hoàng Đồng". Runs of
   * blanks in the phrase count as one space; `%`, `_` and `\` are matched as typed.
   */
  textMatch(expressions: string[], phrase: string): this {
    const words = phrase.normalize('NFC').trim().replace(/\s+/g, ' ');
    const like = this.param(`%${words.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    return this.and(
      `(${expressions.map((e) => `search_fold(${e}) LIKE search_fold(${like})`).join(' OR ')})`,
    );
  }

  /** "WHERE a AND b", or "" when there is no condition. */
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
