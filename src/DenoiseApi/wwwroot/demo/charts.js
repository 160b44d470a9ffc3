// Canvas charts: the probability bars, the latent vector, and the latent map (PCA scatter). Each sizes its backing
// store to the element's CSS size times the device pixel ratio, so it stays sharp on phones and when resized.

export const DIGIT_COLOURS = [
  '#5b9cf6', '#f59e42', '#ef5b5b', '#5fd3c6', '#6cc24a',
  '#f2d64b', '#c38ad9', '#ff9db5', '#c49a6c', '#b8c0cc',
];

const TEXT = '#e6eaf5';
const MUTED = '#8b95b2';
const GRID = '#26304d';
const ACCENT = '#7dd3fc';

function prepare(canvas, aspect) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(120, canvas.clientWidth || canvas.width);
  const height = aspect ? Math.round(width * aspect) : (canvas.clientHeight || canvas.height);
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * Ten vertical bars: the probabilities after denoising (accent) with the noisy-as-is ones behind them (grey).
 * Either array may be null.
 */
export function drawProbabilities(canvas, denoised, noisy) {
  const { ctx, width, height } = prepare(canvas, 0.42);
  const top = 18, bottom = 24, left = 4, right = 4;
  const plotH = height - top - bottom;
  const slot = (width - left - right) / 10;
  const best = denoised ? denoised.indexOf(Math.max(...denoised)) : -1;

  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH * (1 - f) + 0.5;
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(width - right, y); ctx.stroke();
  }

  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let d = 0; d < 10; d++) {
    const x = left + slot * d;
    if (noisy) {
      const h = plotH * noisy[d];
      ctx.fillStyle = '#4b5573';
      ctx.fillRect(x + slot * 0.18, top + plotH - h, slot * 0.64, h);
    }
    if (denoised) {
      const h = plotH * denoised[d];
      ctx.fillStyle = d === best ? ACCENT : 'rgba(125, 211, 252, 0.55)';
      ctx.fillRect(x + slot * 0.3, top + plotH - h, slot * 0.4, h);
      if (denoised[d] >= 0.005) {
        ctx.fillStyle = d === best ? TEXT : MUTED;
        ctx.fillText(`${Math.round(denoised[d] * 100)}%`, x + slot / 2, Math.max(12, top + plotH - h - 4));
      }
    }
    ctx.fillStyle = d === best ? TEXT : MUTED;
    ctx.fillText(String(d), x + slot / 2, height - 6);
  }
}

/** The latent vector: bars around zero when it is short, a heat strip when it is long (conv latents). */
export function drawLatent(canvas, latent) {
  const { ctx, width, height } = prepare(canvas, 0.2);
  if (!latent || latent.length === 0) return;
  const maxAbs = Math.max(1e-6, ...latent.map(Math.abs));
  const hasNegative = latent.some(v => v < 0);

  if (latent.length <= 256) {
    const zeroY = hasNegative ? height / 2 : height - 4;
    const scale = hasNegative ? (height / 2 - 4) : (height - 8);
    const w = width / latent.length;
    for (let i = 0; i < latent.length; i++) {
      const v = latent[i] / maxAbs;
      const h = v * scale;
      ctx.fillStyle = `hsl(${200 - 170 * Math.abs(v)}, 85%, ${45 + 20 * Math.abs(v)}%)`;
      ctx.fillRect(i * w + w * 0.1, h >= 0 ? zeroY - h : zeroY, Math.max(1, w * 0.8), Math.abs(h));
    }
    ctx.strokeStyle = GRID;
    ctx.beginPath(); ctx.moveTo(0, zeroY + 0.5); ctx.lineTo(width, zeroY + 0.5); ctx.stroke();
    return;
  }

  const columns = Math.ceil(Math.sqrt(latent.length * width / height));
  const rows = Math.ceil(latent.length / columns);
  const cw = width / columns, ch = height / rows;
  for (let i = 0; i < latent.length; i++) {
    const v = latent[i] / maxAbs;
    ctx.fillStyle = v >= 0 ? `rgba(125, 211, 252, ${Math.abs(v)})` : `rgba(244, 114, 182, ${Math.abs(v)})`;
    ctx.fillRect((i % columns) * cw, Math.floor(i / columns) * ch, Math.ceil(cw), Math.ceil(ch));
  }
}

/** Projects a latent with the PCA components: ((z - mean) · c0, (z - mean) · c1). */
export function project(projection, latent) {
  const { mean, components } = projection;
  if (!latent || latent.length !== mean.length) return null;
  let x = 0, y = 0;
  for (let i = 0; i < mean.length; i++) {
    const c = latent[i] - mean[i];
    x += c * components[0][i];
    y += c * components[1][i];
  }
  return { x, y };
}

/** The map: sampled test digits coloured by label, and the user's digit as a ringed star with its label. */
export function drawMap(canvas, projection, user, userDigit) {
  const { ctx, width, height } = prepare(canvas, 1);
  if (!projection) {
    ctx.fillStyle = MUTED;
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('no latent map for this encoder', width / 2, height / 2);
    return;
  }
  const { x: xs, y: ys, digits } = projection.points;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
  }
  if (user) {
    minX = Math.min(minX, user.x); maxX = Math.max(maxX, user.x);
    minY = Math.min(minY, user.y); maxY = Math.max(maxY, user.y);
  }
  const pad = 16;
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const scale = (Math.min(width, height) - 2 * pad) / span;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const toScreen = (x, y) => [width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale];

  ctx.globalAlpha = 0.72;
  for (let i = 0; i < xs.length; i++) {
    const [sx, sy] = toScreen(xs[i], ys[i]);
    ctx.fillStyle = DIGIT_COLOURS[digits[i]];
    ctx.fillRect(sx - 1.6, sy - 1.6, 3.2, 3.2);
  }
  ctx.globalAlpha = 1;

  ctx.font = 'bold 15px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let d = 0; d < 10; d++) {
    const c = projection.centroids?.[d];
    if (!c) continue;
    const [sx, sy] = toScreen(c[0], c[1]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(10, 15, 29, 0.85)';
    ctx.strokeText(String(d), sx, sy);
    ctx.fillStyle = DIGIT_COLOURS[d];
    ctx.fillText(String(d), sx, sy);
  }

  if (user) {
    const [sx, sy] = toScreen(user.x, user.y);
    ctx.beginPath();
    ctx.arc(sx, sy, 11, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.15)';
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    star(ctx, sx, sy, 6.5, userDigit == null ? '#fff' : DIGIT_COLOURS[userDigit]);
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = sx > width - 90 ? 'right' : 'left';
    const labelX = sx + (sx > width - 90 ? -16 : 16);
    ctx.lineWidth = 4;
    ctx.strokeStyle = 'rgba(10, 15, 29, 0.9)';
    ctx.strokeText('your digit', labelX, sy);
    ctx.fillStyle = TEXT;
    ctx.fillText('your digit', labelX, sy);
  }
}

function star(ctx, x, y, r, fill) {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const a = -Math.PI / 2 + i * Math.PI / 5;
    ctx.lineTo(x + radius * Math.cos(a), y + radius * Math.sin(a));
  }
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#0a0f1d';
  ctx.stroke();
}
