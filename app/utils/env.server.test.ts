import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("configuration", () => {
  it("has working defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe("./data/portal.sqlite");
    expect(env.DATA_DIR).toBe("./data");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.EMAIL_API_URL).toBeUndefined();
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ EMAIL_API_URL: "not a url" })).toThrow(/EMAIL_API_URL/);
    expect(() => parseEnv({ NODE_ENV: "staging" })).toThrow(/NODE_ENV/);
  });

  it("needs a token with a provider URL", () => {
    expect(() => parseEnv({ EMAIL_API_URL: "https://mail.example/send" })).toThrow(/EMAIL_API_TOKEN/);
    expect(parseEnv({ EMAIL_API_URL: "https://mail.example/send", EMAIL_API_TOKEN: "t" }).EMAIL_API_TOKEN).toBe("t");
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ PORT: "", EMAIL_API_URL: "" }).PORT).toBe(3000);
  });

  it("trusts forwarded client addresses only from the proxies named", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8"]);
    // Spaces and a trailing comma are how people write lists; they must not stop the server.
    expect(parseEnv({ TRUST_PROXY: " 10.0.0.1 ,  ,fd00::/8, 192.168.0.0/255.255.0.0, " }).TRUST_PROXY).toEqual([
      "10.0.0.1",
      "fd00::/8",
      "192.168.0.0/255.255.0.0",
    ]);
    expect(parseEnv({ TRUST_PROXY: " off " }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: " 2 " }).TRUST_PROXY).toBe(2);
    // What Express would refuse at start-up with a message that names no setting is refused here, naming it.
    for (const wrong of ["10.0.0.256", "proxy.example", "10.0.0.0/33", ",", "10.0.0.1/8/9"]) {
      expect(() => parseEnv({ TRUST_PROXY: wrong }), wrong).toThrow(/TRUST_PROXY/);
    }
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
  });
});
