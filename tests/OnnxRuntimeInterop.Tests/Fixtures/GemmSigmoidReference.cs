namespace DenoiseApi.OnnxRuntime.Tests.Fixtures;

/// <summary>
/// Independent C# computation of the gemm_sigmoid fixture from the weights the generator saved beside it
/// (gemm_sigmoid.weights.bin: int32 features, int32 units, W [features, units] row-major, b [units]).
/// </summary>
internal sealed class GemmSigmoidReference
{
    private readonly float[] _weights;
    private readonly float[] _bias;

    private GemmSigmoidReference(int features, int units, float[] weights, float[] bias)
    {
        Features = features;
        Units = units;
        _weights = weights;
        _bias = bias;
    }

    public int Features { get; }

    public int Units { get; }

    public static GemmSigmoidReference Load()
    {
        using var reader = new BinaryReader(File.OpenRead(FixtureModels.PathOf("gemm_sigmoid.weights.bin")));
        var features = reader.ReadInt32();
        var units = reader.ReadInt32();
        var weights = new float[features * units];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadSingle();
        }

        var bias = new float[units];
        for (var i = 0; i < bias.Length; i++)
        {
            bias[i] = reader.ReadSingle();
        }

        return new GemmSigmoidReference(features, units, weights, bias);
    }

    public float[] Compute(ReadOnlySpan<float> input, int batch)
    {
        var output = new float[batch * Units];
        for (var n = 0; n < batch; n++)
        {
            for (var u = 0; u < Units; u++)
            {
                double sum = _bias[u];
                for (var f = 0; f < Features; f++)
                {
                    sum += (double)input[(n * Features) + f] * _weights[(f * Units) + u];
                }

                output[(n * Units) + u] = (float)(1.0 / (1.0 + Math.Exp(-sum)));
            }
        }

        return output;
    }

    /// <summary>Deterministic pseudo-random inputs in [-2, 2).</summary>
    public float[] MakeInput(int batch, int seed)
    {
        var random = new Random(seed);
        var input = new float[batch * Features];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 4.0) - 2.0);
        }

        return input;
    }
}
