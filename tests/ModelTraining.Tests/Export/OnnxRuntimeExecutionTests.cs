namespace DenoiseApi.Training.Tests.Export;

/// <summary>ONNX Runtime 1.30, running the exported files, computes what the operators' definitions say.</summary>
public sealed class OnnxRuntimeExecutionTests
{
    public static TheoryData<string> GraphNames() => [.. TestGraphs.All().Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(GraphNames))]
    public void OrtMatchesTheReferenceComputationWithin1e5(string graph)
    {
        TestGraph g = TestGraphs.ByName(graph);

        foreach (int batch in new[] { 1, 3 })
        {
            float[] input = ReferenceOps.Random(batch * g.InputSize, seed: 100 + batch);

            float[] actual = OnnxTools.Run(g.Model, g.Input, input, g.InputShape(batch), g.Output, g.OutputShape(batch));
            float[] expected = g.Reference(input, batch);

            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5,
                    $"{graph}, batch {batch}, element {i}: reference {expected[i]}, ONNX Runtime {actual[i]}");
            }
        }
    }

    [Fact]
    public void TheBatchDimensionIsDynamicForOrt()
    {
        TestGraph g = TestGraphs.DenseAutoencoder();

        OnnxTools.WithSession(g.Model, session =>
        {
            Assert.Equal("image", session.InputNames[0]);
            Assert.Equal(-1, session.InputMetadata["image"].Dimensions[0]);
            Assert.Equal(20, session.InputMetadata["image"].Dimensions[1]);
            Assert.Equal("reconstruction", session.OutputNames[0]);
            Assert.Equal(-1, session.OutputMetadata["reconstruction"].Dimensions[0]);
        });

        float[] input = ReferenceOps.Random(17 * 20, seed: 5);
        Assert.Equal(17 * 5, OnnxTools.Run(g.Model, "image", input, [17, 20], "reconstruction", [17, 5]).Length);
    }
}
