using DenoiseApi.Noise;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>What the convolution layers share: seeded weight initialisation and the export of a fused activation.</summary>
internal static class ConvInit
{
    /// <summary><paramref name="count"/> values uniform in ±<paramref name="bound"/>.</summary>
    public static float[] Uniform(int count, float bound, ref Xoshiro256 rng)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++) values[i] = (2f * rng.NextFloat() - 1f) * bound;
        return values;
    }

    /// <summary>Appends Relu (slope 0) or LeakyRelu (slope s) after <paramref name="value"/>; nothing for null.</summary>
    public static string ExportActivation(OnnxGraphBuilder graph, string value, float? slope) => slope switch
    {
        null => value,
        0f => graph.AddNode("Relu", [value]),
        float s => graph.AddNode("LeakyRelu", [value], null, OnnxAttribute.Float("alpha", s)),
    };
}
