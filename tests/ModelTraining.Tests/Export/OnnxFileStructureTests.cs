using System.Text.Json;
using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>What python-onnx reads back from a written file is exactly what was put in.</summary>
public sealed class OnnxFileStructureTests
{
    private static readonly float[] Weights = [0.5f, -1.25f, 3e-8f, float.MaxValue, -0f, 1f / 3];

    private static byte[] SampleModel()
    {
        var g = new OnnxGraphBuilder("sample-graph");
        string x = g.AddInput("image", -1, 3);
        string w = g.AddInitializer("weight", Weights, 2, 3);
        string shape = g.AddInitializer("shape", new long[] { -1, 2, long.MaxValue }, 3);
        string y = g.AddNode("Gemm", [x, w], "logits", OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 0.75f));
        string z = g.AddNode("Custom", [y, shape, ""], attributes:
        [
            OnnxAttribute.Ints("ints", -3, 0, 300), OnnxAttribute.Floats("floats", 1.5f, -2f),
            OnnxAttribute.String("mode", "söme text"), OnnxAttribute.Int("negative", -1),
        ]);
        g.AddOutput(z, "out", -1, 2);
        return g.ToModelBytes(new Dictionary<string, string> { ["noise"] = "gaussian:0.5", ["kind"] = "denoiser" });
    }

    private static readonly Lazy<JsonElement> Described = new(() => OnnxTools.Describe(SampleModel()));

    private static JsonElement Model => Described.Value;

    [Fact]
    public void HeaderSaysIrVersion8Opset17AndTheProducer()
    {
        Assert.Equal(8, Model.GetProperty("ir_version").GetInt64());
        JsonElement opset = Assert.Single(Model.GetProperty("opset").EnumerateArray());
        Assert.Equal("", opset[0].GetString());
        Assert.Equal(17, opset[1].GetInt64());
        Assert.Equal("DenoiseApi.ModelTraining", Model.GetProperty("producer_name").GetString());
        Assert.False(string.IsNullOrEmpty(Model.GetProperty("producer_version").GetString()));
        Assert.Equal("sample-graph", Model.GetProperty("graph_name").GetString());
    }

    [Fact]
    public void MetadataIsStoredAsMetadataProps()
    {
        JsonElement metadata = Model.GetProperty("metadata");

        Assert.Equal("gaussian:0.5", metadata.GetProperty("noise").GetString());
        Assert.Equal("denoiser", metadata.GetProperty("kind").GetString());
    }

    [Fact]
    public void InputsAndOutputsAreFloatWithASymbolicBatch()
    {
        JsonElement input = Assert.Single(Model.GetProperty("inputs").EnumerateArray());
        JsonElement output = Assert.Single(Model.GetProperty("outputs").EnumerateArray());

        Assert.Equal("image", input.GetProperty("name").GetString());
        Assert.Equal(1, input.GetProperty("elem_type").GetInt32());
        Assert.Equal("[\"N\",3]", input.GetProperty("dims").GetRawText());
        Assert.Equal("out", output.GetProperty("name").GetString());
        Assert.Equal("[\"N\",2]", output.GetProperty("dims").GetRawText());
    }

    [Fact]
    public void InitializersKeepTheirExactValuesAndShapes()
    {
        JsonElement[] initializers = [.. Model.GetProperty("initializers").EnumerateArray()];

        Assert.Equal("weight", initializers[0].GetProperty("name").GetString());
        Assert.Equal(1, initializers[0].GetProperty("data_type").GetInt32());
        Assert.Equal("[2,3]", initializers[0].GetProperty("dims").GetRawText());
        Assert.Equal(Weights, initializers[0].GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));

        Assert.Equal("shape", initializers[1].GetProperty("name").GetString());
        Assert.Equal(7, initializers[1].GetProperty("data_type").GetInt32());
        Assert.Equal([-1L, 2L, long.MaxValue], initializers[1].GetProperty("values").EnumerateArray().Select(v => v.GetInt64()));
    }

    [Fact]
    public void NodesKeepOrderNamesInputsAndEveryAttributeType()
    {
        JsonElement[] nodes = [.. Model.GetProperty("nodes").EnumerateArray()];

        Assert.Equal(["Gemm", "Custom", "Identity"], nodes.Select(n => n.GetProperty("op_type").GetString()));
        Assert.Equal("[\"image\",\"weight\"]", nodes[0].GetProperty("inputs").GetRawText());
        Assert.Equal("[\"logits\"]", nodes[0].GetProperty("outputs").GetRawText());
        Assert.Equal("[\"logits\",\"shape\",\"\"]", nodes[1].GetProperty("inputs").GetRawText());
        Assert.Equal(3, nodes.Select(n => n.GetProperty("name").GetString()).Distinct().Count());

        JsonElement gemm = nodes[0].GetProperty("attributes");
        Assert.Equal(2, gemm.GetProperty("transB").GetProperty("type").GetInt32());
        Assert.Equal(1, gemm.GetProperty("transB").GetProperty("value").GetInt64());
        Assert.Equal(1, gemm.GetProperty("alpha").GetProperty("type").GetInt32());
        Assert.Equal(0.75, gemm.GetProperty("alpha").GetProperty("value").GetDouble());

        JsonElement custom = nodes[1].GetProperty("attributes");
        Assert.Equal("[-3,0,300]", custom.GetProperty("ints").GetProperty("value").GetRawText());
        Assert.Equal(7, custom.GetProperty("ints").GetProperty("type").GetInt32());
        Assert.Equal("[1.5,-2.0]", custom.GetProperty("floats").GetProperty("value").GetRawText());
        Assert.Equal(6, custom.GetProperty("floats").GetProperty("type").GetInt32());
        Assert.Equal("söme text", custom.GetProperty("mode").GetProperty("value").GetString());
        Assert.Equal(3, custom.GetProperty("mode").GetProperty("type").GetInt32());
        Assert.Equal(-1, custom.GetProperty("negative").GetProperty("value").GetInt64());

        Assert.Equal("[\"out\"]", nodes[2].GetProperty("outputs").GetRawText());
    }

    [Fact]
    public void OrtSeesTheMetadataAndProducer()
    {
        OnnxTools.WithSession(
            TestGraphs.DenseAutoencoder().Model,
            session =>
            {
                Assert.Equal("DenoiseApi.ModelTraining", session.ModelMetadata.ProducerName);
                Assert.Equal("dense", session.ModelMetadata.GraphName);
            });

        var g = new OnnxGraphBuilder("meta");
        g.AddOutput(g.AddInput("x", -1, 2), "y", -1, 2);
        OnnxTools.WithSession(
            g.ToModelBytes(new Dictionary<string, string> { ["latent_size"] = "64" }),
            session => Assert.Equal("64", session.ModelMetadata.CustomMetadataMap["latent_size"]));
    }
}
