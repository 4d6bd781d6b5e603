import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfigForProcess } from './config/process-config.js';
import { CONTEXTS } from './contexts.js';
import { runMigrations } from './infrastructure/database/migrate.js';
import { SeedRunner } from './infrastructure/seeding/seed-runner.js';
import { SeedingModule } from './infrastructure/seeding/seeding.module.js';

/** `npm run seed`: demo data for local use. Never against a production database. */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('npm run seed loads demo data for local use and refuses to run with NODE_ENV=production');
  }
  const config = loadConfigForProcess(
    { ...process.env, APP_ROLE: 'api' },
    { notice: (message) => process.stdout.write(`${message}\n`) },
  );
  await runMigrations(config, CONTEXTS);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { imports: [SeedingModule] }), {
    logger: ['error', 'warn'],
  });
  try {
    const count = await app.get(SeedRunner).run((line) => process.stdout.write(`${line}\n`));
    process.stdout.write(count === 0 ? 'no context offers demo data yet\n' : `ran ${count} seeders\n`);
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
