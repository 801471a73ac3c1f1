// A seeded pseudo-random generator (mulberry32) and the helpers the demo data is made with:
// the same seed and reference date always give the same company.
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  money(min: number, max: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
    money: (min, max) => Math.round((min + next() * (max - min)) * 100) / 100,
  };
}

const dayMs = 86_400_000;

/** Dates relative to the reference day, as ISO strings. */
export class Calendar {
  readonly today: string;
  constructor(readonly now: Date) {
    this.today = now.toISOString().slice(0, 10);
  }

  /** The ISO date `days` from today (negative: in the past). */
  day(days: number): string {
    return new Date(Date.parse(`${this.today}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
  }

  /** An ISO datetime (whole seconds) on the day `days` from today, at hour:minute UTC. */
  at(days: number, hour: number, minute = 0): string {
    return `${this.day(days)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
  }

  get year(): number {
    return this.now.getUTCFullYear();
  }

  get month(): number {
    return this.now.getUTCMonth() + 1;
  }
}

export { formatKey } from '../domain/rules.js';
