import { createContext, useContext } from "react";

// The per-request Content-Security-Policy nonce (app/server.ts makes it) for Remix's inline
// scripts. Only the server knows it: browsers hide nonce attributes from scripts, and the
// scripts are not run again after hydration, so the client renders an empty one.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
