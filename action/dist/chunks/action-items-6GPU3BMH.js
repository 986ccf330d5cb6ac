import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{ca as a,da as b,ea as c,fa as d,ga as e}from"./chunk-BHX4FJ4R.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
