namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary><c>x</c> for x &gt; 0, else <c>slope·x</c>. Gradient 1 or slope.</summary>
    public static Tensor LeakyRelu(Tensor x, float slope = 0.01f)
    {
        if (!float.IsFinite(slope)) throw new ArgumentOutOfRangeException(nameof(slope), slope, "LeakyRelu slope must be finite.");
        var y = Tensor.ForOp(x.Shape, x);
        var xd = x.Data;
        var yd = y.Data;
        for (var i = 0; i < xd.Length; i++) yd[i] = xd[i] > 0f ? xd[i] : slope * xd[i];
        y.SetBackward(output =>
        {
            var dy = output.Grad!;
            var dx = x.AccumulateGrad();
            for (var i = 0; i < dx.Length; i++) dx[i] += xd[i] > 0f ? dy[i] : slope * dy[i];
        });
        return y;
    }
}
