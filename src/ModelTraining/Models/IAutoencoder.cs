using DenoiseApi.Training.Models.Graph;

namespace DenoiseApi.Training.Models;

/// <summary>A denoiser with an encoder half: image → latent over the same layers and weights (served as <see cref="EncoderModel"/>).</summary>
public interface IAutoencoder
{
    /// <summary>Values in the (flattened) latent.</summary>
    int LatentSize { get; }

    /// <summary>Architecture of the encoder half, for its manifest.</summary>
    string EncoderArchitecture { get; }

    /// <summary>Parameters of the encoder half.</summary>
    long EncoderParameterCount { get; }

    /// <summary>The latent [N, LatentSize] of <paramref name="image"/>.</summary>
    T Encode<T>(ILayerGraph<T> graph, T image);
}
