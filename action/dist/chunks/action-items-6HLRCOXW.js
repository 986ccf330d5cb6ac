import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{j as a,k as b,l as c,m as d,n as e}from"./chunk-CJ6FJCJR.js";import"./chunk-W5WUAZRV.js";import"./chunk-XY7QUVLB.js";export{a as createActionItemIssue,d as describeSync,e as handleActionItemIssueEvent,b as runActionItem,c as syncActionItems};
