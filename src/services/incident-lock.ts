import { BOARD_MARKER } from "../core/incident/board.js";
import type { ServiceDeps } from "./deps.js";
import { KeyedQueue } from "./keyed-queue.js";
import { LockLostError, type Lease, type Locks } from "./locks.js";
import type { GitHubPort, RepoRef } from "./port.js";

/** One queue per process for faces that configure no locks (the Action, the CLI, the App without Redis). */
const processLocks = new KeyedQueue();

/** The locks a handler uses: the face's, else the process's queue. */
export function locksOf(deps: ServiceDeps): Locks {
  return deps.locks ?? processLocks;
}

export function incidentKey(repo: RepoRef, issueNumber: number): string {
  return `${repo.owner}/${repo.repo}#${issueNumber}`;
}

/** Keys each `deps` (as handed to `fn`) already holds: taking one again runs at once instead of deadlocking. */
const held = new WeakMap<ServiceDeps, ReadonlySet<string>>();

/**
 * Runs `fn` holding the lock of each incident in `issueNumbers` (taken in ascending order, so two
 * handlers that need the same two never wait for each other). `fn` gets deps whose port refuses
 * to change the incident's state (board, log pages, labels, assignees, open/closed) once a lock
 * was lost: a handler that stalled past its lock's ttl stops instead of overwriting the board
 * of whoever holds it now.
 */
export async function withIncidentLock<T>(
  deps: ServiceDeps,
  issueNumbers: readonly number[],
  fn: (deps: ServiceDeps) => Promise<T>,
): Promise<T> {
  const locks = locksOf(deps);
  const mine = held.get(deps) ?? new Set<string>();
  const keys = [...new Set(issueNumbers)]
    .sort((a, b) => a - b)
    .map((n) => incidentKey(deps.port.repo, n))
    .filter((key) => !mine.has(key));
  const leases: Lease[] = [];
  const run = async (i: number): Promise<T> => {
    const key = keys[i];
    if (key === undefined) {
      const fenced: ServiceDeps = { ...deps, port: fence(deps.port, leases) };
      held.set(fenced, new Set([...mine, ...keys]));
      return fn(fenced);
    }
    return locks.withLock(key, (lease) => {
      leases.push(lease);
      return run(i + 1);
    });
  };
  return run(0);
}

/** Port methods that change what the lock protects. Replies and reactions are not incident state. */
const STATE_WRITES = new Set<keyof GitHubPort>([
  "updateComment",
  "createHiddenComment",
  "pinComment",
  "updateIssue",
  "addLabels",
  "removeLabel",
]);

function fence(port: GitHubPort, leases: readonly Lease[]): GitHubPort {
  const check = () => {
    if (!leases.every((lease) => lease.stillHeld())) throw new LockLostError();
  };
  return new Proxy(port, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (name === "createComment") {
        // A new board is state; a reply is not.
        return (issue: number, body: string) => {
          if (body.startsWith(BOARD_MARKER)) check();
          return method.call(target, issue, body);
        };
      }
      if (!STATE_WRITES.has(name as keyof GitHubPort)) return method.bind(target);
      return (...args: unknown[]) => {
        check();
        return method.apply(target, args);
      };
    },
  });
}
