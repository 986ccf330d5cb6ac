export { sign, webhookHeaders } from "../../src/sim/sign.js";
