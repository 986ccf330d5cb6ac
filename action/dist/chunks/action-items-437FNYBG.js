import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{N as a,O as b,P as c,Q as d,R as e}from"./chunk-2RFW5IAO.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
