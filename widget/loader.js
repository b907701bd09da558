/*! Ayuda loader: widget/PROTOCOL.md */
(()=>{try{
const T0=performance.now(),W=window,D=document,H=history,N=navigator,Q=W.Ayuda,X=()=>{},
G=f=>(...a)=>{try{return f(...a)}catch(e){}},
M=n=>{try{performance.mark('ayuda:'+n)}catch(e){}},
E=m=>Error('Ayuda: '+m),ok=()=>Promise.resolve(),
C=t=>D.createElement(t),L=(t,e,g,r)=>t&&t[(r?'remove':'add')+'EventListener'](e,g),
HX=/^#[\da-f]{6}$/i,LC=/^[a-z]{2}(-[A-Za-z]{2})?$/,
s=D.currentScript||[...D.querySelectorAll('script[src*="/widget.js"][data-site]')].pop(),d=s?s.dataset:{},K=d.site;
if(Q&&Q.ayuda)return;
if(!K)return console.warn('Ayuda: data-site missing');
let lo=LC.test(d.locale)?d.locale:null,co=HX.test(d.color)?d.color:null,cf=null,cp=ok(),op=0,rd=0,n=0,un=0,us=null,pq=[],ak={},f,sn,dd,pv,tq,bx,b,p;
const O=new URL(s.src).origin,R=d.position=='left'?'left':'right',B=d.launcher!='none',
vv=W.visualViewport,mq=W.matchMedia('(max-width:480px)'),en=encodeURIComponent,z=B?'56px':0,
ctx={url:location.href,route:null,tags:[],appVersion:null},ls={open:[],close:[],article:[],search:[],unread:[]},
h=C('ayuda-widget'),sh=h.attachShadow({mode:'closed'}),
css=`:host{${`all:initial;position:fixed;bottom:20px;${R}:20px;z-index:${/^-?\d{1,10}$/.test(d.zIndex)?d.zIndex:2147483e3};display:block;width:${z};height:${z};`.replace(/;/g,'!important;')}}*:not(svg,path){all:initial}`+
`.l{display:grid;place-items:center;width:56px;height:56px;border-radius:50%;cursor:pointer;box-shadow:0 4px 16px #0006}`+
`.l:not([data-u="0"])::after{content:attr(data-u);position:absolute;top:-4px;${R}:-4px;min-width:10px;padding:0 5px;border-radius:10px;background:#d11;color:#fff;font:700 12px/20px sans-serif;text-align:center}`+
`button:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 3px #fff}`+
`svg{width:28px;fill:none;stroke:currentColor;stroke-width:2.5;stroke-linecap:round}`+
`@media(prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:scale(1.07)}}`+
`iframe,.e{display:none;position:fixed;bottom:88px;${R}:20px;width:400px;max-width:calc(100vw - 40px);height:min(680px,100vh - 108px);border-radius:16px;background:#fff;box-shadow:0 4px 16px #0006}`+
`:host([data-state=open]) :is(iframe,.e){display:block}`+
`.e{width:auto;height:auto;padding:16px;font:15px sans-serif;color:#111}`+
`.e button{display:block;margin-top:12px;padding:8px 16px;border-radius:8px;background:#111;color:#fff;font:inherit;cursor:pointer}`+
`:host([data-sheet]) iframe{right:auto;bottom:auto;max-width:none;border-radius:0}:host([data-sheet]) .o{display:none}`,
es=()=>/^es/i.test(lo||N.language),
pc=c=>{const t=b.style;t.background=c;
t.color=[.2126,.7152,.0722].reduce((y,w,i)=>y+w*((parseInt(c.substr(2*i+1,2),16)+14)/269)**2.4,0)>.1916?'#111':'#fff'},
po=m=>{try{m.ayuda=1;f.contentWindow.postMessage(m,O)}catch(e){}},
fi=(k,v)=>ls[k].slice().map(g=>{try{g(v)}catch(e){}}),
fa=m=>{for(const k in ak)ak[k][1](E(m));ak={};pq=[]},
se=(t,m,nd)=>new Promise((y,j)=>{m.type=t;nd&&mk();if(!f||!rd&&!nd)return y();ak[m.id=++n]=[y,j];rd?po(m):pq.push(m)}),
fv=G(()=>{const m=op&&(mq.matches||vv.width*vv.scale<=480);h.toggleAttribute('data-sheet',m);f&&(f.style.cssText=m?`left:${vv.offsetLeft}px;top:${vv.offsetTop}px;width:${vv.width}px;height:${vv.height}px`:'')}),
ps=()=>{const e=es();h.dataset.state=op?'open':'closed';
if(b){b.ariaExpanded=!!op;b.ariaLabel=(op?e?'Cerrar ayuda':'Close help':e?'Abrir ayuda':'Open help')+(un?` (${un} ${e?'sin leer':'unread'})`:'');b.dataset.u=un;b.classList.toggle('o',op&&f);
p.setAttribute('d',op?'M6 6l12 12M18 6 6 18':'M8 8a4 4 0 1 1 4 4v2m0 4v.1')}
f&&(f.title=e?'Ayuda':'Help');['resize','scroll'].map(x=>L(vv,x,fv,!op));fv()},
mk=()=>{if(!f&&!dd){bx&&bx.remove();f=C('iframe');f.id='ayuda-panel';f.allow='clipboard-write';
f.src=O+`/widget/frame.html?site=${en(K)}&parent=${en(location.origin)}`+(lo?'&locale='+lo:'')+(co?'&color=%23'+co.slice(1):'');
sh.append(f);setTimeout(G(()=>{if(!rd&&!dd){const e=es();f.remove();f=0;fa('help could not load');
bx=sh.appendChild(C('div'));bx.className='e';bx.role='alert';bx.textContent=e?'No se pudo cargar la ayuda. Revisa tu conexión.':"Help couldn't load. Check your connection.";
L(bx.appendChild(C('button')),'click',()=>api('open').catch(X));bx.lastChild.textContent=e?'Reintentar':'Retry';ps()}}),1e4);ps()}},
on=()=>{mk();op||(pv=D.activeElement,op=1,ps(),fi('open'));f.focus();return se('open',{},1).then(()=>M('open'))},
cl=()=>{if(op){const a=D.activeElement==h,t=b||pv;op=0;ps();fi('close');a&&t!=h&&t.focus()}return se('close',{})},
om=G(e=>{const m=e.data,t=m.type,a=ak[m.id];if(f&&e.origin==O&&e.source==f.contentWindow&&m.ayuda===1){
if(t=='ready'){sn||M('panel-ready');sn=1;cp.then(G(()=>{if(f){rd=1;po({type:'init',locale:lo,color:co,context:ctx,user:us,config:cf});pq.splice(0).map(po)}}))}
t=='ack'&&a&&(delete ak[m.id],m.ok?a[0]():a[1](E(m.error)));t=='close'&&cl().catch(X);t=='unread'&&(un=m.count>>>0,ps(),fi(t,un));t=='event'&&fi(m.name,m.detail)}}),
nv=G(()=>{tq=tq||setTimeout(G(()=>{tq=0;location.href!=ctx.url&&(ctx.url=location.href,rd&&po({type:'context',context:ctx}))}))}),
wr=['pushState','replaceState'].map(k=>{const o=H[k],w=H[k]=function(){const r=o.apply(this,arguments);nv();return r};return()=>H[k]==w&&(H[k]=o)}),
ev=r=>{['popstate','hashchange'].map(x=>L(W,x,nv,r));L(W,'message',om,r)},st=v=>v==null?null:''+v,
cm={__proto__:null,open:on,close:cl,toggle:()=>op?cl():on(),
search:q=>on().then(()=>se('search',{text:st(q)||''},1)),
article:g=>on().then(()=>se('article',{slug:''+g},1)),
setContext:o=>{ctx.url=location.href;['route','tags','appVersion'].map(k=>k in o&&(ctx[k]=k>'t'?[].concat(o[k]||[]).map(String):st(o[k])));return se('context',{context:ctx})},
identify:u=>{us={};['userId','userHash','name','email','company'].map(k=>k in u&&(us[k]=st(u[k])));return se('identify',{user:us})},
setLocale:c=>{if(!LC.test(c))throw E('bad locale '+c);lo=c;ps();return se('locale',{locale:c})},
on:(k,g)=>{ls[k].push(g)},
shutdown:()=>{dd=1;rd=op=0;ps();h.remove();ev(1);L(W,'load',id,1);L(D,'DOMContentLoaded',mt,1);wr.map(g=>g());fa('shut down');W.Ayuda==api&&(W.Ayuda=ok)}},
api=(c,...a)=>new Promise(y=>{if(!cm[c])throw E('unknown command '+c);y(dd||cm[c](...a))}),
id=G(()=>{dd||d.preload!='idle'||(N.connection||{}).saveData||(W.requestIdleCallback||setTimeout)(G(mk),{timeout:4e3})}),
mt=G(()=>{dd||D.body.append(h)});
if(sh.adoptedStyleSheets){const y=new CSSStyleSheet;y.replaceSync(css);sh.adoptedStyleSheets=[y]}else sh.appendChild(C('style')).textContent=css;
if(B){b=sh.appendChild(C('button'));b.type='button';b.className='l';b.setAttribute('aria-controls','ayuda-panel');
p=b.appendChild(D.createElementNS('http://www.w3.org/2000/svg','svg'));p.setAttribute('viewBox','0 0 24 24');
p=p.appendChild(D.createElementNS(p.namespaceURI,'path'));
['pointerenter','focus'].map(x=>L(b,x,G(mk)));L(b,'click',()=>api('toggle').catch(X));
pc(co||'#2563eb');co||(cp=fetch(O+`/api/v1/sites/${en(K)}/config`,{credentials:'omit'}).then(r=>r.ok&&r.json()).then(j=>{cf=j||null;j&&!co&&HX.test(j.brand_color)&&pc(co=j.brand_color)}).catch(X))}
L(sh,'keydown',e=>e.key=='Escape'&&op&&api('close').catch(X));
ev();api.ayuda=1;W.Ayuda=api;
D.body?mt():L(D,'DOMContentLoaded',mt);
D.readyState=='complete'?id():L(W,'load',id);
ps();
(Q&&Q.q||[]).map(x=>{try{const[a,r,j]=x.length<4&&typeof x[0]=='object'?x:[x];api(...a).then(r,j).catch(X)}catch(e){}});
try{performance.measure('ayuda:loader',{start:T0})}catch(e){}
}catch(e){}})();
