import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

// A console.error during a test is a bug somewhere: fail the test that caused it.
let consoleError: MockInstance<typeof console.error> | undefined;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  consoleError?.mockRestore();
});
