using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Optimizers;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using DenoiseApi.Training.Tests.Export;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Conv;

public sealed class ZooModelTests
{
    private const int Conv32 = 32 * 32 * 9 + 32;

    public static TheoryData<string> ZooNames => new(ZooCatalog.All.Select(e => e.Name));

    [Fact]
    public void SmallConvDenoiserHasTheIssuesParameterCount()
    {
        Assert.Equal(3_217, new ConvSmallDenoiser(1).ParameterCount);
    }

    [Fact]
    public void PaperConvDaeHasTheLayersOfItsDescription()
    {
        var model = new ConvDenoisingAutoencoder(32, 1);

        // conv 1→32, conv 32→32 (encoder); conv 32→32, two ConvTranspose 32→32 (decoder); conv 32→1.
        Assert.Equal((32 * 9 + 32) + Conv32 + 3 * Conv32 + (32 * 9 + 1), model.ParameterCount);
        Assert.Equal([32, 7, 7], model.LatentShape);
        Assert.Equal(32 * 7 * 7, model.Encoder.LatentSize);
    }

    [Fact]
    public void SkipConvDaeAddsTwoDecoderConvsToThePaperModelAndKeepsItsLatent()
    {
        var model = new ConvSkipDenoiser(32, 1);

        // The paper's layers plus a conv 32→32 at 14x14 and one at 28x28 in the decoder; the skips have no weights.
        Assert.Equal(new ConvDenoisingAutoencoder(32, 1).ParameterCount + (2 * Conv32), model.ParameterCount);
        Assert.Equal([32, 7, 7], model.LatentShape);
        Assert.Equal(32 * 7 * 7, model.Encoder.LatentSize);
    }

    [Fact]
    public void SkipConvDaeExportsTheSkipsAsAddNodesOfEncoderFeatures()
    {
        var description = OnnxTools.Describe(ModelExport.ToOnnx(new ConvSkipDenoiser(4, 1), "skip-test").Bytes);
        var nodes = description.GetProperty("nodes").EnumerateArray().ToArray();
        var adds = nodes.Where(n => n.GetProperty("op_type").GetString() == "Add").ToArray();

        Assert.Equal(2, adds.Length);
        // Each Add takes one input from the encoder: an output of a LeakyRelu that feeds a MaxPool.
        var pooled = nodes.Where(n => n.GetProperty("op_type").GetString() == "MaxPool")
            .Select(n => n.GetProperty("inputs")[0].GetString()).ToHashSet();
        Assert.All(adds, add => Assert.Contains(add.GetProperty("inputs").EnumerateArray(), i => pooled.Contains(i.GetString())));
    }

    [Fact]
    public void ConvDaeMapsDigitsToDigitsAndLatentsOfTheDeclaredShape()
    {
        var model = new ConvDenoisingAutoencoder(32, 1);
        var images = new Tensor(Digits(5), 5, 1, 28, 28);

        using var _ = GradMode.Disable();
        var denoised = model.Forward(images);
        var latent = model.Encoder.Forward(images);

        Assert.Equal([5, 1, 28, 28], denoised.Shape);
        Assert.All(denoised.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal([5, 32 * 7 * 7], latent.Shape);
    }

    [Fact]
    public void TrainingFlopsOfTheConvDaeFollowFromItsLayers()
    {
        long conv1 = 2L * 32 * 9 * 784, conv2 = 2L * 32 * 288 * 196, conv3 = 2L * 32 * 288 * 49;
        long up1 = 2L * 32 * 288 * 49, up2 = 2L * 32 * 288 * 196, output = 2L * 288 * 784;
        var forward = conv1 + conv2 + conv3 + up1 + up2 + output;

        // forward + weight gradients + input gradients of every layer but the first
        Assert.Equal(3 * forward - conv1, TrainingFlops.PerImage(new ConvDenoisingAutoencoder(32, 1)));
    }

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void ExportedModelRunsInOnnxRuntimeLikeTheEngine(string name)
    {
        var model = ZooCatalog.Find(name).Create(7);
        AssertOnnxMatches(model);
        var encoder = model switch
        {
            ConvDenoiser conv => conv.Encoder,
            DeepDenseAutoencoder deep => deep.Encoder,
            DenseAutoencoder dense => dense.Encoder,
            _ => null,
        };
        if (encoder is not null) AssertOnnxMatches(encoder);
    }

    [Fact]
    public void AFewAdamStepsOnRealDigitsLowerTheDenoisingLoss()
    {
        var digits = MnistDataset.LoadTest(null).Take(64);
        var model = new ConvDenoisingAutoencoder(8, 3);
        var optimizer = new Adam(model.Parameters(), 3e-3f);
        var clean = new Tensor(digits.Images, 64, 1, 28, 28);
        var rng = new Random(5);
        var noisy = new Tensor(digits.Images.Select(v => Math.Clamp(v + (float)(rng.NextDouble() - 0.5), 0f, 1f)).ToArray(), 64, 1, 28, 28);

        float first = 0, last = 0;
        for (var step = 0; step < 40; step++)
        {
            model.ZeroGrad();
            var loss = model.Loss(noisy, clean);
            last = loss.Item();
            if (step == 0) first = last;
            loss.Backward();
            optimizer.Step();
            loss.ReleaseGraph();
        }

        Assert.True(last < 0.7f * first, $"BCE went from {first} to {last}.");
    }

    [Fact]
    public void CheckpointRestoresTheSameFunction()
    {
        var trained = new ConvSmallDenoiser(1);
        var fresh = new ConvSmallDenoiser(2);
        var path = Path.Combine(Path.GetTempPath(), $"zoo-{Guid.NewGuid():N}.weights");
        var images = new Tensor(Digits(2), 2, 1, 28, 28);
        try
        {
            ModelCheckpoint.Save(trained, path);
            ModelCheckpoint.Load(fresh, path);
        }
        finally
        {
            File.Delete(path);
        }

        using var _ = GradMode.Disable();
        Assert.Equal(trained.Forward(images).Data, fresh.Forward(images).Data);
    }

    [Fact]
    public void CheckpointOfAnotherArchitectureIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"zoo-{Guid.NewGuid():N}.weights");
        try
        {
            ModelCheckpoint.Save(new ConvSmallDenoiser(1), path);
            Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(new ConvDenoisingAutoencoder(32, 1), path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertOnnxMatches(ImageModel model)
    {
        const int batch = 3;
        var images = Digits(batch);
        Tensor expected;
        using (GradMode.Disable()) expected = model.Forward(new Tensor(images, batch, 1, 28, 28));

        var (bytes, inputs, outputs) = ModelExport.ToOnnx(model, "zoo-test");
        var output = Assert.Single(outputs);
        Assert.Equal(ImageModel.InputName, Assert.Single(inputs).Name);
        Assert.Equal(model.OutputName, output.Name);
        var result = Assert.Single(OrtSessions.Run(bytes, ImageModel.InputName, images, [batch, 1, 28, 28], model.OutputName));

        Assert.Equal(expected.Shape.Select(d => (long)d), result.Shape);
        ConvReference.AssertClose(expected.Data, result.Data, 1e-5f);
    }

    private static float[] Digits(int count) => MnistDataset.LoadTest(null).Take(count).Images.ToArray();
}
