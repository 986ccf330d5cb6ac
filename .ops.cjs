const fs=require("fs"); const s=JSON.parse(fs.readFileSync("node_modules/@octokit/openapi/generated/api.github.com.json","utf8"));
const deref=(p)=>p.$ref?s.components.parameters[p.$ref.split("/").pop()]:p;
const lines=fs.readFileSync(0,"utf8").trim().split("\n");
for (const l of lines){ const [m,p]=l.trim().split(" "); const op=s.paths[p]?.[m.toLowerCase()]; if(!op){console.log("MISSING",l);continue}
 const q=(op.parameters||[]).map(deref).filter(x=>x.in==="query").map(x=>x.name+(x.required?"!":"")+":"+(x.schema.type||"")+(x.schema.enum?"{"+x.schema.enum.join("|")+"}":""));
 const b=op.requestBody?.content?.["application/json"]?.schema; let bs=""; if(b){const bb=b.$ref?s.components.schemas[b.$ref.split("/").pop()]:b; bs=(bb.properties?Object.keys(bb.properties).map(k=>k+((bb.required||[]).includes(k)?"!":"")).join(","):JSON.stringify(bb).slice(0,200))+(bb.additionalProperties===false?" [closed]":"");}
 const r=Object.entries(op.responses).map(([c,v])=>{ if(v.$ref) return c+"="+v.$ref.split("/").pop(); const sc=v.content?.["application/json"]?.schema; return c+(sc?"="+(sc.$ref?sc.$ref.split("/").pop():sc.type==="array"?"["+(sc.items.$ref||"").split("/").pop()+"]":JSON.stringify(sc).slice(0,120)):"")});
 console.log(m,p,"\n   q:",q.join(" "),"\n   b:",bs,"\n   r:",r.join(" "));}
