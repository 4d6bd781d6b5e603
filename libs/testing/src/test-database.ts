/** Refuses to let a test touch a database whose name does not say it is for tests. */
export function assertTestDatabaseUrl(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
  return name;
}
