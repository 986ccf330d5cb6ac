import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as j,c as q}from"./chunk-V53NB3QL.js";import{d as F,e as N}from"./chunk-3AALMP7T.js";import{E as O,G as R,N as P,a as _,d as B,g as L,m as U}from"./chunk-YN4GNPDR.js";import{b as W,c as C,d as G}from"./chunk-EJGFOWSB.js";import{i as k,l as I,p as x,q as S}from"./chunk-Q3EA3CJM.js";import{createHash as re}from"node:crypto";var K="Hotwash-Generated";function z(e,t){return`Post-mortem for incident #${e}

Written by Hotwash from the incident's timeline.

${K}: ${t}`}function V(e){return new RegExp(`^${K}: ([0-9a-f]{40})\\s*$`,"m").exec(e)?.[1]??null}function J(e,t){if(e===null)return{kind:"absent"};if(e.commits.length<e.aheadBy)return{kind:"edited",people:[],reason:`the branch has ${e.aheadBy} commits, more than Hotwash can check`};let o=e.commits.filter(s=>V(s.message)===null);if(o.length)return{kind:"edited",people:[...new Set(o.map(s=>s.author))],reason:`${o.length===1?"a commit":`${o.length} commits`} on the branch ${o.length===1?"was":"were"} not made by Hotwash`};let n=e.files.filter(s=>s.path!==t);if(n.length)return{kind:"edited",people:[],reason:`the branch also changes \`${n[0]?.path??""}\``};let i=e.files.find(s=>s.path===t)?.sha??null,r=e.commits[e.commits.length-1],l=r?V(r.message):null;return r&&i!==l?{kind:"edited",people:[r.author],reason:"the document differs from what Hotwash last wrote (a Hotwash commit was amended)"}:{kind:"generated",current:i}}async function Q(e,t){let o=await e.port.listIssueActivity(t);return te(o)}function te(e){let t=new Set,o=[];for(let n of e){if(n.actorIsBot)continue;let i=n.kind==="commit"?`commit:${n.sha}`:`${n.kind}:${n.htmlUrl??n.number}`;t.has(i)||(t.add(i),o.push({at:n.at,actor:n.actor,kind:ne(n),text:oe(n),link:n.htmlUrl}))}return o}function ne(e){return e.kind==="issue"?"reference":e.kind}function oe(e){let t=e.title?`: ${e.title}`:"";switch(e.kind){case"pull-request":return`Pull request #${e.number}${t}${e.merged?" (merged)":""}`;case"issue":return`Referenced from #${e.number}${t}`;case"commit":return`Commit ${(e.sha??"").slice(0,7)} referenced this incident`}}var ie="<!-- hotwash:postmortem-timeline -->",se=6e4,X;function ae(){return X??=Promise.resolve(`# Post-mortem: {{incident.title}} ({{incident.link}})

{{#if incident.drill}}
> [!NOTE]
> \u{1F9EA} This was a **drill** (a practice incident). Review how the process worked rather than the system.

{{/if}}
> **Blameless review.** We look for the conditions that let this happen, not for someone to blame:
> people act reasonably given what they knew at the time. Hotwash filled in what GitHub recorded;
> replace every \`_TODO(author)_\` prompt before merging. Edit the \`action_items\` in the front matter
> above: when this pull request merges, every item without an \`issue\` becomes a tracked issue.

| | |
| --- | --- |
| **Incident** | {{incident.link}} |
| **Severity** | {{incident.severityLabel}} |
| **Status** | {{incident.status}} |
| **Commander** | {{default incident.commander "_unassigned_"}} |
{{#each incident.roles}}
| **{{role}}** | {{user}} |
{{/each}}
| **Participants** | {{default incident.participants "\u2014"}} |
| **Services** | {{default incident.services "\u2014"}} |
| **Declared** | {{default milestones.declared "\u2014"}} |
| **Acknowledged** | {{#if milestones.acknowledged}}{{milestones.acknowledged}} \xB7 MTTA {{metrics.mtta}}{{#if metrics.acknowledgeTarget}} ({{metrics.acknowledgeTarget}}){{/if}}{{else}}not recorded{{/if}} |
| **Mitigated** | {{#if milestones.mitigated}}{{milestones.mitigated}} \xB7 MTTM {{metrics.mttm}}{{else}}not recorded{{/if}} |
| **Resolved** | {{#if milestones.resolved}}{{milestones.resolved}} \xB7 MTTR {{metrics.mttr}}{{#if metrics.resolveTarget}} ({{metrics.resolveTarget}}){{/if}}{{else}}not resolved yet{{/if}} |
{{#if postmortemDue}}
| **Post-mortem due** | {{postmortemDue}} |
{{/if}}

## Summary

{{todo "two or three sentences a newcomer understands: what happened, who was affected, how long, how it ended."}}
{{#if statusMessage}}

Last status update ({{statusMessage.actor}}, {{statusMessage.at}}):

{{statusMessage.text}}
{{/if}}

## Impact

{{todo "who and what was affected (users, customers, internal teams), for how long, and how much: error rates, failed requests, revenue, SLO and error budget spent, data lost or exposed."}}

## Timeline

All times are UTC. Entries marked _recorded later_ were added with \`/timeline\` after the fact.

{{timeline}}

{{#if mermaid}}
{{mermaid}}
{{/if}}

## Root cause

{{todo "the underlying cause. Keep asking why until you reach a gap in a system or a process, not a person."}}

## Trigger

{{todo "what set it off: a deploy, a configuration change, a traffic spike, a dependency failing, an expiring certificate\u2026"}}

## Detection

{{todo "how we found out (alert, dashboard, customer report) and how long that took. Would an alert have caught it sooner?"}}
{{#if milestones.declared}}

Declared {{milestones.declared}}{{#if milestones.acknowledged}}; acknowledged {{milestones.acknowledged}} (MTTA {{metrics.mtta}}){{/if}}.
{{/if}}

## Resolution

{{#if dispatches.length}}
Diagnostics and rollbacks run through Hotwash:

{{#each dispatches}}
- {{command}} \`{{service}}\`{{#if ref}} to {{ref}}{{/if}} \xB7 {{at}} by {{actor}} \xB7 {{outcome}}{{#if link}} \xB7 {{link}}{{/if}}
{{/each}}

{{/if}}
{{todo "what mitigated the impact and what fixed it for good, and how we confirmed it was fixed."}}

## Contributing factors

{{todo "conditions that made it possible or worse: missing tests or alerts, unclear runbooks, risky defaults, time pressure."}}

## What went well

{{todo "what helped: tooling, people, practices worth keeping."}}

## What could be improved

{{todo "where we were slow or lucky, what was confusing, what we would do differently."}}

## Action items

{{#if actionItems.length}}
| Action | Owner | Due | Priority | Issue |
| --- | --- | --- | --- | --- |
{{#each actionItems}}
| {{title}} | {{owner}} | {{due}} | {{priority}} | {{issue}} |
{{/each}}

{{else}}
_None recorded yet._ Add them to \`action_items\` in the front matter (\`title\`, \`owner\`, \`due\`, \`priority\`) or with \`/action\` on the incident.

{{/if}}
{{todo "check each item has an owner and a due date; add the ones this review uncovered to the front matter."}}

## Lessons learned

{{todo "what we learned about our systems and how we work that others should know."}}
`),X}async function me(e,t){let o=await e.port.readFile(t.postmortem.template);return o!==null?{name:`\`${t.postmortem.template}\``,text:o}:{name:"Hotwash's default post-mortem template",text:await ae()}}async function le(e,t){let{issue:o,config:n,state:i}=t,[r,l]=await Promise.all([me(e,n),Q(e,o.number)]),s=W({issueNumber:o.number,issueUrl:o.htmlUrl,events:t.events,state:i,activity:l,config:n,repoUrl:e.repoUrl},r);if(!s.ok){let a=r.name.startsWith("`")?" Fix the template, or delete it to use Hotwash's default.":"";throw new P(`the post-mortem template cannot be rendered: ${G(r.name,s.problem)}${a}`)}return{markdown:s.markdown,path:q(o,i,n.postmortem.directory),frontMatter:s.frontMatter,events:t.events,activity:l}}function ce(e){let t=Buffer.from(e,"utf8");return re("sha1").update(`blob ${t.length}\0`).update(t).digest("hex")}async function He(e,t){let{issue:o,config:n,comment:i}=t,{loaded:r,events:l,missing:s}=await de(e,t),a=r.state,[c,h]=await Promise.all([le(e,{issue:o,config:n,events:l,state:a}),e.port.defaultBranch()]),p=j(o.number),[d,Z,E]=await Promise.all([e.port.findPullByHead(p),e.port.compareBranch(h,p),e.port.readFile(c.path,h)]),y=`\`${c.path}\``,m=s?[ue(s)]:[],v=a.status!=="resolved"?"The incident is not resolved yet: run `/postmortem` again after `/resolve` to bring the timeline up to date.":null;if(d?.merged){let g=E??await e.port.readFile(c.path,d.base);if(m.push(`\u{1F4DD} The post-mortem was merged in ${f(d)}; edit ${y} on \`${h}\` to change it.`),g===null)return{events:T(t,a,d,c.path),replies:m};let u=await F(e,{incident:o,loaded:r,config:n,markdown:g,actor:i.author,origin:`the post-mortem in #${d.number}`});return u.ok?(m.push(...N(u,o.number)),{events:u.events,replies:m}):(m.push(`Its action items cannot be read, so none were created:
${u.problems.map(ee=>`- ${ee}`).join(`
`)}`),{events:[],replies:m})}if(E!==null)throw new P(`${y} already exists on \`${h}\`, and Hotwash never overwrites a post-mortem there. Edit it directly, or set \`postmortem.directory\` to write new ones elsewhere.`);let w=J(Z,c.path),D=`Post-mortem: ${a.title||o.title} (#${o.number})`,M=fe(o,a,n,c);if(w.kind==="edited"){let g=w.people.length?` (commits by ${w.people.map(I).join(", ")})`:"",u=d;if(d&&d.state==="closed")throw new P(`${f(d)} was closed without merging, and its branch \`${p}\` has edits by people${g}. Reopen the pull request to carry on, or delete the branch to start a fresh post-mortem.`);return u||(u=await e.port.openPull({head:p,base:h,title:D,body:M}),m.push(...await Y(e,u,n,a))),await e.port.createComment(u.number,pe(e,t,r,c)),m.unshift(`\u{1F4DD} People have edited the post-mortem${g}, so Hotwash left ${y} alone and posted the refreshed timeline on ${f(u)}.`),v&&m.push(v),{events:T(t,a,u,c.path),replies:m}}let A=ce(c.markdown);if(w.kind==="generated"&&w.current===A&&d?.state==="open")return m.push(`\u{1F4DD} The post-mortem in ${f(d)} is already up to date.`),{events:T(t,a,d,c.path),replies:m};let b=d?.state==="open"?d:null,$=await e.port.upsertPull({branch:p,base:h,title:b?.title??D,body:b?.body??M,files:{[c.path]:c.markdown},commitMessage:z(o.number,A),labels:[n.labels.postmortem]});b?m.push(`\u{1F4DD} Updated the post-mortem in ${f($)} with the latest timeline.`):(m.push(`\u{1F4DD} Opened the post-mortem pull request ${f($)}: ${y}.`),m.push(...await Y(e,$,n,a,!1)),m.push("Fill in the `_TODO(author)_` prompts there. Hotwash refreshes the file on `/postmortem` until someone pushes to the branch; when it merges, every action item in its front matter without an `issue` becomes an issue."));let H=c.frontMatter.postmortem_due;return H&&!b&&m.push(`Due ${S(H)} UTC (${a.severity} post-mortems are due ${he(n)} after resolution).`),v&&m.push(v),{events:T(t,a,$,c.path),replies:m}}async function de(e,t){if(t.events&&t.events.length===t.state.logLength){let r=[...t.events],l=_(r);return{loaded:{board:null,data:{...L(),events:r},state:l},events:r,missing:0}}let o=await O(e,t.issue.number,t.issue.pinnedComment),n=await R(e,o,t.issue,t.config),i=await U(e,n);return{loaded:{...n,state:i.state},events:i.events,missing:i.missing}}function ue(e){return`\u26A0\uFE0F ${e} older ${e===1?"entry":"entries"} of the incident's log could not be read (a hidden "Hotwash log" comment was deleted or edited), so the post-mortem's timeline lacks ${e===1?"it":"them"}.`}async function Y(e,t,o,n,i=!0){let r=[];i&&await e.port.addLabels(t.number,[o.labels.postmortem]).catch(s=>{e.log?.warn("could not label the post-mortem",{pull:t.number,error:String(s)})});let l=n.commander;if(!l||B(l)||l.toLowerCase()===t.author.toLowerCase())return r;try{await e.port.requestReviewers(t.number,[l]),r.push(`Review requested from the commander, ${I(l)}.`)}catch(s){e.log?.warn("could not request a review",{pull:t.number,error:String(s)}),r.push(`Hotwash could not request a review from ${I(l)} (${k(String(s?.message??s))}); ask for one on the pull request.`)}return r}function T(e,t,o,n){let i=t.postmortem;return i&&i.pullNumber===o.number&&i.path===n?[]:[{type:"postmortem",at:e.comment.createdAt,actor:e.comment.author,...e.comment.id?{source:e.comment.id}:{},pullNumber:o.number,url:o.htmlUrl,path:n}]}function f(e){return`[#${e.number}](${e.htmlUrl})`}function he(e){let t=e.postmortem.dueWithin/36e5;return Number.isInteger(t)?`${t}h`:`${Math.round(e.postmortem.dueWithin/6e4)}m`}function fe(e,t,o,n){let i=t.severity?x(o.severities,t.severity):void 0,r=n.frontMatter.postmortem_due;return[`Post-mortem for #${e.number}: ${k(t.title||e.title)}.`,"",`- Severity: ${t.severity??"unset"}${i?` (${k(i.name)})`:""} \xB7 status ${t.status}`,`- File: \`${n.path}\``,...r?[`- Due: ${S(r)} UTC`]:[],"","Fill in every `_TODO(author)_` prompt. Hotwash rewrites this file on `/postmortem` until someone pushes a commit to this branch; after that it never touches the file again and posts the refreshed timeline here as a comment instead.","",`When this pull request merges, every entry in the front matter's \`action_items\` without an \`issue\` becomes an issue (label \`${o.labels.actionItem}\`, assigned to its owner) tracked as a sub-issue of #${e.number}.`].join(`
`)}function pe(e,t,o,n){let i={events:n.events,state:o.state,activity:n.activity,config:t.config,repoUrl:e.repoUrl},r=C(i),l=(a,c)=>[ie,`### \u{1F552} Refreshed timeline of #${t.issue.number}`,`People have edited this post-mortem, so Hotwash no longer rewrites \`${n.path}\`. Here is the incident's timeline as of now${c<r.entries.length?` (the latest ${c} of ${r.entries.length} entries)`:""}; copy what you need into the document.`,a,r.mermaid].filter(Boolean).join(`

`),s=l(r.table,r.entries.length);for(let a=r.entries.length;s.length>se&&a>1;)a=Math.floor(a*.8),s=l(C(i,a).table,a);return s}export{ie as a,ae as b,me as c,le as d,ce as e,He as f,ue as g};
