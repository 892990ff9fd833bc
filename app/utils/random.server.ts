import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

// Secrets (session, API key and webhook signing secrets), in a module that reads no settings, so
// importing it never fixes the environment early.

export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(20); // 160 bits
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}
