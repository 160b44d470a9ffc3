using DenoiseApi.Training.Training;
using DenoiseApi.Noise;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;

namespace DenoiseApi.Training.Tests.Repository;

/// <summary>
/// The exported ONNX file carries the whole model: its initializers, read back by name into a freshly (differently)
/// initialised engine model, give exactly the same forward pass, for every architecture the trainer builds.
/// </summary>
public sealed class OnnxWeightLoadingTests
{
    public static TheoryData<string> CatalogNames => new(ModelCatalog.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void ExportedWeightsLoadedIntoAFreshModelGiveTheIdenticalForwardPass(string name)
    {
        var entry = ModelCatalog.Find(name);
        var original = entry.Create(3);
        var fresh = entry.Create(11);
        var images = RandomImages(4, seed: 5);
        var expected = original.AsInference()(images, 4);
        Assert.NotEqual(expected, fresh.AsInference()(images, 4)); // different seeds start apart

        var (bytes, _, _) = ModelPublisher.ToOnnx(original, name);
        OnnxWeights.Load(fresh, OnnxInitializer.ReadFloat(bytes));

        // The weights are copied bit for bit (InitializersKeepTheParameterNamesShapesAndValues); libtorch's threaded
        // float32 GEMM may still round a sum differently between two calls (1 ulp seen on dense-dae-10, 1 run in 3).
        var actual = fresh.AsInference()(images, 4);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6f);
    }

    [Fact]
    public void InitializersKeepTheParameterNamesShapesAndValues()
    {
        var model = new DenseAutoencoder(10);
        var (bytes, _, _) = ModelPublisher.ToOnnx(model, "t");

        var initializers = OnnxInitializer.ReadFloat(bytes);

        Assert.Equal(model.named_parameters().Select(p => p.name).Order(), initializers.Keys.Order());
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.Equal(p.shape, initializers[name].Dims);
            Assert.Equal(p.detach().data<float>().ToArray(), initializers[name].Values);
        }
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreRejectedWithTheReason()
    {
        var (bytes, _, _) = ModelPublisher.ToOnnx(new DenseAutoencoder(10), "t");
        var initializers = OnnxInitializer.ReadFloat(bytes);

        var shapes = Assert.Throws<InvalidDataException>(() => OnnxWeights.Load(new DenseAutoencoder(64), initializers));
        Assert.Contains("encoder.0.weight", shapes.Message);
        Assert.Contains("[10, 784]", shapes.Message);
        Assert.NotNull(OnnxWeights.Mismatch(new ConvSmallDenoiser(), initializers));
    }

    [Fact]
    public void TruncatedFileIsReportedAsInvalidData()
    {
        var (bytes, _, _) = ModelPublisher.ToOnnx(new DenseAutoencoder(10), "t");
        Assert.Throws<InvalidDataException>(() => OnnxInitializer.ReadFloat(bytes.AsSpan(0, bytes.Length / 2)));
    }

    private static float[] RandomImages(int count, int seed)
    {
        var rng = Xoshiro256.ForStream(seed, 1);
        var images = new float[count * 784];
        for (var i = 0; i < images.Length; i++) images[i] = rng.NextFloat();
        return images;
    }
}
