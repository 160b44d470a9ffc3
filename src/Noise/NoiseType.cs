namespace DenoiseApi.Noise;

/// <summary>The corruptions a denoiser is trained against (and that the service's /noise applies).</summary>
public enum NoiseType
{
    /// <summary>No corruption: the clean image (e.g. a classifier trained on clean digits).</summary>
    None,

    /// <summary><c>clip(x + σ·N(0,1), 0, 1)</c>; level σ.</summary>
    Gaussian,

    /// <summary><c>clip(x + f·U(0,1), 0, 1)</c> (the Keras tutorial's noise); level f.</summary>
    Uniform,

    /// <summary>Each pixel independently, with probability p, becomes 0 or 1 with equal odds; level p.</summary>
    SaltPepper,

    /// <summary>Each pixel independently, with probability p, becomes 0 (masking noise); level p.</summary>
    Mask,

    /// <summary>One of the above per image, kind and level drawn at random (<see cref="BlindNoise"/>); level: the scale of the ranges, in [0, 1].</summary>
    Blind,
}
