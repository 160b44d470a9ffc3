using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// A run's checkpoint (weights.pt) restores every catalog model exactly, the conv models' channels-last weights
/// included, and is TorchSharp's own format: <c>Module.load</c> reads it.
/// </summary>
public sealed class RunCheckpointTests
{
    public static TheoryData<string> CatalogNames => new(ModelCatalog.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void SavedWeightsLoadIntoAFreshModel(string name)
    {
        using var dir = new TempDirectory();
        var recipe = ModelCatalog.Find(name);
        using var trained = recipe.Create(3);
        using var fresh = recipe.Create(11);
        Assert.NotEqual(Weights(trained), Weights(fresh));

        RunCheckpoint.Save(trained, dir.Path);
        RunCheckpoint.Load(fresh, dir.Path);

        Assert.Equal(Weights(trained), Weights(fresh));
    }

    [Fact]
    public void TorchSharpsModuleLoadReadsTheFile()
    {
        using var dir = new TempDirectory();
        using var trained = new DenseAutoencoder(10);
        using var fresh = new DenseAutoencoder(10);
        RunCheckpoint.Save(trained, dir.Path);

        fresh.load(Path.Combine(dir.Path, RunCheckpoint.WeightsFile));

        Assert.Equal(Weights(trained), Weights(fresh));
    }

    [Fact]
    public void AFileOfAnotherModelIsRefusedWithItsReason()
    {
        using var dir = new TempDirectory();
        using var dense = new DenseAutoencoder(10);
        using var conv = ModelCatalog.Find(ZooCatalog.ConvDaeSmall).Create(1);
        RunCheckpoint.Save(dense, dir.Path);

        var error = Assert.Throws<InvalidDataException>(() => RunCheckpoint.Load(conv, dir.Path));

        Assert.Contains(nameof(DenoiseApi.Training.Models.Conv.ConvSmallDenoiser), error.Message, StringComparison.Ordinal);
    }

    private static float[] Weights(ImageModel model) =>
        [.. model.state_dict().OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.detach().contiguous().data<float>().ToArray())];
}
