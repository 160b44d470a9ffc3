using System.Runtime.Intrinsics;

namespace DenoiseApi.Training.Engine.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba) with bias correction, as PyTorch and Keras implement it:
/// <c>m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= lr·m̂ / (√v̂ + ε)</c>, with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
/// Optional decoupled weight decay (AdamW): <c>w −= lr·λ·w</c>.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] firstMoment;
    private readonly float[][] secondMoment;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        if (!float.IsFinite(beta1) || beta1 < 0f || beta1 >= 1f) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!float.IsFinite(beta2) || beta2 < 0f || beta2 >= 1f) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!float.IsFinite(epsilon) || epsilon <= 0f) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and positive.");
        if (!float.IsFinite(weightDecay) || weightDecay < 0f) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be finite and non-negative.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        firstMoment = Parameters.Select(p => new float[p.Size]).ToArray();
        secondMoment = Parameters.Select(p => new float[p.Size]).ToArray();
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public float WeightDecay { get; }

    protected override void Update(int index, Span<float> weights, ReadOnlySpan<float> gradient)
    {
        var m = firstMoment[index].AsSpan();
        var v = secondMoment[index].AsSpan();
        var t = (double)StepCount;
        var correction1 = (float)(1 - Math.Pow(Beta1, t));
        var correction2 = (float)(1 - Math.Pow(Beta2, t));
        var stepSize = LearningRate / correction1;
        var sqrtCorrection2 = MathF.Sqrt(correction2);
        var decay = 1f - LearningRate * WeightDecay;
        float b1 = Beta1, b2 = Beta2, c1 = 1f - Beta1, c2 = 1f - Beta2, eps = Epsilon;

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(b1);
            var vb2 = Vector256.Create(b2);
            var vc1 = Vector256.Create(c1);
            var vc2 = Vector256.Create(c2);
            var vEps = Vector256.Create(eps);
            var vStep = Vector256.Create(stepSize);
            var vSqrtC2 = Vector256.Create(sqrtCorrection2);
            var vDecay = Vector256.Create(decay);
            for (; i <= weights.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var g = Vector256.Create(gradient.Slice(i, Vector256<float>.Count));
                var mi = vb1 * Vector256.Create(m.Slice(i, Vector256<float>.Count)) + vc1 * g;
                var vi = vb2 * Vector256.Create(v.Slice(i, Vector256<float>.Count)) + vc2 * g * g;
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                var w = Vector256.Create(weights.Slice(i, Vector256<float>.Count)) * vDecay;
                w -= vStep * mi / (Vector256.Sqrt(vi) / vSqrtC2 + vEps);
                w.CopyTo(weights.Slice(i));
            }
        }
        for (; i < weights.Length; i++)
        {
            var g = gradient[i];
            m[i] = b1 * m[i] + c1 * g;
            v[i] = b2 * v[i] + c2 * g * g;
            weights[i] = weights[i] * decay - stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtCorrection2 + eps);
        }
    }
}
