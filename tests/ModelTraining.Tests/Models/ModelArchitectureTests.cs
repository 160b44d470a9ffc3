using DenoiseApi.ModelStore;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Models;

/// <summary>Every catalog model as a TorchSharp module: its output shape and range, its size, its encoder half, seeded initialisation.</summary>
public sealed class ModelArchitectureTests
{
    public static TheoryData<string> Names => [.. ModelCatalog.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void ModelMapsImageBatchesToItsServedOutput(string name)
    {
        var recipe = ModelCatalog.Find(name);
        using var model = recipe.Create(1);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var images = rand(5, 1, 28, 28);
        var output = model.forward(images);
        Assert.Equal([5, .. model.OutputShape.Skip(1)], output.shape);
        var values = output.data<float>().ToArray();
        Assert.All(values, v => Assert.InRange(v, 0f, 1f));
        if (model.Kind == ModelKind.Classifier)
        {
            var sums = output.sum(1).data<float>().ToArray();
            Assert.All(sums, s => Assert.Equal(1f, s, 4));
        }
        if (model is IAutoencoder autoencoder)
        {
            var encoder = new EncoderModel((DenoiserModel)model);
            var latent = encoder.forward(images);
            Assert.Equal(new long[] { 5, autoencoder.LatentSize }, latent.shape);
            Assert.True(encoder.ParameterCount < model.ParameterCount);
        }
    }

    [Fact]
    public void ParameterCountsAreTheArchitecturesOwn()
    {
        Assert.Equal(784 * 64 + 64 + 64 * 784 + 784, ModelCatalog.Find("dense-dae-64").Create(1).ParameterCount);
        Assert.Equal(3_217, ModelCatalog.Find(ZooCatalog.ConvDaeSmall).Create(1).ParameterCount);
        Assert.Equal(37_601, ModelCatalog.Find(ZooCatalog.ConvDae).Create(1).ParameterCount);
        Assert.Equal(56_097, ModelCatalog.Find(ZooCatalog.ConvDaeSkip).Create(1).ParameterCount);
        Assert.Equal(458_570, ModelCatalog.Find(ZooCatalog.ConvClassifierName).Create(1).ParameterCount);
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndAnotherSeedDifferent()
    {
        var recipe = ModelCatalog.Find(ZooCatalog.ConvDae);
        float[] Weights(int seed) => [.. recipe.Create(seed).parameters().SelectMany(p => p.detach().data<float>().ToArray())];
        Assert.Equal(Weights(3), Weights(3));
        Assert.NotEqual(Weights(3), Weights(4));
    }
}
