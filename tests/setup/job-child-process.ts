import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

// The test's side of tests/setup/job-child.ts: one background job in a process of its own, as a
// second portal server would run it, released together with others so they really run at once.

const root = fileURLToPath(new URL("../../", import.meta.url));

export type JobAnswer<R = unknown> = { ran: boolean; ok?: boolean; result?: R };

export function jobInChild<R = unknown>(job: string, now: Date, mode: "direct" | "timer", env: Record<string, string>) {
  const child = spawn(`${root}node_modules/.bin/tsx`, ["tests/setup/job-child.ts", job, now.toISOString(), mode], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "test" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith("ready\n")) onReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<JobAnswer<R>>((resolve, reject) =>
    child.on("close", (code) => {
      // The job's own log lines come first; the answer is the line marked RESULT.
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) return reject(new Error(`${job}: exited with ${code}: ${err}${out}`));
      resolve(JSON.parse(line.slice("RESULT ".length)) as JobAnswer<R>);
    }),
  );
  return { ready, go: () => child.stdin.write("go\n"), done };
}

/** The job in two processes, released at the same moment; each that ran must have succeeded. */
export async function jobTwiceAtOnce<R = unknown>(
  job: string,
  now: Date,
  mode: "direct" | "timer",
  env: Record<string, string>,
): Promise<JobAnswer<R>[]> {
  const sides = [jobInChild<R>(job, now, mode, env), jobInChild<R>(job, now, mode, env)];
  await Promise.all(sides.map((s) => s.ready));
  for (const s of sides) s.go();
  const answers = await Promise.all(sides.map((s) => s.done));
  for (const a of answers) if (a.ran) expect(a.ok, JSON.stringify(a)).toBe(true);
  return answers;
}
