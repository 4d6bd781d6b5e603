import { describe, expect, it } from '@jest/globals';
import { parsePiiRotationCliOptions } from './pii-rotation-cli-options.js';

describe('pii:rotate arguments', () => {
  it('starts an encryption rotation by default, a blind-index one on request, waiting only when asked', () => {
    expect(parsePiiRotationCliOptions([])).toEqual({ action: 'start', kind: 'encryption', wait: false });
    expect(parsePiiRotationCliOptions(['--wait'])).toEqual({ action: 'start', kind: 'encryption', wait: true });
    expect(parsePiiRotationCliOptions(['--wait', '--blind-index'])).toEqual({ action: 'start', kind: 'blind-index', wait: true });
  });

  it('lists rotations with --status alone', () => {
    expect(parsePiiRotationCliOptions(['--status'])).toEqual({ action: 'status' });
    expect(parsePiiRotationCliOptions(['--status', '--wait'])).toMatch(/^--status takes no other argument/);
  });

  it('refuses what it does not know, naming it', () => {
    expect(parsePiiRotationCliOptions(['--blind-indexes'])).toMatch(/^unknown argument --blind-indexes; usage: pii:rotate/);
    expect(parsePiiRotationCliOptions(['k3'])).toMatch(/^unknown argument k3/);
  });
});
