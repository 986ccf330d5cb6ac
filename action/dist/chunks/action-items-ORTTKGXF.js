import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{T as a,U as b,V as c,W as d,X as e}from"./chunk-MN5R6M23.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
