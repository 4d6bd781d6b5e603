/** Builds a WHERE clause with numbered parameters. */
export class SqlConditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: (placeholder: string) => string, value: unknown): void {
    if (value !== undefined) this.parts.push(sql(this.bind(value)));
  }

  get where(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
