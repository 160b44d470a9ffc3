using System.Globalization;
using DenoiseApi.Noise;

namespace DenoiseApi.Training.Evaluation;

/// <summary>
/// How well a denoiser restores noisy test digits. MSE and BCE compare its output with the clean digit; PSNR (dB) and
/// SSIM are means over images, for the noisy input and for the denoised output, both against the clean digit.
/// </summary>
public sealed record DenoiserMetrics(
    NoiseSpec Noise,
    int Images,
    double Mse,
    double Bce,
    double MseNoisy,
    double PsnrNoisyDb,
    double PsnrDenoisedDb,
    double SsimNoisy,
    double SsimDenoised)
{
    /// <summary>
    /// The manifest's metric names: "mse", "bce", "mse_noisy", "psnr_noisy_db", "psnr_denoised_db", "ssim_noisy",
    /// "ssim_denoised". With <paramref name="qualifyWithNoise"/> each name ends in the noise, e.g.
    /// "psnr_denoised_db_salt_pepper_0.2" (for models evaluated on more than their training noise).
    /// </summary>
    public Dictionary<string, double> ToMetrics(bool qualifyWithNoise = false)
    {
        string suffix = qualifyWithNoise ? "_" + Noise.MetricKey : "";
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mse" + suffix] = Mse,
            ["bce" + suffix] = Bce,
            ["mse_noisy" + suffix] = MseNoisy,
            ["psnr_noisy_db" + suffix] = PsnrNoisyDb,
            ["psnr_denoised_db" + suffix] = PsnrDenoisedDb,
            ["ssim_noisy" + suffix] = SsimNoisy,
            ["ssim_denoised" + suffix] = SsimDenoised,
        };
    }

    /// <summary>One line for the console, e.g. "gaussian:0.5, 10000 digits: MSE 0.0100 BCE 0.0900 PSNR 9.40 -> 21.00 dB SSIM 0.100 -> 0.850".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Noise}, {Images} digits: MSE {Mse:F4} BCE {Bce:F4} PSNR {PsnrNoisyDb:F2} -> {PsnrDenoisedDb:F2} dB SSIM {SsimNoisy:F3} -> {SsimDenoised:F3}");
}
