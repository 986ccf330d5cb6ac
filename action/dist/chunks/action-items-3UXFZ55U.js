import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{H as a,I as b,J as c,K as d,L as e}from"./chunk-3UFJMTTE.js";import"./chunk-MHPLLLZR.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
