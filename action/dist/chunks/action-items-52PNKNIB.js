import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{aa as a,ba as b,ca as c,da as d,ea as e}from"./chunk-BFJLNIUF.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
