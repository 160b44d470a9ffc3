namespace DenoiseApi.Output;

/// <summary>/encode's answer for one image: the latent vector and its shape.</summary>
public sealed record EncodeResponse(string Model, int Version, float[] Latent, long[] Shape);

/// <summary>/encode's answer for several images, in request order.</summary>
public sealed record EncodeBatchResponse(string Model, int Version, IReadOnlyList<EncodedImage> Results);

/// <summary>One image's latent vector in a batch answer.</summary>
public sealed record EncodedImage(float[] Latent, long[] Shape);

/// <summary>/classify's answer for one image: the most likely digit and all ten probabilities.</summary>
/// <param name="DenoisedBy">"name/version" of the denoiser that ran first when <c>?denoise=true</c>.</param>
/// <param name="Denoised">With <c>?denoise=true</c>: whether the classifier saw the denoiser's output (true) or, the denoiser
/// having found next to no noise, the image as sent (false); null otherwise.</param>
public sealed record ClassifyResponse(string Model, int Version, int Digit, float[] Probabilities, string? DenoisedBy, bool? Denoised);

/// <summary>/classify's answer for several images, in request order.</summary>
public sealed record ClassifyBatchResponse(string Model, int Version, string? DenoisedBy, IReadOnlyList<ClassifiedImage> Results);

/// <summary>One image's class in a batch answer; <paramref name="Denoised"/> as in <see cref="ClassifyResponse"/>.</summary>
public sealed record ClassifiedImage(int Digit, float[] Probabilities, bool? Denoised = null);

/// <summary>/denoise's answer for several images, in request order (a single image is answered as image/png).</summary>
public sealed record DenoiseBatchResponse(string Model, int Version, IReadOnlyList<DenoisedImage> Results);

/// <summary>One denoised image in a batch answer: its size and its PNG bytes (base64 in JSON).</summary>
public sealed record DenoisedImage(int Width, int Height, byte[] Png);
