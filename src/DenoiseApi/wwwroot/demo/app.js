// The digit lab: draw (or upload) -> /noise -> /denoise, /classify, /encode -> pictures, bars and the latent map.
import { ApiError, getApiKey, getJson, postImage, setApiKey } from './api.js';
import { DrawPad } from './drawpad.js';
import { DIGIT_COLOURS, drawLatent, drawMap, drawProbabilities, project } from './charts.js';

const NOISE = {
  gaussian: { max: 2, step: 0.05, level: 0.5, help: 'σ of the added N(0, σ²) per pixel, clipped to [0, 1]' },
  uniform: { max: 2, step: 0.05, level: 0.9, help: 'f in clip(x + f·U(0, 1)): brightens the background' },
  'salt-pepper': { max: 1, step: 0.02, level: 0.2, help: 'fraction of pixels turned white or black' },
  mask: { max: 1, step: 0.02, level: 0.3, help: 'fraction of pixels turned black' },
  none: { max: 0, step: 0.05, level: 0, help: 'the clean model input' },
};

const $ = id => document.getElementById(id);
const ui = {
  status: $('status'), statusText: $('status-text'), error: $('error'),
  pad: $('pad'), padHint: $('pad-hint'), clear: $('clear'), upload: $('upload'), uploadButton: $('upload-button'), pen: $('pen'),
  noiseType: $('noise-type'), level: $('noise-level'), levelValue: $('noise-level-value'), help: $('noise-help'),
  seed: $('seed'), reseed: $('reseed'),
  denoiser: $('denoiser'), classifier: $('classifier'), encoder: $('encoder'),
  apiKey: $('apikey'), apiKeyBox: $('apikey-box'),
  input: $('img-input'), noisy: $('img-noisy'), denoised: $('img-denoised'), noisyCaption: $('noisy-caption'),
  digit: $('digit'), confidence: $('confidence'), probs: $('probs'),
  latent: $('latent'), latentShape: $('latent-shape'), latentHelp: $('latent-help'), map: $('map'), mapInfo: $('map-info'), mapLegend: $('map-legend'),
  runtime: $('runtime'),
};

// Starts on uniform 0.9, the Keras tutorial's noise; the default (blind) denoiser cleans every noise type, and the
// specialists trained on one noise can be picked from the list.
const state = {
  type: 'uniform',
  levels: Object.fromEntries(Object.entries(NOISE).map(([k, v]) => [k, v.level])),
  projection: null,
  latent: null,
  digit: null,
  probabilities: null,
  rawProbabilities: null,
  generation: 0,
  controller: null,
  objectUrls: new Map(),
};

// The browser test and curious users can see whether the page broke its own Content-Security-Policy.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));

const pad = new DrawPad(ui.pad, { onChange: final => schedule(final ? 0 : 1) });
pad.penWidth = Number(ui.pen.value);

function setStatus(kind, text) {
  ui.status.dataset.state = kind;
  ui.statusText.textContent = text;
}

function showError(error) {
  if (!error) { ui.error.hidden = true; ui.error.textContent = ''; return; }
  let text = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error.message || error);
  if (error instanceof ApiError && error.status === 401) {
    ui.apiKeyBox.open = true;
    text = 'This service wants an API key: enter it under "API key".';
  } else if (error instanceof ApiError && error.status === 429) {
    text = `Slow down: the service limits requests per client (retry in ${error.problem?.detail?.match(/\d+/)?.[0] ?? 'a few'} s).`;
  }
  ui.error.textContent = text;
  ui.error.hidden = false;
}

function showImage(img, blob) {
  const old = state.objectUrls.get(img);
  const url = URL.createObjectURL(blob);
  state.objectUrls.set(img, url);
  img.src = url;
  if (old) URL.revokeObjectURL(old);
}

function noiseQuery(type, level) {
  return { type, level: type === 'none' ? undefined : level.toFixed(2), seed: ui.seed.value || 0, invert: 'false' };
}

function selected(select) {
  return select.value || undefined;
}

let timer = 0;
function schedule(delayMs) {
  clearTimeout(timer);
  timer = setTimeout(run, delayMs);
}

// One pass of the pipeline. A newer pass cancels an older one, so fast drawing never shows stale answers.
async function run() {
  if (pad.isEmpty) return;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const generation = ++state.generation;
  const signal = controller.signal;
  document.body.dataset.pipeline = 'running';
  setStatus('busy', 'thinking…');
  try {
    const source = await pad.toBlob();
    const level = state.levels[state.type];
    const [clean, noisy] = await Promise.all([
      postImage('/noise', source, noiseQuery('none', 0), signal).then(r => r.blob()),
      postImage('/noise', source, noiseQuery(state.type, level), signal).then(r => r.blob()),
    ]);
    if (generation !== state.generation) return;
    showImage(ui.input, clean);
    showImage(ui.noisy, noisy);
    ui.noisyCaption.textContent = state.type === 'none' ? 'noisy (none)' : `${state.type} ${level.toFixed(2)}`;

    const asIs = { invert: 'false' };
    const [denoised, cleaned, raw, encoded] = await Promise.all([
      postImage('/denoise', noisy, { ...asIs, model: selected(ui.denoiser) }, signal).then(r => r.blob()),
      postImage('/classify', noisy, { ...asIs, model: selected(ui.classifier), denoise: 'true', denoiser: selected(ui.denoiser) }, signal).then(r => r.json()),
      postImage('/classify', noisy, { ...asIs, model: selected(ui.classifier) }, signal).then(r => r.json()),
      postImage('/encode', noisy, { ...asIs, model: selected(ui.encoder) }, signal).then(r => r.json()),
    ]);
    if (generation !== state.generation) return;
    showImage(ui.denoised, denoised);
    showPrediction(cleaned, raw);
    state.latent = encoded.latent;
    ui.latentShape.textContent = `${encoded.model}/${encoded.version} · [${encoded.shape.join('×')}]`;
    ui.latentHelp.textContent = describeLatent(encoded);
    drawLatent(ui.latent, state.latent);
    redrawMap();
    showError(null);
    setStatus('ready', 'ready');
    document.body.dataset.pipeline = 'done';
  } catch (error) {
    if (error.name === 'AbortError' || generation !== state.generation) return;
    showError(error);
    setStatus('error', error instanceof ApiError ? `error ${error.status}` : 'error');
    document.body.dataset.pipeline = 'failed';
  }
}

function describeLatent(encoded) {
  const size = encoded.latent.length;
  const negative = encoded.latent.some(v => v < 0);
  const layout = encoded.shape.length === 3
    ? ` (${encoded.shape[0]} feature maps of ${encoded.shape[1]}×${encoded.shape[2]}, drawn as tiles)`
    : '';
  return `${size} numbers${layout}: the code the encoder squeezes the noisy digit into; the decoder rebuilds a clean ` +
    `digit from them alone.${negative ? '' : ' All are ≥ 0 (ReLU).'} ${countActive(encoded.latent)} of them are clearly active for this digit.`;
}

function countActive(latent) {
  const max = Math.max(...latent.map(Math.abs));
  return latent.filter(v => Math.abs(v) > 0.05 * max).length;
}

function showPrediction(cleaned, raw) {
  const p = cleaned.probabilities;
  const digit = cleaned.digit;
  state.digit = digit;
  ui.digit.textContent = String(digit);
  ui.digit.style.color = DIGIT_COLOURS[digit];
  const rawNote = raw.digit === digit ? 'same as the noisy image alone' : `the noisy image alone says ${raw.digit}`;
  ui.confidence.textContent = `${(p[digit] * 100).toFixed(1)}% sure · ${rawNote}`;
  state.probabilities = p;
  state.rawProbabilities = raw.probabilities;
  drawProbabilities(ui.probs, p, raw.probabilities);
}

function redrawMap() {
  const user = state.projection && state.latent ? project(state.projection, state.latent) : null;
  drawMap(ui.map, state.projection, user, state.digit);
}

// ---- controls ----

function chooseType(type) {
  state.type = type;
  for (const button of ui.noiseType.querySelectorAll('button')) {
    button.setAttribute('aria-checked', String(button.dataset.type === type));
  }
  const spec = NOISE[type];
  ui.level.max = String(spec.max);
  ui.level.step = String(spec.step);
  ui.level.disabled = type === 'none';
  ui.level.value = String(state.levels[type]);
  ui.levelValue.textContent = state.levels[type].toFixed(2);
  ui.help.textContent = spec.help;
}

ui.noiseType.addEventListener('click', e => {
  const button = e.target.closest('button[data-type]');
  if (!button) return;
  chooseType(button.dataset.type);
  schedule(0);
});
ui.level.addEventListener('input', () => {
  state.levels[state.type] = Number(ui.level.value);
  ui.levelValue.textContent = Number(ui.level.value).toFixed(2);
  schedule(120);
});
ui.seed.addEventListener('change', () => schedule(0));
ui.reseed.addEventListener('click', () => {
  ui.seed.value = String(Math.floor(Math.random() * 1_000_000));
  schedule(0);
});
ui.pen.addEventListener('input', () => { pad.penWidth = Number(ui.pen.value); });
ui.clear.addEventListener('click', () => {
  pad.clear();
  state.generation++;
  state.controller?.abort();
  state.latent = null;
  state.digit = null;
  state.probabilities = null;
  state.rawProbabilities = null;
  ui.digit.textContent = '?';
  ui.digit.style.color = '';
  ui.confidence.textContent = 'draw something';
  for (const img of [ui.input, ui.noisy, ui.denoised]) img.removeAttribute('src');
  drawProbabilities(ui.probs, null, null);
  drawLatent(ui.latent, null);
  ui.latentShape.textContent = '';
  redrawMap();
  ui.padHint.classList.remove('gone');
  delete document.body.dataset.pipeline;
});
ui.pad.addEventListener('pointerdown', () => ui.padHint.classList.add('gone'));

// An upload goes through the service's decoders (PNG, JPEG, BMP, PGM, ...) and MNIST fitting once; the 28x28 answer,
// turned white on black if it came back dark on light, is placed on the pad, where it can be drawn on.
ui.uploadButton.addEventListener('click', () => ui.upload.click());
ui.upload.addEventListener('change', async () => {
  const file = ui.upload.files?.[0];
  ui.upload.value = '';
  if (!file) return;
  try {
    const response = await postImage('/noise', file, { type: 'none', invert: 'auto' });
    const bitmap = await createImageBitmap(await response.blob());
    ui.padHint.classList.add('gone');
    pad.placeImage(await toWhiteOnBlack(bitmap));
  } catch (error) {
    showError(error);
  }
});

async function toWhiteOnBlack(bitmap) {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const { data, width, height } = image;
  let border = 0, count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) { border += data[(y * width + x) * 4]; count++; }
    }
  }
  if (border / count > 127) {
    for (let i = 0; i < data.length; i += 4) { data[i] = 255 - data[i]; data[i + 1] = 255 - data[i + 1]; data[i + 2] = 255 - data[i + 2]; }
    ctx.putImageData(image, 0, 0);
  }
  return createImageBitmap(canvas);
}

ui.apiKey.value = getApiKey();
ui.apiKey.addEventListener('change', () => {
  setApiKey(ui.apiKey.value.trim());
  loadModels();
});

for (const select of [ui.denoiser, ui.classifier]) select.addEventListener('change', () => schedule(0));
ui.encoder.addEventListener('change', () => { loadProjection(); schedule(0); });

// ---- models, projection and health ----

async function loadModels() {
  try {
    const listing = await getJson('/models');
    const defaults = listing.defaults ?? {};
    fill(ui.denoiser, listing.models, 'Denoiser', defaults.denoiser);
    fill(ui.classifier, listing.models, 'Classifier', defaults.classifier);
    fill(ui.encoder, listing.models, 'Encoder', defaults.encoder);
    ui.runtime.textContent = listing.runtimeVersion ? `ONNX Runtime ${listing.runtimeVersion}` : '';
    await loadProjection();
    showError(null);
  } catch (error) {
    showError(error);
  }
}

// One option per serving model name; the service's default for the kind comes first, marked "default", and is chosen
// unless the user picked another (e.g. a specialist denoiser).
function fill(select, models, kind, defaultName) {
  const previous = select.value;
  select.replaceChildren();
  const serving = models.filter(m => m.kind === kind && m.state === 'serving');
  const byName = new Map();
  for (const m of serving) if (!byName.has(m.name) || m.isDefault) byName.set(m.name, m);
  const ordered = [...byName.values()].sort((a, b) => (b.name === defaultName) - (a.name === defaultName));
  for (const m of ordered) {
    const label = `${m.name} v${m.version}${m.name === defaultName ? ' (default)' : ''}${m.architecture ? ' · ' + m.architecture : ''}`;
    const option = new Option(label, m.name);
    option.dataset.default = String(m.isDefault);
    option.dataset.serviceDefault = String(m.name === defaultName);
    select.add(option);
  }
  if (select.options.length === 0) select.add(new Option(`no ${kind.toLowerCase()} serving`, ''));
  if ([...select.options].some(o => o.value === previous)) select.value = previous;
}

async function loadProjection() {
  const name = selected(ui.encoder);
  state.projection = null;
  ui.mapInfo.textContent = '';
  if (name) {
    try {
      state.projection = await getJson(`/models/${encodeURIComponent(name)}/projection`);
      const r = state.projection.explainedVarianceRatio ?? [];
      ui.mapInfo.textContent = `PCA of ${state.projection.points.x.length} test digits` +
        (r.length === 2 ? ` · ${((r[0] + r[1]) * 100).toFixed(0)}% of variance` : '');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) showError(error);
    }
  }
  redrawMap();
}

async function watchHealth() {
  try {
    const ready = await fetch(new URL('../health/ready', document.baseURI), { cache: 'no-store' });
    if (document.body.dataset.pipeline !== 'running') {
      setStatus(ready.ok ? 'ready' : 'waiting', ready.ok ? 'ready' : 'models loading…');
    }
    if (ready.ok && ui.denoiser.options.length <= 1 && !ui.denoiser.value) await loadModels();
  } catch {
    setStatus('error', 'service unreachable');
  }
}

ui.mapLegend.replaceChildren(...DIGIT_COLOURS.map((colour, d) => {
  const item = document.createElement('span');
  const swatch = document.createElement('i');
  swatch.className = 'sw';
  swatch.style.background = colour;
  item.append(swatch, String(d));
  return item;
}));

// Charts follow the layout (phone rotation, window resize) from the answers already in hand.
let resizeFrame = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => {
    drawProbabilities(ui.probs, state.probabilities, state.rawProbabilities);
    drawLatent(ui.latent, state.latent);
    redrawMap();
  });
});

chooseType(state.type);
drawProbabilities(ui.probs, null, null);
drawLatent(ui.latent, null);
redrawMap();
await loadModels();
await watchHealth();
setInterval(watchHealth, 5000);
