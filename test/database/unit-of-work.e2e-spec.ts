import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NotFoundError, systemActor } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { RegisterHospital } from '../../src/modules/hospitals/application/commands/register-hospital.command.js';
import { GetHospital, type HospitalView } from '../../src/modules/hospitals/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Rolls the unit of work back after the checks ran inside it. */
class RolledBack extends Error {}

/** Queries and commands sent from inside a unit of work run in its transaction, on its one connection (ADR 15). */
describe('unit of work', () => {
  let t: TestApp;
  let uow: UnitOfWork;
  let queries: QueryBus;
  let commands: CommandBus;
  const actor = systemActor('unit-of-work-test');

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '2' } });
    uow = t.app.get(UnitOfWork);
    queries = t.app.get(QueryBus);
    commands = t.app.get(CommandBus);
  });
  afterAll(() => t.close());

  const hospitalsNamed = async (name: string) =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hospitals WHERE name = $1', [name]))[0].n;

  it('lets a query sent from inside see the uncommitted row of its transaction, which nobody else sees', async () => {
    const name = `Uncommitted Infirmary ${Date.now()}`;
    let seen: HospitalView | undefined;
    let outside = -1;
    await expect(
      uow.run(actor, async () => {
        const registered = await commands.execute(new RegisterHospital(actor, { name, address: '1 Pending Lane' }));
        seen = await queries.execute(new GetHospital(registered.id));
        outside = await hospitalsNamed(name);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(seen).toMatchObject({ name, address: '1 Pending Lane' });
    expect(outside).toBe(0);
    // The nested command joined the outer transaction: it rolled back with it.
    expect(await hospitalsNamed(name)).toBe(0);
    await expect(queries.execute(new GetHospital(seen!.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('runs nested units of work and their queries on the outer one connection, even with every other one taken', async () => {
    const name = `Nested Clinic ${Date.now()}`;
    // The pool's other connection is held, so anything asking the pool for a second one would wait and time out.
    const squatter = t.app.get(DataSource).createQueryRunner();
    await squatter.connect();
    const pids = await uow
      .run(actor, async (outer) => {
        const registered = await commands.execute(new RegisterHospital(actor, { name, address: '2 Inner Court' }));
        const inner = await uow.run(actor, async (tx) => tx.manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'));
        const viaQuery = await queries.execute(new GetHospital(registered.id, true));
        expect(viaQuery.id).toBe(registered.id);
        const [mine] = await outer.manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
        return [mine.pid, inner[0].pid];
      })
      .finally(() => squatter.release());
    expect(pids[1]).toBe(pids[0]);
    expect(await hospitalsNamed(name)).toBe(1);
  });

  it('refuses a nested unit of work asking for another isolation level, naming both', async () => {
    await expect(
      uow.run(actor, () => uow.run(actor, () => Promise.resolve('joined'), { isolation: 'SERIALIZABLE' })),
    ).rejects.toThrow('A unit of work asking for SERIALIZABLE cannot join the open READ COMMITTED transaction');
    await expect(
      uow.run(actor, () => uow.run(actor, () => Promise.resolve('joined'), { isolation: 'READ COMMITTED' })),
    ).resolves.toBe('joined');
    await expect(
      uow.run(actor, () => uow.run(actor, () => Promise.resolve('joined')), { isolation: 'REPEATABLE READ' }),
    ).resolves.toBe('joined');
  });

  it('refuses a hold on a hospital outside a unit of work, where the lock would end with the statement', async () => {
    const registered = await commands.execute(new RegisterHospital(actor, { name: `Held ${Date.now()}`, address: '3 Lock Row' }));
    await expect(queries.execute(new GetHospital(registered.id, true))).rejects.toThrow(
      'GetHospital with hold must be sent inside a unit of work',
    );
    await expect(queries.execute(new GetHospital(registered.id))).resolves.toMatchObject({ id: registered.id });
  });
  it('undoes a savepoint that throws, its writes and its events, and commits the rest of the transaction', async () => {
    const stamp = Date.now();
    const eventsOf = async (hospitalId: string) =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1', [hospitalId]))[0].n;
    let undoneId = '';
    const keptIds = await uow.run(actor, async () => {
      const first = await uow.savepoint(() =>
        commands.execute(new RegisterHospital(actor, { name: `Kept Clinic ${stamp}`, address: '4 Kept Way' })),
      );
      await expect(
        uow.savepoint(async () => {
          const undone = await commands.execute(new RegisterHospital(actor, { name: `Undone ${stamp}`, address: '5 Gone Way' }));
          undoneId = undone.id;
          throw new RolledBack();
        }),
      ).rejects.toBeInstanceOf(RolledBack);
      // The transaction goes on after the undone savepoint.
      const second = await uow.savepoint(() =>
        commands.execute(new RegisterHospital(actor, { name: `Kept Clinic ${stamp} 2`, address: '6 Kept Way' })),
      );
      return [first.id, second.id];
    });
    expect(undoneId).not.toBe('');
    expect(await hospitalsNamed(`Kept Clinic ${stamp}`)).toBe(1);
    expect(await hospitalsNamed(`Kept Clinic ${stamp} 2`)).toBe(1);
    expect(await hospitalsNamed(`Undone ${stamp}`)).toBe(0);
    for (const id of keptIds) expect(await eventsOf(id)).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(undoneId)).toBe(0);
  });

  it('refuses a savepoint outside a unit of work', async () => {
    await expect(uow.savepoint(() => Promise.resolve(1))).rejects.toThrow('A savepoint needs an open unit of work');
  });
});
