using DenoiseApi.Training.Engine;

namespace DenoiseApi.Training.Tests.Conv;

/// <summary>
/// Central finite differences of <c>L = mean((f(inputs) − target)²)</c>, the loss evaluated in double from the op's
/// float output, compared with the gradients the engine's backward pass accumulates into every input.
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// Checks every value of every tensor in <paramref name="inputs"/> (each must require a gradient). An entry
    /// passes when |analytic − numeric| ≤ <paramref name="absolute"/> + <paramref name="relative"/>·|numeric|.
    /// With <paramref name="maxKinkFraction"/> &gt; 0 (piecewise-linear ops such as ReLU), an entry whose central
    /// differences with the step and with half the step disagree beyond the tolerance has a kink within the step
    /// (away from kinks the loss is quadratic and both are exact); it is skipped, and at most that fraction of the
    /// entries may be skipped. Otherwise the analytic value may match either estimate: a kink just inside the step
    /// (closer to the step than to half of it) moves the wider estimate a little without tripping the detection.
    /// </summary>
    public static void Check(Func<Tensor> forward, float[] target, Tensor[] inputs, float step, double absolute, double relative, double maxKinkFraction = 0)
    {
        var output = forward();
        Assert.Equal(target.Length, output.Size);
        var loss = Ops.MeanSquaredError(output, new Tensor(target, output.Shape));
        foreach (var input in inputs) input.ZeroGrad();
        loss.Backward();
        var analytic = inputs.Select(t => (float[])t.Grad!.Clone()).ToArray();
        loss.ReleaseGraph();

        using var noGrad = GradMode.Disable();
        int kinks = 0, entries = 0;
        for (var t = 0; t < inputs.Length; t++)
        {
            var data = inputs[t].Data;
            for (var i = 0; i < data.Length; i++)
            {
                var saved = data[i];
                data[i] = saved + step;
                var plus = Loss(forward(), target);
                data[i] = saved - step;
                var minus = Loss(forward(), target);
                data[i] = saved;
                var numeric = (plus - minus) / (2.0 * step);
                entries++;
                var half = numeric;
                if (maxKinkFraction > 0)
                {
                    data[i] = saved + step / 2;
                    var halfPlus = Loss(forward(), target);
                    data[i] = saved - step / 2;
                    var halfMinus = Loss(forward(), target);
                    data[i] = saved;
                    half = (halfPlus - halfMinus) / step;
                    if (Math.Abs(half - numeric) > absolute + relative * Math.Abs(numeric))
                    {
                        kinks++;
                        continue;
                    }
                }
                // A kink between half the step and the step moves the wider estimate only; the narrower one is exact.
                var error = Math.Min(Math.Abs(analytic[t][i] - numeric), Math.Abs(analytic[t][i] - half));
                Assert.True(
                    error <= absolute + relative * Math.Abs(numeric),
                    $"{inputs[t].Name ?? "input " + t}[{i}]: analytic {analytic[t][i]:G6}, numeric {numeric:G6}, error {error:G3}.");
            }
        }
        Assert.True(kinks <= maxKinkFraction * entries, $"{kinks} of {entries} entries sit on a kink; at most {maxKinkFraction:P0} may.");
    }

    private static double Loss(Tensor output, float[] target)
    {
        double total = 0;
        for (var i = 0; i < target.Length; i++)
        {
            double d = output.Data[i] - target[i];
            total += d * d;
        }
        return total / target.Length;
    }
}
