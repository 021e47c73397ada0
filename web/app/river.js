// river web app: camera -> WHIP (WebRTC) -> river-serve -> the same video back, delayed N, with each frame's
// detections (results WebSocket) drawn on exactly that frame (requestVideoFrameCallback rtpTimestamp).
// window.river holds the live state (JSON-serialisable) for automation and support.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  // river-serve started with river.serve.auth-token: open the page as /?token=... and the token goes with every request
  // (Authorization: Bearer on fetch; ?access_token= on the results WebSocket, which cannot carry headers)
  const token = params.get('token');
  const auth = token ? { Authorization: 'Bearer ' + token } : {};
  const RECENT = 300;
  const river = window.river = {
    state: 'idle', session: null, model: null, delayMs: null, error: null, message: null,
    stats: {}, measuredDelayMs: null, fpsIn: 0, fpsOut: 0, workers: null, workersByModel: {}, framesDecoded: 0,
    shown: 0, shownWithResult: 0, frames: [], overlay: true,
  };
  let pc = null, ws = null, stream = null, location_ = null, results = new Map(), delays = [];
  let outCount = 0, lastFramesIn = null, lastTick = performance.now(), vfcHandle = null;
  const video = $('video'), canvas = $('overlay'), ctx = canvas.getContext('2d');

  function setState(s) { river.state = s; $('sState').textContent = s; }
  function show(msg, bad) {
    river.message = msg; const m = $('message');
    if (!msg) { m.hidden = true; return; }
    m.hidden = false; m.textContent = msg; m.className = 'message' + (bad ? ' bad' : '');
  }

  async function status() {
    try {
      const r = await fetch('/api/status', { cache: 'no-store', headers: auth });
      if (r.status === 401) { river.unauthorized = true; return null; }
      return await r.json();
    } catch (e) { return null; }
  }

  async function loadModels() {
    const s = await status();
    if (!s && river.unauthorized) { show('river asks for a token: open this page as /?token=YOUR_TOKEN (river.serve.auth-token).', true); return; }
    if (!s) { show('The river server is unreachable. Is `./river run` (or river-serve) running?', true); return; }
    const sel = $('model');
    defaultModel = s.defaultModel;
    updateModels(s.broker.models || {});
    sel.value = params.get('model') || s.defaultModel;
    const d = params.get('delay') || String(s.defaultDelayMs);
    if (![...$('delay').options].some((o) => o.value === d)) $('delay').add(new Option((d / 1000) + ' s', d));
    $('delay').value = d;
    $('delayLabel').textContent = (d / 1000).toFixed(1) + ' s';
    if (!s.broker.reachable) show('The inference broker (river-proxy) is not reachable: video will come back without boxes.');
    else if (!s.broker.models[sel.value]) show(`No worker serves the model "${sel.value}" right now: start one (./river worker).`);
  }

  // The model dropdown shows how many workers serve each model, kept current from the live stats (the session's own
  // model, every second) and from /api/status (all models, every few seconds): never only the count at page load.
  let defaultModel = 'blazeface', lastStatusPoll = 0;
  const workerLabel = (n) => `${n} worker${n === 1 ? '' : 's'}`;
  function updateModels(counts) {
    const sel = $('model'), chosen = sel.value || params.get('model') || defaultModel;
    const names = Object.keys(counts);
    for (const m of [defaultModel, chosen]) if (m && !names.includes(m)) names.unshift(m);
    for (const m of names) {
      let o = [...sel.options].find((x) => x.value === m);
      if (!o) { o = new Option(m, m); sel.add(o); }
      const text = `${m} (${workerLabel(counts[m] || 0)})`;
      if (o.textContent !== text) o.textContent = text;
    }
    for (const o of [...sel.options]) if (!names.includes(o.value)) o.remove();
    if (chosen && [...sel.options].some((x) => x.value === chosen)) sel.value = chosen;
  }
  function updateModelCount(model, n) {
    const o = [...$('model').options].find((x) => x.value === model);
    if (o) { const text = `${model} (${workerLabel(n)})`; if (o.textContent !== text) o.textContent = text; }
  }
  async function pollModels() {
    const s = await status();
    if (s && s.broker) {
      updateModels(s.broker.models || {});
      river.workersByModel = s.broker.models || {};
      if (river.state !== 'playing' && river.message && /No worker serves/.test(river.message) && s.broker.models[$('model').value]) show(null);
    }
  }

  function preferH264(transceiver) {
    if (!RTCRtpSender.getCapabilities || !transceiver.setCodecPreferences) return;
    const codecs = RTCRtpSender.getCapabilities('video').codecs;
    const h264 = codecs.filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || ''));
    if (h264.length) transceiver.setCodecPreferences(h264.concat(codecs.filter((c) => c.mimeType !== 'video/H264')));
  }

  async function start() {
    if (river.state === 'starting' || river.state === 'playing') return;
    show(null); river.error = null; setState('starting');
    $('startBtn').disabled = true; $('stopBtn').disabled = false;
    results = new Map(); delays = []; river.frames = []; river.shown = 0; river.shownWithResult = 0;
    river.measuredDelayMs = null; river.stats = {};
    const delay = $('delay').value, model = $('model').value;
    river.delayMs = Number(delay); river.model = model;
    $('delayLabel').textContent = (delay / 1000).toFixed(1) + ' s';
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 }, audio: false });
    } catch (e) {
      fail(e.name === 'NotAllowedError' ? 'Camera access was denied. Allow the camera for this page and press Start again.'
        : e.name === 'NotFoundError' ? 'No camera was found.' : 'The camera could not be opened: ' + e.message);
      return;
    }
    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    const tr = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
    preferH264(tr);
    pc.ontrack = (e) => {
      video.srcObject = new MediaStream([e.track]);
      $('placeholder').hidden = true;
      video.play().catch(() => {});
      if (vfcHandle === null) vfcHandle = video.requestVideoFrameCallback(onFrame);
    };
    pc.onconnectionstatechange = () => {
      if (pc && pc.connectionState === 'failed') fail('The media connection to river failed (UDP blocked?).');
    };
    await pc.setLocalDescription(await pc.createOffer());
    let answer;
    try {
      const r = await fetch(`/whip?delay=${encodeURIComponent(delay)}&model=${encodeURIComponent(model)}`,
        { method: 'POST', headers: { ...auth, 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
      if (r.status !== 201) { fail(`river refused the session (${r.status}): ${(await r.text()).trim()}`); return; }
      location_ = r.headers.get('Location');
      river.session = r.headers.get('X-River-Session') || location_.substring(location_.lastIndexOf('/') + 1);
      answer = await r.text();
    } catch (e) {
      fail('The river server is unreachable.'); return;
    }
    $('sSession').textContent = river.session;
    openResults(river.session);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    setState('playing');
  }

  function openResults(id) {
    const query = token ? `?access_token=${encodeURIComponent(token)}` : '';
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sessions/${id}/results${query}`);
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'result') {
        results.set(m.rtpTimestamp, m);
        if (results.size > 900) results.delete(results.keys().next().value);
        if (m.status === 'error' && m.error && /no worker/.test(m.error)) show(`No worker serves the model "${river.model}": results will resume when one is back.`);
      } else if (m.type === 'stats') {
        river.stats = m; river.workers = m.workers;
        if (river.model) updateModelCount(river.model, m.workers);
        if (m.workers > 0 && river.message && /No worker/.test(river.message)) show(null);
      } else if (m.type === 'ended') {
        if (river.state === 'playing') fail('The session ended: ' + m.reason);
      }
    };
    ws.onclose = (e) => {
      if (e.code === 1001 && river.state === 'playing') fail('river-serve stopped: ' + (e.reason || 'shutting down'));
    };
    ws.onerror = () => { if (river.state === 'playing') show('The results connection failed: video continues without boxes.', true); };
  }

  function onFrame(now, md) {
    vfcHandle = video.requestVideoFrameCallback(onFrame);
    outCount++;
    const ts = md.rtpTimestamp;
    const r = ts === undefined ? undefined : results.get(ts);
    river.shown++;
    if (r) river.shownWithResult++;
    const boxes = r ? r.detections.map((d) => ({ x: d.box.x, y: d.box.y, w: d.box.w, h: d.box.h, score: d.score })) : [];
    draw(r, md.width || video.videoWidth, md.height || video.videoHeight);
    if (r) {
      const shownAt = performance.timeOrigin + (md.expectedDisplayTime || now);
      delays.push(shownAt - r.arrivalMillis);
      if (delays.length > 120) delays.shift();
      const sorted = delays.slice().sort((a, b) => a - b);
      river.measuredDelayMs = Math.round(sorted[sorted.length >> 1]);
    }
    river.frames.push({ rtpTimestamp: ts, hadResult: !!r, status: r ? r.status : null, frameIndex: r ? r.frameIndex : null,
      boxes, drawn: river.overlay && boxes.length > 0, width: md.width || video.videoWidth, height: md.height || video.videoHeight,
      at: Date.now() });
    if (river.frames.length > RECENT) river.frames.shift();
  }

  function draw(r, vw, vh) {
    const cw = canvas.clientWidth, ch = canvas.clientHeight;
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    ctx.clearRect(0, 0, cw, ch);
    if (!r || !river.overlay || !vw) return;
    const k = Math.min(cw / vw, ch / vh), ox = (cw - vw * k) / 2, oy = (ch - vh * k) / 2;
    const color = r.status === 'ontime' ? '#35c28f' : '#f2b34a';
    ctx.lineWidth = 2; ctx.strokeStyle = color; ctx.fillStyle = color; ctx.font = '12px system-ui';
    for (const d of r.detections) {
      const b = d.box;
      ctx.strokeRect(ox + b.x * k, oy + b.y * k, b.w * k, b.h * k);
      ctx.fillText(`${d.label || ''} ${(d.score * 100).toFixed(0)}%`, ox + b.x * k, oy + b.y * k - 4);
      for (const p of d.keypoints || []) { ctx.beginPath(); ctx.arc(ox + p.x * k, oy + p.y * k, 2.5, 0, 2 * Math.PI); ctx.fill(); }
    }
  }

  function fail(msg) {
    river.error = msg; show(msg, true); teardown(); setState('error');
  }

  function teardown() {
    if (location_) { fetch(location_, { method: 'DELETE', headers: auth }).catch(() => {}); location_ = null; }
    if (ws) { ws.onclose = null; ws.close(); ws = null; }
    if (pc) { pc.close(); pc = null; }
    if (stream) { stream.getTracks().forEach((t) => t.stop()); stream = null; }
    if (vfcHandle !== null) { video.cancelVideoFrameCallback(vfcHandle); vfcHandle = null; }
    video.srcObject = null; $('placeholder').hidden = false; ctx.clearRect(0, 0, canvas.width, canvas.height);
    $('startBtn').disabled = false; $('stopBtn').disabled = true;
  }

  function stop() { teardown(); setState('stopped'); }

  function tick() {
    const t = performance.now(), dt = (t - lastTick) / 1000; lastTick = t;
    if (t - lastStatusPoll > (river.state === 'playing' ? 5000 : 2000)) { lastStatusPoll = t; pollModels(); }
    river.fpsOut = Math.round(outCount / dt); outCount = 0;
    if (pc) {
      pc.getStats().then((report) => report.forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') { river.framesDecoded = r.framesDecoded; river.framesDropped = r.framesDropped; }
      })).catch(() => {});
    }
    const s = river.stats;
    if (s.frames !== undefined) {
      river.fpsIn = lastFramesIn === null ? 0 : Math.round((s.frames - lastFramesIn) / dt);
      lastFramesIn = s.frames;
    }
    const st = s.statuses || {}, total = (st.ontime || 0) + (st.late || 0) + (st.skipped || 0) + (st.error || 0);
    $('sFps').textContent = river.state === 'playing' ? `${river.fpsIn} / ${river.fpsOut}` : '—';
    $('sInference').textContent = s.inferenceP50Ms !== undefined ? `${s.inferenceP50Ms.toFixed(1)} / ${s.inferenceP99Ms.toFixed(1)} ms` : '—';
    $('sOntime').textContent = total ? `${(100 * st.ontime / total).toFixed(1)} %` : '—';
    $('sShown').textContent = river.shown ? `${(100 * river.shownWithResult / river.shown).toFixed(1)} %` : '—';
    $('sDelay').textContent = river.measuredDelayMs !== null ? `${(river.measuredDelayMs / 1000).toFixed(2)} s` : '—';
    $('sWorkers').textContent = s.workers !== undefined ? String(s.workers) : '—';
    $('sBad').textContent = total ? `${st.late} / ${st.skipped} / ${st.error}` : '—';
  }

  $('startBtn').onclick = start;
  $('stopBtn').onclick = stop;
  $('overlayToggle').onchange = (e) => { river.overlay = e.target.checked; };
  river.start = start; river.stop = stop;
  window.addEventListener('pagehide', teardown);
  setInterval(tick, 1000);
  loadModels().then(() => { if (params.get('autostart') === '1') start(); });
})();
