// neighbour.js: a well-behaved tenant sharing the engine with the attackers. Its counter must
// keep answering, exactly and quickly, whatever they do.
import { worker, tenantClass } from "./harness.js";
export { Counter } from "./harness.js";
export const Tenant = tenantClass({});
export default worker({ ping: () => "pong" });
