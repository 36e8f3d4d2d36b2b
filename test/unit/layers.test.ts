import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The design's layers: shared/ (pure) ← platform/ (bindings, stubs, log, clock) ← workers/ and durable-objects/,
// which never import each other; only the Worker's entry point names the Durable Object classes it exports.
const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folders a file's relative imports reach. */
function importedLayers(file: string): { layer: string; spec: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: { layer: string; spec: string }[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']*)'/g)) {
    const target = relative(ROOT, resolve(join(ROOT, file, '..'), m[1]!));
    out.push({ layer: target.split('/')[0]!, spec: m[1]! });
  }
  return out;
}

const RULES: { layer: string; forbidden: string[]; except?: string[] }[] = [
  { layer: 'shared', forbidden: ['workers', 'durable-objects', 'platform'] },
  { layer: 'platform', forbidden: ['workers', 'durable-objects'] },
  { layer: 'durable-objects', forbidden: ['workers'] },
  { layer: 'workers', forbidden: ['durable-objects'], except: ['workers/index.ts'] },
];

describe('layers point down', () => {
  for (const rule of RULES) {
    it(`${rule.layer}/ imports none of ${rule.forbidden.join(', ')}`, () => {
      const violations = sources(rule.layer)
        .filter((f) => !rule.except?.includes(f))
        .flatMap((f) => importedLayers(f).filter((i) => rule.forbidden.includes(i.layer)).map((i) => `${f} → ${i.spec}`));
      expect(violations).toEqual([]);
    });
  }

  it('shared/ never reads the wall clock or randomness directly outside the clock module', () => {
    const offenders = sources('shared')
      .filter((f) => !f.startsWith('shared/clock/') && !f.startsWith('shared/client/'))
      .filter((f) => /\bDate\.now\(\)|\bMath\.random\(\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the Worker and the Durable Objects read time only through platform/clock.ts (cluster time, or wallNow for real traffic)', () => {
    const offenders = [...sources('workers'), ...sources('durable-objects'), ...sources('platform')]
      .filter((f) => f !== 'platform/clock.ts')
      .filter((f) => /\bDate\.now\(\)|\bnew Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('timers are armed only by the clock module (realClock.sleep, realTimeSchedule, the cluster clock)', () => {
    const offenders = [...sources('shared'), ...sources('workers'), ...sources('durable-objects'), ...sources('platform')]
      .filter((f) => f !== 'shared/clock/clock.ts')
      .filter((f) => /\b(setTimeout|setInterval)\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
