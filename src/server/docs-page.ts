/**
 * The page to read the OpenAPI document (/api/docs): one self-contained HTML file that fetches
 * /api/openapi.json from the same server and lists every route with who may call it, its parameters and
 * body schema. No CDN, nothing fetched from anywhere else.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>shopkpi API</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,"Noto Sans CJK SC",sans-serif;margin:0;padding:1rem 2rem;color:#1f2328;max-width:1100px}
h1{font-size:1.4rem}.route{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}
.m{display:inline-block;min-width:4.5em;font-weight:600;text-transform:uppercase}.get{color:#1a7f37}.post{color:#0969da}.put{color:#9a6700}.delete{color:#cf222e}
code{background:#f6f8fa;padding:0 .25em;border-radius:4px}details pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem}
.who{color:#57606a;white-space:pre-wrap}
</style></head><body>
<h1>shopkpi API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Sessions and CSRF: see docs/api.md —
sign in with <code>POST /api/auth/login</code>, then send <code>x-csrf-token</code> on every non-GET request.</p>
<div id="routes">Loading…</div>
<script>
fetch('/api/openapi.json').then(function(r){return r.json()}).then(function(doc){
  var out=document.getElementById('routes');out.textContent='';
  Object.keys(doc.paths).sort().forEach(function(path){
    var ops=doc.paths[path];
    Object.keys(ops).forEach(function(method){
      var op=ops[method];var div=document.createElement('div');div.className='route';
      var head=document.createElement('div');
      var m=document.createElement('span');m.className='m '+method;m.textContent=method;head.appendChild(m);
      var p=document.createElement('code');p.textContent=path;head.appendChild(p);
      var s=document.createElement('span');s.textContent=' — '+(op.summary||'');head.appendChild(s);div.appendChild(head);
      var who=document.createElement('div');who.className='who';who.textContent=(op.description||'').trim();div.appendChild(who);
      var det=document.createElement('details');var sum=document.createElement('summary');sum.textContent='parameters and body';
      det.appendChild(sum);var pre=document.createElement('pre');
      pre.textContent=JSON.stringify({parameters:op.parameters||[],requestBody:op.requestBody||null},null,2);
      det.appendChild(pre);div.appendChild(det);out.appendChild(div);
    });
  });
}).catch(function(e){document.getElementById('routes').textContent='Could not load the document: '+e});
</script></body></html>`;
