/** Bad arguments to a CLI command: the CLI prints the message alone and exits 2. */
export class UsageError extends Error {}
