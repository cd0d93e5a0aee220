#!/usr/bin/env node
/**
 * Time one argon2id hash with the app's parameters (lib/auth/password-hash.ts ARGON2_PARAMS:
 * m=19456 KiB, t=2, p=1). No server needed.
 *
 *   node bench/argon2-hash.mjs        BENCH_RUNS=20 (default)
 */
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';

import { envInt, loadAverage, mean, median, ms, since } from './lib/stats.mjs';

const PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }; // algorithm 2 = Argon2id
const runs = envInt('BENCH_RUNS', 20);
const password = 'Bench!Passw0rd-42';

await hash(password, PARAMS); // warm-up

const hashTimes = [];
let stored = '';
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  stored = await hash(password, PARAMS);
  hashTimes.push(since(start));
}
const verifyTimes = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  if (!(await verify(stored, password))) throw new Error('verify() returned false');
  verifyTimes.push(since(start));
}

console.log(
  `argon2id m=${PARAMS.memoryCost} t=${PARAMS.timeCost} p=${PARAMS.parallelism}, ${runs} runs ` +
    `(Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()})`,
);
console.log(
  `hash():   median ${ms(median(hashTimes))}, mean ${ms(mean(hashTimes))}, min ${ms(Math.min(...hashTimes))}, max ${ms(Math.max(...hashTimes))}`,
);
console.log(`verify(): median ${ms(median(verifyTimes))}, mean ${ms(mean(verifyTimes))}`);
console.log(`hash: ${stored.slice(0, 30)}…`);
