using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Tests.Export;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void InventsUniqueOutputNamesAndKeepsGivenOnes()
    {
        var g = new OnnxGraphBuilder("g");
        string x = g.AddInput("x", -1, 4);

        string a = g.AddNode("Relu", [x]);
        string b = g.AddNode("Relu", [a]);
        string c = g.AddNode("Relu", [b], "hidden");

        Assert.NotEqual(a, b);
        Assert.Equal("hidden", c);
    }

    [Fact]
    public void RefusesAValueNameThatIsTaken()
    {
        var g = new OnnxGraphBuilder("g");
        string x = g.AddInput("x", -1, 4);
        g.AddInitializer("w", new float[4], 4);

        Assert.Throws<ArgumentException>(() => g.AddInitializer("x", new float[1], 1));
        Assert.Throws<ArgumentException>(() => g.AddNode("Relu", [x], "w"));
        Assert.Throws<ArgumentException>(() => g.AddInput("w", 1));
    }

    [Fact]
    public void RefusesAnInputThatDoesNotExistYet()
    {
        var g = new OnnxGraphBuilder("g");
        g.AddInput("x", -1, 4);

        var e = Assert.Throws<ArgumentException>(() => g.AddNode("Add", ["x", "bias"]));

        Assert.Contains("'bias'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesInitializerDataThatDoesNotFillItsShape()
    {
        var g = new OnnxGraphBuilder("g");

        var e = Assert.Throws<ArgumentException>(() => g.AddInitializer("w", new float[5], 2, 3));

        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => g.AddInitializer("s", new long[2], -1, 2));
    }

    [Fact]
    public void RefusesBadShapesDuplicateOutputsAndDuplicateAttributes()
    {
        var g = new OnnxGraphBuilder("g");
        string x = g.AddInput("x", -1, 4);

        Assert.Throws<ArgumentException>(() => g.AddInput("y", -2, 4));
        Assert.Throws<ArgumentException>(() => g.AddOutput("nothing", "out", -1, 4));
        Assert.Throws<ArgumentException>(
            () => g.AddNode("Gemm", [x], attributes: [OnnxAttribute.Int("transB", 1), OnnxAttribute.Int("transB", 0)]));
        g.AddOutput(x, "out", -1, 4);
        Assert.Throws<ArgumentException>(() => g.AddOutput(x, "out", -1, 4));
    }

    [Fact]
    public void NeedsAnInputAndAnOutputToWrite()
    {
        var g = new OnnxGraphBuilder("g");
        g.AddInput("x", 1);

        Assert.Throws<InvalidOperationException>(() => g.ToModelBytes());
    }

    [Fact]
    public void AnAttributeWithoutNameOrTypeIsRejected()
    {
        var g = new OnnxGraphBuilder("g");
        string x = g.AddInput("x", 1);

        Assert.Throws<ArgumentException>(() => g.AddNode("Relu", [x], attributes: new Onnx.AttributeProto()));
        Assert.Throws<ArgumentException>(() => g.AddNode("Relu", [x], attributes: new Onnx.AttributeProto { Name = "alpha" }));
    }

    [Fact]
    public void ReportsInputsOutputsAndParameterCountForTheManifest()
    {
        TestGraph dense = TestGraphs.DenseAutoencoder();
        var g = new OnnxGraphBuilder("g");
        string x = g.AddInput("image", -1, 784);
        g.AddInitializer("w", new float[10 * 784], 10, 784);
        g.AddInitializer("shape", new long[] { -1, 10 }, 2);
        g.AddOutput(x, "same", -1, 784);

        Assert.Equal("image", Assert.Single(g.Inputs).Name);
        Assert.Equal([-1L, 784L], g.Inputs[0].Shape);
        Assert.Equal("same", Assert.Single(g.Outputs).Name);
        Assert.Equal(7840, g.InitializerElementCount);
        Assert.Equal(1, g.NodeCount);
        Assert.NotEmpty(dense.Model);
    }

    [Fact]
    public void WritesTheSameBytesEveryTime()
    {
        Assert.Equal(TestGraphs.ConvNet().Model, TestGraphs.ConvNet().Model);
    }
}
