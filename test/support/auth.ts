import { systemActor } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { UserCreator } from '../../src/modules/auth/application/user-creator.js';
import type { TestApp } from './test-app.js';
import { uniqueSuffix } from './test-env.js';

/** Passes the password policy (long, uncommon, unrelated to the generated emails). */
export const TEST_PASSWORD = 'correct staple battery horse 42';

export interface GivenUser {
  readonly roles: readonly string[];
  readonly email?: string;
  readonly password?: string;
  readonly displayName?: string;
  readonly hospitalId?: string | null;
  readonly departmentId?: string | null;
  readonly profession?: string | null;
}

export interface CreatedUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

export interface LoginTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export type UserWithTokens = LoginTokens & { readonly userId: string; readonly email: string; readonly password: string };

/**
 * Creates an account straight through the app's UserCreator (as the system,
 * so any role may be given), in one unit of work: the same rules and events
 * as the admin API, without needing an administrator first.
 */
export async function createUser(t: TestApp, given: GivenUser): Promise<CreatedUser> {
  const role = given.roles[0] ?? 'nobody';
  const email = given.email ?? `${role.replace(/_/g, '.')}.${uniqueSuffix()}@test.hms`;
  const password = given.password ?? TEST_PASSWORD;
  const uow = t.app.get(UnitOfWork);
  const creator = t.app.get(UserCreator);
  const user = await creator.hashed({
    email,
    displayName: given.displayName ?? `Test ${role}`,
    password,
    roles: given.roles,
    hospitalId: given.hospitalId ?? null,
    departmentId: given.departmentId ?? null,
    profession: given.profession ?? null,
  });
  const id = await uow.run(systemActor('test'), (tx) => creator.create(tx, user, 'system'));
  return { id, email, password };
}

/**
 * Signs in over HTTP. Each call counts against the login rate limit (20 a minute per address by
 * default): a file that signs in often starts its app with env LOGIN_RATE_LIMIT_PER_MINUTE raised.
 */
export async function login(t: TestApp, email: string, password: string): Promise<LoginTokens> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}

/** A new user holding `role` (built-in or custom), signed in. */
export async function tokenFor(t: TestApp, role: string, extra: Omit<GivenUser, 'roles'> = {}): Promise<UserWithTokens> {
  const user = await createUser(t, { ...extra, roles: [role] });
  const tokens = await login(t, user.email, user.password);
  return { ...tokens, userId: user.id, email: user.email, password: user.password };
}

/** `Authorization` header value for a token. */
export const bearer = (token: string) => `Bearer ${token}`;

/**
 * Waits until the server no longer holds a break-the-glass grant open (GET /auth/me lists only
 * open ones, by the clock the record checks read), rather than sleeping past its expiry.
 */
export async function untilGrantEnded(t: TestApp, who: { readonly accessToken: string }, grantId: string): Promise<void> {
  await waitFor(async () => {
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', bearer(who.accessToken));
    return me.status === 200 && !(me.body.emergencyAccess as { grantId: string }[]).some((g) => g.grantId === grantId);
  }, 'the break-the-glass grant to run out');
}
