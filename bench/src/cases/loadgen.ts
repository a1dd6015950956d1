// Child: the loopback load generator (autocannon) for one service: a warm-up, a saturation run
// and a fixed-rate run, each bracketed by the service's CPU/request marks. Bounded by duration (or
// by request count in smoke mode); only ever targets the 127.0.0.1 URL it is given.
import autocannon from 'autocannon';
import {
  MARK_PATH,
  type LoadRun,
  type LoadgenArgs,
  type LoadgenResult,
  type ServiceMark,
} from '../case-types.js';
import { emitResult, readArgs, runChild } from '../child-io.js';

async function mark(url: string, check = false): Promise<ServiceMark> {
  const response = await fetch(`${url}${MARK_PATH}${check ? '?check' : ''}`);
  return (await response.json()) as ServiceMark;
}

async function load(
  args: LoadgenArgs,
  options: { connections: number; seconds: number; overallRate?: number; pipelining?: number },
): Promise<autocannon.Result> {
  const result = await autocannon({
    url: `${args.url}/hello`,
    connections: options.connections,
    ...(args.amount !== undefined ? { amount: args.amount } : { duration: options.seconds }),
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    pipelining: options.pipelining ?? 1,
    timeout: 10,
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`load run had ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  return result;
}

async function measured(
  args: LoadgenArgs,
  options: { connections: number; seconds: number; overallRate?: number; pipelining?: number },
): Promise<LoadRun> {
  const before = await mark(args.url);
  const result = await load(args, options);
  const after = await mark(args.url);
  const served = after.requests - before.requests;
  const cpu = after.cpuMicros - before.cpuMicros;
  return {
    throughput: result.requests.total / result.duration,
    cpuMicrosPerRequest: cpu / served,
    cpuPercent: (cpu / 1000 / (after.at - before.at)) * 100,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}

runChild(async () => {
  const args = readArgs<LoadgenArgs>();
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(args.url))
    throw new Error(`not a loopback URL: ${args.url}`);
  if (args.warmupSeconds > 0 || args.amount !== undefined) {
    await load(args, { connections: args.connections, seconds: args.warmupSeconds });
  }
  const saturation = await measured(args, {
    connections: args.connections,
    seconds: args.seconds,
    pipelining: args.pipelining,
  });
  const fixed = await measured(args, {
    connections: args.fixedConnections,
    seconds: args.seconds,
    overallRate: args.fixedRate,
  });
  const final = await mark(args.url, true);
  const result: LoadgenResult = {
    saturation,
    fixed,
    recorded: final.recorded,
    served: final.requests,
  };
  emitResult(result);
});
