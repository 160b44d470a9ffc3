using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Tests.Export;

namespace DenoiseApi.Training.Tests.Models;

/// <summary>
/// Each exported model passes onnx.checker and, run by the real ONNX Runtime, returns what the engine's forward pass
/// returns, within 1e-5, for a batch size other than the one used anywhere else (the batch dimension is dynamic).
/// </summary>
public class OnnxExportTests
{
    private static readonly string[] Names = ["dense-dae-64", "dense-dae-64-encoder", "mlp-classifier"];

    public static TheoryData<string> ModelNames() => [.. Names];

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void OnnxRuntimeOutputEqualsTheEngineForwardPass(string name)
    {
        var model = Create(name);
        var (bytes, inputs, outputs) = ModelExport.ToOnnx(model, name);
        const int batch = 7;
        var pixels = ModelTestData.Pixels(batch, 11);
        long[] outputShape = [batch, .. model.OutputShape.Skip(1)];

        var ort = OnnxTools.Run(bytes, "image", pixels, [batch, 1, 28, 28], model.OutputName, outputShape);

        float[] engine;
        using (GradMode.Disable()) engine = model.Forward(new Tensor(pixels, batch, 1, 28, 28)).Data;
        Assert.Equal(engine.Length, ort.Length);
        var worst = 0f;
        for (var i = 0; i < engine.Length; i++) worst = Math.Max(worst, Math.Abs(engine[i] - ort[i]));
        Assert.True(worst <= 1e-5f, $"largest difference {worst:G3}");

        Assert.Equal("image", Assert.Single(inputs).Name);
        Assert.Equal([-1L, 1, 28, 28], inputs[0].Shape);
        Assert.Equal(model.OutputName, Assert.Single(outputs).Name);
        Assert.Equal(model.OutputShape, outputs[0].Shape);
    }

    [Fact]
    public void ExportedModelsPassTheOnnxChecker()
    {
        var models = Names.Select(name => ModelExport.ToOnnx(Create(name), name).Bytes).ToArray();
        OnnxTools.Check(models);
    }

    [Fact]
    public void ExportedInitializersCountEveryParameter()
    {
        var model = Create("mlp-classifier");
        var description = OnnxTools.Describe(ModelExport.ToOnnx(model, "mlp").Bytes);
        var floats = description.GetProperty("initializers").EnumerateArray()
            .Where(i => i.GetProperty("data_type").GetInt32() == 1)
            .Sum(i => i.GetProperty("values").GetArrayLength());
        Assert.Equal(model.ParameterCount, floats);
    }

    private static ImageModel Create(string name)
    {
        ImageModel model = name switch
        {
            "dense-dae-64" => new DenseAutoencoder(64, seed: 21),
            "dense-dae-64-encoder" => new DenseAutoencoder(64, seed: 21).Encoder,
            _ => new MlpClassifier(256, seed: 21),
        };
        ModelTestData.Perturb(model, 5);
        return model;
    }
}
