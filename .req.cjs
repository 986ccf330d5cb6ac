const fs=require("fs"); const s=JSON.parse(fs.readFileSync("node_modules/@octokit/openapi/generated/api.github.com.json","utf8"));
const name=process.argv[2];
function desc(sc,depth){ if(!sc) return "?"; if(sc.$ref) return sc.$ref.replace("#/components/schemas/","@")+(sc.nullable?"?":"");
 let t=sc.type||(sc.oneOf?"oneOf["+sc.oneOf.map(x=>desc(x)).join("|")+"]":sc.anyOf?"anyOf["+sc.anyOf.map(x=>desc(x)).join("|")+"]":sc.allOf?"allOf["+sc.allOf.map(x=>desc(x)).join("&")+"]":"any");
 if(sc.enum) t+="{"+sc.enum.join(",")+"}"; if(sc.format) t+="("+sc.format+")"; if(sc.nullable) t+="?";
 if(sc.type==="array") t+="<"+desc(sc.items)+">";
 if(sc.type==="object" && sc.properties && depth<2) t+="{"+ (sc.required||[]).map(k=>k+":"+desc(sc.properties[k],depth+1)).join(", ")+"}";
 return t;}
const sc=s.components.schemas[name];
console.log(name, "required:", (sc.required||[]).map(k=>k+":"+desc(sc.properties[k],0)).join("\n  "));
console.log("optional:", Object.keys(sc.properties||{}).filter(k=>!(sc.required||[]).includes(k)).join(","));
if(!sc.properties) console.log(JSON.stringify(sc).slice(0,1500));
