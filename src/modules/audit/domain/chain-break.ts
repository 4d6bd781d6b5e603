/** Where and why a chain stops holding together. */
export interface ChainBreak {
  readonly sequence: number;
  readonly reason: string;
}
