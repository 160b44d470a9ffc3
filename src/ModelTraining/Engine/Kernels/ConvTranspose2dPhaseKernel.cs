using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// Transposed convolution split into its stride² sub-pixel phases (<see cref="TransposedPhase"/>), each a stride-1
/// correlation computed as an implicit GEMM (<see cref="ShiftedGemm"/>), instead of a GEMM with an inner dimension of
/// only the input channels followed by a scattered col2im.
/// <list type="bullet">
/// <item>Forward, per phase (φy, φx): <c>Y_φ[f, a, b] = Σ_(c,t,u) W[c, f, φy + s·t, φx + s·u]·x[c, Fy + a − t, Fx + b − u]</c>
/// on the zero-padded input, written to every s-th output pixel, then bias and activation.</item>
/// <item>Backward: the output gradient <c>g = dy ⊙ act'(y)</c> is split into phase planes <c>g_φ[f, A, B] =
/// g[f, s·A + φy − pt, s·B + φx − pl]</c> (zero outside), after which <c>dx[c, i, j] = Σ_(φ,f,t,u) W[c, f, ·]·g_φ[f, i + t, j + u]</c>
/// and <c>dW[c, f, ·] = Σ_(i,j) x[c, i, j]·g_φ[f, i + t, j + u]</c> are shifted products over the input's grid.</item>
/// </list>
/// Images are split over the cores; the result equals the col2im path up to the order of float additions.
/// </summary>
internal static class ConvTranspose2dPhaseKernel
{
    public static bool Suits(in ConvGeometry g) => ShiftedGemm.IsSupported && g.StrideHeight == g.StrideWidth;

    public static void Forward(float[] x, float[] weight, float[]? bias, float[] y, int batch, int inChannels, ConvGeometry g, float? slope)
    {
        var layout = ForwardLayout.Of(g, inChannels);
        int filters = g.Channels, inPlane = g.OutHeight * g.OutWidth, inSize = inChannels * inPlane, outPlane = g.Height * g.Width, outSize = g.ImageSize;
        using var scratch = new ConvScratch(batch);
        var packed = scratch.Shared(layout.Phases.Sum(p => ShiftedGemm.PackedALength(filters, p.Depth)));
        var offsets = scratch.Offsets(layout.Phases.Sum(p => p.Depth));
        var padded = scratch.PerWorker(layout.SourceLength, zeroed: true);
        // Two wide results when the two column phases of a row phase are interleaved into the output together.
        var wideLength = ShiftedGemm.RoundRows(filters) * layout.MaxColumns;
        var interleaves = layout.Interleaves;
        var wide = scratch.PerWorker(interleaves ? 2 * wideLength : wideLength);
        layout.Prepare(weight, filters, inChannels, packed, offsets);
        scratch.Run(batch, (worker, start, end) =>
        {
            var xpad = padded[worker].AsSpan();
            var ywide = wide[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                var image = x.AsSpan(n * inSize, inSize);
                for (var c = 0; c < inChannels; c++)
                {
                    for (var i = 0; i < g.OutHeight; i++)
                    {
                        image.Slice(c * inPlane + i * g.OutWidth, g.OutWidth).CopyTo(xpad.Slice(c * layout.Plane + (i + layout.PadY) * layout.Width + layout.PadX));
                    }
                }
                var output = y.AsSpan(n * outSize, outSize);
                if (!layout.CoversOutput)
                {
                    // Outputs no phase reaches hold act(bias).
                    for (var f = 0; f < filters; f++) output.Slice(f * outPlane, outPlane).Fill(ConvActivation.Apply(bias?[f] ?? 0f, slope));
                }
                int packedAt = 0, offsetAt = 0;
                for (var p = 0; p < layout.Phases.Length; p++)
                {
                    var phase = layout.Phases[p];
                    var columns = ShiftedGemm.RoundColumns(phase.WideLength);
                    var result = interleaves ? ywide.Slice(p % 2 * wideLength, wideLength) : ywide;
                    ShiftedGemm.MultiplyShiftedB(
                        filters, phase.WideLength, phase.Depth, packed.AsSpan(packedAt), xpad, offsets.AsSpan(offsetAt, phase.Depth), result, columns, accumulate: false);
                    packedAt += ShiftedGemm.PackedALength(filters, phase.Depth);
                    offsetAt += phase.Depth;
                    for (var f = 0; f < filters; f++)
                    {
                        // Bias and activation on the phase's whole wide rows (one run of vectors) while they are in cache.
                        var rows = result.Slice(f * columns, columns);
                        ConvActivation.CropBiasApply(rows, columns, bias?[f] ?? 0f, rows, columns, 1, columns, slope);
                    }
                    if (!interleaves)
                    {
                        Scatter(result, columns, layout.Width, phase, output, filters, g);
                    }
                    else if (p % 2 == 1)
                    {
                        var other = layout.Phases[p - 1];
                        var otherColumns = ShiftedGemm.RoundColumns(other.WideLength);
                        var otherResult = ywide[..wideLength];
                        if (phase.X.Output(0, 2, g.PadLeft) == 0)
                        {
                            ScatterInterleaved(result, columns, otherResult, otherColumns, layout.Width, phase, output, filters, g);
                        }
                        else
                        {
                            ScatterInterleaved(otherResult, otherColumns, result, columns, layout.Width, other, output, filters, g);
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Accumulates into whichever of <paramref name="dx"/>, <paramref name="dw"/>, <paramref name="db"/> is given (the
    /// input gradient is written instead with <paramref name="overwriteDx"/>).
    /// </summary>
    public static void Backward(
        float[] x, float[] weight, float[] y, float[] dy, float[]? dx, float[]? dw, float[]? db, int batch, int inChannels, ConvGeometry g, float? slope,
        bool overwriteDx = false)
    {
        var layout = BackwardLayout.Of(g);
        int filters = g.Channels, inPlane = g.OutHeight * g.OutWidth, inSize = inChannels * inPlane, outPlane = g.Height * g.Width, outSize = g.ImageSize;
        int depth = layout.Depth(filters), rows = ShiftedGemm.RoundRows(depth);
        int columns = ShiftedGemm.RoundColumns(layout.WideLength), channelColumns = ShiftedGemm.RoundColumns(inChannels);
        using var scratch = new ConvScratch(batch);
        var offsets = scratch.Offsets(rows);
        var transposed = scratch.Shared(dx is null ? 0 : inChannels * depth);
        var packed = scratch.Shared(dx is null ? 0 : ShiftedGemm.PackedALength(inChannels, depth));
        var gradients = scratch.PerWorker(outSize);
        var phaseGradients = scratch.PerWorker(layout.SourceLength(filters), zeroed: true);
        var wideInputs = scratch.PerWorker(dw is null ? 0 : inChannels * layout.WideLength, zeroed: true);
        var packedInputs = scratch.PerWorker(dw is null ? 0 : ShiftedGemm.PackedBLength(layout.WideLength, inChannels), zeroed: true);
        var weightPartials = scratch.PerWorker(dw is null ? 0 : rows * channelColumns, zeroed: true);
        var inputGradients = scratch.PerWorker(dx is null ? 0 : ShiftedGemm.RoundRows(inChannels) * columns);
        var biasPartials = scratch.PerWorker(db is null ? 0 : filters, zeroed: true);
        var deinterleaves = layout.Deinterleaves;
        layout.Prepare(weight, filters, inChannels, offsets, dx is null ? null : transposed);
        offsets.AsSpan(depth, rows - depth).Clear();
        if (dx is not null) ShiftedGemm.PackA(transposed, inChannels, depth, depth, packed);
        scratch.Run(batch, (worker, start, end) =>
        {
            var grad = gradients[worker].AsSpan();
            var phased = phaseGradients[worker].AsSpan();
            var xwide = wideInputs[worker].AsSpan();
            var packedX = packedInputs[worker].AsSpan();
            var weightPartial = weightPartials[worker].AsSpan();
            var dxwide = inputGradients[worker].AsSpan();
            var biasPartial = biasPartials[worker].AsSpan();
            for (var n = start; n < end; n++)
            {
                var image = y.AsSpan(n * outSize, outSize);
                var imageGrad = dy.AsSpan(n * outSize, outSize);
                for (var f = 0; f < filters; f++)
                {
                    // g = dy ⊙ act'(y), its sum the bias gradient, in one pass.
                    var plane = f * outPlane;
                    var sum = ConvActivation.BackwardRows(image.Slice(plane, outPlane), imageGrad.Slice(plane, outPlane), grad.Slice(plane, outPlane), outPlane, 1, outPlane, slope);
                    if (db is not null) biasPartial[f] += sum;
                }
                if (dx is null && dw is null) continue;
                if (deinterleaves) layout.GatherDeinterleaved(grad, phased, filters);
                else layout.Gather(grad, phased, filters, g);
                if (dw is not null)
                {
                    var input = x.AsSpan(n * inSize, inSize);
                    for (var c = 0; c < inChannels; c++)
                    {
                        for (var i = 0; i < g.OutHeight; i++)
                        {
                            input.Slice(c * inPlane + i * g.OutWidth, g.OutWidth).CopyTo(xwide.Slice(c * layout.WideLength + i * layout.Width));
                        }
                    }
                    ShiftedGemm.PackB(xwide, inChannels, layout.WideLength, layout.WideLength, packedX);
                    ShiftedGemm.MultiplyShiftedA(depth, inChannels, layout.WideLength, phased, offsets, packedX, weightPartial, channelColumns);
                }
                if (dx is not null)
                {
                    ShiftedGemm.MultiplyShiftedB(inChannels, layout.WideLength, depth, packed, phased, offsets.AsSpan(0, depth), dxwide, columns, accumulate: false);
                    var target = dx.AsSpan(n * inSize, inSize);
                    for (var c = 0; c < inChannels; c++)
                    {
                        for (var i = 0; i < g.OutHeight; i++)
                        {
                            var row = target.Slice(c * inPlane + i * g.OutWidth, g.OutWidth);
                            var computed = dxwide.Slice(c * columns + i * layout.Width, g.OutWidth);
                            if (overwriteDx) computed.CopyTo(row);
                            else TensorPrimitives.Add(row, computed, row);
                        }
                    }
                }
            }
        });
        if (dw is not null)
        {
            for (var w = 0; w < scratch.Workers; w++)
            {
                if (scratch.Ran(w)) layout.AddWeightGradient(weightPartials[w], channelColumns, dw, filters, inChannels, g);
            }
        }
        scratch.SumInto(db, biasPartials);
    }

    /// <summary>output[f, oy(a), ox(b)] = wide[f, a·width + b] for the phase's outputs.</summary>
    private static unsafe void Scatter(ReadOnlySpan<float> wide, int columns, int width, in PhasePair phase, Span<float> output, int filters, in ConvGeometry g)
    {
        int s = g.StrideHeight, outPlane = g.Height * g.Width, count = phase.X.Count;
        int x0 = phase.X.Output(0, s, g.PadLeft);
        if ((long)(filters - 1) * columns + (phase.Y.Count - 1) * width + count > wide.Length) throw new ArgumentException("Wide buffer too short.");
        if (x0 < 0 || x0 + s * (count - 1) >= g.Width || output.Length < filters * outPlane) throw new ArgumentException("Phase columns leave the output.");
        fixed (float* pw = wide)
        fixed (float* po = output)
        {
            for (var f = 0; f < filters; f++)
            {
                for (var a = 0; a < phase.Y.Count; a++)
                {
                    var oy = phase.Y.Output(a, s, g.PadTop);
                    if ((uint)oy >= (uint)g.Height) throw new ArgumentException("Phase rows leave the output plane.");
                    float* source = pw + (long)f * columns + (long)a * width, target = po + (long)f * outPlane + (long)oy * g.Width + x0;
                    for (var b = 0; b < count; b++) target[s * b] = source[b];
                }
            }
        }
    }

    /// <summary>
    /// Stride 2: output row oy(a) of filter f = the even phase's row a interleaved with the odd phase's
    /// (out[2b] = even[b], out[2b + 1] = odd[b]), eight pairs per AVX step, for a row phase whose two column phases
    /// start at output columns 0 and 1 and together cover the row (<see cref="ForwardLayout.Interleaves"/>).
    /// </summary>
    private static unsafe void ScatterInterleaved(
        ReadOnlySpan<float> even, int evenColumns, ReadOnlySpan<float> odd, int oddColumns, int width, in PhasePair evenPhase, Span<float> output, int filters, in ConvGeometry g)
    {
        int outPlane = g.Height * g.Width, pairs = g.Width / 2, rows = evenPhase.Y.Count;
        var single = g.Width % 2 == 1;
        if ((long)(filters - 1) * evenColumns + (rows - 1) * width + (g.Width + 1) / 2 > even.Length
            || (long)(filters - 1) * oddColumns + (rows - 1) * width + pairs > odd.Length
            || output.Length < filters * outPlane)
        {
            throw new ArgumentException("Phase results or output too short.");
        }
        fixed (float* pe = even)
        fixed (float* pd = odd)
        fixed (float* po = output)
        {
            for (var f = 0; f < filters; f++)
            {
                for (var a = 0; a < rows; a++)
                {
                    var oy = evenPhase.Y.Output(a, 2, g.PadTop);
                    if ((uint)oy >= (uint)g.Height) throw new ArgumentException("Phase rows leave the output plane.");
                    float* e = pe + (long)f * evenColumns + (long)a * width, o = pd + (long)f * oddColumns + (long)a * width;
                    var target = po + (long)f * outPlane + (long)oy * g.Width;
                    EvenOddRows.Interleave(e, o, target, pairs);
                    if (single) target[2 * pairs] = e[pairs];
                }
            }
        }
    }

    /// <summary>Index of W[c, f, κy, κx] in the [inChannels, filters, kh, kw] weights.</summary>
    private static int WeightIndex(in ConvGeometry g, int filters, int c, int f, int ky, int kx) =>
        ((c * filters + f) * g.KernelHeight + ky) * g.KernelWidth + kx;

    /// <summary>One (row phase, column phase) pair with its inner dimension and wide-grid length.</summary>
    private readonly record struct PhasePair(TransposedPhase Y, TransposedPhase X, int Depth, int WideLength);

    /// <summary>The padded input, shared by all phases, and the phases that produce outputs.</summary>
    private sealed record ForwardLayout(ConvGeometry G, PhasePair[] Phases, int PadY, int PadX, int Width, int Plane, int SourceLength, int MaxColumns, bool CoversOutput)
    {
        /// <summary>
        /// Stride 2 with AVX, every output reached, and each row phase's two column phases (consecutive in
        /// <see cref="Phases"/>) starting at output columns 0 and 1 with ⌈W/2⌉ and ⌊W/2⌋ outputs: the pair is written
        /// as one interleaved row instead of two strided scatters.
        /// </summary>
        public bool Interleaves
        {
            get
            {
                if (G.StrideHeight != 2 || !CoversOutput || Phases.Length != 4 || !Avx.IsSupported) return false;
                for (var p = 0; p < 4; p += 2)
                {
                    var (first, second) = (Phases[p], Phases[p + 1]);
                    if (first.Y != second.Y) return false;
                    var even = first.X.Output(0, 2, G.PadLeft) == 0 ? first.X : second.X;
                    var odd = first.X.Output(0, 2, G.PadLeft) == 0 ? second.X : first.X;
                    if (even.Output(0, 2, G.PadLeft) != 0 || odd.Output(0, 2, G.PadLeft) != 1 || even.Count != (G.Width + 1) / 2 || odd.Count != G.Width / 2) return false;
                }
                return true;
            }
        }

        public static ForwardLayout Of(in ConvGeometry g, int inChannels)
        {
            int s = g.StrideHeight;
            var py = TransposedPhase.Of(s, g.KernelHeight, g.PadTop, g.Height);
            var px = TransposedPhase.Of(s, g.KernelWidth, g.PadLeft, g.Width);
            int padY = TransposedPhase.LeadingPad(py), padX = TransposedPhase.LeadingPad(px);
            int height = padY + TransposedPhase.Extent(py, g.OutHeight), width = padX + TransposedPhase.Extent(px, g.OutWidth);
            var phases = new List<PhasePair>();
            var covers = true;
            foreach (var y in py)
            {
                foreach (var x in px)
                {
                    if (y.Count == 0 || x.Count == 0) continue;
                    if (y.Taps == 0 || x.Taps == 0)
                    {
                        covers = false;
                        continue;
                    }
                    phases.Add(new PhasePair(y, x, inChannels * y.Taps * x.Taps, (y.Count - 1) * width + x.Count));
                }
            }
            var maxColumns = phases.Count == 0 ? 0 : phases.Max(p => ShiftedGemm.RoundColumns(p.WideLength));
            return new ForwardLayout(g, [.. phases], padY, padX, width, width * height, inChannels * width * height + Gemm.NR, maxColumns, covers);
        }

        /// <summary>Per phase: the weights packed as A[f, (c, t, u)] = W[c, f, κy(t), κx(u)], and the input offset of each (c, t, u).</summary>
        public void Prepare(float[] weight, int filters, int inChannels, Span<float> packed, Span<int> offsets)
        {
            int s = G.StrideHeight, packedAt = 0, offsetAt = 0;
            foreach (var phase in Phases)
            {
                var matrix = BufferPool.Rent(filters * phase.Depth);
                try
                {
                    var k = 0;
                    for (var c = 0; c < inChannels; c++)
                    {
                        for (var t = 0; t < phase.Y.Taps; t++)
                        {
                            for (var u = 0; u < phase.X.Taps; u++, k++)
                            {
                                offsets[offsetAt + k] = c * Plane + (phase.Y.First - t + PadY) * Width + phase.X.First - u + PadX;
                                for (var f = 0; f < filters; f++)
                                {
                                    matrix[f * phase.Depth + k] = weight[WeightIndex(G, filters, c, f, phase.Y.Kernel(t, s), phase.X.Kernel(u, s))];
                                }
                            }
                        }
                    }
                    ShiftedGemm.PackA(matrix, filters, phase.Depth, phase.Depth, packed[packedAt..]);
                }
                finally
                {
                    BufferPool.Return(matrix);
                }
                packedAt += ShiftedGemm.PackedALength(filters, phase.Depth);
                offsetAt += phase.Depth;
            }
        }
    }

    /// <summary>
    /// The gradient's phase planes (every phase with taps on both axes, each [filters, Height × Width] with
    /// Height = inH + most taps − 1, likewise Width) and the input's wide grid of row length Width.
    /// </summary>
    private sealed record BackwardLayout(ConvGeometry G, (TransposedPhase Y, TransposedPhase X)[] Phases, int Height, int Width, int WideLength)
    {
        public int PhasePlane => Height * Width;

        /// <summary>The inner dimension of the input gradient: every (phase, filter, tap of that phase).</summary>
        public int Depth(int filters) => filters * Phases.Sum(p => p.Y.Taps * p.X.Taps);

        public static BackwardLayout Of(in ConvGeometry g)
        {
            int s = g.StrideHeight;
            var py = TransposedPhase.Of(s, g.KernelHeight, g.PadTop, g.Height).Where(p => p.Taps > 0).ToArray();
            var px = TransposedPhase.Of(s, g.KernelWidth, g.PadLeft, g.Width).Where(p => p.Taps > 0).ToArray();
            int height = g.OutHeight + TransposedPhase.MaxTaps(py) - 1, width = g.OutWidth + TransposedPhase.MaxTaps(px) - 1;
            var phases = py.SelectMany(y => px.Select(x => (y, x))).ToArray();
            return new BackwardLayout(g, phases, height, width, (g.OutHeight - 1) * width + g.OutWidth);
        }

        /// <summary>Phase planes of all filters plus one tile of slack for the last wide reads.</summary>
        public int SourceLength(int filters) => Phases.Length * filters * PhasePlane + Gemm.NR;

        /// <summary>
        /// offsets[(φ, f, t, u)] = (φ·filters + f)·PhasePlane + t·Width + u over the taps each phase has; with
        /// <paramref name="transposed"/>, also A[c, (φ, f, t, u)] = W[c, f, κy(t), κx(u)] for the input gradient.
        /// </summary>
        public void Prepare(float[] weight, int filters, int inChannels, Span<int> offsets, float[]? transposed)
        {
            int s = G.StrideHeight, depth = Depth(filters);
            var k = 0;
            for (var p = 0; p < Phases.Length; p++)
            {
                var (y, x) = Phases[p];
                for (var f = 0; f < filters; f++)
                {
                    for (var t = 0; t < y.Taps; t++)
                    {
                        for (var u = 0; u < x.Taps; u++, k++)
                        {
                            offsets[k] = (p * filters + f) * PhasePlane + t * Width + u;
                            if (transposed is null) continue;
                            for (var c = 0; c < inChannels; c++) transposed[c * depth + k] = weight[WeightIndex(G, filters, c, f, y.Kernel(t, s), x.Kernel(u, s))];
                        }
                    }
                }
            }
        }

        /// <summary>phased[φ, f, A, B] = g[f, s·A + φy − pt, s·B + φx − pl] where that output exists (the rest stays zero).</summary>
        public unsafe void Gather(ReadOnlySpan<float> g, Span<float> phased, int filters, in ConvGeometry geometry)
        {
            int s = geometry.StrideHeight, outPlane = geometry.Height * geometry.Width;
            if (g.Length < filters * outPlane || phased.Length < Phases.Length * filters * PhasePlane) throw new ArgumentException("Buffers too short.");
            fixed (float* pg = g)
            fixed (float* pp = phased)
            {
                for (var p = 0; p < Phases.Length; p++)
                {
                    var (y, x) = Phases[p];
                    int rows = Math.Min(y.First + y.Count, Height), cols = Math.Min(x.First + x.Count, Width);
                    int x0 = x.Output(0, s, geometry.PadLeft) - s * x.First;
                    if (cols > x.First && (x0 + s * x.First < 0 || x0 + s * (cols - 1) >= geometry.Width)) throw new ArgumentException("Phase columns leave the output.");
                    for (var f = 0; f < filters; f++)
                    {
                        for (var a = y.First; a < rows; a++)
                        {
                            var oy = s * a + y.Phase - geometry.PadTop;
                            if ((uint)oy >= (uint)geometry.Height) throw new ArgumentException("Phase rows leave the output.");
                            float* row = pg + (long)f * outPlane + (long)oy * geometry.Width + x0, line = pp + (long)(p * filters + f) * PhasePlane + (long)a * Width;
                            for (var b = x.First; b < cols; b++) line[b] = row[s * b];
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Stride 2 with AVX2 and four phases, each row phase's two column phases (consecutive in <see cref="Phases"/>)
        /// holding the even and the odd output columns of a row from column 0 on, none cut by the planes: a gradient
        /// row is split into both phase rows at once (<see cref="GatherDeinterleaved"/>).
        /// </summary>
        public bool Deinterleaves
        {
            get
            {
                if (G.StrideHeight != 2 || Phases.Length != 4 || !Avx2.IsSupported) return false;
                for (var p = 0; p < 4; p += 2)
                {
                    if (Phases[p].Y != Phases[p + 1].Y || ColumnPair(p) is not { } pair) return false;
                    var (even, odd) = pair;
                    if (Math.Min(even.First + even.Count, Width) - even.First != (G.Width + 1) / 2 || Math.Min(odd.First + odd.Count, Width) - odd.First != G.Width / 2) return false;
                }
                return true;
            }
        }

        /// <summary>The column phases of Phases[p] and Phases[p + 1] as (even, odd) output columns, or null if they are not such a pair.</summary>
        private (TransposedPhase Even, TransposedPhase Odd)? ColumnPair(int p)
        {
            var (a, b) = (Phases[p].X, Phases[p + 1].X);
            if (a.Output(0, 2, G.PadLeft) == 0 && b.Output(0, 2, G.PadLeft) == 1) return (a, b);
            if (b.Output(0, 2, G.PadLeft) == 0 && a.Output(0, 2, G.PadLeft) == 1) return (b, a);
            return null;
        }

        /// <summary>
        /// <see cref="Gather"/> for <see cref="Deinterleaves"/> layouts: each gradient row of a row phase is read once and
        /// its even and odd columns split by shuffles into the two column phases' rows, eight of each per step.
        /// </summary>
        public unsafe void GatherDeinterleaved(ReadOnlySpan<float> g, Span<float> phased, int filters)
        {
            int outPlane = G.Height * G.Width, pairs = G.Width / 2;
            var single = G.Width % 2 == 1;
            if (g.Length < filters * outPlane || phased.Length < Phases.Length * filters * PhasePlane) throw new ArgumentException("Buffers too short.");
            fixed (float* pg = g)
            fixed (float* pp = phased)
            {
                for (var p = 0; p < 4; p += 2)
                {
                    var y = Phases[p].Y;
                    var (even, odd) = ColumnPair(p) ?? throw new InvalidOperationException("Not a deinterleaving layout.");
                    int evenPhase = Phases[p].X == even ? p : p + 1, oddPhase = evenPhase == p ? p + 1 : p;
                    var rows = Math.Min(y.First + y.Count, Height);
                    for (var f = 0; f < filters; f++)
                    {
                        for (var a = y.First; a < rows; a++)
                        {
                            var oy = 2 * a + y.Phase - G.PadTop;
                            if ((uint)oy >= (uint)G.Height) throw new ArgumentException("Phase rows leave the output.");
                            var row = pg + (long)f * outPlane + (long)oy * G.Width;
                            var e = pp + (long)(evenPhase * filters + f) * PhasePlane + (long)a * Width + even.First;
                            var o = pp + (long)(oddPhase * filters + f) * PhasePlane + (long)a * Width + odd.First;
                            EvenOddRows.Split(row, e, o, pairs);
                            if (single) e[pairs] = row[2 * pairs];
                        }
                    }
                }
            }
        }

        /// <summary>dW[c, f, κy(t), κx(u)] += partial[(φ, f, t, u), c].</summary>
        public void AddWeightGradient(float[] partial, int ldc, float[] dw, int filters, int inChannels, in ConvGeometry g)
        {
            var s = g.StrideHeight;
            var k = 0;
            for (var p = 0; p < Phases.Length; p++)
            {
                var (y, x) = Phases[p];
                for (var f = 0; f < filters; f++)
                {
                    for (var t = 0; t < y.Taps; t++)
                    {
                        for (var u = 0; u < x.Taps; u++, k++)
                        {
                            for (var c = 0; c < inChannels; c++) dw[WeightIndex(g, filters, c, f, y.Kernel(t, s), x.Kernel(u, s))] += partial[k * ldc + c];
                        }
                    }
                }
            }
        }    }
}
