using DenoiseApi.Training.Engine;
using static DenoiseApi.Training.Tests.Engine.GradientCheck;

namespace DenoiseApi.Training.Tests.Engine;

/// <summary>Every op's backward rule agrees with central finite differences (per-op tolerances).</summary>
public class OpGradientTests
{
    private readonly Random rng = new(1234);

    [Fact]
    public void LinearGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Linear(t[0], t[1], t[2]), [Parameter(rng, 5, 7), Parameter(rng, 3, 7), Parameter(rng, 3)]);

    [Fact]
    public void LinearWithoutBiasGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Linear(t[0], t[1], null), [Parameter(rng, 4, 9), Parameter(rng, 6, 9)]);

    [Fact]
    public void LinearAtGemmBlockSizesMatchesFiniteDifferences() =>
        Verify(t => Ops.Linear(t[0], t[1], t[2]), [Parameter(rng, 7, 19), Parameter(rng, 17, 19), Parameter(rng, 17)], atol: 2e-3);

    [Fact]
    public void MatMulGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.MatMul(t[0], t[1]), [Parameter(rng, 4, 6), Parameter(rng, 6, 5)]);

    [Fact]
    public void MatMulWithTransposedRightGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.MatMul(t[0], t[1], transposeB: true), [Parameter(rng, 4, 6), Parameter(rng, 5, 6)]);

    [Fact]
    public void AddOfSameShapesGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Add(t[0], t[1]), [Parameter(rng, 3, 4), Parameter(rng, 3, 4)]);

    [Fact]
    public void AddBroadcastingABiasOverRowsGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Add(t[0], t[1]), [Parameter(rng, 5, 4), Parameter(rng, 4)]);

    [Fact]
    public void AddBroadcastingOverTheBatchOfImagesGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Add(t[0], t[1]), [Parameter(rng, 2, 3, 2, 2), Parameter(rng, 3, 2, 2)]);

    [Fact]
    public void MultiplyBroadcastingGradientsMatchFiniteDifferences() =>
        Verify(t => Ops.Multiply(t[0], t[1]), [Parameter(rng, 4, 3), Parameter(rng, 3)]);

    [Fact]
    public void SumGradientMatchesFiniteDifferences() =>
        Verify(t => Ops.Sum(t[0]), [Parameter(rng, 3, 5)]);

    [Fact]
    public void ReluGradientMatchesFiniteDifferencesAwayFromTheKink() =>
        Verify(t => Ops.Relu(t[0]), [Parameter(rng, 2f, 0.1f, 6, 5)]);

    [Fact]
    public void LeakyReluGradientMatchesFiniteDifferencesAwayFromTheKink() =>
        Verify(t => Ops.LeakyRelu(t[0], 0.2f), [Parameter(rng, 2f, 0.1f, 6, 5)]);

    [Fact]
    public void SigmoidGradientMatchesFiniteDifferences() =>
        Verify(t => Ops.Sigmoid(t[0]), [Parameter(rng, 4f, 0f, 5, 6)], atol: 5e-4);

    [Fact]
    public void SoftmaxGradientMatchesFiniteDifferences() =>
        Verify(t => Ops.Softmax(t[0]), [Parameter(rng, 3f, 0f, 4, 10)], atol: 5e-4);

    [Fact]
    public void ReshapeAndFlattenPassGradientsThrough() =>
        Verify(t => Ops.Flatten(Ops.Reshape(t[0], 2, 3, -1)), [Parameter(rng, 2, 12)]);

    [Fact]
    public void SoftmaxCrossEntropyGradientMatchesFiniteDifferences() =>
        Verify(t => Ops.SoftmaxCrossEntropy(t[0], [3, 0, 9, 9, 4]), [Parameter(rng, 3f, 0f, 5, 10)], atol: 5e-4);

    [Fact]
    public void BinaryCrossEntropyGradientsMatchFiniteDifferencesForLogitsAndTargets() =>
        Verify(t => Ops.BinaryCrossEntropyWithLogits(t[0], t[1]), [Parameter(rng, 4f, 0f, 4, 6), Tensor.Parameter(Constant(rng, 0f, 1f, 4, 6).Data, [4, 6])], atol: 5e-4);

    [Fact]
    public void MeanSquaredErrorGradientsMatchFiniteDifferencesForBothSides() =>
        Verify(t => Ops.MeanSquaredError(t[0], t[1]), [Parameter(rng, 3, 7), Parameter(rng, 3, 7)], atol: 5e-4);

    [Fact]
    public void TensorUsedTwiceAccumulatesBothGradientPaths() =>
        // x feeds both operands of the product and a second branch: dL/dx needs all three contributions.
        Verify(t => Ops.Add(Ops.Multiply(t[0], t[0]), Ops.Sigmoid(t[0])), [Parameter(rng, 4, 5)], atol: 5e-4);

    [Fact]
    public void TwoLayerNetworkGradientsMatchFiniteDifferences() =>
        Verify(
            t => Ops.SoftmaxCrossEntropy(Ops.Linear(Ops.Relu(Ops.Linear(t[0], t[1], t[2])), t[3], t[4]), [1, 0, 2]),
            [Constant(rng, -1f, 1f, 3, 8), Parameter(rng, 6, 8), Parameter(rng, 6), Parameter(rng, 3, 6), Parameter(rng, 3)],
            h: 1e-3f, atol: 2e-3, rtol: 3e-2);
}
