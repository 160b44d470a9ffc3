using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>
/// The activation a convolution can apply to its own output while it is still in cache: none, ReLU (slope 0) or
/// LeakyReLU (slope s): <c>y = max(z, 0) + s·min(z, 0)</c>. Its gradient is read back from the output's sign
/// (<c>y &gt; 0</c> exactly when <c>z &gt; 0</c> for a slope ≥ 0), so the pre-activation is never stored.
/// </summary>
internal static class ConvActivation
{
    public static void Apply(Span<float> values, float? slope)
    {
        if (slope is not float s) return;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= values.Length - 8; i += 8)
            {
                var v = Vector256.Create(values.Slice(i, 8));
                (Vector256.Max(v, Vector256<float>.Zero) + vs * Vector256.Min(v, Vector256<float>.Zero)).CopyTo(values.Slice(i));
            }
        }
        for (; i < values.Length; i++) values[i] = values[i] > 0f ? values[i] : s * values[i];
    }

    /// <summary>gradIn = gradOut ⊙ (output &gt; 0 ? 1 : slope), or a plain copy without an activation.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOut, Span<float> gradIn, float? slope)
    {
        if (slope is not float s)
        {
            gradOut.CopyTo(gradIn);
            return;
        }
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            var one = Vector256<float>.One;
            for (; i <= output.Length - 8; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(output.Slice(i, 8)), Vector256<float>.Zero);
                (Vector256.Create(gradOut.Slice(i, 8)) * Vector256.ConditionalSelect(positive, one, vs)).CopyTo(gradIn.Slice(i));
            }
        }
        for (; i < output.Length; i++) gradIn[i] = output[i] > 0f ? gradOut[i] : s * gradOut[i];
    }

    public static void Validate(string op, float? slope)
    {
        if (slope is float s && (!float.IsFinite(s) || s < 0f || s >= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), s, $"{op}: the activation slope must be in [0, 1) (0 = ReLU).");
        }
    }
}
