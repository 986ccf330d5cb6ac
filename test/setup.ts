import nock from "nock";
import { afterEach } from "vitest";
import { finishSimTest } from "./support/sim.js";

// No real network in tests; the loopback simulator server is allowed.
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host));

afterEach(async () => {
  try {
    await finishSimTest();
  } finally {
    nock.cleanAll();
  }
});
