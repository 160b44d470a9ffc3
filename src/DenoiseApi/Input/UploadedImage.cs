namespace DenoiseApi.Input;

/// <summary>The bytes of one uploaded image and where in the request they came from (for error messages).</summary>
public sealed record UploadedImage(byte[] Bytes, string Source);
