export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly json?: unknown;
  /** A ready body (e.g. multipart FormData); fetch sets its content type. */
  readonly body?: FormData;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Calls to the server under test for set-up and checks (not for load: that is autocannon's, in its own process). */
export class ApiClient {
  constructor(readonly origin: string) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed: unknown = /json/.test(type) && text ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** Signs in; a 429 (the login limit, e.g. right after the login flood) is waited out as Retry-After says, twice at most. */
  async signIn(email: string, password: string): Promise<SignedIn> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await this.request<SignedIn>('POST', '/api/v1/auth/login', { json: { email, password } });
      if (res.status === 200) return res.body;
      if (res.status !== 429 || attempt >= 2) throw new Error(`sign-in as ${email} answered ${res.status}`);
      const waitSeconds = Number(res.headers.get('retry-after') ?? 60) + 1;
      process.stderr.write(`  sign-in is rate limited; waiting ${waitSeconds} s as Retry-After says\n`);
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
  }
}

/** Fails with the answer's status and problem title unless it is `expected`. */
export function expectStatus(res: ApiResponse, expected: number, what: string): void {
  if (res.status === expected) return;
  const problem = res.body as { title?: string; detail?: string } | string;
  const said = typeof problem === 'string' ? problem.slice(0, 200) : [problem.title, problem.detail].filter(Boolean).join(': ');
  throw new Error(`${what} answered ${res.status}, expected ${expected}${said ? ` (${said})` : ''}`);
}
