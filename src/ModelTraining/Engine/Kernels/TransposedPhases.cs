namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The sub-pixel (phase) split of one axis of a transposed convolution with stride s, kernel k and padding p: output
/// index o receives the taps <c>κ ≡ (o + p) mod s</c> only, so the outputs fall into s phases φ, each a stride-1
/// correlation over the input. Phase φ covers outputs <c>o = s·(First + a) + φ − p</c> for a &lt; <see cref="Count"/>,
/// uses the taps <c>κ = φ + s·t</c> for t &lt; <see cref="Taps"/>, and output a reads input <c>First + a − t</c>.
/// Seen from the gradient side the same phase picks every s-th output: <c>g_φ[A] = g[s·A + φ − p]</c>, and input i
/// meets tap t at <c>A = i + t</c>.
/// </summary>
internal readonly record struct TransposedPhase(int Phase, int Taps, int First, int Count)
{
    /// <summary>The kernel index of tap t.</summary>
    public int Kernel(int t, int stride) => Phase + stride * t;

    /// <summary>The output index of phase element a.</summary>
    public int Output(int a, int stride, int padding) => stride * (First + a) + Phase - padding;

    /// <summary>The phases of an axis (input size n, output size m), empty ones included (Count ≤ 0 or no taps).</summary>
    public static TransposedPhase[] Of(int stride, int kernel, int padding, int outputSize)
    {
        var phases = new TransposedPhase[stride];
        for (var phase = 0; phase < stride; phase++)
        {
            var taps = phase < kernel ? (kernel - phase + stride - 1) / stride : 0;
            var first = CeilDiv(padding - phase, stride);
            var last = FloorDiv(outputSize - 1 + padding - phase, stride);
            phases[phase] = new TransposedPhase(phase, taps, first, Math.Max(0, last - first + 1));
        }
        return phases;
    }

    /// <summary>Zero rows needed before the input so every phase's first read (First − Taps + 1) is inside the padding.</summary>
    public static int LeadingPad(TransposedPhase[] phases) => phases.Max(p => p.Taps == 0 ? 0 : Math.Max(0, p.Taps - 1 - p.First));

    /// <summary>Rows the padded input needs from its first input row on: the input, or the last row any phase reads.</summary>
    public static int Extent(TransposedPhase[] phases, int inputSize) => Math.Max(inputSize, phases.Max(p => p.First + p.Count));

    /// <summary>The most taps of any phase.</summary>
    public static int MaxTaps(TransposedPhase[] phases) => phases.Max(p => p.Taps);

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    private static int CeilDiv(int a, int b) => (int)Math.Ceiling(a / (double)b);
}
