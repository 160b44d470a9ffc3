using DenoiseApi.ModelStore;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Tests.Models;

/// <summary>The shipped architectures: shapes, parameter counts from their layer sizes, value ranges, seeding.</summary>
public class ModelArchitectureTests
{
    [Fact]
    public void DenseAutoencoderMapsImagesToImagesInTheUnitRange()
    {
        var model = new DenseAutoencoder(64, seed: 3);
        var y = model.Forward(ModelTestData.Batch(5, 1));
        Assert.Equal(new[] { 5, 1, 28, 28 }, y.Shape);
        Assert.All(y.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(784 * 64 + 64 + 64 * 784 + 784, model.ParameterCount);
        Assert.Equal(ModelKind.Denoiser, model.Kind);
        Assert.Equal("denoised", model.OutputName);
    }

    [Fact]
    public void EncoderSharesTheAutoencodersWeightsAndGivesTheLatent()
    {
        var model = new DenseAutoencoder(64, seed: 3);
        var encoder = model.Encoder;
        Assert.Equal(784 * 64 + 64, encoder.ParameterCount);
        Assert.Same(model.Parameters().First(), encoder.Parameters().First());
        var latent = encoder.Forward(ModelTestData.Batch(4, 2));
        Assert.Equal(new[] { 4, 64 }, latent.Shape);
        Assert.All(latent.Data, v => Assert.True(v >= 0f)); // ReLU
        Assert.Equal(new long[] { -1, 64 }, encoder.OutputShape);
        Assert.Equal(ModelKind.Encoder, encoder.Kind);
    }

    [Fact]
    public void MlpClassifierGivesProbabilityRowsOverTenDigits()
    {
        var model = new MlpClassifier(256, seed: 3);
        var p = model.Forward(ModelTestData.Batch(6, 3));
        Assert.Equal(new[] { 6, 10 }, p.Shape);
        for (var r = 0; r < 6; r++) Assert.Equal(1f, p.Data.AsSpan(r * 10, 10).ToArray().Sum(), 5);
        Assert.Equal(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10, model.ParameterCount);
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndAnotherSeedDifferent()
    {
        var a = new MlpClassifier(32, seed: 9).SnapshotWeights();
        var b = new MlpClassifier(32, seed: 9).SnapshotWeights();
        var c = new MlpClassifier(32, seed: 10).SnapshotWeights();
        Assert.Equal(a.SelectMany(x => x), b.SelectMany(x => x));
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
    }

    [Fact]
    public void InitialWeightsFollowPyTorchsUniformBound()
    {
        var model = new DenseAutoencoder(64, seed: 4);
        var first = model.Parameters().First();
        var bound = 1 / MathF.Sqrt(784);
        Assert.All(first.Data, v => Assert.InRange(v, -bound, bound));
        Assert.True(first.Data.Max() > bound * 0.9f && first.Data.Min() < -bound * 0.9f);
    }

    [Fact]
    public void LossesTrainThroughTheModelsParameters()
    {
        var model = new DenseAutoencoder(16, seed: 5);
        var clean = ModelTestData.Batch(3, 4);
        var loss = model.Loss(ModelTestData.Batch(3, 5), clean);
        loss.Backward();
        Assert.All(model.Parameters(), p => Assert.Contains(p.Grad!, g => g != 0f));

        var classifier = new MlpClassifier(16, seed: 5);
        classifier.Loss(ModelTestData.Batch(3, 6), [1, 2, 3]).Backward();
        Assert.All(classifier.Parameters(), p => Assert.Contains(p.Grad!, g => g != 0f));
    }

    [Fact]
    public void InferWritesTheSameValuesAsForward()
    {
        var model = new MlpClassifier(32, seed: 6);
        var pixels = ModelTestData.Pixels(3, 7);
        var output = new float[30];
        model.Infer(pixels, 3, output);
        using var _ = GradMode.Disable();
        Assert.Equal(model.Forward(new Tensor(pixels, 3, 1, 28, 28)).Data, output);
    }
}
