using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Export;
using DenoiseApi.Training.Models;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>
/// Every model kind of the catalog, and the encoder of every autoencoder, written by <see cref="OnnxModelFile"/> from its
/// one forward declaration: the file passes onnx.checker and ONNX Runtime returns the TorchSharp module's forward within
/// 1e-5 at a batch size used nowhere else (the batch is dynamic); its weights are named as the module names them.
/// </summary>
public sealed class ZooModelOnnxTests
{
    public static TheoryData<string> Names => [.. Models().Select(m => m.Name)];

    private static IEnumerable<(string Name, Func<ImageModel> Create)> Models()
    {
        foreach (var recipe in ModelCatalog.All)
        {
            yield return (recipe.Name, () => recipe.Create(3));
            if (recipe.EncoderName is { } encoder)
            {
                yield return (encoder, () => new EncoderModel((DenoiserModel)recipe.Create(3)));
            }
        }
    }

    private static (ImageModel Model, OnnxModelFile File) Export(string name)
    {
        var model = Models().Single(m => m.Name == name).Create();
        model.eval();
        return (model, OnnxModelFile.Write(model.Forward, model.OutputName, model.OutputShape, name, null, model.ParameterOwner));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OnnxRuntimeGivesTheModulesForward(string name)
    {
        var (model, file) = Export(name);
        const int batch = 7;
        manual_seed(11);
        using var images = rand(batch, 1, 28, 28);
        using var expected = Forward(model, images);

        var actual = OnnxTools.Run(file.Bytes, "image", images.data<float>().ToArray(), [batch, 1, 28, 28], model.OutputName, expected.shape);

        LayerOnnx.AssertClose(expected.data<float>().ToArray(), actual, OnnxGraphLayerTests.Tolerance);
        Assert.Equal([-1L, 1, 28, 28], Assert.Single(file.Inputs).Shape);
        Assert.Equal(model.OutputShape, Assert.Single(file.Outputs).Shape);
    }

    [Fact]
    public void EveryModelFilePassesTheOnnxChecker() =>
        OnnxTools.Check([.. Models().Select(m => Export(m.Name).File.Bytes)]);

    [Theory]
    [MemberData(nameof(Names))]
    public void WeightsAreNamedAsTheModuleNamesThem(string name)
    {
        var (model, file) = Export(name);
        var owned = model.ParameterOwner.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        var initializers = OnnxInitializer.ReadFloat(file.Bytes);

        Assert.NotEmpty(initializers);
        foreach (var (initializerName, initializer) in initializers)
        {
            Assert.True(owned.TryGetValue(initializerName, out var parameter), $"'{initializerName}' is no parameter of the module");
            Assert.Equal(parameter.detach().contiguous().data<float>().ToArray(), initializer.Values);
        }
    }

    private static Tensor Forward(ImageModel model, Tensor images)
    {
        using var _ = no_grad();
        return model.call(images);
    }
}
