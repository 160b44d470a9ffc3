using DenoiseApi.Training.Export;

namespace DenoiseApi.Training.Tests.Export;

/// <summary>Files written by <see cref="OnnxGraphBuilder"/> pass the real onnx checker with full shape inference.</summary>
public sealed class OnnxExportCheckerTests
{
    public static TheoryData<string> GraphNames() => [.. TestGraphs.All().Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(GraphNames))]
    public void PassesTheOnnxCheckerWithFullCheck(string graph)
    {
        OnnxTools.Check(TestGraphs.ByName(graph).Model);
    }

    [Fact]
    public void TheCheckerRejectsAnUnknownOperatorSoTheCheckIsReal()
    {
        var g = new OnnxGraphBuilder("broken");
        string x = g.AddInput("x", -1, 4);
        g.AddOutput(g.AddNode("NoSuchOperator", [x]), "y", -1, 4);

        var e = Assert.Throws<InvalidOperationException>(() => OnnxTools.Check(g.ToModelBytes()));

        Assert.Contains("NoSuchOperator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheckerRejectsAnOutputShapeThatContradictsTheGraph()
    {
        // Relu keeps the shape [N, 4]; declaring the output [N, 5] must fail full_check's strict shape inference.
        var g = new OnnxGraphBuilder("wrong-shape");
        string x = g.AddInput("x", -1, 4);
        g.AddOutput(g.AddNode("Relu", [x]), "y", -1, 5);

        Assert.Throws<InvalidOperationException>(() => OnnxTools.Check(g.ToModelBytes()));
    }
}
