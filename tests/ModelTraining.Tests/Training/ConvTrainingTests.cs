using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Graph;
using DenoiseApi.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// Every convolutional model kind trains on libtorch: its gradients are finite and equal the float64 reference, and a
/// short run at its recipe's learning rate on a real MNIST subset lowers the held-out loss. (conv-dae-small at lr 0.003
/// ended its first epoch with a NaN mean loss while libtorch's oneDNN convolutions ran on blocked activations.)
/// </summary>
public sealed class ConvTrainingTests
{
    private static readonly Lazy<(MnistDataset Train, MnistDataset Validation)> Data = new(() =>
        MnistDataset.LoadTrain(null).Take(1536 + 512).Split(512, seed: 4));

    public static TheoryData<string> ConvModels =>
    [
        ZooCatalog.ConvDaeSmall, ZooCatalog.ConvDae, ZooCatalog.ConvDaeSkip, ZooCatalog.ConvClassifierName,
    ];

    [Theory]
    [MemberData(nameof(ConvModels))]
    public void GradientsAreFiniteAndEqualTheFloat64Ones(string name)
    {
        var recipe = ModelCatalog.Find(name);
        var (train, _) = Data.Value;
        using var data = MnistTensors.From(train, CPU);
        for (var repeat = 0; repeat < 3; repeat++)
        {
            using var scope = NewDisposeScope();
            var model = recipe.Create(repeat);
            // Dropout off: the float32 and float64 passes would draw different masks. (No model here has batch norm.)
            model.eval();
            manual_seed(repeat);
            var indices = arange(128 * repeat, 128 * (repeat + 1), dtype: ScalarType.Int64);
            var noise = NoiseSpec.Parse("gaussian:0.5");
            var images = TorchNoise.Apply(noise, data.ImagesAt(indices));
            var gradients = Gradients(model, images, data, indices);
            model.to(ScalarType.Float64);
            var reference = Gradients(model, images.to(ScalarType.Float64), data, indices);
            foreach (var (parameter, gradient) in gradients)
            {
                Assert.False(gradient.isnan().any().item<bool>(), $"{name} (seed {repeat}): NaN in the gradient of {parameter}");
                var expected = reference[parameter];
                var error = (gradient.to(ScalarType.Float64) - expected).abs().max().item<double>();
                var scale = expected.abs().max().item<double>();
                // 0.5 % of the largest gradient: float32 sums over 128 images x 784 positions; conv-classifier's first
                // layer, three convolutions deep, differs by 0.15 %. A wrong or garbage gradient is off by far more.
                Assert.True(error <= 5e-3 * scale + 1e-7, $"{name} (seed {repeat}): {parameter} gradient differs by {error:G3} (largest {scale:G3})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConvModels))]
    public void AShortRunAtTheRecipesLearningRateLowersTheHeldOutLoss(string name)
    {
        var recipe = ModelCatalog.Find(name);
        var (train, validation) = Data.Value;
        var options = recipe.Options with { Epochs = 2, Schedule = LearningRateSchedule.Constant, Patience = 2, Threads = 2 };
        using var model = recipe.Create(options.Seed);
        using var tensors = MnistTensors.From(train, CPU);
        var task = Task(model, options);
        model.eval();
        var (before, _) = task.Validate(validation);

        manual_seed(options.Seed);
        var result = Trainer.Fit(task, tensors, validation, options);

        (task as IDisposable)?.Dispose();
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainLoss), $"epoch {e.Epoch} mean loss {e.TrainLoss}"));
        Assert.True(result.BestValidationLoss < before * 0.9, $"{name}: held-out loss {before:F4} -> {result.BestValidationLoss:F4}");
    }

    private static ITrainingTask Task(ImageModel model, TrainingOptions options) => model switch
    {
        DenoiserModel denoiser => new DenoiserTask(denoiser, options.Noise, options.Seed, CPU),
        ClassifierModel classifier => new ClassifierTask(classifier, options.Seed, CPU, maxShift: options.MaxShift),
        _ => throw new ArgumentException(model.Architecture),
    };

    private static Dictionary<string, Tensor> Gradients(ImageModel model, Tensor images, MnistTensors data, Tensor indices)
    {
        model.zero_grad();
        var loss = model switch
        {
            DenoiserModel denoiser => denoiser.Loss(images, data.ImagesAt(indices).to(images.dtype)),
            ClassifierModel classifier => nn.functional.cross_entropy(classifier.Logits(TensorGraph.Instance, images), data.LabelsAt(indices)),
            _ => throw new ArgumentException(model.Architecture),
        };
        loss.backward();
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }
}
