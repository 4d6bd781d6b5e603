/** One version of a record as its aggregate's event stream in the audit store holds it. */
export interface RecordVersionView {
  readonly version: number;
  /** Namespaced and upcast: the current version of the event's type, whatever it was stored under. */
  readonly type: string;
  readonly occurredAt: Date;
  readonly actor: { readonly id: string; readonly kind: string };
  /** The event payload in the shape of that version (personal data in it is encrypted or absent). */
  readonly change: unknown;
}
