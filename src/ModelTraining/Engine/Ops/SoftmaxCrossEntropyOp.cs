using System.Numerics.Tensors;

namespace DenoiseApi.Training.Engine;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of softmax(logits) against integer class labels, fused and computed from the logits with
    /// log-sum-exp (stable for any logit size). logits [N,C], labels N values in [0,C). Gradient:
    /// <c>(softmax − onehot) / N</c>. The labels array is read again by the backward pass: keep it unchanged until then.
    /// </summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, int[] labels)
    {
        RequireRank(nameof(SoftmaxCrossEntropy), logits, 2);
        int rows = logits.Shape[0], classes = logits.Shape[1];
        if (labels.Length != rows) throw new ArgumentException($"{nameof(SoftmaxCrossEntropy)}: {labels.Length} labels for {rows} rows.", nameof(labels));
        foreach (var label in labels)
        {
            if ((uint)label >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(labels), label, $"{nameof(SoftmaxCrossEntropy)}: label outside [0,{classes}).");
        }

        var z = logits.Data;
        double total = 0;
        for (var r = 0; r < rows; r++)
        {
            var row = z.AsSpan(r * classes, classes);
            total += LogSumExp(row) - row[labels[r]];
        }
        var loss = Tensor.ForOp([], logits);
        loss.Data[0] = rows == 0 ? 0f : (float)(total / rows);

        loss.SetBackward(output =>
        {
            var scale = output.Grad![0] / rows;
            var dz = logits.AccumulateGrad();
            for (var r = 0; r < rows; r++)
            {
                var row = z.AsSpan(r * classes, classes);
                var lse = LogSumExp(row);
                for (var c = 0; c < classes; c++)
                {
                    var p = MathF.Exp(row[c] - lse);
                    dz[r * classes + c] += scale * (p - (c == labels[r] ? 1f : 0f));
                }
            }
        });
        return loss;
    }

    private static float LogSumExp(ReadOnlySpan<float> row)
    {
        var max = TensorPrimitives.Max(row);
        double sum = 0;
        foreach (var v in row) sum += Math.Exp(v - max);
        return max + (float)Math.Log(sum);
    }
}
