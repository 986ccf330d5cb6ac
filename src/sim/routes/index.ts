/** Every REST route the simulator implements, keyed by OpenAPI path template. */
import { actionRoutes } from "./actions.js";
import { appRoutes } from "./app.js";
import { checkRoutes } from "./checks.js";
import { commentRoutes } from "./comments.js";
import { commitRoutes } from "./commits.js";
import { contentRoutes } from "./contents.js";
import type { Route } from "./context.js";
import { deploymentRoutes } from "./deployments.js";
import { eventRoutes } from "./events.js";
import { gitRoutes } from "./git.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { peopleRoutes } from "./people.js";
import { pullRoutes } from "./pulls.js";
import { searchRoutes } from "./search.js";

export const ROUTES: readonly Route[] = [
  ...appRoutes,
  ...contentRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...commentRoutes,
  ...peopleRoutes,
  ...eventRoutes,
  ...actionRoutes,
  ...deploymentRoutes,
  ...checkRoutes,
  ...pullRoutes,
  ...commitRoutes,
  ...gitRoutes,
  ...searchRoutes,
];
