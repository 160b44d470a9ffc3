namespace DenoiseApi.Training.Engine.Kernels;

/// <summary>How <see cref="Conv2dKernel"/> computes a convolution; all give the same result up to float rounding.</summary>
internal enum ConvAlgorithm
{
    /// <summary>The fastest one that applies to the geometry (<see cref="Conv2dKernel.Choose"/>).</summary>
    Auto,

    /// <summary>im2col + <see cref="Gemm"/> per image; any stride.</summary>
    Im2Col,

    /// <summary>Shifted multiply-adds over the padded plane (<see cref="Conv2dDirectKernel"/>); stride 1.</summary>
    Direct,

    /// <summary>Implicit GEMM on the padded image (<see cref="Conv2dShiftedKernel"/>); stride 1, AVX2.</summary>
    Shifted,
}
