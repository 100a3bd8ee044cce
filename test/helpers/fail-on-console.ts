import { afterEach, beforeEach, vi } from 'vitest';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const method of methods) vi.spyOn(console, method);
});

afterEach(() => {
  for (const method of methods) {
    const spy = vi.mocked(console[method]);
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    if (calls > 0) throw new Error(`Unexpected console.${method} output in a unit test`);
  }
});
