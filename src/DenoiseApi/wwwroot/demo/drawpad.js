// The drawing pad: white ink on black like MNIST, drawn with mouse, finger or pen (pointer events), plus placing an
// uploaded digit on it. Calls onChange(final) while drawing (throttled, final=false) and when a stroke ends (final=true).

export class DrawPad {
  constructor(canvas, { onChange, throttleMs = 280 } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.onChange = onChange || (() => {});
    this.throttleMs = throttleMs;
    this.penWidth = 22;
    this.drawing = false;
    this.last = null;
    this.lastNotified = 0;
    this.inked = false;
    this.clear();
    canvas.addEventListener('pointerdown', e => this.#down(e));
    canvas.addEventListener('pointermove', e => this.#move(e));
    canvas.addEventListener('pointerup', e => this.#up(e));
    canvas.addEventListener('pointercancel', e => this.#up(e));
    canvas.addEventListener('lostpointercapture', e => this.#up(e));
  }

  clear() {
    const { ctx, canvas } = this;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.restore();
    this.inked = false;
  }

  get isEmpty() { return !this.inked; }

  /** The pad as a PNG blob. */
  toBlob() {
    return new Promise(resolve => this.canvas.toBlob(resolve, 'image/png'));
  }

  /** Draws a (28x28) white-on-black image scaled up to fill the pad, replacing what was there. */
  placeImage(bitmap) {
    this.clear();
    const { ctx, canvas } = this;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    this.inked = true;
    this.onChange(true);
  }

  #point(e) {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: (e.clientX - rect.left) * (this.canvas.width / rect.width),
      y: (e.clientY - rect.top) * (this.canvas.height / rect.height),
    };
  }

  #stroke(from, to) {
    const { ctx } = this;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = this.penWidth;
    ctx.shadowColor = 'rgba(255,255,255,0.9)';
    ctx.shadowBlur = this.penWidth / 4;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y + 0.01);
    ctx.stroke();
    this.inked = true;
  }

  #down(e) {
    if (e.button !== undefined && e.button > 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture?.(e.pointerId);
    this.drawing = true;
    this.last = this.#point(e);
    this.#stroke(this.last, this.last);
  }

  #move(e) {
    if (!this.drawing) return;
    e.preventDefault();
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of events.length ? events : [e]) {
      const p = this.#point(ev);
      this.#stroke(this.last, p);
      this.last = p;
    }
    const now = performance.now();
    if (now - this.lastNotified > this.throttleMs) {
      this.lastNotified = now;
      this.onChange(false);
    }
  }

  #up() {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = null;
    this.onChange(true);
  }
}
